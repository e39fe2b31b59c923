import { describe, expect, it } from 'vitest';
import { EPS, linalgFixtures, naiveMatmul } from '../../../test/linalg-helpers.js';
import { makeMatrix, testMatrices } from '../../../test/matrices.js';
import { DomainError, ShapeError } from '../errors.js';
import { createRng } from '../random/rng.js';
import { fillNormal } from '../random/samplers.js';
import { lu } from './lu.js';
import { matvec } from './matmul.js';
import { type Matrix, fromArray, identity, sub, zeros } from './matrix.js';
import { normFrobenius } from './norms.js';
import { det, inv, solve } from './solve.js';

const norm1 = (a: Matrix): number => {
  let m = 0;
  for (let j = 0; j < a.cols; j++) {
    let s = 0;
    for (let i = 0; i < a.rows; i++) s += Math.abs(a.data[i * a.cols + j]!);
    m = Math.max(m, s);
  }
  return m;
};
const vnorm = (x: ArrayLike<number>): number => Math.hypot(...Array.from(x));

describe('solve, inv over the shared test matrices', () => {
  const mats = testMatrices({ seed: 11, count: 1000, shapes: 'square' });
  it('solve has a small normwise backward error, or rejects A as singular to working precision', () => {
    // A backward-stable solver gives ‖b - Ax‖ ≤ c·n·ε·‖A‖·‖x‖ whatever κ(A) is; c = 4 here.
    const rng = createRng(3);
    let solved = 0;
    for (const t of mats) {
      const n = t.a.rows;
      const b = fillNormal(rng, new Float64Array(n));
      let x: Float64Array;
      try {
        x = solve(t.a, b);
      } catch (e) {
        expect(e, t.label).toBeInstanceOf(DomainError);
        expect(
          ['zero', 'rankDeficient', 'jordan', 'companion', 'upperTriangular', 'lowerTriangular', 'nonnormal'],
          t.label,
        ).toContain(t.kind);
        continue;
      }
      solved++;
      const r = vnorm(sub({ rows: n, cols: 1, data: matvec(t.a, x) }, { rows: n, cols: 1, data: b }).data);
      expect(r, t.label).toBeLessThanOrEqual(4 * n * EPS * normFrobenius(t.a) * vnorm(x));
    }
    expect(solved).toBeGreaterThan(700);
  });
  it('rejects every exactly singular input (zero and rank-deficient kinds)', () => {
    for (const t of mats) {
      if (t.kind !== 'zero' && t.kind !== 'rankDeficient') continue;
      expect(() => solve(t.a, new Float64Array(t.a.rows)), t.label).toThrow(/singular/);
      expect(() => inv(t.a), t.label).toThrow(DomainError);
    }
  });
  it('inv(A)·A ≈ I within c·n·ε·κ₁(A) for the nonsingular kinds', () => {
    for (const t of mats) {
      if (!['gaussian', 'orthogonal', 'symmetric', 'repeated', 'clustered', 'shear', 'diagonal'].includes(t.kind))
        continue;
      const n = t.a.rows;
      const x = inv(t.a);
      const kappa = norm1(t.a) * norm1(x);
      const err = normFrobenius(sub(naiveMatmul(x, t.a), identity(n)));
      expect(err, t.label).toBeLessThanOrEqual(4 * n * EPS * kappa);
    }
  });
  it('solve with a matrix right-hand side equals column-by-column solves', () => {
    const rng = createRng(8);
    for (const n of [1, 5, 33, 70]) {
      const a = makeMatrix('gaussian', n, n, rng);
      const b = makeMatrix('gaussian', n, 3, rng);
      const x = solve(a, b);
      expect([x.rows, x.cols]).toEqual([n, 3]);
      for (let c = 0; c < 3; c++) {
        const col = Array.from({ length: n }, (_, i) => b.data[i * 3 + c]!);
        const xc = solve(a, col);
        for (let i = 0; i < n; i++) expect(x.data[i * 3 + c]).toBeCloseTo(xc[i]!, 8);
      }
    }
  });
});

describe('solve against NumPy fixtures', () => {
  it('matches np.linalg.solve', () => {
    for (const c of linalgFixtures().solve) {
      const x = solve(fromArray(c.a), fromArray(c.b));
      const want = fromArray(c.x);
      expect(normFrobenius(sub(x, want)), c.name).toBeLessThanOrEqual(1e-10 * normFrobenius(want));
    }
  });
});

describe('det', () => {
  it('matches np.linalg.det on fixtures (relative 1e-12, exact 0 for exactly singular)', () => {
    for (const c of linalgFixtures().det) {
      const d = det(fromArray(c.a));
      if (c.name.startsWith('singular')) expect(Math.abs(d), c.name).toBeLessThanOrEqual(1e-15);
      else expect(Math.abs(d - c.det), c.name).toBeLessThanOrEqual(1e-12 * Math.abs(c.det));
    }
  });
  it('is the product of the diagonal for upper triangular matrices (relative n·ε)', () => {
    // Upper triangular inputs need no pivoting or elimination, so only the product rounds.
    // (Random lower triangular matrices are exponentially ill-conditioned and pivoting mixes
    // their rows, so their computed det is only as accurate as the conditioning allows.)
    for (const t of testMatrices({
      seed: 5,
      count: 300,
      shapes: 'square',
      kinds: ['upperTriangular', 'diagonal', 'jordan', 'shear'],
    })) {
      const n = t.a.rows;
      let p = 1;
      for (let i = 0; i < n; i++) p *= t.a.data[i * n + i]!;
      expect(Math.abs(det(t.a) - p), t.label).toBeLessThanOrEqual(2 * n * EPS * Math.abs(p));
    }
  });
  it('is ±1 for orthogonal matrices and multiplicative', () => {
    const rng = createRng(4);
    for (const n of [1, 2, 7, 40]) {
      expect(Math.abs(Math.abs(det(makeMatrix('orthogonal', n, n, rng))) - 1)).toBeLessThanOrEqual(10 * n * EPS);
      const a = makeMatrix('gaussian', n, n, rng);
      const b = makeMatrix('gaussian', n, n, rng);
      const dab = det(naiveMatmul(a, b));
      expect(Math.abs(dab - det(a) * det(b))).toBeLessThanOrEqual(1e-10 * Math.abs(dab));
    }
  });
  it('article matrices and conventions', () => {
    expect(
      det(
        fromArray([
          [0, 1],
          [1, 1],
        ]),
      ),
    ).toBe(-1);
    expect(
      det(
        fromArray([
          [1, 1],
          [0, 1],
        ]),
      ),
    ).toBe(1);
    expect(
      det(
        fromArray([
          [1, 2],
          [2, 4],
        ]),
      ),
    ).toBe(0);
    expect(det(zeros(5, 5))).toBe(0);
    expect(det(zeros(0, 0))).toBe(1);
    expect(det(identity(64))).toBe(1);
  });
});

describe('validation and singular matrices', () => {
  it('throws DomainError saying the matrix is singular', () => {
    expect(() =>
      solve(
        fromArray([
          [1, 2],
          [2, 4],
        ]),
        [1, 2],
      ),
    ).toThrow(/singular \(pivot 1 .* exactly 0\)/);
    expect(() => inv(zeros(3, 3))).toThrow(/singular/);
    expect(() =>
      inv(
        fromArray([
          [1, 0],
          [0, 1e-20],
        ]),
      ),
    ).toThrow(/singular to working precision/);
  });
  it('rejects mismatched shapes naming both', () => {
    expect(() => solve(identity(3), [1, 2])).toThrow(ShapeError);
    expect(() => solve(identity(3), zeros(2, 2))).toThrow(/A is 3x3 but B is 2x2/);
    expect(() => inv(zeros(2, 3))).toThrow(/square matrix, got 2x3/);
    expect(() => det(zeros(3, 2))).toThrow(ShapeError);
  });
  it('rejects non-finite entries', () => {
    expect(() => solve(identity(2), [1, Number.NaN])).toThrow(/b\[1\] is NaN/);
    expect(() =>
      solve(
        fromArray([
          [Number.NaN, 0],
          [0, 1],
        ]),
        [1, 1],
      ),
    ).toThrow(/entry \(0, 0\) is NaN/);
    expect(() => det(fromArray([[Number.NEGATIVE_INFINITY]]))).toThrow(DomainError);
  });
  it('handles 0x0 systems', () => {
    expect(solve(zeros(0, 0), [])).toEqual(new Float64Array(0));
    expect(inv(zeros(0, 0))).toEqual(zeros(0, 0));
  });
  it('lu is reused consistently: det sign follows the permutation', () => {
    const p = fromArray([
      [0, 0, 1],
      [1, 0, 0],
      [0, 1, 0],
    ]);
    expect(lu(p).sign * det(p)).toBe(lu(p).sign * 1);
    expect(det(p)).toBe(1);
  });
});
