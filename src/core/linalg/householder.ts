/**
 * Householder reflector kernels shared by QR (and usable by Hessenberg/bidiagonal reductions):
 * generation (LAPACK dlarfg), application of one reflector (dlarf), the unblocked
 * factorization (dgeqr2) and Q formation (dorg2r), and the compact WY block form
 * I - V·T·Vᵀ (dlarft / dlarfb; Schreiber & Van Loan, SIAM J. Sci. Stat. Comput. 10, 1989;
 * Golub & Van Loan 4th ed. 5.1.7). Blocks are addressed as (array, offset, row stride) on
 * row-major storage; reflectors are applied as w = vᵀC (accumulated row by row) then
 * C -= tau·v·wᵀ, which streams along rows.
 *
 * Convention: H = I - tau·v·vᵀ with v(0) = 1 implicit; tau = 0 means H = I.
 */

import { gemm } from './gemm.js';

/**
 * Unblocked Householder QR in place on the m x n block of `w` starting at `off` with row stride
 * `ld`. On return the upper triangle holds R, the part below the diagonal holds the vectors v_j
 * (without their unit leading entry) and tau[j] the scalars. Row-major friendly: each reflector
 * is applied as w = vᵀA (accumulated row by row) followed by A -= tau·v·wᵀ.
 */
export function geqr2(m: number, n: number, w: Float64Array, ld: number, off: number, tau: Float64Array): void {
  const k = Math.min(m, n);
  const work = new Float64Array(n);
  for (let j = 0; j < k; j++) {
    const t = householder(m - j, w, off + j * ld + j, ld);
    tau[j] = t;
    if (t === 0 || j + 1 >= n) continue;
    applyLeft(m - j, n - j - 1, w, off + j * ld + j, ld, t, w, off + j * ld + j + 1, ld, work);
  }
}

/**
 * Generates the reflector H = I - tau·v·vᵀ with Hx = beta·e1 for the column x of length `len`
 * at `w[p + i·ld]` (LAPACK dlarfg). Overwrites x(0) by beta and x(1:) by v(1:); returns tau
 * (0 when x(1:) is already zero, i.e. H = I).
 */
export function householder(len: number, w: Float64Array, p: number, ld: number): number {
  if (len <= 1) return 0;
  let alpha = w[p]!;
  let xnorm = columnNorm(len, w, p, ld);
  if (xnorm === 0) return 0;
  let beta = alpha >= 0 ? -Math.hypot(alpha, xnorm) : Math.hypot(alpha, xnorm);
  // If beta is tiny, 1/(alpha - beta) would overflow: scale x up by an exact power of two
  // until it is not (at most 20 times), as LAPACK's dlarfg does, and scale beta back at the end.
  let knt = 0;
  if (Math.abs(beta) < SAFMIN) {
    do {
      knt++;
      for (let i = 1; i < len; i++) w[p + i * ld] = w[p + i * ld]! * RSAFMIN;
      beta *= RSAFMIN;
      alpha *= RSAFMIN;
    } while (Math.abs(beta) < SAFMIN && knt < 20);
    xnorm = columnNorm(len, w, p, ld);
    beta = alpha >= 0 ? -Math.hypot(alpha, xnorm) : Math.hypot(alpha, xnorm);
  }
  const tau = (beta - alpha) / beta;
  const s = 1 / (alpha - beta);
  for (let i = 1; i < len; i++) w[p + i * ld] = w[p + i * ld]! * s;
  for (let j = 0; j < knt; j++) beta *= SAFMIN;
  w[p] = beta;
  return tau;
}

/** Smallest number whose reciprocal does not overflow, over ε (LAPACK dlamch('S')/dlamch('E')) = 2^-969. */
const SAFMIN = 2 ** -969;
const RSAFMIN = 2 ** 969;

/** ‖x(1:len)‖₂ of the strided column at w[p + i·ld], i ≥ 1, as a scaled sum of squares (no overflow). */
function columnNorm(len: number, w: Float64Array, p: number, ld: number): number {
  let scale = 0;
  for (let i = 1; i < len; i++) {
    const v = Math.abs(w[p + i * ld]!);
    if (v > scale) scale = v;
  }
  if (scale === 0) return 0;
  let ssq = 0;
  for (let i = 1; i < len; i++) {
    const v = w[p + i * ld]! / scale;
    ssq += v * v;
  }
  return scale * Math.sqrt(ssq);
}

/**
 * C := (I - tau·v·vᵀ)·C for the rows x cols block C at `c[cOff]` (stride ldc), where v has
 * implicit v(0) = 1 and v(i) = v[vOff + i·ldv] for i ≥ 1. `work` needs `cols` entries.
 */
export function applyLeft(
  rows: number,
  cols: number,
  v: Float64Array,
  vOff: number,
  ldv: number,
  tau: number,
  c: Float64Array,
  cOff: number,
  ldc: number,
  work: Float64Array,
): void {
  if (rows * cols > APPLY_BLOCKED_MAX) {
    applyLeftRows(rows, cols, v, vOff, ldv, tau, c, cOff, ldc, work);
    return;
  }
  // work = vᵀ·C, each work[j] summed over i in order; four columns at a time in registers (the
  // same operations per column as one column at a time, so the same bits). Each group of four
  // columns walks all rows, so this is for blocks that stay in cache (a panel's columns).
  let j = 0;
  for (; j + 4 <= cols; j += 4) {
    let s0 = c[cOff + j]!;
    let s1 = c[cOff + j + 1]!;
    let s2 = c[cOff + j + 2]!;
    let s3 = c[cOff + j + 3]!;
    for (let i = 1; i < rows; i++) {
      const vi = v[vOff + i * ldv]!;
      if (vi === 0) continue;
      const r = cOff + i * ldc + j;
      s0 += vi * c[r]!;
      s1 += vi * c[r + 1]!;
      s2 += vi * c[r + 2]!;
      s3 += vi * c[r + 3]!;
    }
    work[j] = s0;
    work[j + 1] = s1;
    work[j + 2] = s2;
    work[j + 3] = s3;
  }
  for (; j < cols; j++) {
    let s = c[cOff + j]!;
    for (let i = 1; i < rows; i++) {
      const vi = v[vOff + i * ldv]!;
      if (vi === 0) continue;
      s += vi * c[cOff + i * ldc + j]!;
    }
    work[j] = s;
  }
  for (let j = 0; j < cols; j++) c[cOff + j] = c[cOff + j]! - tau * work[j]!;
  // C(1:, :) -= (tau·v)·workᵀ, four columns at a time with work in registers.
  j = 0;
  for (; j + 4 <= cols; j += 4) {
    const w0 = work[j]!;
    const w1 = work[j + 1]!;
    const w2 = work[j + 2]!;
    const w3 = work[j + 3]!;
    for (let i = 1; i < rows; i++) {
      const f = tau * v[vOff + i * ldv]!;
      if (f === 0) continue;
      const r = cOff + i * ldc + j;
      c[r] = c[r]! - f * w0;
      c[r + 1] = c[r + 1]! - f * w1;
      c[r + 2] = c[r + 2]! - f * w2;
      c[r + 3] = c[r + 3]! - f * w3;
    }
  }
  if (j < cols) {
    for (let i = 1; i < rows; i++) {
      const f = tau * v[vOff + i * ldv]!;
      if (f === 0) continue;
      const r = cOff + i * ldc;
      for (let q = j; q < cols; q++) c[r + q] = c[r + q]! - f * work[q]!;
    }
  }
}

/** Largest rows·cols block (256 KiB) that applyLeft updates four columns at a time. */
const APPLY_BLOCKED_MAX = 32768;

/** applyLeft on a large block: row by row (C streamed once per pass), work in memory. */
function applyLeftRows(
  rows: number,
  cols: number,
  v: Float64Array,
  vOff: number,
  ldv: number,
  tau: number,
  c: Float64Array,
  cOff: number,
  ldc: number,
  work: Float64Array,
): void {
  for (let j = 0; j < cols; j++) work[j] = c[cOff + j]!;
  for (let i = 1; i < rows; i++) {
    const vi = v[vOff + i * ldv]!;
    if (vi === 0) continue;
    const r = cOff + i * ldc;
    for (let j = 0; j < cols; j++) work[j] = work[j]! + vi * c[r + j]!;
  }
  for (let j = 0; j < cols; j++) c[cOff + j] = c[cOff + j]! - tau * work[j]!;
  for (let i = 1; i < rows; i++) {
    const f = tau * v[vOff + i * ldv]!;
    if (f === 0) continue;
    const r = cOff + i * ldc;
    for (let j = 0; j < cols; j++) c[r + j] = c[r + j]! - f * work[j]!;
  }
}

/**
 * Forms the m x qc matrix Q = H_0·H_1·…·H_{k-1}·I(:, 0:qc) (qc ≥ k) by backward accumulation
 * (LAPACK dorg2r), from the reflectors stored below the diagonal of `w` (row stride ld).
 */
export function org2r(
  m: number,
  qc: number,
  k: number,
  w: Float64Array,
  ld: number,
  tau: Float64Array,
  q: Float64Array,
): void {
  q.fill(0);
  for (let j = k; j < qc; j++) q[j * qc + j] = 1;
  const work = new Float64Array(qc);
  for (let j = k - 1; j >= 0; j--) {
    const t = tau[j]!;
    if (t === 0) {
      q[j * qc + j] = 1; // H_j = I: column j stays e_j (the rows below are still zero)
      continue;
    }
    if (j + 1 < qc) applyLeft(m - j, qc - j - 1, w, j * ld + j, ld, t, q, j * qc + j + 1, qc, work);
    q[j * qc + j] = 1 - t;
    for (let i = j + 1; i < m; i++) q[i * qc + j] = -t * w[i * ld + j]!;
  }
}

/**
 * Forms the jb x jb upper triangular T of the compact WY form H_0·H_1·…·H_{jb-1} = I - V·T·Vᵀ
 * (LAPACK dlarft, forward, columnwise). `v` is the explicit m2 x jb matrix V (unit diagonal,
 * zeros above it; row stride jb), `t` receives T (row stride jb), `g` is jb·jb scratch.
 * T(0:i, i) = -tau_i · T(0:i, 0:i) · V(:, 0:i)ᵀ·v_i, with the inner products VᵀV (upper block
 * triangle only) from gemm.
 * O(m2·jb² + jb³).
 */
export function larft(
  m2: number,
  jb: number,
  v: Float64Array,
  tau: Float64Array,
  tauOff: number,
  t: Float64Array,
  g: Float64Array,
): void {
  // Only the strict upper triangle of G = VᵀV is read below, and V(:, c) is zero above row c:
  // block column [c0, c1) of G needs rows 0..c1 and V's rows from c0 on.
  g.fill(0, 0, jb * jb);
  for (let c0 = 0; c0 < jb; c0 += TRI_BLOCK) {
    const c1 = Math.min(c0 + TRI_BLOCK, jb);
    gemm(true, false, c1, c1 - c0, m2 - c0, 1, v, c0 * jb, jb, v, c0 * jb + c0, jb, g, c0, jb);
  }
  t.fill(0, 0, jb * jb);
  for (let i = 0; i < jb; i++) {
    const ti = tau[tauOff + i]!;
    t[i * jb + i] = ti;
    if (ti === 0) continue;
    // t(0:i, i) = T(0:i, 0:i) · z with z = -tau_i·G(0:i, i); T upper triangular, so row r uses z(r:i).
    for (let r = 0; r < i; r++) {
      let s = 0;
      for (let l = r; l < i; l++) s += t[r * jb + l]! * g[l * jb + i]!;
      t[r * jb + i] = -ti * s;
    }
  }
}

/**
 * C := (I - V·T·Vᵀ)·C when `transpose` is false, or (I - V·Tᵀ·Vᵀ)·C when true, for the
 * m2 x nc block C at c[cOff] (row stride ldc). V is the explicit m2 x jb reflector block (row
 * stride jb), T its jb x jb factor from larft, `wk` scratch of 2·jb·nc entries (LAPACK dlarfb,
 * left side, forward, columnwise). Three gemm calls: W = Vᵀ·C; W' = T·W (or Tᵀ·W; T is
 * triangular but a dense gemm on it is faster than a level-2 triangular product); C -= V·W'.
 * About 4·m2·nc·jb + 2·jb²·nc flops.
 */
export function larfb(
  transpose: boolean,
  m2: number,
  nc: number,
  jb: number,
  v: Float64Array,
  t: Float64Array,
  c: Float64Array,
  cOff: number,
  ldc: number,
  wk: Float64Array,
): void {
  if (nc === 0 || m2 === 0) return;
  const size = jb * nc;
  // W = Vᵀ·C and W' = op(T)·W written without a zeroing pass (gemm's beta = 0: the bits of
  // adding to zeros).
  gemm(true, false, jb, nc, m2, 1, v, 0, jb, c, cOff, ldc, wk, 0, nc, 0);
  triangularTimes(transpose, jb, nc, t, wk, 0, size);
  gemm(false, false, m2, nc, jb, -1, v, 0, jb, wk, size, nc, c, cOff, ldc);
}

/** Block size for the triangular products: only blocks on or above the diagonal are computed. */
const TRI_BLOCK = 16;

/**
 * wk[dst..] = op(T)·wk[src..] for T jb x jb upper triangular (row stride jb) and W jb x nc
 * (row stride nc), op(T) = T or Tᵀ; the two W regions must not overlap (dst's prior contents
 * are ignored: each strip is written by one product with gemm's beta = 0).
 * Done as gemm on TRI_BLOCK-row strips that skip the zero part of T (about 5/8 of a dense
 * product for jb = 64), which is faster than a level-2 triangular product in V8.
 */
export function triangularTimes(
  transpose: boolean,
  jb: number,
  nc: number,
  t: Float64Array,
  wk: Float64Array,
  src: number,
  dst: number,
): void {
  for (let i0 = 0; i0 < jb; i0 += TRI_BLOCK) {
    const i1 = Math.min(i0 + TRI_BLOCK, jb);
    if (transpose) {
      // Rows i0..i1 of Tᵀ: columns i0..i1 of T, nonzero in rows 0..i1.
      gemm(true, false, i1 - i0, nc, i1, 1, t, i0, jb, wk, src, nc, wk, dst + i0 * nc, nc, 0);
    } else {
      // Rows i0..i1 of T are nonzero in columns i0..jb.
      gemm(false, false, i1 - i0, nc, jb - i0, 1, t, i0 * jb + i0, jb, wk, src + i0 * nc, nc, wk, dst + i0 * nc, nc, 0);
    }
  }
}

/**
 * Copies the m2 x jb reflector block stored below the diagonal of w (at `off`, row stride ld)
 * into `v` as an explicit matrix: unit diagonal, zeros above it (row stride jb).
 */
export function explicitV(m2: number, jb: number, w: Float64Array, off: number, ld: number, v: Float64Array): void {
  const top = Math.min(jb, m2);
  for (let i = 0; i < top; i++) {
    const s = off + i * ld;
    const d = i * jb;
    for (let j = 0; j < i; j++) v[d + j] = w[s + j]!;
    v[d + i] = 1;
    for (let j = i + 1; j < jb; j++) v[d + j] = 0;
  }
  // Below the unit triangle V is w's block as it is: whole rows by set() (one copy when the
  // rows are contiguous).
  if (m2 <= jb) return;
  if (ld === jb) v.set(w.subarray(off + jb * ld, off + m2 * ld), jb * jb);
  else for (let i = jb; i < m2; i++) v.set(w.subarray(off + i * ld, off + i * ld + jb), i * jb);
}
