/**
 * Thin singular value decomposition A = U·diag(s)·Vᵀ of any real m x n matrix, k = min(m, n).
 *
 * LAPACK dgesdd's plan. With vectors, a tall matrix (m >= 1.6·n) is first reduced to its R
 * factor by the blocked QR (qr.ts). Golub–Kahan bidiagonalization (`bidiagonal.ts`, fused
 * level-2 passes, run on WebAssembly SIMD by `bidiagonalSimd.ts` for n >= 32; a blocked
 * dgebrd variant measured no faster in V8 and was removed, see
 * docs/decisions/0026-svd-dc.md). With vectors and n > 25, divide and conquer on the
 * bidiagonal (`bidiagonalDC.ts`, dbdsdc), whose vectors are carried back through the reflectors
 * blockwise (`applyBidiagonalQ/P`, dormbr); singular values alone, and n <= 25, use the
 * implicit-shift bidiagonal QR iteration with Demmel–Kahan zero shifts (`bidiagonalQR.ts`;
 * Golub & Van Loan, Matrix Computations, 4th ed., 8.6). A wide matrix is handled through its
 * transpose. `svdReference` keeps the earlier all-QR path (explicit U_B and V_B updated by every
 * rotation) as the reference for tests and benchmarks.
 *
 * Conventions: s descending and >= 0; U (m x k) and V (n x k) have orthonormal columns; signs
 * are fixed so that in each column of U the pivot component (the first whose magnitude is
 * within a relative 2e-8 of the largest) is positive, V's column flipped along with it (the
 * "u-based" rule of scikit-learn's svd_flip). Columns for zero singular values are still
 * orthonormal. `norm2` lives here too, so norms.ts does not import the solver.
 */

import { ConfigError, fmt } from '../errors.js';
import { bidiagonalQR } from './bidiagonalQR.js';
import { formBidiagonalU, formBidiagonalV, reduceToBidiagonal } from './bidiagonal.js';
import { applyBidiagonalP, applyBidiagonalQ } from './bidiagonalBlocked.js';
import { DC_LEAF, bidiagonalDCColumns } from './bidiagonalDC.js';
import { reduceToBidiagonalSimd } from './bidiagonalSimd.js';
import { gemm } from './gemm.js';
import { qr } from './qr.js';
import { columnPivotSigns, pivotIndex, transposeSquare } from './reflectors.js';
import { type Matrix, assertFinite, assertMatrix, assertOptions, transpose } from './matrix.js';
import { normMaxAbs } from './norms.js';
import { GEEV_RANGE, safeScaleExponent, scaleByPow2 } from './safeScale.js';
import { keptBuffers } from './keptBuffers.js';

/** Options of `svd`. */
export interface SvdOptions {
  /** Compute U and V (default true). */
  vectors?: boolean;
  /**
   * Cap on the total number of bidiagonal QR sweeps, over all divide-and-conquer leaves
   * (default 30·max(k, 10)). The secular-equation solves have their own fixed cap.
   */
  maxIterations?: number;
}

/** Singular values `s` (descending) and, with `vectors`, U (m x k) and V (n x k). */
export interface SvdResult {
  s: Float64Array;
  u?: Matrix;
  v?: Matrix;
}

/**
 * Thin SVD of an m x n matrix. Does not mutate `a`. Cost 4mn² − 4/3·n³ flops for the values
 * (m >= n); with vectors add about 4n³ (carrying the vectors back) and up to 8/3·n³ (the
 * divide-and-conquer merges, all in gemm), plus 4mn² when QR comes first. Any shape is
 * accepted, including 0 x n (then s is empty, U is m x 0 and V is n x 0). Throws DomainError
 * (NaN/±Infinity entries), ConfigError (bad options), ConvergenceError (an iteration cap hit).
 */
export function svd(a: Matrix, opts: SvdOptions = {}): SvdResult {
  assertOptions('svd', opts, '{vectors: false}');
  return svdImpl('svd', a, opts.vectors ?? true, opts.maxIterations, false);
}

/**
 * The pre-divide-and-conquer SVD (unblocked reduction, explicit U_B and V_B, QR iteration on
 * the vectors): same contract and conventions as `svd`. Internal, not re-exported from the
 * package: tests and benchmarks use it as the reference for the fast path.
 */
export function svdReference(a: Matrix, opts: SvdOptions = {}): SvdResult {
  assertOptions('svdReference', opts, '{vectors: false}');
  return svdImpl('svdReference', a, opts.vectors ?? true, opts.maxIterations, true);
}

/** Singular values only, descending (no U or V is formed or updated). Same errors as `svd`. */
export function singularValues(a: Matrix, opts: { maxIterations?: number } = {}): Float64Array {
  assertOptions('singularValues', opts, '{maxIterations: 1000}');
  return svdImpl('singularValues', a, false, opts.maxIterations, false).s;
}

/** Spectral norm ‖A‖₂ = the largest singular value (0 for an empty matrix). */
export function norm2(a: Matrix): number {
  const s = svdImpl('norm2', a, false, undefined, false).s;
  return s.length === 0 ? 0 : s[0]!;
}

/**
 * From this n on the reduction runs its passes on WebAssembly SIMD (copying in and out costs
 * more than it saves on tiny matrices, whose results then stay those of the scalar code).
 */
const SIMD_REDUCTION_MIN = 32;

/** Tall matrices from this aspect ratio on are reduced to R by QR first (dgesdd's crossover). */
const QR_FIRST = 1.6;

function svdImpl(
  fn: string,
  a: Matrix,
  wantVectors: boolean,
  maxIterations: number | undefined,
  reference: boolean,
): SvdResult {
  assertMatrix(fn, a);
  assertFinite(fn, a);
  const wide = a.rows < a.cols;
  // Work on a tall (m >= n) matrix: A itself, or Aᵀ for a wide A (then U and V swap roles).
  const m = wide ? a.cols : a.rows;
  const n = wide ? a.rows : a.cols;
  const maxSweeps = maxIterations ?? 30 * Math.max(n, 10);
  if (!Number.isInteger(maxSweeps) || maxSweeps < 0) {
    throw new ConfigError(`${fn}: maxIterations must be a non-negative integer, got ${fmt(maxSweeps)}.`);
  }
  if (n === 0) {
    const s = new Float64Array(0);
    if (!wantVectors) return { s };
    return {
      s,
      u: { rows: a.rows, cols: 0, data: new Float64Array(0) },
      v: { rows: a.cols, cols: 0, data: new Float64Array(0) },
    };
  }
  const w = wide || reference ? (wide ? transpose(a).data : a.data.slice()) : workCopy(a.data);
  // Into dgesvd's safe range [2^−459, 2^459] by an exact power of 2 (dlascl), so nothing
  // over- or underflows; the singular values are scaled back at the end.
  const ex = safeScaleExponent(normMaxAbs(a), GEEV_RANGE);
  scaleByPow2(w, ex);
  const f = reference ? qrPath(w, m, n, wantVectors, maxSweeps, fn) : fastPath(w, m, n, wantVectors, maxSweeps, fn);
  const { d } = f;
  const order = Array.from({ length: n }, (_, i) => i).sort((p, q) => Math.abs(d[q]!) - Math.abs(d[p]!) || p - q);
  const s = new Float64Array(n);
  const unscale = 2 ** -ex;
  for (let i = 0; i < n; i++) s[i] = Math.abs(d[order[i]!]!) * unscale;
  if (f.layout === 'none') return { s };
  // The pivot rule of A's left vector c flips both vectors c; a negative d_c flips the right
  // one as well (the tall problem's u_c·d_c·v_cᵀ = u_c·|d_c|·(−v_c)ᵀ, whichever side A's left
  // vectors come from: its U in the tall case, the tall problem's V in the wide case).
  const [left, lLen, right, rLen] = wide ? [f.v, n, f.u, m] : [f.u, m, f.v, n];
  const lSign = pivotSigns(left, lLen, n, f.layout === 'rows');
  const rSign = new Float64Array(n);
  for (let c = 0; c < n; c++) rSign[c] = lSign[c]! * (d[c]! < 0 ? -1 : 1);
  const rowsLayout = f.layout === 'rows';
  return {
    s,
    u: { rows: lLen, cols: n, data: gatherColumns(left, lLen, n, order, lSign, rowsLayout) },
    v: { rows: rLen, cols: n, data: gatherColumns(right, rLen, n, order, rSign, rowsLayout) },
  };
}

/**
 * A copy of a tall matrix's entries for the fast path's reduction (it becomes the reflector
 * store), in an array kept between calls up to KEEP_DOUBLES (2 MiB): a fresh large
 * Float64Array costs page faults and zeroing on every call and a collection later. Nothing
 * returned aliases it (U and V are arrays of their own; with QR first, the QR's R is reduced
 * instead), and JavaScript runs one call at a time.
 */
const KEEP_DOUBLES = 512 * 512;
const keptWork = keptBuffers(1, KEEP_DOUBLES);

function workCopy(x: Float64Array): Float64Array {
  if (x.length > KEEP_DOUBLES) return x.slice();
  const w = keptWork.take(0, x.length).subarray(0, x.length);
  w.set(x);
  return w;
}

/**
 * Per vector c (n vectors of length len): −1 if its pivot component (pivotIndex's rule) is
 * negative, else 1. Vectors are rows of x (`rows`) or columns (then in row-wise passes, since a
 * column walk over a large row-major matrix misses cache).
 */
function pivotSigns(x: Float64Array, len: number, n: number, rows: boolean): Float64Array {
  return rows ? pivotSignsRows(x, len, n) : columnPivotSigns(x, len, n);
}

function pivotSignsRows(x: Float64Array, len: number, n: number): Float64Array {
  const sign = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    const o = c * len;
    const p = pivotIndex(len, (i) => x[o + i]! * x[o + i]!);
    sign[c] = x[o + p]! < 0 ? -1 : 1;
  }
  return sign;
}

/**
 * out (len x n, columns) column j = sign[order[j]] × vector order[j] of x (rows or columns of
 * x). With columns, x itself (len x n, owned by the caller and not used again) is permuted in
 * place, a row at a time through one row of scratch, and returned: no second len x n array.
 */
function gatherColumns(
  x: Float64Array,
  len: number,
  n: number,
  order: readonly number[],
  sign: Float64Array,
  rows: boolean,
): Float64Array {
  if (rows) {
    const out = new Float64Array(len * n);
    for (let j = 0; j < n; j++) {
      const c = order[j]!;
      const f = sign[c]!;
      const o = c * len;
      for (let i = 0; i < len; i++) out[i * n + j] = f * x[o + i]!;
    }
    return out;
  }
  const src = new Int32Array(n);
  const fs = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    src[j] = order[j]!;
    fs[j] = sign[order[j]!]!;
  }
  const row = new Float64Array(n);
  for (let i = 0; i < len; i++) {
    const r = i * n;
    row.set(x.subarray(r, r + n));
    for (let j = 0; j < n; j++) x[r + j] = fs[j]! * row[src[j]!]!;
  }
  return x;
}

/**
 * d (n, signed) and, with vectors, the tall m x n problem's U (m x n) and V (n x n): as rows of
 * the arrays (`layout` 'rows': row c is vector c) or as columns ('columns').
 */
type Factors =
  | { d: Float64Array; layout: 'none' }
  | { d: Float64Array; layout: 'rows' | 'columns'; u: Float64Array; v: Float64Array };

/** The earlier path: unblocked reduction, explicit U_B and V_B, QR iteration on everything. */
function qrPath(w: Float64Array, m: number, n: number, wantVectors: boolean, maxSweeps: number, fn: string): Factors {
  const d = new Float64Array(n);
  const e = new Float64Array(n - 1);
  const tauq = new Float64Array(n);
  const taup = new Float64Array(Math.max(0, n - 1));
  reduceToBidiagonal(w, m, n, d, e, tauq, taup);
  // Rows of Uᵀ (n x m) and Vᵀ (n x n): rotations then combine contiguous rows.
  const ut = wantVectors ? transpose({ rows: m, cols: n, data: formBidiagonalU(w, m, n, tauq) }).data : null;
  const vt = wantVectors ? transposeSquare(formBidiagonalV(w, n, taup), n) : null;
  bidiagonalQR(d, e, n, ut, m, vt, n, maxSweeps, fn);
  return ut === null || vt === null ? { d, layout: 'none' } : { d, layout: 'rows', u: ut, v: vt };
}

/**
 * QR first for m >= 1.6·n (with vectors), reduction, then divide and conquer with vectors
 * (n > 25) or the QR iteration; the bidiagonal's vectors are carried back through the
 * reflectors blockwise.
 */
function fastPath(w: Float64Array, m: number, n: number, wantVectors: boolean, maxSweeps: number, fn: string): Factors {
  let q: Matrix | null = null;
  let b = w;
  let mb = m;
  if (wantVectors && m >= QR_FIRST * n && n > DC_LEAF) {
    const f = qr({ rows: m, cols: n, data: w });
    q = wantVectors ? f.q : null;
    b = f.r.data;
    mb = n;
  }
  const d = new Float64Array(n);
  const e = new Float64Array(n - 1);
  const tauq = new Float64Array(n);
  const taup = new Float64Array(Math.max(0, n - 1));
  if (n < SIMD_REDUCTION_MIN || !reduceToBidiagonalSimd(b, mb, n, d, e, tauq, taup)) {
    reduceToBidiagonal(b, mb, n, d, e, tauq, taup);
  }
  if (!wantVectors) {
    bidiagonalQR(d, e, n, null, 0, null, 0, maxSweeps, fn);
    return { d, layout: 'none' };
  }
  let ub: Float64Array;
  let vb: Float64Array;
  if (n > DC_LEAF) {
    const dc = bidiagonalDCColumns(d, e, n, maxSweeps, fn);
    d.set(dc.s);
    ub = dc.u;
    vb = dc.v;
  } else {
    const ut = new Float64Array(n * n);
    const vt = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      ut[i * n + i] = 1;
      vt[i * n + i] = 1;
    }
    bidiagonalQR(d, e, n, ut, n, vt, n, maxSweeps, fn);
    ub = transposeSquare(ut, n);
    vb = transposeSquare(vt, n);
  }
  // U = Q_B·[U_B; 0] (mb x n), V = P_B·V_B; with QR first, U = Q·U.
  let u = ub;
  if (mb > n) {
    u = new Float64Array(mb * n);
    u.set(ub);
  }
  applyBidiagonalQ(b, mb, n, tauq, u, n);
  applyBidiagonalP(b, n, taup, vb, n);
  let uFull = u;
  if (q !== null) {
    uFull = new Float64Array(m * n);
    gemm(false, false, m, n, n, 1, q.data, 0, n, u, 0, n, uFull, 0, n);
  }
  return { d, layout: 'columns', u: uFull, v: vb };
}
