import { describe, expect, it } from 'vitest';
import { gaussian, testMatrices } from '../../../test/matrices.js';
import { frob, orthonormalityError } from '../../../test/spectral-helpers.js';
import { DomainError, ShapeError } from '../errors.js';
import { createRng } from '../random/rng.js';
import { balance } from './balance.js';
import { standardize2x2 } from './schur2x2.js';
import { hessenberg } from './hessenberg.js';
import { matmul } from './matmul.js';
import { fromArray, sub, transpose, zeros } from './matrix.js';

const EPS = Number.EPSILON;

describe('hessenberg', () => {
  it('A = Q·H·Qᵀ with Q orthogonal and H zero below the subdiagonal (300 seeded matrices)', () => {
    for (const t of testMatrices({ seed: 41, count: 300, shapes: 'square' })) {
      const { a } = t;
      const n = a.rows;
      const { h, q } = hessenberg(a);
      for (let i = 2; i < n; i++) for (let j = 0; j < i - 1; j++) expect(h.data[i * n + j], t.label).toBe(0);
      expect(orthonormalityError(q!), t.label).toBeLessThanOrEqual(10 * n * EPS);
      const back = matmul(matmul(q!, h), transpose(q!));
      expect(frob(sub(back, a)), t.label).toBeLessThanOrEqual(10 * n * EPS * Math.max(frob(a), 1e-300));
    }
  });

  it('1x1 and 2x2 are already Hessenberg (Q = I); vectors: false omits Q; errors', () => {
    const a = fromArray([
      [1, 2],
      [3, 4],
    ]);
    const r = hessenberg(a);
    expect(r.h.data).toEqual(a.data);
    expect(Array.from(r.q!.data)).toEqual([1, 0, 0, 1]);
    expect(hessenberg(a, { vectors: false }).q).toBeUndefined();
    expect(() => hessenberg(zeros(2, 3))).toThrow(ShapeError);
    const bad = zeros(3, 3);
    bad.data[4] = Number.NaN;
    expect(() => hessenberg(bad)).toThrow(DomainError);
  });
});

describe('balance', () => {
  it('B = D⁻¹·A·D exactly (powers of 2), and a badly scaled matrix gets a much smaller norm', () => {
    const g = gaussian(6, 6, createRng(1));
    const a = zeros(6, 6);
    for (let i = 0; i < 6; i++)
      for (let j = 0; j < 6; j++) a.data[i * 6 + j] = (g.data[i * 6 + j]! * 4 ** (i - 3)) / 4 ** (j - 3);
    const { b, d } = balance(a);
    for (let i = 0; i < 6; i++) {
      expect(Number.isInteger(Math.log2(d[i]!))).toBe(true);
      for (let j = 0; j < 6; j++) expect(b.data[i * 6 + j]).toBe((a.data[i * 6 + j]! / d[i]!) * d[j]!);
    }
    expect(frob(b)).toBeLessThan(frob(a) / 100);
  });

  it('leaves a balanced matrix alone and handles zero rows', () => {
    const a = fromArray([
      [1, 2, 0],
      [2, 1, 0],
      [0, 0, 0],
    ]);
    const { b, d } = balance(a);
    expect(Array.from(d)).toEqual([1, 1, 1]);
    expect(b.data).toEqual(a.data);
  });
});

describe('standardize2x2 (dlanv2)', () => {
  function check(a: number, b: number, c: number, d: number): void {
    const out = new Float64Array(10);
    standardize2x2(a, b, c, d, out);
    const aa = out[0]!,
      bb = out[1]!,
      cc = out[2]!,
      dd = out[3]!,
      rt1r = out[4]!,
      rt1i = out[5]!,
      rt2r = out[6]!,
      rt2i = out[7]!,
      cs = out[8]!,
      sn = out[9]!;
    // [[a, b], [c, d]] = Q·[[aa, bb], [cc, dd]]·Qᵀ, Q = [[cs, −sn], [sn, cs]]
    const q = fromArray([
      [cs, -sn],
      [sn, cs],
    ]);
    const t = fromArray([
      [aa, bb],
      [cc, dd],
    ]);
    const back = matmul(matmul(q, t), transpose(q));
    const scale = Math.max(Math.abs(a), Math.abs(b), Math.abs(c), Math.abs(d));
    const orig = [a, b, c, d];
    for (let k = 0; k < 4; k++) expect(Math.abs(back.data[k]! - orig[k]!)).toBeLessThanOrEqual(8 * EPS * scale);
    expect(Math.abs(cs * cs + sn * sn - 1)).toBeLessThanOrEqual(4 * EPS);
    if (cc === 0) {
      expect([rt1r, rt2r, rt1i, rt2i]).toEqual([aa, dd, 0, 0]);
    } else {
      expect(aa).toBe(dd);
      expect(Math.sign(bb)).toBe(-Math.sign(cc));
      expect(rt1i).toBeGreaterThan(0);
      expect(rt2i).toBe(-rt1i);
      expect(rt1i).toBeCloseTo(Math.sqrt(-bb * cc), 14);
    }
    // Trace and determinant are invariant.
    expect(Math.abs(aa + dd - (a + d))).toBeLessThanOrEqual(8 * EPS * scale);
    expect(Math.abs(aa * dd - bb * cc - (a * d - b * c))).toBeLessThanOrEqual(16 * EPS * scale * scale);
  }

  it('random blocks and special cases give a standardized Schur form', () => {
    const rng = createRng(2);
    for (let i = 0; i < 300; i++) check(rng.normal(), rng.normal(), rng.normal(), rng.normal());
    for (const [a, b, c, d] of [
      [1, 2, 0, 3],
      [1, 0, 2, 3],
      [0, 1, -1, 0],
      [0, 1, 1, 0],
      [1, 1, 1e-20, 1],
      [1, 1e-300, 1e-300, 1],
      [2, 1, -1e-17, 2],
    ] as const) {
      check(a, b, c, d);
    }
  });
});
