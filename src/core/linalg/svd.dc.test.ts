/**
 * The divide-and-conquer path of svd (min(m, n) > 25): known spectra (clustered, repeated,
 * graded, rank-deficient) through the whole pipeline (QR first, blocked reduction, D&C, back
 * transformation), every shape class, agreement with the earlier all-QR path (svdReference),
 * and NumPy's dgesdd on test/fixtures/svd-dc-numpy.json (made by scripts/fixtures/svd_dc_numpy.py).
 */

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gaussian, orthogonal } from '../../../test/matrices.js';
import { frob, orthonormalityError, svdReconstructionError } from '../../../test/spectral-helpers.js';
import { ConvergenceError } from '../errors.js';
import { createRng } from '../random/rng.js';
import { matmul } from './matmul.js';
import { type Matrix, matrix, transpose, zeros } from './matrix.js';
import { singularValues, svd, svdReference } from './svd.js';

const EPS = Number.EPSILON;

/** Q1·diag(s)·Q2ᵀ, m x n, with Haar-ish orthogonal factors. */
function withSpectrum(m: number, n: number, s: readonly number[], seed: number): Matrix {
  const rng = createRng(seed);
  const k = Math.min(m, n);
  const q1 = orthogonal(m, k, rng);
  const q2 = orthogonal(n, k, rng);
  const ds = zeros(k, k);
  for (let i = 0; i < k; i++) ds.data[i * k + i] = s[i]!;
  return matmul(matmul(q1, ds), transpose(q2));
}

/** The invariants, with tolerances scaled by max(m, n)·ε; returns s. */
function expectInvariants(label: string, a: Matrix): Float64Array {
  const { rows: m, cols: n } = a;
  const r = svd(a);
  const k = Math.min(m, n);
  expect([r.u!.rows, r.u!.cols, r.v!.rows, r.v!.cols], label).toEqual([m, k, n, k]);
  const size = Math.max(m, n);
  expect(svdReconstructionError(a, r.u!, r.s, r.v!), label).toBeLessThanOrEqual(10 * size * EPS * frob(a));
  expect(orthonormalityError(r.u!), label).toBeLessThanOrEqual(10 * size * EPS);
  expect(orthonormalityError(r.v!), label).toBeLessThanOrEqual(10 * size * EPS);
  for (let i = 1; i < k; i++) expect(r.s[i]!, label).toBeLessThanOrEqual(r.s[i - 1]!);
  expect(r.s[k - 1]!, label).toBeGreaterThanOrEqual(0);
  return r.s;
}

function expectSpectrum(label: string, got: Float64Array, want: readonly number[], tol: number): void {
  expect(got.length, label).toBe(want.length);
  for (let i = 0; i < want.length; i++) expect(Math.abs(got[i]! - want[i]!), `${label} σ${i}`).toBeLessThanOrEqual(tol);
}

describe('svd, divide-and-conquer path: known spectra', () => {
  it('clustered and exactly repeated singular values', () => {
    const s = [...new Array(30).fill(3), ...new Array(40).fill(1), ...new Array(10).fill(0.5)];
    const a = withSpectrum(80, 80, s, 1);
    expectSpectrum('repeated', expectInvariants('repeated', a), s, 40 * 80 * EPS * 3);
    const c = s.map((x, i) => x * (1 + 1e-12 * i)).sort((p, q) => q - p);
    const b = withSpectrum(90, 80, c, 2);
    expectSpectrum('clustered', expectInvariants('clustered', b), c, 40 * 90 * EPS * 3);
    // An orthogonal matrix: all σ = 1, the worst case for deflation.
    const q = orthogonal(64, 64, createRng(3));
    expectSpectrum('orthogonal', expectInvariants('orthogonal', q), new Array(64).fill(1), 40 * 64 * EPS);
  });

  it('graded spectra over 14 decades and rank-deficient matrices', () => {
    const g = Array.from({ length: 70 }, (_, i) => 10 ** (-i / 5));
    expectSpectrum('graded', expectInvariants('graded', withSpectrum(70, 70, g, 4)), g, 40 * 70 * EPS);
    const rng = createRng(5);
    const low = matmul(gaussian(60, 17, rng), gaussian(17, 45, rng));
    const s = expectInvariants('rank 17', low);
    const tol = 60 * EPS * s[0]! * 10;
    expect(Array.from(s).filter((x) => x > tol).length).toBe(17);
    const zero = svd(zeros(40, 30));
    expect(Array.from(zero.s)).toEqual(new Array(30).fill(0));
    expect(orthonormalityError(zero.u!)).toBeLessThanOrEqual(10 * 40 * EPS);
  });

  it('shapes: square, tall below and above the QR-first ratio, wide, 1 x n and n x 1', () => {
    const rng = createRng(6);
    for (const [m, n] of [
      [26, 26],
      [100, 100],
      [130, 120],
      [47, 30],
      [48, 30],
      [200, 40],
      [30, 48],
      [35, 160],
    ] as const) {
      expectInvariants(`${m}x${n}`, gaussian(m, n, rng));
    }
    for (const [m, n] of [
      [1, 300],
      [300, 1],
    ] as const) {
      const a = gaussian(m, n, rng);
      const r = svd(a);
      expect(r.s[0]!).toBeCloseTo(frob(a), 12);
      expect(svdReconstructionError(a, r.u!, r.s, r.v!)).toBeLessThanOrEqual(10 * 300 * EPS * frob(a));
    }
  });

  it('agrees with the all-QR reference path: values to rounding, vectors of separated σ to ~1e-10', () => {
    const rng = createRng(7);
    for (const [m, n] of [
      [70, 70],
      [120, 50],
      [40, 90],
    ] as const) {
      const a = gaussian(m, n, rng);
      const fast = svd(a);
      const ref = svdReference(a);
      const k = Math.min(m, n);
      expectSpectrum(`${m}x${n}`, fast.s, Array.from(ref.s), 10 * Math.max(m, n) * EPS * ref.s[0]!);
      // Gaussian matrices have well-separated σ, so the sign-fixed vectors agree closely.
      let du = 0;
      for (let i = 0; i < fast.u!.data.length; i++) du = Math.max(du, Math.abs(fast.u!.data[i]! - ref.u!.data[i]!));
      let dv = 0;
      for (let i = 0; i < fast.v!.data.length; i++) dv = Math.max(dv, Math.abs(fast.v!.data[i]! - ref.v!.data[i]!));
      expect(du, `${m}x${n} U`).toBeLessThan(1e-9);
      expect(dv, `${m}x${n} V`).toBeLessThan(1e-9);
      expect(fast.s.length).toBe(k);
    }
  });

  it('is deterministic and typed on the iteration cap', () => {
    const a = gaussian(60, 50, createRng(8));
    const r1 = svd(a);
    const r2 = svd(a);
    expect(r1.u!.data).toEqual(r2.u!.data);
    expect(r1.v!.data).toEqual(r2.v!.data);
    expect(r1.s).toEqual(r2.s);
    expect(() => svd(a, { maxIterations: 2 })).toThrow(ConvergenceError);
    expect(() => svd(a, { maxIterations: 2 })).toThrow(/svd: the bidiagonal QR iteration did not converge within/);
  });
});

interface Case {
  name: string;
  rows: number;
  cols: number;
  a: number[];
  sv: number[];
}

function isCases(x: unknown): x is { cases: Case[] } {
  return typeof x === 'object' && x !== null && 'cases' in x && Array.isArray(x.cases);
}

const fixture: unknown = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/svd-dc-numpy.json', import.meta.url), 'utf8'),
);

describe('svd, divide-and-conquer path: NumPy (dgesdd) fixtures', () => {
  const cases = isCases(fixture) ? fixture.cases : [];
  it('has the expected cases', () => {
    expect(cases.length).toBe(7);
  });
  for (const c of cases) {
    it(`${c.name}: σ match np.linalg.svd; invariants hold; values-only agrees`, () => {
      const a = matrix(c.rows, c.cols, c.a);
      const s = expectInvariants(c.name, a);
      const tol = 20 * Math.max(c.rows, c.cols) * EPS * Math.max(frob(a), 1);
      expectSpectrum(c.name, s, c.sv, tol);
      expectSpectrum(`${c.name} values only`, singularValues(a), c.sv, tol);
    });
  }
});
