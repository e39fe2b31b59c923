/**
 * Householder QR with an explicit Q (unblocked reference version; the blocked compact-WY
 * version replaces the inner loops without changing the API).
 *
 * Golub & Van Loan, Matrix Computations (4th ed.), Algorithm 5.2.1 (Householder QR) and 5.1.5
 * (backward accumulation of Q); LAPACK dgeqr2 / dorg2r conventions: H_j = I - tau_j v_j v_jᵀ with
 * v_j(j) = 1, and the diagonal of R takes the sign -sign(a_jj), so it may be negative.
 */

import { ConfigError } from '../errors.js';
import { type Matrix, assertFinite, assertMatrix } from './matrix.js';

/** 'thin' (economy): Q is m x k, R is k x n with k = min(m, n). 'full': Q is m x m, R is m x n. */
export type QrMode = 'thin' | 'full';

export interface QrOptions {
  /** Default 'thin'. */
  mode?: QrMode;
}

export interface QrResult {
  /** Orthonormal columns: QᵀQ = I. */
  q: Matrix;
  /** Upper triangular (upper trapezoidal when wide); entries below the diagonal are exactly 0. */
  r: Matrix;
}

const MODES: readonly QrMode[] = ['thin', 'full'];

/**
 * A = Q·R for any m x n matrix (tall, square, wide, or empty). Entries must be finite.
 * Cost about 2mn² - 2n³/3 flops for R plus the same again for Q (square: 8n³/3 in total).
 */
export function qr(a: Matrix, options: QrOptions = {}): QrResult {
  assertMatrix('qr', a);
  const mode = options.mode ?? 'thin';
  if (!MODES.includes(mode)) {
    throw new ConfigError(
      `qr: unknown mode ${JSON.stringify(mode)}; use one of ${MODES.map((s) => `'${s}'`).join(', ')}.`,
    );
  }
  assertFinite('qr', a);
  const m = a.rows;
  const n = a.cols;
  const k = Math.min(m, n);
  const w = a.data.slice();
  const tau = new Float64Array(k);
  geqr2(m, n, w, n, 0, tau);

  const qc = mode === 'full' ? m : k;
  const rr = mode === 'full' ? m : k;
  const r = new Float64Array(rr * n);
  for (let i = 0; i < Math.min(rr, m); i++) {
    for (let j = i; j < n; j++) r[i * n + j] = w[i * n + j];
  }
  const q = new Float64Array(m * qc);
  org2r(m, qc, k, w, n, tau, q);
  return { q: { rows: m, cols: qc, data: q }, r: { rows: rr, cols: n, data: r } };
}

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
  const alpha = w[p];
  // Scaled sum of squares of x(1:) so huge or tiny entries neither overflow nor underflow.
  let scale = 0;
  for (let i = 1; i < len; i++) {
    const v = Math.abs(w[p + i * ld]);
    if (v > scale) scale = v;
  }
  if (scale === 0) return 0;
  let ssq = 0;
  for (let i = 1; i < len; i++) {
    const v = w[p + i * ld] / scale;
    ssq += v * v;
  }
  const xnorm = scale * Math.sqrt(ssq);
  const h = Math.hypot(alpha, xnorm);
  const beta = alpha >= 0 ? -h : h;
  const tau = (beta - alpha) / beta;
  const s = 1 / (alpha - beta);
  for (let i = 1; i < len; i++) w[p + i * ld] *= s;
  w[p] = beta;
  return tau;
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
  for (let j = 0; j < cols; j++) work[j] = c[cOff + j];
  for (let i = 1; i < rows; i++) {
    const vi = v[vOff + i * ldv];
    if (vi === 0) continue;
    const r = cOff + i * ldc;
    for (let j = 0; j < cols; j++) work[j] += vi * c[r + j];
  }
  for (let j = 0; j < cols; j++) c[cOff + j] -= tau * work[j];
  for (let i = 1; i < rows; i++) {
    const f = tau * v[vOff + i * ldv];
    if (f === 0) continue;
    const r = cOff + i * ldc;
    for (let j = 0; j < cols; j++) c[r + j] -= f * work[j];
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
    if (j + 1 < qc) applyLeft(m - j, qc - j - 1, w, j * ld + j, ld, tau[j], q, j * qc + j + 1, qc, work);
    const t = tau[j];
    q[j * qc + j] = 1 - t;
    for (let i = j + 1; i < m; i++) q[i * qc + j] = -t * w[i * ld + j];
  }
}
