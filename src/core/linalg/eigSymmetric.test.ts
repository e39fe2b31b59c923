import { describe, expect, it } from 'vitest';
import { ARTICLE_MATRICES, gaussian, testMatrices } from '../../../test/matrices.js';
import { column, frob, orthonormalityError } from '../../../test/spectral-helpers.js';
import { ConfigError, ConvergenceError, DomainError, ShapeError } from '../errors.js';
import { createRng } from '../random/rng.js';
import { eig } from './eig.js';
import { eigSymmetric } from './eigSymmetric.js';
import { type Matrix, fromArray, zeros } from './matrix.js';

const EPS = Number.EPSILON;

/** max_j ‖A·v_j − λ_j·v_j‖₂. */
function residual(a: Matrix, values: Float64Array, v: Matrix): number {
  const n = a.rows;
  let worst = 0;
  for (let j = 0; j < n; j++) {
    let ss = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += a.data[i * n + k]! * v.data[k * n + j]!;
      s -= values[j]! * v.data[i * n + j]!;
      ss += s * s;
    }
    worst = Math.max(worst, Math.sqrt(ss));
  }
  return worst;
}

function symmetricGaussian(n: number, seed: number): Matrix {
  const g = gaussian(n, n, createRng(seed));
  const a = zeros(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a.data[i * n + j] = g.data[i * n + j]! + g.data[j * n + i]!;
  return a;
}

describe('eigSymmetric', () => {
  it('Fibonacci F (symmetric): ψ, φ ascending with orthonormal Q as in the article (any sign)', () => {
    const r = eigSymmetric(fromArray(ARTICLE_MATRICES.fibonacci));
    expect(Array.from(r.values)).toEqual([
      expect.closeTo(-0.6180339887498949, 14),
      expect.closeTo(1.618033988749895, 14),
    ]);
    const q0 = column(r.vectors!, 0);
    const q1 = column(r.vectors!, 1);
    // Pivot convention: the largest component is positive.
    expect(q0).toEqual([expect.closeTo(0.85065080835204, 14), expect.closeTo(-0.5257311121191336, 14)]);
    expect(q1).toEqual([expect.closeTo(0.5257311121191336, 14), expect.closeTo(0.85065080835204, 14)]);
  });

  it('1x1, diagonal, zero and repeated eigenvalues', () => {
    expect(Array.from(eigSymmetric(fromArray([[4]])).values)).toEqual([4]);
    const d = eigSymmetric(
      fromArray([
        [3, 0, 0],
        [0, -1, 0],
        [0, 0, 2],
      ]),
    );
    expect(Array.from(d.values)).toEqual([-1, 2, 3]);
    expect(Array.from(d.vectors!.data)).toEqual([0, 0, 1, 1, 0, 0, 0, 1, 0]);
    const z = eigSymmetric(zeros(4, 4));
    expect(Array.from(z.values)).toEqual([0, 0, 0, 0]);
    expect(orthonormalityError(z.vectors!)).toBe(0);
  });

  it('matches eig on symmetric matrices and is ascending', () => {
    for (let seed = 0; seed < 10; seed++) {
      const a = symmetricGaussian(15, seed);
      const s = eigSymmetric(a).values;
      const g = Array.from(eig(a, { vectors: false }).re).sort((p, q) => p - q);
      for (let j = 0; j < 15; j++) expect(Math.abs(s[j]! - g[j]!)).toBeLessThan(1e-12 * frob(a));
      for (let j = 1; j < 15; j++) expect(s[j]).toBeGreaterThanOrEqual(s[j - 1]!);
    }
  });

  it('values only equals the values of the full decomposition bit for bit', () => {
    const a = symmetricGaussian(40, 3);
    expect(eigSymmetric(a, { vectors: false }).values).toEqual(eigSymmetric(a).values);
    expect(eigSymmetric(a, { vectors: false }).vectors).toBeUndefined();
  });

  it('a graded matrix keeps its tiny eigenvalue to high relative accuracy', () => {
    // diag(1, 1e-8, 1e-16) rotated slightly: eigenvalues near the diagonal.
    const a = fromArray([
      [1, 1e-9, 0],
      [1e-9, 1e-8, 1e-13],
      [0, 1e-13, 1e-16],
    ]);
    const v = eigSymmetric(a).values;
    expect(v[2]).toBeCloseTo(1, 14);
    // Tiny eigenvalue: determinant / (product of the other two) as an independent check.
    const det = 1 * (1e-8 * 1e-16 - 1e-26) - 1e-9 * (1e-9 * 1e-16);
    expect(Math.abs(v[0]! * v[1]! * v[2]! - det) / Math.abs(det)).toBeLessThan(1e-6);
  });

  it('names the worst asymmetric pair across tiles, the first in row-major order on ties (n = 70)', () => {
    // The check runs in 32 x 32 tiles fused with the symmetrization; the pair it names must
    // still be the one a plain row walk finds.
    const n = 70;
    const a = zeros(n, n);
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a.data[i * n + j] = a.data[j * n + i] = (i + 2 * j) % 7;
    a.data[50 * n + 3] = a.data[50 * n + 3]! + 0.5;
    a.data[40 * n + 35] = a.data[40 * n + 35]! + 0.5;
    expect(() => eigSymmetric(a)).toThrow(/\(40, 35\)/);
    a.data[65 * n + 60] = a.data[65 * n + 60]! - 0.75;
    expect(() => eigSymmetric(a)).toThrow(/\(65, 60\)/);
  });

  it('rejects non-symmetric input with a DomainError that points to eig; accepts rounding-level asymmetry', () => {
    const a = fromArray([
      [1, 2],
      [3, 4],
    ]);
    expect(() => eigSymmetric(a)).toThrow(DomainError);
    expect(() => eigSymmetric(a)).toThrow(/not symmetric.*\(1, 0\).*Use eig/);
    const b = fromArray([
      [1, 2],
      [2 + 1e-15, 4],
    ]);
    expect(eigSymmetric(b).values.length).toBe(2);
    expect(() => eigSymmetric(b, { symmetryTolerance: 0 })).toThrow(DomainError);
    expect(() => eigSymmetric(a, { symmetryTolerance: -1 })).toThrow(ConfigError);
  });

  it('shape, finiteness and iteration-cap errors', () => {
    expect(() => eigSymmetric(zeros(2, 3))).toThrow(ShapeError);
    expect(() => eigSymmetric(zeros(2, 3))).toThrow(/svd/);
    expect(() => eigSymmetric(zeros(0, 0))).toThrow(ShapeError);
    const a = zeros(2, 2);
    a.data[3] = Number.NaN;
    expect(() => eigSymmetric(a)).toThrow(/entry \(1, 1\)/);
    let err: unknown;
    try {
      eigSymmetric(symmetricGaussian(12, 1), { maxIterations: 1 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConvergenceError);
    if (err instanceof ConvergenceError) expect(err.iterations).toBe(1);
    expect(() => eigSymmetric(zeros(2, 2), { maxIterations: 2.5 })).toThrow(ConfigError);
  });

  it('properties over 1000 seeded symmetric matrices: residual, orthonormality, trace, known spectra', () => {
    const list = testMatrices({ seed: 21, count: 1000, shapes: 'square' });
    let worstRes = 0;
    let worstOrth = 0;
    let count = 0;
    for (const t of list) {
      const n = t.a.rows;
      // Symmetrize every kind: (A + Aᵀ)/2 covers all the structures (zero, rank-deficient, clustered…).
      const a = zeros(n, n);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) a.data[i * n + j] = 0.5 * (t.a.data[i * n + j]! + t.a.data[j * n + i]!);
      }
      const r = eigSymmetric(a);
      const nrm = Math.max(frob(a), 1e-300);
      const res = residual(a, r.values, r.vectors!) / nrm;
      const orth = orthonormalityError(r.vectors!);
      expect(res, t.label).toBeLessThanOrEqual(10 * n * EPS);
      expect(orth, t.label).toBeLessThanOrEqual(10 * n * EPS);
      worstRes = Math.max(worstRes, res);
      worstOrth = Math.max(worstOrth, orth);
      let trace = 0;
      for (let i = 0; i < n; i++) trace += a.data[i * n + i]!;
      expect(Math.abs(r.values.reduce((s, x) => s + x, 0) - trace), t.label).toBeLessThanOrEqual(10 * n * EPS * nrm);
      // Symmetric kinds with a fixed spectrum: symmetric eigenvalues are perfectly conditioned.
      if (
        (t.kind === 'repeated' || t.kind === 'clustered' || t.kind === 'diagonal' || t.kind === 'zero') &&
        t.eigenvalues
      ) {
        for (let j = 0; j < n; j++)
          expect(Math.abs(r.values[j]! - t.eigenvalues[j]!), t.label).toBeLessThan(10 * n * EPS * Math.max(nrm, 1));
        count++;
      }
    }
    expect(count).toBeGreaterThan(200);
    expect(worstRes).toBeLessThan(100 * EPS);
    expect(worstOrth).toBeLessThan(100 * EPS);
  });
});
