import { describe, expect, it } from 'vitest';
import { EPS, absMatmul, maxRatio, naiveMatmul } from '../../../test/linalg-helpers.js';
import { ShapeError } from '../errors.js';
import { createRng } from '../random/rng.js';
import { fillNormal } from '../random/samplers.js';
import { matTvec, matmul, matmulInto, matmulTransA, matmulTransB, matvec } from './matmul.js';
import { type Matrix, fromArray, transpose, zeros } from './matrix.js';

function gaussian(m: number, n: number, seed: number): Matrix {
  const a = zeros(m, n);
  fillNormal(createRng(seed), a.data);
  return a;
}

// Every product is compared entrywise with the naive triple loop under the standard bound
// |fl(AB) - AB| ≤ γ_k·|A||B| with γ_k ≈ k·ε; both sides round, so we allow 2k·ε·(|A||B|)_ij.
function expectProductClose(got: Matrix, a: Matrix, b: Matrix, label: string): void {
  const want = naiveMatmul(a, b);
  expect([got.rows, got.cols], label).toEqual([want.rows, want.cols]);
  const k = Math.max(1, a.cols);
  expect(maxRatio(got, want, absMatmul(a, b)), label).toBeLessThanOrEqual(2 * k * EPS);
}

// Shapes that hit every code path: 1x1, vectors, primes, the small-product loop (m·n·k ≤ 24³),
// partial 4x4 edge tiles, more than one KC = 256 block of k, MC = 128 block of m, NC = 1024 of n.
const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [1, 7, 1],
  [7, 1, 1],
  [1, 1, 9],
  [1, 40, 40],
  [40, 40, 1],
  [67, 131, 3],
  [3, 67, 131],
  [131, 3, 67],
  [25, 25, 25],
  [64, 64, 64],
  [33, 29, 31],
  [5, 300, 7],
  [130, 9, 260],
  [3, 1030, 5],
  [150, 70, 513],
];

describe('matmul', () => {
  it('matches the naive triple loop on random and odd shapes', () => {
    SHAPES.forEach(([m, k, n], s) => {
      const a = gaussian(m, k, 2 * s);
      const b = gaussian(k, n, 2 * s + 1);
      expectProductClose(matmul(a, b), a, b, `${m}x${k} · ${k}x${n}`);
    });
  });
  it('is exact on small integer matrices', () => {
    const a = fromArray([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const b = fromArray([
      [7, 8],
      [9, 10],
      [11, 12],
    ]);
    expect(Array.from(matmul(a, b).data)).toEqual([58, 64, 139, 154]);
    const big = zeros(50, 50);
    for (let i = 0; i < 2500; i++) big.data[i] = (i * 7919) % 13;
    expect(matmul(big, big).data).toEqual(naiveMatmul(big, big).data);
  });
  it('handles empty dimensions', () => {
    expect(matmul(zeros(0, 3), zeros(3, 2))).toEqual(zeros(0, 2));
    expect(matmul(zeros(2, 0), zeros(0, 3))).toEqual(zeros(2, 3));
  });
  it('propagates NaN and Infinity (no zero skipping)', () => {
    const r = matmul(fromArray([[0, 1]]), fromArray([[Number.NaN], [2]]));
    expect(r.data[0]).toBeNaN();
    const big = gaussian(40, 40, 9);
    big.data[5] = Number.POSITIVE_INFINITY;
    const z = zeros(40, 40);
    expect(matmul(z, big).data[5]).toBeNaN(); // 0·∞
  });
  it('rejects mismatched shapes, naming both', () => {
    expect(() => matmul(zeros(2, 3), zeros(2, 3))).toThrow(ShapeError);
    expect(() => matmul(zeros(2, 3), zeros(2, 3))).toThrow(/2x3 \(A\) and 2x3 \(B\)/);
    expect(() => matmul({ rows: 2, cols: 2, data: new Float64Array(3) }, zeros(2, 2))).toThrow(ShapeError);
  });
});

describe('matmulInto', () => {
  it('writes A·B into out and returns it', () => {
    const a = gaussian(30, 40, 1);
    const b = gaussian(40, 20, 2);
    const out = gaussian(30, 20, 3); // garbage that must be overwritten
    expect(matmulInto(out, a, b)).toBe(out);
    expectProductClose(out, a, b, 'into');
  });
  it('allows out to alias an operand', () => {
    const a = gaussian(35, 35, 4);
    const b = gaussian(35, 35, 5);
    const want = matmul(a, b);
    matmulInto(a, a, b);
    expect(a.data).toEqual(want.data);
  });
  it('rejects a wrongly shaped out', () => {
    expect(() => matmulInto(zeros(2, 2), zeros(2, 3), zeros(3, 4))).toThrow(/out is 2x2 but A·B is 2x4/);
  });
});

describe('transposed products', () => {
  it('matmulTransA(a, b) = aᵀ·b and matmulTransB(a, b) = a·bᵀ', () => {
    SHAPES.forEach(([m, k, n], s) => {
      const at = gaussian(k, m, 3 * s);
      const b = gaussian(k, n, 3 * s + 1);
      expectProductClose(matmulTransA(at, b), transpose(at), b, `Aᵀ·B ${m}x${k}x${n}`);
      const a = gaussian(m, k, 3 * s + 2);
      const bt = gaussian(n, k, 3 * s + 3);
      expectProductClose(matmulTransB(a, bt), a, transpose(bt), `A·Bᵀ ${m}x${k}x${n}`);
    });
  });
  it('reject mismatched shapes', () => {
    expect(() => matmulTransA(zeros(3, 2), zeros(4, 2))).toThrow(/3x2 \(A\) and 4x2 \(B\)/);
    expect(() => matmulTransB(zeros(3, 2), zeros(3, 3))).toThrow(/A.cols must equal B.cols/);
  });
});

describe('matvec and matTvec', () => {
  it('match the naive products on odd shapes', () => {
    for (const [m, n] of [
      [1, 1],
      [1, 9],
      [9, 1],
      [7, 13],
      [64, 33],
    ] as const) {
      const a = gaussian(m, n, m * 100 + n);
      const x = gaussian(n, 1, 7);
      const y = gaussian(m, 1, 8);
      const ax = matvec(a, x.data);
      expectProductClose({ rows: m, cols: 1, data: ax }, a, x, `matvec ${m}x${n}`);
      const aty = matTvec(a, Array.from(y.data));
      expectProductClose({ rows: n, cols: 1, data: aty }, transpose(a), y, `matTvec ${m}x${n}`);
    }
  });
  it('reject vectors of the wrong length', () => {
    expect(() => matvec(zeros(2, 3), [1, 2])).toThrow(/length 2, matrix is 2x3.*column count \(3\)/);
    expect(() => matTvec(zeros(2, 3), [1, 2, 3])).toThrow(/row count \(2\)/);
  });
});
