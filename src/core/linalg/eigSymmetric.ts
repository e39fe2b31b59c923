/**
 * Eigenvalues and orthonormal eigenvectors of a real symmetric matrix: A = V·diag(λ)·Vᵀ.
 *
 * Householder tridiagonalization (`tridiagonal.ts`) followed by the implicit symmetric QR
 * iteration with Wilkinson shifts (Golub & Van Loan, Matrix Computations, 4th ed.,
 * Algorithm 8.3.2 and 8.3.3); trailing 2x2 blocks are finished by one exact Jacobi rotation
 * (GVL 8.5.2), as LAPACK dsteqr does with dlaev2. Deflation uses dsteqr's relative test
 * e_j² <= ε²·|d_j|·|d_{j+1}| + safmin, which keeps small eigenvalues of graded matrices accurate.
 *
 * From n >= 160 the reduction is blocked (`tridiagonalBlocked.ts`, dsytrd/dlatrd: rank-2·nb
 * trailing updates in gemm, the panel's symmetric products on a WebAssembly SIMD kernel). With
 * vectors and n >= DC_MIN_N, T is diagonalized by divide and conquer (`tridiagonalDC.ts`,
 * dstedc/dlaed0–dlaed4 with Gu–Eisenstat vectors; blocks of <= 25 rows by the QR iteration
 * here) and V = Q·Z is formed by WY block reflectors through gemm (dormtr), as LAPACK's dsyevd
 * and NumPy's `eigh` do (docs/decisions/0025-symmetric-dc.md).
 *
 * Conventions: values ascending; vectors are the columns of `vectors`, orthonormal, each with
 * its pivot component positive (the first component whose magnitude is within a relative 2e-8
 * of the largest). The symmetric part (A + Aᵀ)/2 is used once A passed the symmetry check.
 */

import { ConfigError, ConvergenceError, DomainError, fmt } from '../errors.js';
import {
  SAFMIN,
  columnPivotSigns,
  hypot2,
  pivotIndex,
  rotateRows,
  rotationChain,
  transposeSquare,
} from './reflectors.js';
import { type Matrix, assertFinite, assertMatrix, assertOptions, assertSquare } from './matrix.js';
import { normMaxAbs } from './norms.js';
import { SYEV_RANGE, safeScaleExponent } from './safeScale.js';
import { formTridiagonalQ, reduceToTridiagonal } from './tridiagonal.js';
import { applyTridiagonalQ, reduceToTridiagonalBlocked } from './tridiagonalBlocked.js';
import { tridiagonalDC } from './tridiagonalDC.js';
import { keptBuffers } from './keptBuffers.js';

const ULP = Number.EPSILON;

/** Options of `eigSymmetric`. */
export interface EigSymmetricOptions {
  /** Compute eigenvectors (default true). */
  vectors?: boolean;
  /** Cap on the total number of QR sweeps (default 30·max(n, 10)); exceeding it throws ConvergenceError. */
  maxIterations?: number;
  /** Largest accepted |a_ij − a_ji| relative to max|a_ij| (default 1e-10). */
  symmetryTolerance?: number;
  /**
   * Algorithm: 'auto' (default) runs the blocked reduction and divide and conquer from
   * n >= DC_MIN_N with vectors, the unblocked reduction and the QR iteration otherwise; 'qr' and
   * 'dc' force one path (the QR path is the reference in tests).
   */
  method?: 'auto' | 'qr' | 'dc' | undefined;
}

/**
 * From this order on, 'auto' runs divide and conquer when vectors are wanted. Measured crossover
 * (2026-12-07, CPU medians): QR 2.9 ms vs D&C 3.1 ms at n = 96, 6.2 vs 5.4 ms at n = 128.
 */
export const DC_MIN_N = 112;

/** Tile size of the cache-blocked passes over a and aᵀ together. */
const TILE = 32;

/** From this order on, the blocked tridiagonal reduction runs (it reduces the last 96 rows unblocked anyway). */
const BLOCKED_MIN_N = 160;

/** Eigenvalues ascending and, with `vectors`, the matching orthonormal eigenvectors as columns. */
export interface EigSymmetricResult {
  values: Float64Array;
  vectors?: Matrix;
}

/**
 * Symmetric eigen-decomposition of an n x n matrix. Does not mutate `a`.
 * Cost: 4/3·n³ flops for the values (the QR iteration on T is O(n²)); with vectors about
 * 4/3·n³ + 2·n³ (Q·Z) plus at most 4/3·n³ for divide and conquer (much less with deflation),
 * about 9·n³ on the QR path (n < DC_MIN_N or method 'qr').
 * Throws ShapeError (not square, 0x0), DomainError (NaN/±Infinity entries, or not symmetric
 * within `symmetryTolerance`: use `eig`), ConfigError (bad options), ConvergenceError.
 */
export function eigSymmetric(a: Matrix, opts: EigSymmetricOptions = {}): EigSymmetricResult {
  const fn = 'eigSymmetric';
  assertOptions(fn, opts, '{vectors: false}');
  assertMatrix(fn, a);
  assertSquare(fn, a);
  assertFinite(fn, a);
  const n = a.rows;
  const wantVectors = opts.vectors ?? true;
  const maxSweeps = opts.maxIterations ?? 30 * Math.max(n, 10);
  const tol = opts.symmetryTolerance ?? 1e-10;
  if (!Number.isInteger(maxSweeps) || maxSweeps < 0) {
    throw new ConfigError(`${fn}: maxIterations must be a non-negative integer, got ${fmt(maxSweeps)}.`);
  }
  if (!(tol >= 0)) throw new ConfigError(`${fn}: symmetryTolerance must be a number >= 0, got ${fmt(tol)}.`);
  const method = opts.method ?? 'auto';
  if (method !== 'auto' && method !== 'qr' && method !== 'dc') {
    throw new ConfigError(`${fn}: method must be 'auto', 'qr' or 'dc', got ${fmt(method)}.`);
  }
  const useDC = wantVectors && (method === 'dc' || (method === 'auto' && n >= DC_MIN_N));
  const src = a.data;
  const anrm = normMaxAbs(a);

  // Into dsyev's safe range [2^−485, 2^485] by an exact power of 2 (dlascl), and only then
  // the symmetric part: (a_ij + a_ji)/2 of two entries near 1.8e308 would overflow.
  const ex = safeScaleExponent(anrm, SYEV_RANGE);
  const w = workMatrix(n);
  symmetricPart(fn, src, n, tol * anrm, 2 ** ex, w);
  const d = new Float64Array(n);
  const e = new Float64Array(Math.max(0, n - 1));
  const taus = new Float64Array(Math.max(0, n - 2));
  if (method !== 'qr' && n >= BLOCKED_MIN_N) reduceToTridiagonalBlocked(w, n, d, e, taus);
  else reduceToTridiagonal(w, n, d, e, taus);
  if (useDC) {
    // Vectors of T as columns of z, then V = Q·z (dsyevd: dstedc, then dormtr).
    const leaf = (dl: Float64Array, el: Float64Array, size: number, rows: Float64Array) => {
      tridiagonalQR(dl, el, size, rows, maxSweeps, fn);
    };
    const z = tridiagonalDC(d, e, n, { leaf, fn });
    applyTridiagonalQ(w, n, taus, z, n);
    return finishColumns(d, n, ex, z);
  }
  // Eigenvectors are kept as the rows of Wᵀ = Qᵀ so that each rotation combines two rows.
  const rows = wantVectors ? transposeSquare(formTridiagonalQ(w, n, taus), n) : null;
  tridiagonalQR(d, e, n, rows, maxSweeps, fn);
  return finish(d, n, ex, rows === null ? null : (j, i) => rows[j * n + i]!);
}

/**
 * The n x n working matrix (the reduction's input and then its reflectors), zeroed. Kept between
 * calls up to KEEP_N (2 MiB): a fresh large Float64Array costs its page faults and zeroing on
 * every call and a collection later, a fill reuses warm pages. Nothing returned aliases it, and
 * JavaScript runs one call at a time.
 */
const KEEP_N = 512;
const keptWork = keptBuffers(1, KEEP_N * KEEP_N);

function workMatrix(n: number): Float64Array {
  if (n > KEEP_N) return new Float64Array(n * n);
  return keptWork
    .take(0, n * n)
    .subarray(0, n * n)
    .fill(0);
}

/**
 * `finish` for vectors stored as the columns of z (n x n row-major): the same order, scaling and
 * pivot-sign rule, in row-wise passes (a column walk over a 4 KiB-strided matrix misses cache).
 */
function finishColumns(d: Float64Array, n: number, ex: number, z: Float64Array): EigSymmetricResult {
  const { values } = finish(d, n, ex, null);
  const order = Array.from({ length: n }, (_, i) => i).sort((p, q) => d[p]! - d[q]! || p - q);
  const sign = columnPivotSigns(z, n, n);
  // Each row of z permuted and signed in place, through one row of scratch.
  const src = new Int32Array(n);
  const fs = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const c = order[j]!;
    src[j] = c;
    fs[j] = sign[c]!;
  }
  const row = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = i * n;
    row.set(z.subarray(r, r + n));
    for (let j = 0; j < n; j++) z[r + j] = fs[j]! * row[src[j]!]!;
  }
  return { values, vectors: { rows: n, cols: n, data: z } };
}

/**
 * Sorts the eigenvalues ascending, undoes the scaling by 2^ex and, with `comp(j, i)` =
 * component i of the eigenvector of d[j], fixes each vector's sign (pivot positive).
 */
function finish(
  d: Float64Array,
  n: number,
  ex: number,
  comp: ((j: number, i: number) => number) | null,
): EigSymmetricResult {
  const order = Array.from({ length: n }, (_, i) => i).sort((p, q) => d[p]! - d[q]! || p - q);
  const values = new Float64Array(n);
  const unscale = 2 ** -ex;
  for (let j = 0; j < n; j++) values[j] = d[order[j]!]! * unscale;
  if (comp === null) return { values };
  const vec = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const r = order[j]!;
    const p = pivotIndex(n, (i) => comp(r, i) * comp(r, i));
    const f = comp(r, p) < 0 ? -1 : 1;
    for (let i = 0; i < n; i++) vec[i * n + j] = f * comp(r, i);
  }
  return { values, vectors: { rows: n, cols: n, data: vec } };
}

/**
 * The lower triangle (diagonal included) of w = (A·f + Aᵀ·f)/2, in the same pass as the check
 * that A is symmetric to within `allowed` (the largest |a_ij − a_ji| must not exceed it; else
 * DomainError naming the worst pair). In TILE x TILE tiles: a row walk of the column reads a_ji
 * would miss cache at every step. One pass over both triangles instead of two.
 */
function symmetricPart(fn: string, a: Float64Array, n: number, allowed: number, f: number, w: Float64Array): void {
  let worst = 0;
  let wi = 0;
  let wj = 0;
  // Ties keep the first (i, j) in row-major order, as a plain row walk would report.
  for (let i0 = 0; i0 < n; i0 += TILE) {
    const i1 = Math.min(n, i0 + TILE);
    for (let j0 = 0; j0 <= i0; j0 += TILE) {
      for (let i = i0; i < i1; i++) {
        const j1 = Math.min(i, j0 + TILE);
        for (let j = j0; j < j1; j++) {
          const x = a[i * n + j]!;
          const y = a[j * n + i]!;
          w[i * n + j] = 0.5 * (x * f + y * f);
          const diff = Math.abs(x - y);
          if (diff > worst || (diff === worst && diff > 0 && (i < wi || (i === wi && j < wj)))) {
            worst = diff;
            wi = i;
            wj = j;
          }
        }
        // The diagonal entry ends the row's part of this tile when the tile holds it.
        if (i < j0 + TILE) w[i * n + i] = 0.5 * (a[i * n + i]! * f + a[i * n + i]! * f);
      }
    }
  }
  if (worst > allowed) {
    throw new DomainError(
      `${fn}: the matrix is not symmetric: |a(${wi}, ${wj}) − a(${wj}, ${wi})| = ${fmt(worst)} exceeds the tolerance ${fmt(allowed)} (symmetryTolerance × max|a|). Use eig for general matrices, or pass (A + Aᵀ)/2 if the asymmetry is rounding noise.`,
    );
  }
}

/**
 * Diagonalizes the symmetric tridiagonal (d, e) in place (eigenvalues left in d, unsorted).
 * If `rows` is given (n x n, row-major), every rotation G applied as T ← G·T·Gᵀ is also applied
 * to its rows, so rows ← G·rows. Returns the number of sweeps; throws ConvergenceError past
 * `maxSweeps`.
 */
export function tridiagonalQR(
  d: Float64Array,
  e: Float64Array,
  n: number,
  rows: Float64Array | null,
  maxSweeps: number,
  fn: string,
): number {
  const eps2 = ULP * ULP;
  const negligible = (j: number) => e[j]! * e[j]! <= eps2 * Math.abs(d[j]!) * Math.abs(d[j + 1]!) + SAFMIN;
  let sweeps = 0;
  // The rotations of one sweep, applied to `rows` together afterwards (rotationChain).
  const cs = new Float64Array(n);
  const sn = new Float64Array(n);
  let m = n - 1;
  while (m > 0) {
    if (negligible(m - 1)) {
      e[m - 1] = 0;
      m--;
      continue;
    }
    let l = m - 1;
    while (l > 0 && !negligible(l - 1)) l--;
    if (l > 0) e[l - 1] = 0;
    if (l === m - 1) {
      jacobi2x2(d, e, m - 1, rows, n);
      m -= 2;
      continue;
    }
    if (sweeps >= maxSweeps) {
      throw new ConvergenceError(
        `${fn}: the tridiagonal QR iteration did not converge within ${sweeps} sweeps (maxIterations). Raise maxIterations, or check the matrix for extreme scaling.`,
        sweeps,
      );
    }
    sweeps++;
    qrStep(d, e, l, m, cs, sn);
    if (rows !== null) rotationChain(rows, n, l, m, cs, sn, false);
  }
  return sweeps;
}

/**
 * One implicit QR step with the Wilkinson shift on the unreduced block l..m (GVL 8.3.2).
 * Rotation k (on rows k, k+1) is returned in cs[k], sn[k].
 */
function qrStep(d: Float64Array, e: Float64Array, l: number, m: number, cs: Float64Array, sn: Float64Array): void {
  const em = e[m - 1]!;
  const t = 0.5 * (d[m - 1]! - d[m]!);
  const r0 = hypot2(t, em);
  const mu = d[m]! - em * (em / (t + (t >= 0 ? r0 : -r0)));
  let x = d[l]! - mu;
  let z = e[l]!;
  for (let k = l; k < m; k++) {
    // Rotation G = [[c, s], [−s, c]] on (k, k+1) with G·[x, z]ᵀ = [r, 0]ᵀ.
    const r = hypot2(x, z);
    const c = r === 0 ? 1 : x / r;
    const s = r === 0 ? 0 : z / r;
    if (k > l) e[k - 1] = r;
    const dk = d[k]!;
    const dk1 = d[k + 1]!;
    const ek = e[k]!;
    const cc = c * c;
    const ss = s * s;
    const cs2 = 2 * c * s * ek;
    d[k] = cc * dk + cs2 + ss * dk1;
    d[k + 1] = ss * dk - cs2 + cc * dk1;
    e[k] = c * s * (dk1 - dk) + (cc - ss) * ek;
    if (k < m - 1) {
      // The rotation creates the bulge T[k][k+2] = s·e[k+1]; chase it next.
      z = s * e[k + 1]!;
      e[k + 1] = e[k + 1]! * c;
      x = e[k]!;
    }
    cs[k] = c;
    sn[k] = s;
  }
}

/** Diagonalizes the 2x2 block at (p, p+1) exactly with one Jacobi rotation (GVL 8.5.2). */
function jacobi2x2(d: Float64Array, e: Float64Array, p: number, rows: Float64Array | null, n: number): void {
  const a = d[p]!;
  const b = e[p]!;
  const c = d[p + 1]!;
  e[p] = 0;
  if (b === 0) return;
  // t = tan θ, the smaller root of t² + 2τt − 1 = 0, so |θ| <= π/4.
  const tau = (c - a) / (2 * b);
  const t = (tau >= 0 ? 1 : -1) / (Math.abs(tau) + hypot2(1, tau));
  const cs = 1 / hypot2(1, t);
  const sn = t * cs;
  d[p] = a - t * b;
  d[p + 1] = c + t * b;
  // Jᵀ·[[a, b], [b, c]]·J is diagonal with J = [[cs, sn], [−sn, cs]]; rows ← Jᵀ·rows.
  if (rows !== null) rotateRows(rows, n, p, p + 1, cs, -sn);
}
