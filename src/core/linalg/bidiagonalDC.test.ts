import { describe, expect, it } from 'vitest';
import { ConvergenceError } from '../errors.js';
import { createRng } from '../random/rng.js';
import { fillNormal } from '../random/samplers.js';
import { DC_LEAF, bidiagonalDC, bidiagonalDCColumns } from './bidiagonalDC.js';
import { bidiagonalQR } from './bidiagonalQR.js';

const EPS = Number.EPSILON;

/** max |B − U·diag(s)·Vᵀ|, max |UUᵀ − I|, max |VVᵀ − I| (vectors are rows of ut, vt). */
function check(d: Float64Array, e: Float64Array): { rec: number; orth: number; s: Float64Array; norm: number } {
  const n = d.length;
  const r = bidiagonalDC(d, e, n, 30 * Math.max(n, 10), 'test');
  let norm = 0;
  for (const x of d) norm = Math.max(norm, Math.abs(x));
  for (const x of e) norm = Math.max(norm, Math.abs(x));
  let rec = 0;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += r.ut[j * n + i]! * r.s[j]! * r.vt[j * n + k]!;
      const b = k === i ? d[i]! : k === i + 1 ? e[i]! : 0;
      rec = Math.max(rec, Math.abs(s - b));
    }
  }
  let orth = 0;
  for (const f of [r.ut, r.vt]) {
    for (let i = 0; i < n; i++) {
      for (let j = i; j < n; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += f[i * n + k]! * f[j * n + k]!;
        orth = Math.max(orth, Math.abs(s - (i === j ? 1 : 0)));
      }
    }
  }
  for (const x of r.s) expect(x).toBeGreaterThanOrEqual(0);
  return { rec, orth, s: Float64Array.from(r.s).sort().reverse(), norm };
}

/** Singular values by the QR iteration (the reference), descending. */
function qrValues(d: Float64Array, e: Float64Array): Float64Array {
  const dd = d.slice();
  const ee = e.slice();
  bidiagonalQR(dd, ee, dd.length, null, 0, null, 0, 1e6, 'ref');
  return dd.map(Math.abs).sort().reverse();
}

function expectGood(name: string, d: Float64Array, e: Float64Array): void {
  const n = d.length;
  const { rec, orth, s, norm } = check(d, e);
  const tol = 10 * n * EPS;
  expect(rec, name).toBeLessThanOrEqual(tol * norm);
  expect(orth, name).toBeLessThanOrEqual(tol);
  const ref = qrValues(d, e);
  for (let i = 0; i < n; i++) expect(Math.abs(s[i]! - ref[i]!), `${name} σ${i}`).toBeLessThanOrEqual(tol * norm);
}

function gaussianBidiagonal(n: number, seed: number): [Float64Array, Float64Array] {
  const rng = createRng(seed);
  const d = new Float64Array(n);
  const e = new Float64Array(n - 1);
  fillNormal(rng, d);
  fillNormal(rng, e);
  return [d, e];
}

describe('bidiagonalDC: B = U·Σ·Vᵀ with orthonormal U, V; σ as the QR iteration', () => {
  it('Gaussian bidiagonals around the leaf size and with several levels of merges', () => {
    for (const n of [1, 2, DC_LEAF, DC_LEAF + 1, DC_LEAF + 2, 51, 52, 103, 160]) {
      const [d, e] = gaussianBidiagonal(n, n);
      expectGood(`gaussian ${n}`, d, e);
    }
  });

  it('clustered and repeated singular values (deflation by small z and by equal d)', () => {
    const n = 120;
    // Identity: every merge deflates everything (z = 0).
    expectGood('identity', new Float64Array(n).fill(1), new Float64Array(n - 1));
    // Diagonal 1 with tiny couplings: σ in a cluster of width ~1e-9.
    expectGood('cluster 1e-9', new Float64Array(n).fill(1), new Float64Array(n - 1).fill(1e-9));
    // Three clusters 1e-15 wide, coupled at 1e-8.
    const d = new Float64Array(n);
    const e = new Float64Array(n - 1);
    for (let i = 0; i < n; i++) d[i] = [1, 2, 4][i % 3]! * (1 + 1e-15 * (i % 7));
    for (let i = 0; i < n - 1; i++) e[i] = 1e-8 * (i % 5);
    expectGood('three clusters', d, e);
    // Constant bidiagonal (d = 2, e = 1): distinct but close σ in the middle of the spectrum.
    expectGood('toeplitz', new Float64Array(n).fill(2), new Float64Array(n - 1).fill(1));
  });

  it('graded: σ over 15 decades keep absolute accuracy; zeros on the diagonal give σ = 0', () => {
    const n = 100;
    const d = new Float64Array(n);
    const e = new Float64Array(n - 1);
    for (let i = 0; i < n; i++) d[i] = 10 ** (-i / 6.6);
    for (let i = 0; i < n - 1; i++) e[i] = 0.5 * 10 ** (-i / 6.6);
    expectGood('graded', d, e);
    expectGood('reverse graded', d.slice().reverse(), e.slice().reverse());
    const [dz, ez] = gaussianBidiagonal(80, 3);
    for (let i = 0; i < 80; i += 7) dz[i] = 0;
    expectGood('zeros on the diagonal', dz, ez);
    // A zero on the diagonal makes B singular: the smallest σ is 0 to rounding.
    const { s } = check(dz, ez);
    expect(s[79]!).toBeLessThanOrEqual(10 * 80 * EPS * 3);
    const zero = check(new Float64Array(60), new Float64Array(59));
    expect(Array.from(zero.s)).toEqual(new Array(60).fill(0));
    expect(zero.orth).toBeLessThanOrEqual(10 * 60 * EPS);
  });

  it('is deterministic: the same input gives the same bits', () => {
    const [d, e] = gaussianBidiagonal(90, 11);
    const a = bidiagonalDC(d, e, 90, 1e4, 'test');
    const b = bidiagonalDC(d, e, 90, 1e4, 'test');
    expect(a.s).toEqual(b.s);
    expect(a.ut).toEqual(b.ut);
    expect(a.vt).toEqual(b.vt);
  });

  it('the column layout is the row layout transposed, bit for bit (top merge, leaf, zero matrix)', () => {
    for (const [n, seed] of [
      [90, 12],
      [DC_LEAF, 13],
      [57, 14],
    ] as const) {
      const [d, e] = gaussianBidiagonal(n, seed);
      const rows = bidiagonalDC(d, e, n, 1e4, 'test');
      const cols = bidiagonalDCColumns(d, e, n, 1e4, 'test');
      expect(cols.s).toEqual(rows.s);
      const ut = new Float64Array(n * n);
      const vt = new Float64Array(n * n);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          ut[j * n + i] = cols.u[i * n + j]!;
          vt[j * n + i] = cols.v[i * n + j]!;
        }
      }
      expect(ut, `n = ${n}`).toEqual(rows.ut);
      expect(vt, `n = ${n}`).toEqual(rows.vt);
    }
    const zero = bidiagonalDCColumns(new Float64Array(40), new Float64Array(39), 40, 1e4, 'test');
    const zr = bidiagonalDC(new Float64Array(40), new Float64Array(39), 40, 1e4, 'test');
    for (let i = 0; i < 40; i++) for (let j = 0; j < 40; j++) expect(zero.u[i * 40 + j]).toBe(zr.ut[j * 40 + i]);
  });

  it('iteration caps: leaf QR sweeps and secular-equation steps end in a typed ConvergenceError', () => {
    const [d, e] = gaussianBidiagonal(60, 5);
    expect(() => bidiagonalDC(d, e, 60, 3, 'svd')).toThrow(ConvergenceError);
    let err: unknown;
    try {
      bidiagonalDC(d, e, 60, 1e4, 'svd', 1);
    } catch (x) {
      err = x;
    }
    expect(err).toBeInstanceOf(ConvergenceError);
    if (!(err instanceof ConvergenceError)) return;
    expect(err.iterations).toBe(1);
    expect(err.message).toMatch(/^svd: the divide-and-conquer secular equation did not converge within 1 /);
    // A cap of 100 (the default) is far from reached: this merges 60 rows without error.
    expect(bidiagonalDC(d, e, 60, 1e4, 'svd').s.length).toBe(60);
  });
});
