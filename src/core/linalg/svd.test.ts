import { describe, expect, it } from 'vitest';
import { ARTICLE_MATRICES, gaussian, orthogonal, testMatrices } from '../../../test/matrices.js';
import { frob, orthonormalityError, svdReconstructionError } from '../../../test/spectral-helpers.js';
import { ConfigError, ConvergenceError, DomainError } from '../errors.js';
import { createRng } from '../random/rng.js';
import { singularValues2x2, svd2x2 } from './svd2x2.js';
import { eigSymmetric } from './eigSymmetric.js';
import { matmul } from './matmul.js';
import { type Matrix, fromArray, transpose, zeros } from './matrix.js';
import { norm2, singularValues, svd } from './svd.js';

const EPS = Number.EPSILON;

describe('svd: small cases', () => {
  it('the article: F has singular values φ and |ψ|; the rotation and any orthogonal matrix have all ones', () => {
    const f = svd(fromArray(ARTICLE_MATRICES.fibonacci));
    expect(Array.from(f.s)).toEqual([expect.closeTo(1.618033988749895, 14), expect.closeTo(0.6180339887498949, 14)]);
    expect(Array.from(singularValues(fromArray(ARTICLE_MATRICES.rotation)))).toEqual([1, 1]);
    const q = orthogonal(20, 20, createRng(1));
    for (const x of singularValues(q)) expect(x).toBeCloseTo(1, 13);
    expect(norm2(q)).toBeCloseTo(1, 13);
    // The shear: σ = (√5 ± 1)/2, i.e. φ and 1/φ, although both eigenvalues are 1.
    expect(Array.from(singularValues(fromArray(ARTICLE_MATRICES.shear)))).toEqual([
      expect.closeTo(1.618033988749895, 14),
      expect.closeTo(0.6180339887498949, 14),
    ]);
  });

  it('diagonal: |d| sorted descending, U and V signed permutations; sign convention on U', () => {
    const r = svd(
      fromArray([
        [0, 0, 0],
        [0, -5, 0],
        [0, 0, 2],
      ]),
    );
    expect(Array.from(r.s)).toEqual([5, 2, 0]);
    // Pivot component of each column of U positive; V absorbs the sign of -5.
    expect(Array.from(r.u!.data, (x) => x + 0)).toEqual([0, 0, 1, 1, 0, 0, 0, 1, 0]);
    expect(Array.from(r.v!.data, (x) => x + 0)).toEqual([0, 0, 1, -1, 0, 0, 0, 1, 0]);
  });

  it('shapes: 1x1, row, column, tall, wide, empty', () => {
    expect(Array.from(svd(fromArray([[-3]])).s)).toEqual([3]);
    const row = svd(fromArray([[3, 4]]));
    expect(Array.from(row.s)).toEqual([5]);
    expect([row.u!.rows, row.u!.cols, row.v!.rows, row.v!.cols]).toEqual([1, 1, 2, 1]);
    expect(Array.from(row.v!.data)).toEqual([expect.closeTo(0.6, 15), expect.closeTo(0.8, 15)]);
    const col = svd(fromArray([[3], [4]]));
    expect(Array.from(col.s)).toEqual([5]);
    expect(Array.from(col.u!.data)).toEqual([expect.closeTo(0.6, 15), expect.closeTo(0.8, 15)]);
    const tall = svd(gaussian(9, 4, createRng(2)));
    expect([tall.u!.rows, tall.u!.cols, tall.v!.rows, tall.v!.cols]).toEqual([9, 4, 4, 4]);
    const wide = svd(gaussian(4, 9, createRng(2)));
    expect([wide.u!.rows, wide.u!.cols, wide.v!.rows, wide.v!.cols]).toEqual([4, 4, 9, 4]);
    for (const [m, n] of [
      [0, 0],
      [0, 3],
      [3, 0],
    ] as const) {
      const e = svd(zeros(m, n));
      expect(e.s.length).toBe(0);
      expect([e.u!.rows, e.u!.cols, e.v!.rows, e.v!.cols]).toEqual([m, 0, n, 0]);
      expect(norm2(zeros(m, n))).toBe(0);
    }
  });

  it('A and Aᵀ have the same singular values; U and V swap', () => {
    const a = gaussian(7, 5, createRng(3));
    const r = svd(a);
    const t = svd(transpose(a));
    for (let i = 0; i < 5; i++) expect(t.s[i]).toBeCloseTo(r.s[i]!, 13);
  });

  it('a graded bidiagonal matrix: tiny singular values keep high relative accuracy (Demmel–Kahan)', () => {
    // Upper bidiagonal with entries spanning 40 orders of magnitude: Π σ_i = |det B| = Π |d_i|
    // holds to working relative accuracy only if the tiny σ are relatively accurate.
    const d = [1, 1e-10, 1e-20, 1e-30, 1e-40];
    const e = [1e-5, 1e-15, 1e-25, 1e-35];
    const b = zeros(5, 5);
    for (let i = 0; i < 5; i++) b.data[i * 5 + i] = d[i]!;
    for (let i = 0; i < 4; i++) b.data[i * 5 + i + 1] = e[i]!;
    for (const m of [b, transpose(b)]) {
      const s = singularValues(m);
      const logProd = s.reduce((acc, x) => acc + Math.log(x), 0);
      const logDet = d.reduce((acc, x) => acc + Math.log(x), 0);
      expect(Math.abs(logProd - logDet)).toBeLessThan(1e-12);
      expect(s[4]).toBeGreaterThan(0);
    }
  });

  it('rank-deficient and zero: the expected number of nonzero singular values; U, V still orthonormal', () => {
    const z = svd(zeros(5, 3));
    expect(Array.from(z.s)).toEqual([0, 0, 0]);
    expect(orthonormalityError(z.u!)).toBe(0);
    expect(orthonormalityError(z.v!)).toBe(0);
    const rng = createRng(4);
    const a = matmul(gaussian(12, 3, rng), gaussian(3, 10, rng));
    const r = svd(a);
    const tol = 1e-12 * r.s[0]!;
    expect(Array.from(r.s).filter((x) => x > tol).length).toBe(3);
    expect(orthonormalityError(r.u!)).toBeLessThan(1e-14);
    expect(orthonormalityError(r.v!)).toBeLessThan(1e-14);
  });

  it('errors: NaN/Infinity entries, bad options, iteration cap', () => {
    const a = zeros(2, 3);
    a.data[5] = Number.POSITIVE_INFINITY;
    expect(() => svd(a)).toThrow(DomainError);
    expect(() => singularValues(a)).toThrow(/entry \(1, 2\)/);
    expect(() => norm2(a)).toThrow(DomainError);
    expect(() => svd(zeros(2, 2), { maxIterations: -1 })).toThrow(ConfigError);
    let err: unknown;
    try {
      singularValues(gaussian(30, 20, createRng(5)), { maxIterations: 1 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConvergenceError);
    if (!(err instanceof ConvergenceError)) return;
    expect(err.iterations).toBe(1);
  });

  it('does not mutate its input', () => {
    const a = gaussian(6, 4, createRng(6));
    const copy = a.data.slice();
    svd(a);
    singularValues(transpose(a));
    expect(a.data).toEqual(copy);
  });
});

describe('svd: properties over 1000 seeded matrices (tall, square, wide; sizes 1..64)', () => {
  const list = testMatrices({ seed: 31, count: 1000, shapes: 'any' });

  it('U·Σ·Vᵀ = A, orthonormal U and V, s descending >= 0, values-only path agrees, s² = eig(AᵀA)', () => {
    let worstRec = 0;
    let worstOrth = 0;
    for (const t of list) {
      const { a } = t;
      const { rows: m, cols: n } = a;
      const k = Math.min(m, n);
      const r = svd(a);
      const nrm = frob(a);
      const rec = svdReconstructionError(a, r.u!, r.s, r.v!);
      expect(rec, t.label).toBeLessThanOrEqual(10 * Math.max(m, n) * EPS * Math.max(nrm, 1e-300));
      worstRec = Math.max(worstRec, rec / Math.max(nrm, 1e-300));
      const orth = Math.max(orthonormalityError(r.u!), orthonormalityError(r.v!));
      expect(orth, t.label).toBeLessThanOrEqual(10 * Math.max(m, n) * EPS);
      worstOrth = Math.max(worstOrth, orth);
      for (let i = 0; i < k; i++) {
        expect(r.s[i], t.label).toBeGreaterThanOrEqual(0);
        if (i > 0) expect(r.s[i], t.label).toBeLessThanOrEqual(r.s[i - 1]!);
      }
      // With vectors the bidiagonal is solved by divide and conquer (k > 25), values alone by
      // the QR iteration, as in LAPACK's dgesdd: the two agree to rounding, not bit for bit.
      const values = singularValues(a);
      for (let i = 0; i < k; i++) {
        expect(Math.abs(values[i]! - r.s[i]!), t.label).toBeLessThanOrEqual(4 * k * EPS * r.s[0]!);
      }
      if (k > 0) expect(norm2(a), t.label).toBe(values[0]);
      // s_i² are the eigenvalues of the k x k Gram matrix (AᵀA if tall, AAᵀ if wide),
      // which eigSymmetric computes to absolute accuracy O(k·ε·s_max²).
      if (k > 0) {
        const gram = m >= n ? matmul(transpose(a), a) : matmul(a, transpose(a));
        const ev = eigSymmetric(gram, { vectors: false }).values;
        const smax2 = r.s[0]! * r.s[0]!;
        for (let i = 0; i < k; i++) {
          expect(Math.abs(r.s[i]! ** 2 - ev[k - 1 - i]!), t.label).toBeLessThanOrEqual(
            20 * Math.max(m, n) * EPS * smax2 + 1e-300,
          );
        }
      }
      if (t.rank !== undefined && k > 0) {
        const tol = Math.max(m, n) * EPS * r.s[0]! * 10;
        expect(Array.from(r.s).filter((x) => x > tol).length, t.label).toBe(t.rank);
      }
    }
    expect(worstRec).toBeLessThan(100 * EPS);
    expect(worstOrth).toBeLessThan(100 * EPS);
  });

  it('well-conditioned matrices: s equals sqrt(eigSymmetric(AᵀA)) to relative 1e-10', () => {
    let checked = 0;
    for (const t of list) {
      if (t.kind !== 'gaussian' && t.kind !== 'orthogonal') continue;
      const { a } = t;
      const k = Math.min(a.rows, a.cols);
      const s = singularValues(a);
      if (k === 0 || s[k - 1]! < 1e-3 * s[0]!) continue;
      const gram = a.rows >= a.cols ? matmul(transpose(a), a) : matmul(a, transpose(a));
      const ev = eigSymmetric(gram, { vectors: false }).values;
      for (let i = 0; i < k; i++)
        expect(Math.abs(s[i]! - Math.sqrt(ev[k - 1 - i]!)) / s[i]!, t.label).toBeLessThan(1e-10);
      checked++;
    }
    expect(checked).toBeGreaterThan(50);
  });
});

describe('2x2 kernels', () => {
  function check2x2(f: number, g: number, h: number): void {
    const out = new Float64Array(6);
    svd2x2(f, g, h, out);
    const ssmin = out[0]!,
      ssmax = out[1]!,
      snr = out[2]!,
      csr = out[3]!,
      snl = out[4]!,
      csl = out[5]!;
    // [[csl, snl], [−snl, csl]]·[[f, g], [0, h]]·[[csr, −snr], [snr, csr]] = diag(ssmax, ssmin)
    const l: Matrix = fromArray([
      [csl, snl],
      [-snl, csl],
    ]);
    const r: Matrix = fromArray([
      [csr, -snr],
      [snr, csr],
    ]);
    const p = matmul(
      matmul(
        l,
        fromArray([
          [f, g],
          [0, h],
        ]),
      ),
      r,
    );
    const scale = Math.max(Math.abs(f), Math.abs(g), Math.abs(h));
    expect(Math.abs(p.data[0]! - ssmax)).toBeLessThanOrEqual(8 * EPS * scale);
    expect(Math.abs(p.data[1]!)).toBeLessThanOrEqual(8 * EPS * scale);
    expect(Math.abs(p.data[2]!)).toBeLessThanOrEqual(8 * EPS * scale);
    expect(Math.abs(p.data[3]! - ssmin)).toBeLessThanOrEqual(8 * EPS * scale);
    expect(Math.abs(ssmax)).toBeGreaterThanOrEqual(Math.abs(ssmin));
    expect(Math.abs(csl * csl + snl * snl - 1)).toBeLessThanOrEqual(4 * EPS);
    expect(Math.abs(csr * csr + snr * snr - 1)).toBeLessThanOrEqual(4 * EPS);
    // singularValues2x2 agrees with svd2x2 up to sign.
    const o2 = new Float64Array(2);
    singularValues2x2(f, g, h, o2);
    expect(o2[0]).toBeCloseTo(Math.abs(ssmin), 14);
    expect(Math.abs(o2[1]! - Math.abs(ssmax))).toBeLessThanOrEqual(4 * EPS * scale);
  }

  it('svd2x2 diagonalizes random and edge-case triangles exactly (to rounding)', () => {
    const rng = createRng(7);
    for (let i = 0; i < 300; i++) check2x2(rng.normal(), rng.normal(), rng.normal());
    for (const [f, g, h] of [
      [1, 0, 2],
      [2, 0, 1],
      [0, 1, 0],
      [0, 0, 0],
      [1, 1e20, 1],
      [1e-20, 1, 1e-20],
      [3, 4, 0],
      [0, 4, 3],
      [-1, 2, -3],
      [1, 1, 1],
      [1e200, 1e200, 1e-200],
    ] as const) {
      check2x2(f, g, h);
    }
  });
});
