/**
 * Householder QR with an explicit Q, blocked in the compact WY form so that almost all the
 * work is matrix-matrix products on the packed gemm engine.
 *
 * Algorithms: Golub & Van Loan, Matrix Computations (4th ed.), 5.2.2 (Householder QR) and
 * 5.2.3 (block Householder QR, Schreiber & Van Loan's compact WY representation); the blocking
 * follows LAPACK dgeqrf (panel by dgeqr2, T by dlarft, trailing update by dlarfb) and dorgqr
 * (Q formed by backward accumulation of the block reflectors, applied to the identity).
 * H_j = I - tau_j·v_j·v_jᵀ with v_j(j) = 1; the diagonal of R is -sign(a_jj)·‖·‖, so it may be
 * negative (LAPACK's convention, as NumPy).
 *
 * Layout: row-major. Each NB = 64-column panel is copied into a contiguous m x NB buffer and
 * factored there, itself blocked (16-column sub-panels by level-2 code, each applied to the
 * rest of the panel as a block reflector), then copied back; the trailing matrix and Q are
 * updated in place by gemm on sub-blocks (offset + row stride), whose packing absorbs the
 * transposes. Level-2 work is O(m·n·16); everything else is gemm.
 */

import { ConfigError, DomainError, ShapeError } from '../errors.js';
import { gemm } from './gemm.js';
import { explicitV, geqr2, householder, larfb, larft, org2r, triangularTimes } from './householder.js';
import { type Matrix, allocEntries, assertFinite, assertMatrix, assertOptions, describeValue } from './matrix.js';

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

/** Panel width (columns per block reflector). See bench/RESULTS.md for the sweep. */
const NB = 64;
/** Column block inside a panel (two-level blocking: the panel is itself factored blocked). */
const NB_INNER = 16;
/** Below this min(m, n) the unblocked code is as fast and simpler. */
const NX = 64;

/**
 * A = Q·R for any m x n matrix (tall, square, wide, or empty: 0 x n gives a 0 x 0 / m x 0 Q
 * in thin mode). Entries must be finite (DomainError names the first that is not). Backward
 * stable: ‖QR - A‖ ≈ ε·‖A‖ and ‖QᵀQ - I‖ ≈ ε, up to a small multiple of the size.
 * Cost (m ≥ n): 2mn² - 2n³/3 flops for R plus the same for a thin Q (8n³/3 in all for a square
 * A); a full Q of a tall A costs 4m²n - 2mn² + 2n³/3 instead.
 */
export function qr(a: Matrix, options: QrOptions = {}): QrResult {
  assertMatrix('qr', a);
  assertOptions('qr', options, "{mode: 'full'}");
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
  const ts = geqrf(m, n, w, tau);

  const qc = mode === 'full' ? m : k;
  const r = new Float64Array(qc * n);
  for (let i = 0; i < k; i++) r.set(w.subarray(i * n + i, i * n + n), i * n + i);
  const q = new Float64Array(m * qc);
  orgqr(m, qc, k, w, n, tau, ts, q);
  return { q: { rows: m, cols: qc, data: q }, r: { rows: qc, cols: n, data: r } };
}

/**
 * The Q factor of a Householder QR whose reflectors come from given vectors instead of from
 * eliminating a matrix (Stewart, "The efficient generation of random orthogonal matrices with
 * an application to condition estimators", SIAM J. Numer. Anal. 17, 1980). For j = 0 .. k-1,
 * `fill(j, x)` writes x_j (length m - j) and H_j = I - tau_j·v_j·v_jᵀ is the reflector with
 * H_j·x_j = β_j·e_1 (as in `qr`, dlarfg). Returns the m x k matrix
 *
 *   Q = H_0·…·H_{k-1}·I(:, 0:k) · diag(sign β_j)   (sign 0 = +1),
 *
 * which is exactly the sign-fixed thin Q of `qr` applied to a matrix whose successive
 * trailing columns were the x_j: Householder QR of an iid Gaussian m x k matrix produces, step
 * after step, trailing columns that are again iid Gaussian and independent of the earlier
 * ones, so drawing fresh Gaussian x_j gives the same (Haar) distribution at half the flops:
 * no elimination, only the backward accumulation of Q (orgqr), 2mk² - 2k³/3 flops.
 * m ≥ k ≥ 0; the x_j must be finite. `signFix: false` (tests only) leaves out diag(sign β_j).
 */
export function qFromReflectorVectors(
  m: number,
  k: number,
  fill: (j: number, x: Float64Array) => void,
  options: { signFix?: boolean } = {},
): Matrix {
  if (!(Number.isInteger(m) && Number.isInteger(k) && k >= 0 && m >= k)) {
    throw new ShapeError(`qFromReflectorVectors: need integers m ≥ k ≥ 0, got m = ${m}, k = ${k}.`);
  }
  if (typeof fill !== 'function') {
    throw new ConfigError(`qFromReflectorVectors: fill must be a function (j, x) => void, got ${describeValue(fill)}.`);
  }
  assertOptions('qFromReflectorVectors', options, '{signFix: true}');
  const w = allocEntries('qFromReflectorVectors', m, k);
  const tau = new Float64Array(k);
  const sign = new Float64Array(k);
  const x = new Float64Array(m);
  for (let j = 0; j < k; j++) {
    const len = m - j;
    const xj = x.subarray(0, len);
    fill(j, xj);
    for (let i = 0; i < len; i++) {
      if (!Number.isFinite(xj[i])) {
        throw new DomainError(`qFromReflectorVectors: entry ${i} of vector ${j} is ${xj[i]}; vectors must be finite.`);
      }
    }
    // The reflector is formed on the contiguous vector (same arithmetic as on w's strided
    // column, three passes cheaper in cache), then stored in column j once.
    tau[j] = householder(len, xj, 0, 1);
    for (let i = 0; i < len; i++) w[(j + i) * k + j] = xj[i]!;
    sign[j] = options.signFix !== false && xj[0]! < 0 ? -1 : 1;
  }
  let ts: Float64Array | null = null;
  if (k >= NX) {
    ts = new Float64Array(Math.ceil(k / NB) * NB * NB);
    const v = new Float64Array(m * NB);
    const g = new Float64Array(NB * NB);
    for (let j = 0; j < k; j += NB) {
      const jb = Math.min(NB, k - j);
      explicitV(m - j, jb, w, j * k + j, k, v);
      larft(m - j, jb, v, tau, j, ts.subarray(j * NB, j * NB + NB * NB), g);
    }
  }
  const q = new Float64Array(m * k);
  orgqr(m, k, k, w, k, tau, ts, q);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < k; j++) q[i * k + j] = q[i * k + j]! * sign[j]!; // ×(±1) is exact
  }
  return { rows: m, cols: k, data: q };
}

/**
 * Blocked Householder QR in place on the m x n row-major `w`: R in the upper triangle, the
 * reflectors below the diagonal, their scalars in tau (length min(m, n)). LAPACK dgeqrf, with
 * the NB-column panels themselves factored blocked (panelQr) so that little work is level 2.
 * Returns the T factor of every block reflector (block b at b·NB², row stride jb) for orgqr,
 * or null when min(m, n) < NX and the unblocked code ran.
 */
function geqrf(m: number, n: number, w: Float64Array, tau: Float64Array): Float64Array | null {
  const k = Math.min(m, n);
  if (k < NX) {
    geqr2(m, n, w, n, 0, tau);
    return null;
  }
  const panel = new Float64Array(m * NB);
  const v = new Float64Array(m * NB);
  const ts = new Float64Array(Math.ceil(k / NB) * NB * NB);
  const g = new Float64Array(NB * NB);
  const wk = new Float64Array(2 * NB * n);
  for (let j = 0; j < k; j += NB) {
    const jb = Math.min(NB, k - j);
    const m2 = m - j;
    const off = j * n + j;
    // Factor the panel in a contiguous m2 x jb copy: its columns are then 8·jb bytes apart
    // instead of 8·n, which keeps the level-2 work in cache.
    for (let i = 0; i < m2; i++) panel.set(w.subarray(off + i * n, off + i * n + jb), i * jb);
    const t = ts.subarray(j * NB, j * NB + NB * NB);
    panelQr(m2, jb, panel, tau, j, v, t, g);
    for (let i = 0; i < m2; i++) w.set(panel.subarray(i * jb, i * jb + jb), off + i * n);
    explicitV(m2, jb, panel, 0, jb, v);
    larft(m2, jb, v, tau, j, t, g);
    if (j + jb < n) larfb(true, m2, n - j - jb, jb, v, t, w, off + jb, n, wk);
  }
  return ts;
}

/**
 * QR of a contiguous m x jb panel (row stride jb) in place, tau[tauOff..tauOff+jb): inner
 * blocks of NB_INNER columns by dgeqr2, each applied to the rest of the panel as a block
 * reflector. `v`, `t`, `g` are scratch of at least m·jb, jb², jb² entries.
 */
function panelQr(
  m: number,
  jb: number,
  p: Float64Array,
  tau: Float64Array,
  tauOff: number,
  v: Float64Array,
  t: Float64Array,
  g: Float64Array,
): void {
  const k = Math.min(m, jb);
  if (k <= NB_INNER) {
    geqr2(m, jb, p, jb, 0, tau.subarray(tauOff, tauOff + k));
    return;
  }
  const wk = new Float64Array(2 * NB_INNER * jb);
  for (let j = 0; j < k; j += NB_INNER) {
    const ib = Math.min(NB_INNER, k - j);
    const m2 = m - j;
    const off = j * jb + j;
    geqr2(m2, ib, p, jb, off, tau.subarray(tauOff + j, tauOff + j + ib));
    if (j + ib < jb) {
      explicitV(m2, ib, p, off, jb, v);
      larft(m2, ib, v, tau, tauOff + j, t, g);
      larfb(true, m2, jb - j - ib, ib, v, t, p, off + ib, jb, wk);
    }
  }
}

/**
 * Forms the m x qc matrix Q = H_0·…·H_{k-1}·I(:, 0:qc) (k ≤ qc ≤ m) from the reflectors in
 * `w` (row stride ld) by backward accumulation of the block reflectors (LAPACK dorgqr), reusing
 * the T factors geqrf formed (`ts`; null means geqrf ran unblocked, so dorg2r is used here).
 * When block j (columns j..j+jb-1) is applied, the partial product is still the identity in
 * columns < j+jb and zero in rows j..j+jb-1 of the later columns, so only
 *   Q[j:, j+jb:] -= V·T·(V[jb:]ᵀ·Q[j+jb:, j+jb:])   and   Q[j:, j:j+jb] = I - V·T·V[0:jb]ᵀ
 * are computed (the first skips jb zero rows, the second replaces a gemm by a jb x jb product).
 */
function orgqr(
  m: number,
  qc: number,
  k: number,
  w: Float64Array,
  ld: number,
  tau: Float64Array,
  ts: Float64Array | null,
  q: Float64Array,
): void {
  if (ts === null) {
    org2r(m, qc, k, w, ld, tau, q);
    return;
  }
  q.fill(0);
  for (let j = k; j < qc; j++) q[j * qc + j] = 1;
  const v = new Float64Array(m * NB);
  const g = new Float64Array(NB * NB);
  const wk = new Float64Array(2 * NB * qc);
  for (let j = Math.floor((k - 1) / NB) * NB; j >= 0; j -= NB) {
    const jb = Math.min(NB, k - j);
    const m2 = m - j;
    const nc = qc - j - jb;
    explicitV(m2, jb, w, j * ld + j, ld, v);
    const t = ts.subarray(j * NB, j * NB + NB * NB); // T from geqrf (same blocking)
    if (nc > 0) {
      // W = V[jb:]ᵀ·Q[j+jb:, j+jb:] (rows j..j+jb-1 of those columns are zero), W' = T·W,
      // Q[j:, j+jb:] -= V·W'.
      const size = jb * nc;
      gemm(true, false, jb, nc, m2 - jb, 1, v, jb * jb, jb, q, (j + jb) * qc + j + jb, qc, wk, 0, nc, 0);
      triangularTimes(false, jb, nc, t, wk, 0, size);
      gemm(false, false, m2, nc, jb, -1, v, 0, jb, wk, size, nc, q, j * qc + j + jb, qc);
    }
    // Q[j:, j:j+jb] = I - V·(T·V[0:jb]ᵀ): S = T·V1ᵀ is jb x jb (V1 unit lower triangular).
    for (let r = 0; r < jb; r++) {
      for (let c = 0; c < jb; c++) {
        let s = 0;
        for (let l = r; l <= c; l++) s += t[r * jb + l]! * v[c * jb + l]!;
        g[r * jb + c] = s;
      }
    }
    for (let i = 0; i < m2; i++) q.fill(0, (j + i) * qc + j, (j + i) * qc + j + jb);
    gemm(false, false, m2, jb, jb, -1, v, 0, jb, g, 0, jb, q, j * qc + j, qc);
    for (let r = 0; r < jb; r++) q[(j + r) * qc + j + r] = q[(j + r) * qc + j + r]! + 1;
  }
}
