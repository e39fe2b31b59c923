/**
 * The divide-and-conquer path of eigSymmetric (tridiagonalBlocked.ts, tridiagonalDC.ts): the
 * QR path as reference, NumPy eigh (test/fixtures/eigh-numpy.json, made by
 * scripts/fixtures/eigh_numpy.py), analytic spectra, and the hard cases for D&C: clustered and
 * repeated eigenvalues (heavy deflation), glued Wilkinson matrices, graded matrices, splits.
 * Bounds: ‖AV − VΛ‖_F / (n·ε·‖A‖_F) and max|VᵀV − I| / (n·ε).
 */

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gaussian, orthogonal } from '../../../test/matrices.js';
import { orthonormalityError } from '../../../test/spectral-helpers.js';
import { ConfigError, ConvergenceError } from '../errors.js';
import { createRng } from '../random/rng.js';
import { DC_MIN_N, eigSymmetric, tridiagonalQR } from './eigSymmetric.js';
import { type Matrix, matrix, zeros } from './matrix.js';
import { formTridiagonalQ, reduceToTridiagonal } from './tridiagonal.js';
import {
  SYMV_COEF,
  SYMV_DOTS,
  SYMV_MAX_N,
  SYMV_PV,
  SYMV_VW,
  setSymvKernel,
  simdSymv,
  simdSymvModuleBytes,
} from './simdSymv.js';
import { applyTridiagonalQ, reduceToTridiagonalBlocked } from './tridiagonalBlocked.js';
import { type TridiagonalLeafSolver, tridiagonalDC } from './tridiagonalDC.js';

const EPS = Number.EPSILON;

function fromFormula(n: number, f: (i: number, j: number) => number): Matrix {
  const a = zeros(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a.data[i * n + j] = f(i, j);
  return a;
}

function symmetricGaussian(n: number, seed: number): Matrix {
  const g = gaussian(n, n, createRng(seed));
  return fromFormula(n, (i, j) => g.data[i * n + j]! + g.data[j * n + i]!);
}

function frobenius(x: Float64Array): number {
  let s = 0;
  for (const v of x) s += v * v;
  return Math.sqrt(s);
}

/** ‖AV − VΛ‖_F / (n·ε·‖A‖_F) (1 when A = 0 and the residual is 0). */
function residualRatio(a: Matrix, values: Float64Array, v: Matrix): number {
  const n = a.rows;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += a.data[i * n + k]! * v.data[k * n + j]!;
      const r = s - values[j]! * v.data[i * n + j]!;
      ss += r * r;
    }
  }
  const norm = frobenius(a.data);
  return norm === 0 ? Math.sqrt(ss) : Math.sqrt(ss) / (n * EPS * norm);
}

/** Checks residual, orthonormality and ascending order; returns the two ratios. */
function expectGoodDecomposition(a: Matrix, r: { values: Float64Array; vectors?: Matrix | undefined }) {
  const n = a.rows;
  const v = r.vectors!;
  const res = residualRatio(a, r.values, v);
  const orth = orthonormalityError(v) / (n * EPS);
  expect(res).toBeLessThan(1);
  expect(orth).toBeLessThan(1);
  for (let j = 1; j < n; j++) expect(r.values[j]!).toBeGreaterThanOrEqual(r.values[j - 1]!);
  return { res, orth };
}

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}

const qrLeaf: TridiagonalLeafSolver = (d, e, size, rows) => {
  tridiagonalQR(d, e, size, rows, 30 * Math.max(size, 10), 'test');
};

/** max_j ‖T·z_j − λ_j·z_j‖₂ for the tridiagonal (d, e) and Z's columns. */
function tridiagonalResidual(d: Float64Array, e: Float64Array, lambda: Float64Array, z: Float64Array): number {
  const n = d.length;
  let worst = 0;
  for (let j = 0; j < n; j++) {
    let ss = 0;
    for (let i = 0; i < n; i++) {
      let s = d[i]! * z[i * n + j]!;
      if (i > 0) s += e[i - 1]! * z[(i - 1) * n + j]!;
      if (i < n - 1) s += e[i]! * z[(i + 1) * n + j]!;
      s -= lambda[j]! * z[i * n + j]!;
      ss += s * s;
    }
    worst = Math.max(worst, Math.sqrt(ss));
  }
  return worst;
}

/** Runs tridiagonalDC on copies of (d, e) and checks it against the QR iteration. */
function checkTridiagonalDC(d: Float64Array, e: Float64Array, leafSize: number): void {
  const n = d.length;
  const dl = d.slice();
  const z = tridiagonalDC(dl, e.slice(), n, { leaf: qrLeaf, leafSize, fn: 'test' });
  const dq = d.slice();
  tridiagonalQR(dq, e.slice(), n, null, 30 * Math.max(n, 10), 'test');
  const norm = Math.max(maxAbs(d), maxAbs(e), Number.MIN_VALUE);
  const a = Float64Array.from(dl).sort();
  const b = Float64Array.from(dq).sort();
  for (let j = 0; j < n; j++) expect(Math.abs(a[j]! - b[j]!)).toBeLessThanOrEqual(4 * n * EPS * norm);
  // Each of the log₂(n/leaf) merges adds rounding (measured worst: 1.05·n·ε at n = 19 with
  // leaves of 2 rows); LAPACK's own tests allow 30·n·ulp. Bounds 2·max(n, 8)·ε.
  const m = 2 * Math.max(n, 8);
  expect(tridiagonalResidual(d, e, dl, z)).toBeLessThanOrEqual(m * EPS * norm);
  expect(orthonormalityError(matrix(n, n, z))).toBeLessThanOrEqual(m * EPS);
}

function wilkinsonPlus(m: number): { d: number[]; e: number[] } {
  const h = (m - 1) / 2;
  return { d: Array.from({ length: m }, (_, i) => Math.abs(h - i)), e: Array.from({ length: m - 1 }, () => 1) };
}

describe('eigSymmetric, divide and conquer', () => {
  it('random symmetric n = 64, 131, 256: matches the QR path, residual and orthogonality within n·ε, same bits twice', () => {
    for (const n of [64, 131, 256]) {
      const a = symmetricGaussian(n, n);
      const dc = eigSymmetric(a, { method: 'dc' });
      const qr = eigSymmetric(a, { method: 'qr' });
      expectGoodDecomposition(a, dc);
      const scale = maxAbs(a.data);
      for (let j = 0; j < n; j++)
        expect(Math.abs(dc.values[j]! - qr.values[j]!)).toBeLessThanOrEqual(4 * n * EPS * scale);
      // 'auto' takes this path from DC_MIN_N on; the result is deterministic to the bit.
      const again = eigSymmetric(a, { method: n >= DC_MIN_N ? 'auto' : 'dc' });
      expect(again.values).toEqual(dc.values);
      expect(again.vectors!.data).toEqual(dc.vectors!.data);
    }
  });

  it('tridiag(−1, 2, −1), n = 150: analytic eigenvalues 2 − 2cos(kπ/(n+1)) and sine eigenvectors', () => {
    const n = 150;
    const a = fromFormula(n, (i, j) => (i === j ? 2 : Math.abs(i - j) === 1 ? -1 : 0));
    const r = eigSymmetric(a);
    expectGoodDecomposition(a, r);
    for (let k = 0; k < n; k++) {
      expect(Math.abs(r.values[k]! - (2 - 2 * Math.cos(((k + 1) * Math.PI) / (n + 1))))).toBeLessThan(4 * n * EPS * 4);
      // Gaps are >= 2e-3 here, so each vector is determined to ~1e-13 (up to sign).
      const sign = Math.sign(r.vectors!.data[k]!);
      for (let i = 0; i < n; i++) {
        const exact = Math.sqrt(2 / (n + 1)) * Math.sin(((i + 1) * (k + 1) * Math.PI) / (n + 1));
        expect(Math.abs(sign * r.vectors!.data[i * n + k]! - exact)).toBeLessThan(1e-11);
      }
    }
  });

  it('repeated and clustered eigenvalues: zero, scaled identity, diagonal with ties, a block-diagonal split', () => {
    const n = 70;
    const z = eigSymmetric(zeros(n, n), { method: 'dc' });
    expect(Array.from(z.values)).toEqual(new Array(n).fill(0));
    expectGoodDecomposition(zeros(n, n), z);
    const three = fromFormula(n, (i, j) => (i === j ? 3 : 0));
    const t = eigSymmetric(three, { method: 'dc' });
    expect(Array.from(t.values)).toEqual(new Array(n).fill(3));
    expectGoodDecomposition(three, t);
    const ties = fromFormula(n, (i, j) => (i === j ? (i * 7) % 5 : 0));
    const r = eigSymmetric(ties, { method: 'dc' });
    expect(Array.from(r.values)).toEqual(Array.from({ length: n }, (_, i) => Math.floor(i / 14)));
    expectGoodDecomposition(ties, r);
    // Three unreduced blocks with the same spectrum: every eigenvalue has multiplicity 3.
    const m = 30;
    const b = symmetricGaussian(m, 5);
    const blocks = fromFormula(3 * m, (i, j) =>
      Math.floor(i / m) === Math.floor(j / m) ? b.data[(i % m) * m + (j % m)]! : 0,
    );
    const s = eigSymmetric(blocks, { method: 'dc' });
    expectGoodDecomposition(blocks, s);
    const single = eigSymmetric(b).values;
    for (let j = 0; j < 3 * m; j++) {
      expect(Math.abs(s.values[j]! - single[Math.floor(j / 3)]!)).toBeLessThan(4 * 3 * m * EPS * maxAbs(b.data));
    }
  });

  it('graded matrix a_ij = 4^−(i+j)·g_ij, n = 100: normwise bounds and agreement with the QR path', () => {
    const n = 100;
    const g = symmetricGaussian(n, 11);
    const a = fromFormula(n, (i, j) => 0.25 ** ((i + j) / 4) * g.data[i * n + j]!);
    const dc = eigSymmetric(a, { method: 'dc' });
    const qr = eigSymmetric(a, { method: 'qr' });
    expectGoodDecomposition(a, dc);
    const scale = maxAbs(a.data);
    for (let j = 0; j < n; j++)
      expect(Math.abs(dc.values[j]! - qr.values[j]!)).toBeLessThanOrEqual(4 * n * EPS * scale);
  });

  it('n = 192 through the blocked reduction and its SIMD panel: graded, and clustered around three values with a repeated one', () => {
    const n = 192;
    const g = symmetricGaussian(n, 12);
    const graded = fromFormula(n, (i, j) => 0.25 ** ((i + j) / 16) * g.data[i * n + j]!);
    // Q·diag(λ)·Qᵀ: 64 eigenvalues 1e-12 apart near each of −1, 0.5 and 2, and 2 repeated 20 times.
    const lambda = Array.from({ length: n }, (_, i) => (i < 20 ? 2 : [-1, 0.5, 2][i % 3]! + 1e-12 * i));
    const q = orthogonal(n, n, createRng(13));
    const clustered = fromFormula(n, (i, j) => {
      let s = 0;
      for (let k = 0; k < n; k++) s += q.data[i * n + k]! * lambda[k]! * q.data[j * n + k]!;
      return s;
    });
    for (const [name, a] of [
      ['graded', graded],
      ['clustered', clustered],
    ] as const) {
      const dc = eigSymmetric(a);
      const qr = eigSymmetric(a, { method: 'qr' });
      expectGoodDecomposition(a, dc);
      const scale = maxAbs(a.data);
      for (let j = 0; j < n; j++) {
        expect(Math.abs(dc.values[j]! - qr.values[j]!), `${name} λ${j}`).toBeLessThanOrEqual(4 * n * EPS * scale);
      }
    }
    const want = [...lambda].sort((p, r) => p - r);
    const got = eigSymmetric(clustered).values;
    for (let j = 0; j < n; j++) expect(Math.abs(got[j]! - want[j]!), `λ${j}`).toBeLessThanOrEqual(4 * n * EPS * 2);
  });

  it('edge shapes through the D&C path: 1x1, 2x2, 3x3 equal the QR path', () => {
    for (const rows of [
      [[4]],
      [
        [1, 2],
        [2, -3],
      ],
      [
        [2, 1, 0],
        [1, 2, 1],
        [0, 1, 2],
      ],
    ]) {
      const n = rows.length;
      const a = matrix(n, n, rows.flat());
      const dc = eigSymmetric(a, { method: 'dc' });
      const qr = eigSymmetric(a, { method: 'qr' });
      expect(dc.values).toEqual(qr.values);
      expectGoodDecomposition(a, dc);
    }
  });

  it('rejects an unknown method with a ConfigError naming the allowed ones', () => {
    // @ts-expect-error: a bad value on purpose
    expect(() => eigSymmetric(zeros(2, 2), { method: 'jacobi' })).toThrow(/'auto', 'qr' or 'dc'/);
    // @ts-expect-error: a bad value on purpose
    expect(() => eigSymmetric(zeros(2, 2), { method: 'jacobi' })).toThrow(ConfigError);
  });

  it('iteration caps: a ConvergenceError from the secular equation and from the QR leaves', () => {
    const rng = createRng(3);
    const g = gaussian(1, 119, rng).data;
    const d = g.subarray(0, 60).slice();
    const e = g.subarray(60, 119).slice();
    expect(() =>
      tridiagonalDC(d.slice(), e.slice(), 60, { leaf: qrLeaf, leafSize: 8, secularMaxIterations: 0, fn: 'test' }),
    ).toThrow(ConvergenceError);
    expect(() => eigSymmetric(symmetricGaussian(70, 1), { method: 'dc', maxIterations: 0 })).toThrow(ConvergenceError);
    // The default cap is far above what the iteration needs.
    checkTridiagonalDC(d, e, 8);
  });
});

describe('tridiagonalDC on its own (small leaves: deep recursion, k = 1 and 2 merges)', () => {
  it('random tridiagonals n = 0 … 40 with leaves of 2 and 5 rows', () => {
    const rng = createRng(17);
    for (let n = 0; n <= 40; n++) {
      const g = gaussian(1, 2 * n + 1, rng).data;
      const d = g.subarray(0, n).slice();
      const e = g.subarray(n, Math.max(2 * n - 1, n)).slice();
      checkTridiagonalDC(d, e, 2);
      checkTridiagonalDC(d, e, 5);
    }
  });

  it('Wilkinson W+21 (pairs 1e-13 apart) and five glued copies (off-diagonal 1e-12 and 1e-7)', () => {
    const w = wilkinsonPlus(21);
    checkTridiagonalDC(Float64Array.from(w.d), Float64Array.from(w.e), 4);
    for (const glue of [1e-12, 1e-7]) {
      const d: number[] = [];
      const e: number[] = [];
      for (let b = 0; b < 5; b++) {
        d.push(...w.d);
        e.push(...w.e);
        if (b < 4) e.push(glue);
      }
      checkTridiagonalDC(Float64Array.from(d), Float64Array.from(e), 4);
      checkTridiagonalDC(Float64Array.from(d), Float64Array.from(e), 25);
    }
  });

  it('graded tridiagonal d_i = 10^(−i/4), e_i = d_i/3 and its reverse; zero off-diagonals split', () => {
    const n = 100;
    const d = Float64Array.from({ length: n }, (_, i) => 10 ** (-i / 4));
    const e = Float64Array.from({ length: n - 1 }, (_, i) => d[i]! / 3);
    checkTridiagonalDC(d, e, 6);
    checkTridiagonalDC(d.slice().reverse(), e.slice().reverse(), 6);
    const e0 = e.slice();
    for (let i = 9; i < n - 1; i += 10) e0[i] = 0;
    checkTridiagonalDC(d, e0, 3);
  });
});

describe('blocked tridiagonal reduction and the WY application of Q', () => {
  it('the symv module is small (synchronous compile in the browser), valid, and loads in Node', () => {
    const bytes = simdSymvModuleBytes();
    expect(bytes.length).toBeLessThan(4096);
    expect(WebAssembly.validate(bytes)).toBe(true);
    expect(simdSymv()?.mem.length).toBeGreaterThanOrEqual(SYMV_MAX_N * SYMV_MAX_N);
  });

  it('the panel kernels dots2 and axpy2 give the bits of their lane-by-lane definition (unaligned starts, both row sets)', () => {
    const k = simdSymv();
    if (k === null) return; // no WebAssembly SIMD: the scalar panel runs (tested below)
    const m = k.mem;
    const rng = createRng(77);
    const N = 37;
    const rows = 5;
    const off2 = 16 * N;
    const x = SYMV_VW + 3; // odd start: unaligned pairs
    const vec = SYMV_VW + 2 * off2 + 1;
    const pairs = 15;
    for (let i = 0; i < 3 * off2; i++) m[SYMV_VW + i] = rng.next() - 0.5;
    k.dots2(x, rows, N, off2, vec, pairs, SYMV_DOTS);
    for (let set = 0; set < 2; set++) {
      for (let q = 0; q < rows; q++) {
        for (let lane = 0; lane < 2; lane++) {
          let acc = 0;
          for (let p = 0; p < pairs; p++) acc += m[x + set * off2 + q * N + 2 * p + lane]! * m[vec + 2 * p + lane]!;
          expect(m[SYMV_DOTS + 2 * (set * rows + q) + lane]).toBe(acc);
        }
      }
    }
    for (let q = 0; q < 2 * rows; q++) m[SYMV_COEF + q] = rng.next() - 0.5;
    const y = SYMV_PV + 1;
    const before = Float64Array.from(m.subarray(y, y + 2 * pairs));
    k.axpy2(x, rows, N, off2, SYMV_COEF, y, pairs);
    for (let i = 0; i < 2 * pairs; i++) {
      let acc = before[i]!;
      for (let q = 0; q < rows; q++) {
        acc = acc + m[x + q * N + i]! * m[SYMV_COEF + q]! + m[x + off2 + q * N + i]! * m[SYMV_COEF + rows + q]!;
      }
      expect(m[y + i], `y${i}`).toBe(acc);
    }
  });

  it('n = 97 and 230, SIMD and scalar symv: QᵀAQ = T within n·ε·‖A‖, T has the unblocked spectrum, applyTridiagonalQ(I) = Q', () => {
    for (const [n, kernel] of [
      [97, 'simd'],
      [230, 'simd'],
      [230, 'js'],
    ] as const) {
      setSymvKernel(kernel);
      const a = symmetricGaussian(n, 40 + n);
      const lower = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) lower[i * n + j] = a.data[i * n + j]!;
      const w = lower.slice();
      const d = new Float64Array(n);
      const e = new Float64Array(n - 1);
      const taus = new Float64Array(n - 2);
      try {
        reduceToTridiagonalBlocked(w, n, d, e, taus);
      } finally {
        setSymvKernel('simd');
      }
      const q = formTridiagonalQ(w, n, taus);
      const applied = new Float64Array(n * n);
      for (let i = 0; i < n; i++) applied[i * n + i] = 1;
      applyTridiagonalQ(w, n, taus, applied, n);
      let diff = 0;
      for (let i = 0; i < n * n; i++) diff = Math.max(diff, Math.abs(applied[i]! - q[i]!));
      expect(diff).toBeLessThan(n * EPS);
      // QᵀAQ − T, entry by entry.
      const scale = maxAbs(a.data);
      let worst = 0;
      const aq = new Float64Array(n * n);
      for (let i = 0; i < n; i++) {
        for (let k = 0; k < n; k++) {
          const x = a.data[i * n + k]!;
          for (let j = 0; j < n; j++) aq[i * n + j] = aq[i * n + j]! + x * q[k * n + j]!;
        }
      }
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let k = 0; k < n; k++) s += q[k * n + i]! * aq[k * n + j]!;
          const t = i === j ? d[i]! : i === j + 1 ? e[j]! : j === i + 1 ? e[i]! : 0;
          worst = Math.max(worst, Math.abs(s - t));
        }
      }
      expect(worst).toBeLessThan(n * EPS * scale);
      const w2 = lower.slice();
      const d2 = new Float64Array(n);
      const e2 = new Float64Array(n - 1);
      reduceToTridiagonal(w2, n, d2, e2, new Float64Array(n - 2));
      tridiagonalQR(d, e, n, null, 1e6, 'test');
      tridiagonalQR(d2, e2, n, null, 1e6, 'test');
      d.sort();
      d2.sort();
      for (let j = 0; j < n; j++) expect(Math.abs(d[j]! - d2[j]!)).toBeLessThan(4 * n * EPS * scale);
    }
  });
});

interface EighCase {
  name: string;
  n: number;
  values: number[];
  vectors: Record<string, number[]>;
}

const fixture: { cases: EighCase[] } = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/eigh-numpy.json', import.meta.url), 'utf8'),
);

/** The matrices of scripts/fixtures/eigh_numpy.py, by the same formulas. */
const FORMULAS: Record<string, () => Matrix> = {
  modular100: () => fromFormula(100, (i, j) => ((i * j + i + j) % 23) - 11),
  wilkinson_glued105: () => {
    const m = 21;
    return fromFormula(5 * m, (i, j) => {
      if (i === j) return Math.abs(10 - (i % m));
      if (Math.abs(i - j) !== 1) return 0;
      return Math.floor(i / m) === Math.floor(j / m) ? 1 : 1e-7;
    });
  },
  graded90: () => fromFormula(90, (i, j) => 2 ** (-(i + j) / 3) * ((((i + 1) * (j + 1)) % 7) - 3)),
  rank_one80: () => fromFormula(80, (i, j) => (i === j ? 1 : 0) + ((i % 5) - 2) * ((j % 5) - 2)),
  repeated120: () => {
    const n = 120;
    const p = fromFormula(n, (i, j) => Math.sqrt(2 / (n + 1)) * Math.sin(((i + 1) * (j + 1) * Math.PI) / (n + 1)));
    const a = fromFormula(n, (i, j) => {
      let s = 0;
      for (let k = 0; k < n; k++) s += p.data[i * n + k]! * Math.floor(k / 10) * p.data[k * n + j]!;
      return s;
    });
    return fromFormula(n, (i, j) => 0.5 * (a.data[i * n + j]! + a.data[j * n + i]!));
  },
};

describe('NumPy eigh fixtures (clustered, repeated, graded)', () => {
  it('has the five cases', () => {
    expect(fixture.cases.map((c) => c.name)).toEqual(Object.keys(FORMULAS));
  });
  for (const c of fixture.cases) {
    it(`${c.name}: D&C and QR eigenvalues within 4·n·ε·max|a| of np.linalg.eigh, separated vectors within 1e-10`, () => {
      const a = FORMULAS[c.name]!();
      const scale = maxAbs(a.data);
      for (const method of ['dc', 'qr'] as const) {
        const r = eigSymmetric(a, { method });
        expectGoodDecomposition(a, r);
        for (let j = 0; j < c.n; j++) {
          expect(Math.abs(r.values[j]! - c.values[j]!)).toBeLessThanOrEqual(4 * c.n * EPS * scale);
        }
        for (const [key, expected] of Object.entries(c.vectors)) {
          const j = Number(key);
          for (let i = 0; i < c.n; i++) {
            expect(Math.abs(r.vectors!.data[i * c.n + j]! - expected[i]!)).toBeLessThan(1e-10);
          }
        }
      }
    });
  }
});
