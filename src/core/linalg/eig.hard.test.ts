/**
 * Hard input for the eigen and singular value code, against NumPy/LAPACK (issue 11):
 * test/fixtures/eig-hard-numpy.json, made by scripts/fixtures/eig_hard_numpy.py (NumPy 2.4.6,
 * SciPy 1.17.1; see its docstring). The fixture is committed, so this test needs no Python.
 *
 * Tolerances are stated per case, in units of n·ε (ε = 2^−52) times the matrix's scale.
 * Residuals of matrices near the ends of the double range are measured on A·2^k (exact) so
 * that the check itself cannot overflow or underflow.
 */

import { describe, expect, it } from 'vitest';
import { readFixture } from '../../../test/fixture-reader.js';
import { eigResidual, orthonormalityError, sortedSpectrum, spectrumDistance } from '../../../test/spectral-helpers.js';
import { createRng } from '../random/rng.js';
import { fillNormal } from '../random/samplers.js';
import { balance } from './balance.js';
import { type EigResult, eig, eigvals } from './eig.js';
import { eigSymmetric } from './eigSymmetric.js';
import { type Matrix, matrix, zeros } from './matrix.js';
import { normMaxAbs } from './norms.js';
import { norm2, singularValues, svd } from './svd.js';

const EPS = Number.EPSILON;

interface Fixture {
  balance: { name: string; n: number; a: number[]; b: number[]; scale: number[]; perm: number[] }[];
  frank30: { re: number[]; im: number[]; backwardError: number };
  lower40: { n: number; a: number[]; re: number[] };
  huge: { n: number; a: number[]; re: number[]; im: number[] };
  subnormal: {
    n: number;
    a: number[];
    re: number[];
    im: number[];
    sv: number[];
    norm2: number;
    sym: number[];
    eigh: number[];
  }[];
  symhuge: { n: number; a: number[]; eigh: number[] }[];
  span: { name: string; n: number; a: number[]; re: number[]; im: number[]; residual: number }[];
}

/** The fixture, every field checked for its type (a malformed file fails here, naming the field). */
function readHardFixture(): Fixture {
  const f = readFixture(new URL('../../../test/fixtures/eig-hard-numpy.json', import.meta.url));
  const frank30 = f.object('frank30');
  const lower40 = f.object('lower40');
  const huge = f.object('huge');
  return {
    balance: f.objects('balance').map((c) => ({
      name: c.string('name'),
      n: c.number('n'),
      a: c.numbers('a'),
      b: c.numbers('b'),
      scale: c.numbers('scale'),
      perm: c.numbers('perm'),
    })),
    frank30: { re: frank30.numbers('re'), im: frank30.numbers('im'), backwardError: frank30.number('backwardError') },
    lower40: { n: lower40.number('n'), a: lower40.numbers('a'), re: lower40.numbers('re') },
    huge: { n: huge.number('n'), a: huge.numbers('a'), re: huge.numbers('re'), im: huge.numbers('im') },
    subnormal: f.objects('subnormal').map((c) => ({
      n: c.number('n'),
      a: c.numbers('a'),
      re: c.numbers('re'),
      im: c.numbers('im'),
      sv: c.numbers('sv'),
      norm2: c.number('norm2'),
      sym: c.numbers('sym'),
      eigh: c.numbers('eigh'),
    })),
    symhuge: f.objects('symhuge').map((c) => ({ n: c.number('n'), a: c.numbers('a'), eigh: c.numbers('eigh') })),
    span: f.objects('span').map((c) => ({
      name: c.string('name'),
      n: c.number('n'),
      a: c.numbers('a'),
      re: c.numbers('re'),
      im: c.numbers('im'),
      residual: c.number('residual'),
    })),
  };
}

const fx = readHardFixture();

const sq = (n: number, a: number[]): Matrix => matrix(n, n, a);

function frank(n: number): Matrix {
  const a = zeros(n, n);
  for (let i = 0; i < n; i++) for (let j = Math.max(0, i - 1); j < n; j++) a.data[i * n + j] = n - Math.max(i, j);
  return a;
}

/**
 * max_j ‖A v_j − λ_j v_j‖₂ / max|a_ij| for unit vectors, computed on A·2^k and λ·2^k with 2^k
 * bringing max|a_ij| near 1 (exact), so huge and subnormal matrices can be checked.
 */
function relResidual(a: Matrix, r: EigResult): number {
  const k = -Math.round(Math.log2(normMaxAbs(a)));
  const up = (x: number) => x * 2 ** Math.trunc(k / 2) * 2 ** (k - Math.trunc(k / 2));
  const as = matrix(a.rows, a.cols, a.data.map(up));
  return eigResidual(as, r.re.map(up), r.im.map(up), r.vectors!.re, r.vectors!.im) / normMaxAbs(as);
}

/** Normwise backward error of eigenpairs: max_j ‖A v_j − λ_j v_j‖₂ / (‖A‖_F ‖v_j‖₂), as the generator. */
function backwardError(a: Matrix, r: EigResult): number {
  let fa = 0;
  for (const x of a.data) fa += x * x;
  return eigResidual(a, r.re, r.im, r.vectors!.re, r.vectors!.im) / Math.sqrt(fa);
}

describe('balancing as LAPACK dgebal (permutation, then bounded scaling)', () => {
  for (const c of fx.balance) {
    it(`${c.name}: same permutation, scale factors and balanced matrix as dgebal`, () => {
      const r = balance(sq(c.n, c.a));
      expect(Array.from(r.perm)).toEqual(c.perm);
      expect(Array.from(r.d)).toEqual(c.scale);
      expect(Array.from(r.b.data)).toEqual(c.b);
      // B[i][j] = A[perm[i]][perm[j]]·d[j]/d[i] exactly (powers of 2).
      for (let i = 0; i < c.n; i++) {
        for (let j = 0; j < c.n; j++) {
          expect(r.b.data[i * c.n + j]).toBe((c.a[r.perm[i]! * c.n + r.perm[j]!]! / r.d[i]!) * r.d[j]!);
        }
      }
    });
  }

  it('Frank(30) is scaled over a range of 8 (was 5e5) and its eigenpairs have a backward error like NumPy’s', () => {
    const a = frank(30);
    const { d } = balance(a);
    expect(Math.max(...d) / Math.min(...d)).toBe(8);
    const r = eig(a);
    const be = backwardError(a, r);
    // NumPy's is 1.3e-15 by this measure; ours must be within n·ε and not worse than 4x NumPy's.
    expect(be).toBeLessThanOrEqual(30 * EPS);
    expect(be).toBeLessThanOrEqual(4 * fx.frank30.backwardError);
    // The large eigenvalues are well conditioned: agree with NumPy to 1e-12 relative.
    const got = [...r.re].sort((p, q) => q - p);
    const want = [...fx.frank30.re].sort((p, q) => q - p);
    for (let j = 0; j < 10; j++) expect(Math.abs(got[j]! - want[j]!)).toBeLessThanOrEqual(1e-12 * want[j]!);
  });
});

describe('eigenvalues isolated by the permutation are exact', () => {
  it('a 300 x 300 lower-triangular Gaussian (seeded): eigenvalues are its diagonal, bit for bit', () => {
    const n = 300;
    const g = fillNormal(createRng(20261206), new Float64Array(n * n));
    const a = zeros(n, n);
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a.data[i * n + j] = g[i * n + j]!;
    const diag = Array.from({ length: n }, (_, i) => a.data[i * n + i]!).sort((p, q) => p - q);
    const r = eigvals(a);
    expect(Array.from(r.im).every((x) => x === 0)).toBe(true);
    expect([...r.re].sort((p, q) => p - q)).toEqual(diag);
    expect(balance(a).ilo).toBe(balance(a).ihi); // fully isolated: no QR sweep at all
  });

  it('a permuted triangular matrix with vectors: exact eigenvalues, residual <= n·ε·max|a| (dgebak undoes P and D)', () => {
    const n = 60;
    const rng = createRng(7);
    const g = fillNormal(rng, new Float64Array(n * n));
    const p = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1));
      [p[i], p[j]] = [p[j]!, p[i]!];
    }
    // A = P·U·Pᵀ with U upper triangular, plus one 2x2 coupling so the window is not empty.
    const a = zeros(n, n);
    for (let i = 0; i < n; i++) for (let j = i; j < n; j++) a.data[p[i]! * n + p[j]!] = g[i * n + j]!;
    a.data[p[31]! * n + p[30]!] = 0.75;
    const r = eig(a);
    const diag = Array.from({ length: n }, (_, i) => g[i * n + i]!).filter((_, i) => i !== 30 && i !== 31);
    const re = [...r.re];
    for (const x of diag) {
      const k = re.indexOf(x);
      expect(k, `diagonal entry ${x} is an exact eigenvalue`).toBeGreaterThanOrEqual(0);
      re.splice(k, 1);
    }
    expect(relResidual(a, r)).toBeLessThanOrEqual(n * EPS);
  });

  it('40 x 40 lower triangular from NumPy: the same eigenvalues as np.linalg.eigvals, exactly', () => {
    const r = eigvals(sq(fx.lower40.n, fx.lower40.a));
    expect([...r.re].sort((p, q) => p - q)).toEqual([...fx.lower40.re].sort((p, q) => p - q));
  });
});

describe('scaling into the safe range at both ends', () => {
  it('largest entry 1.5e308 >= 2^1023.5: finite eigenvalues equal to NumPy’s within 100·n·ε·max|a|', () => {
    const { n } = fx.huge;
    const a = sq(n, fx.huge.a);
    const r = eig(a);
    expect(Array.from(r.re).every(Number.isFinite)).toBe(true);
    const tol = 100 * n * EPS * normMaxAbs(a);
    expect(spectrumDistance(sortedSpectrum(r.re, r.im), sortedSpectrum(fx.huge.re, fx.huge.im))).toBeLessThanOrEqual(
      tol,
    );
    expect(relResidual(a, r)).toBeLessThanOrEqual(n * EPS);
    expect(eigvals(a).re).toEqual(r.re);
  });

  for (const c of fx.subnormal) {
    it(`all-subnormal ${c.n} x ${c.n}: eig, eigvals, svd, singularValues, norm2 and eigSymmetric match NumPy`, () => {
      const a = sq(c.n, c.a);
      // Subnormals carry fewer bits: 100·n·ε·max|a| plus a few units of the smallest subnormal.
      const tol = 100 * c.n * EPS * normMaxAbs(a) + 4 * Number.MIN_VALUE;
      const r = eig(a);
      expect(spectrumDistance(sortedSpectrum(r.re, r.im), sortedSpectrum(c.re, c.im))).toBeLessThanOrEqual(tol);
      // λ is rounded to a multiple of the smallest subnormal, 2^−1074, on the way back.
      expect(relResidual(a, r)).toBeLessThanOrEqual(c.n * EPS + (4 * Number.MIN_VALUE) / normMaxAbs(a));
      expect(eigvals(a).re).toEqual(r.re);
      const s = singularValues(a);
      for (let i = 0; i < c.n; i++) expect(Math.abs(s[i]! - c.sv[i]!)).toBeLessThanOrEqual(tol);
      const full = svd(a);
      expect(full.s).toEqual(s);
      expect(orthonormalityError(full.u!)).toBeLessThanOrEqual(10 * c.n * EPS);
      expect(orthonormalityError(full.v!)).toBeLessThanOrEqual(10 * c.n * EPS);
      expect(Math.abs(norm2(a) - c.norm2)).toBeLessThanOrEqual(tol);
      const sym = eigSymmetric(sq(c.n, c.sym));
      for (let i = 0; i < c.n; i++) expect(Math.abs(sym.values[i]! - c.eigh[i]!)).toBeLessThanOrEqual(tol);
      expect(orthonormalityError(sym.vectors!)).toBeLessThanOrEqual(10 * c.n * EPS);
    });
  }
});

describe('eigSymmetric symmetrizes without overflow', () => {
  for (const c of fx.symhuge) {
    it(`${c.n} x ${c.n} with entries above 9e307: eigenvalues equal np.linalg.eigh’s within 10·n·ε·max|a|`, () => {
      const a = sq(c.n, c.a);
      const r = eigSymmetric(a);
      const tol = 10 * c.n * EPS * normMaxAbs(a);
      for (let i = 0; i < c.n; i++) expect(Math.abs(r.values[i]! - c.eigh[i]!)).toBeLessThanOrEqual(tol);
      expect(orthonormalityError(r.vectors!)).toBeLessThanOrEqual(10 * c.n * EPS);
    });
  }
});

describe('relative deflation: entries spanning 1e300', () => {
  for (const c of fx.span) {
    it(`${c.name}: every eigenpair has residual <= 10·n·ε·max|a| (as LAPACK; was up to 1·max|a|)`, () => {
      const a = sq(c.n, c.a);
      const r = eig(a);
      expect(relResidual(a, r)).toBeLessThanOrEqual(10 * c.n * EPS);
      // The dominant eigenvalue (about 1e300) agrees with NumPy to 10·n·ε relative.
      const top = (re: ArrayLike<number>, im: ArrayLike<number>) =>
        Math.max(...Array.from(re, (x, j) => Math.hypot(x / 1e300, im[j]! / 1e300)));
      expect(Math.abs(top(r.re, r.im) - top(c.re, c.im))).toBeLessThanOrEqual(10 * c.n * EPS * top(c.re, c.im));
    });
  }
});
