import { describe, expect, it } from 'vitest';
import { MATRIX_KINDS, SQUARE_KINDS, makeMatrix, testMatrices } from '../../../test/matrices.js';
import { EPS, linalgFixtures, naiveMatmul } from '../../../test/linalg-helpers.js';
import { DomainError, ShapeError } from '../errors.js';
import { createRng } from '../random/rng.js';
import { lu } from './lu.js';
import { type Matrix, fromArray, identity, zeros } from './matrix.js';
import { normFrobenius } from './norms.js';

/** L (unit lower) and U from the packed factor. */
function split(f: Matrix): { l: Matrix; u: Matrix } {
  const n = f.rows;
  const l = identity(n);
  const u = zeros(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (j < i) l.data[i * n + j] = f.data[i * n + j]!;
      else u.data[i * n + j] = f.data[i * n + j]!;
    }
  }
  return { l, u };
}

function permuteRows(a: Matrix, perm: Int32Array): Matrix {
  const n = a.cols;
  const out = zeros(a.rows, n);
  for (let i = 0; i < a.rows; i++) out.data.set(a.data.subarray(perm[i]! * n, (perm[i]! + 1) * n), i * n);
  return out;
}

function parity(perm: Int32Array): number {
  const p = Array.from(perm);
  let s = 1;
  for (let i = 0; i < p.length; i++) {
    while (p[i] !== i) {
      const j = p[i]!;
      [p[i], p[j]] = [p[j]!, p[i]!];
      s = -s;
    }
  }
  return s;
}

describe('lu invariants over the shared square test matrices', () => {
  const mats = testMatrices({ seed: 77, count: 1000, shapes: 'square' });
  it('PA = LU with |L| ≤ 1, perm a permutation and sign its parity (1000 matrices, n ≤ 64)', () => {
    // Backward error of Gaussian elimination (Higham, Thm 9.3): |PA - LU| ≤ γ_n·|L||U|.
    // We check the Frobenius norm against 2n·ε·‖|L||U|‖_F.
    for (const t of mats) {
      const n = t.a.rows;
      const f = lu(t.a);
      const { l, u } = split(f.lu);
      expect(
        [...f.perm].sort((x, y) => x - y),
        t.label,
      ).toEqual(Array.from({ length: n }, (_, i) => i));
      expect(f.sign, t.label).toBe(parity(f.perm));
      expect(
        l.data.every((x) => Math.abs(x) <= 1),
        t.label,
      ).toBe(true);
      const lu2 = naiveMatmul(l, u);
      const pa = permuteRows(t.a, f.perm);
      let diff = 0;
      for (let i = 0; i < lu2.data.length; i++) diff += (lu2.data[i]! - pa.data[i]!) ** 2;
      const absL = { ...l, data: l.data.map(Math.abs) };
      const absU = { ...u, data: u.data.map(Math.abs) };
      expect(Math.sqrt(diff), t.label).toBeLessThanOrEqual(2 * n * EPS * normFrobenius(naiveMatmul(absL, absU)));
    }
  });
  it('covers the square kinds', () => {
    expect(new Set(mats.map((t) => t.kind))).toEqual(new Set(MATRIX_KINDS));
    expect(SQUARE_KINDS.length).toBeGreaterThan(0);
  });
  it('works through the blocked path (n > 32) on larger inputs', () => {
    const rng = createRng(5);
    for (const n of [33, 65, 100, 131]) {
      const a = makeMatrix('gaussian', n, n, rng);
      const f = lu(a);
      const { l, u } = split(f.lu);
      const pa = permuteRows(a, f.perm);
      const r = normFrobenius({ rows: n, cols: n, data: naiveMatmul(l, u).data.map((x, i) => x - pa.data[i]!) });
      // Gaussian inputs have modest growth (|U| within 10·|A| at these sizes), so 40n·ε·‖A‖ is generous.
      expect(r).toBeLessThanOrEqual(40 * n * EPS * normFrobenius(a));
    }
  });
});

describe('lu edge cases and validation', () => {
  it('factors 0x0 and 1x1', () => {
    const e = lu(zeros(0, 0));
    expect([e.lu.rows, e.perm.length, e.sign]).toEqual([0, 0, 1]);
    const one = lu(fromArray([[-4]]));
    expect([one.lu.data[0], one.sign]).toEqual([-4, 1]);
  });
  it('factors singular matrices without throwing (zero pivot kept)', () => {
    const f = lu(
      fromArray([
        [0, 0],
        [0, 1],
      ]),
    );
    expect(f.lu.data[0]).toBe(0);
  });
  it('pivots on the largest entry: [[0, 1], [1, 0]] swaps rows', () => {
    const f = lu(
      fromArray([
        [0, 1],
        [1, 0],
      ]),
    );
    expect(Array.from(f.perm)).toEqual([1, 0]);
    expect(f.sign).toBe(-1);
  });
  it('rejects non-square, non-finite and malformed input', () => {
    expect(() => lu(zeros(2, 3))).toThrow(ShapeError);
    expect(() => lu(zeros(2, 3))).toThrow(/square matrix, got 2x3/);
    expect(() =>
      lu(
        fromArray([
          [1, Number.POSITIVE_INFINITY],
          [0, 1],
        ]),
      ),
    ).toThrow(DomainError);
    expect(() =>
      lu(
        fromArray([
          [1, Number.POSITIVE_INFINITY],
          [0, 1],
        ]),
      ),
    ).toThrow(/entry \(0, 1\) is Infinity/);
    // @ts-expect-error a plain array is not a Float64Array: the runtime check must refuse it
    expect(() => lu({ rows: 2, cols: 2, data: [1, 2, 3, 4] })).toThrow(ShapeError);
  });
  it('uses the fixtures file (sanity: NumPy recorded)', () => {
    expect(linalgFixtures().numpy).toMatch(/^\d+\.\d+/);
  });
});
