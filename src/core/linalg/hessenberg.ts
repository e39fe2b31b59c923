/**
 * Reduction to upper Hessenberg form by Householder similarity transformations:
 * A = Q·H·Qᵀ with Q orthogonal and H zero below the first subdiagonal.
 * Golub & Van Loan, Matrix Computations, 4th ed., Algorithm 7.4.2 (LAPACK dgehd2, unblocked).
 */

import { householder } from './householder.js';
import { accumulateReflectors } from './reflectors.js';
import { type Matrix, assertFinite, assertMatrix, assertOptions, assertSquare } from './matrix.js';

/** Result of `hessenberg`: `h` (n x n upper Hessenberg) and, if asked for, `q` (n x n orthogonal). */
export interface HessenbergResult {
  h: Matrix;
  q?: Matrix;
}

/**
 * Upper Hessenberg form H of a square matrix A (n x n), with A = Q·H·Qᵀ.
 * `vectors` (default true) also returns Q. Does not mutate `a`.
 * Cost: 10/3·n³ flops, plus 4/3·n³ for Q. Throws ShapeError (not square, empty) and
 * DomainError (NaN/±Infinity entries).
 */
export function hessenberg(a: Matrix, opts: { vectors?: boolean } = {}): HessenbergResult {
  assertOptions('hessenberg', opts, '{vectors: false}');
  assertMatrix('hessenberg', a);
  assertSquare('hessenberg', a);
  assertFinite('hessenberg', a);
  const n = a.rows;
  const h = a.data.slice();
  const taus = new Float64Array(Math.max(0, n - 2));
  reduceToHessenberg(h, n, taus);
  const out: HessenbergResult = { h: { rows: n, cols: n, data: h } };
  if (opts.vectors ?? true) out.q = { rows: n, cols: n, data: formHessenbergQ(h, n, taus) };
  clearBelowSubdiagonal(h, n);
  return out;
}

/**
 * In place: overwrites the n x n row-major `h` with its Hessenberg form. Reflector k (acting on
 * indices k+1 … n−1) has tau in taus[k] and its vector tail below the subdiagonal of column k,
 * as in LAPACK; call `clearBelowSubdiagonal` once Q has been formed (or is not needed).
 * With a window lo..hi (dgehrd's ilo, ihi; default the whole matrix) the matrix must already be
 * block upper triangular around it, as `balanceInPlace` leaves it (zero in columns < lo below
 * the diagonal and in rows > hi left of the diagonal): only columns lo..hi−2 get reflectors
 * (the other taus are 0), and rows below hi are not touched.
 *
 * Layout: H_k·A·H_k = A − v·ŵᵀ − ŷ·vᵀ with y = A·v, w = Aᵀ·v (over rows k+1…), ŵ = τ·w and
 * ŷ = τ·y − τ²·(vᵀy)·v. The rank-2 update of step k is pipelined with the products of step
 * k+1: only column k+1 is updated at once (the next reflector needs it); the rest of step k's
 * update is applied to each row in the same pass that accumulates y and w for step k+1 from
 * that row. So the trailing matrix is streamed once per step, row by row, four rows at a time
 * (V8 does not vectorize; sharing the loads of v, w and the pending vectors across rows is
 * what makes the inner loop fast). The arithmetic is the same as the two-pass form.
 */
export function reduceToHessenberg(h: Float64Array, n: number, taus: Float64Array, lo = 0, hi = n - 1): void {
  taus.fill(0);
  const v = new Float64Array(n); // reflector of the current step (zero outside its support)
  const w = new Float64Array(n); // w, then ŵ
  const y = new Float64Array(n); // y, then ŷ
  const pv = new Float64Array(n); // the pending step's v, ŵ and ŷ
  const pw = new Float64Array(n);
  const py = new Float64Array(n);
  let pending = false;
  // Rows below hi are zero in columns lo..hi (balancing made the matrix block triangular),
  // so the reflectors of columns lo..hi−2 only touch rows and columns up to hi.
  const r1 = hi + 1;
  for (let k = lo; k < hi - 1; k++) {
    const c0 = k + 1;
    // Column k is up to date here, so its reflector can be formed.
    const tau = householder(r1 - c0, h, c0 * n + k, n);
    taus[k] = tau;
    if (tau === 0 && !pending) continue;
    v.fill(0, 0, c0);
    v[c0] = 1;
    for (let i = c0 + 1; i < r1; i++) v[i] = tau === 0 ? 0 : h[i * n + k]!;
    w.fill(0, c0, n);
    // One pass: apply the pending update to columns c0.. of each row, then accumulate
    // y_i = A[i, c0:]·v and (rows >= c0) w += v_i·A[i, c0:].
    // Rows above the pending reflector's support (i < k) only get its ŷ·vᵀ part.
    topPass(h, n, c0, k, pending ? py : null, pv, v, y);
    fusedPass(h, n, c0, k, c0, pv, pw, py, v, w, y, pending, false);
    fusedPass(h, n, c0, c0, r1, pv, pw, py, v, w, y, pending, true);
    pending = false;
    if (tau === 0) continue;
    let vty = 0;
    for (let i = c0; i < r1; i++) vty += v[i]! * y[i]!;
    const corr = tau * tau * vty;
    for (let i = 0; i < r1; i++) y[i] = tau * y[i]! - (i >= c0 ? corr * v[i]! : 0);
    for (let j = c0; j < n; j++) w[j] = w[j]! * tau;
    // Column c0 now, everything else with the next pass.
    const wc = w[c0]!;
    for (let i = 0; i < r1; i++) h[i * n + c0] = h[i * n + c0]! - (v[i]! * wc + y[i]! * 1);
    pv.set(v);
    pw.set(w);
    py.set(y);
    pending = true;
  }
  if (pending) {
    // The last step (k = hi − 2) updated its column hi − 1; its remaining columns hi..n−1 now
    // (only n − 1 for the full window).
    for (let c = hi; c < n; c++) {
      const pc = pw[c]!;
      const vc = pv[c]!;
      for (let i = 0; i < r1; i++) h[i * n + c] = h[i * n + c]! - (pv[i]! * pc + py[i]! * vc);
    }
  }
}

/**
 * Rows 0..r1−1, columns c0..n−1: A[i, j] −= py_i·pv_j (the pending update has no v·ŵᵀ part
 * above its support), then y_i = A[i, c0:]·v. Four rows at a time.
 */
function topPass(
  h: Float64Array,
  n: number,
  c0: number,
  r1: number,
  py: Float64Array | null,
  pv: Float64Array,
  v: Float64Array,
  y: Float64Array,
): void {
  let i = 0;
  for (; i + 3 < r1; i += 4) {
    const q0 = i * n;
    const q1 = q0 + n;
    const q2 = q1 + n;
    const q3 = q2 + n;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    if (py !== null) {
      const b0 = py[i]!;
      const b1 = py[i + 1]!;
      const b2 = py[i + 2]!;
      const b3 = py[i + 3]!;
      for (let j = c0; j < n; j++) {
        const pvj = pv[j]!;
        const vj = v[j]!;
        const x0 = h[q0 + j]! - b0 * pvj;
        const x1 = h[q1 + j]! - b1 * pvj;
        const x2 = h[q2 + j]! - b2 * pvj;
        const x3 = h[q3 + j]! - b3 * pvj;
        h[q0 + j] = x0;
        h[q1 + j] = x1;
        h[q2 + j] = x2;
        h[q3 + j] = x3;
        s0 += x0 * vj;
        s1 += x1 * vj;
        s2 += x2 * vj;
        s3 += x3 * vj;
      }
    } else {
      for (let j = c0; j < n; j++) {
        const vj = v[j]!;
        s0 += h[q0 + j]! * vj;
        s1 += h[q1 + j]! * vj;
        s2 += h[q2 + j]! * vj;
        s3 += h[q3 + j]! * vj;
      }
    }
    y[i] = s0;
    y[i + 1] = s1;
    y[i + 2] = s2;
    y[i + 3] = s3;
  }
  for (; i < r1; i++) {
    const q = i * n;
    const b = py === null ? 0 : py[i]!;
    let s = 0;
    for (let j = c0; j < n; j++) {
      const x = py === null ? h[q + j]! : h[q + j]! - b * pv[j]!;
      if (py !== null) h[q + j] = x;
      s += x * v[j]!;
    }
    y[i] = s;
  }
}

/**
 * Rows r0..r1−1, columns c0..n−1 get the pending update of the previous step (if any):
 * A[i, j] −= pv_i·pw_j + py_i·pv_j (its own first column was done early); then
 * y_i = A[i, c0:]·v and, with `accumulateW`, w += v_i·A[i, c0:].
 */
function fusedPass(
  h: Float64Array,
  n: number,
  c0: number,
  r0: number,
  r1: number,
  pv: Float64Array,
  pw: Float64Array,
  py: Float64Array,
  v: Float64Array,
  w: Float64Array,
  y: Float64Array,
  pending: boolean,
  accumulateW: boolean,
): void {
  let i = r0;
  for (; i + 3 < r1; i += 4) {
    const q0 = i * n;
    const q1 = q0 + n;
    const q2 = q1 + n;
    const q3 = q2 + n;
    const a0 = pending ? pv[i]! : 0;
    const a1 = pending ? pv[i + 1]! : 0;
    const a2 = pending ? pv[i + 2]! : 0;
    const a3 = pending ? pv[i + 3]! : 0;
    const b0 = pending ? py[i]! : 0;
    const b1 = pending ? py[i + 1]! : 0;
    const b2 = pending ? py[i + 2]! : 0;
    const b3 = pending ? py[i + 3]! : 0;
    const v0 = accumulateW ? v[i]! : 0;
    const v1 = accumulateW ? v[i + 1]! : 0;
    const v2 = accumulateW ? v[i + 2]! : 0;
    const v3 = accumulateW ? v[i + 3]! : 0;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    if (pending) {
      for (let j = c0; j < n; j++) {
        const pwj = pw[j]!;
        const pvj = pv[j]!;
        const vj = v[j]!;
        const x0 = h[q0 + j]! - (a0 * pwj + b0 * pvj);
        const x1 = h[q1 + j]! - (a1 * pwj + b1 * pvj);
        const x2 = h[q2 + j]! - (a2 * pwj + b2 * pvj);
        const x3 = h[q3 + j]! - (a3 * pwj + b3 * pvj);
        h[q0 + j] = x0;
        h[q1 + j] = x1;
        h[q2 + j] = x2;
        h[q3 + j] = x3;
        s0 += x0 * vj;
        s1 += x1 * vj;
        s2 += x2 * vj;
        s3 += x3 * vj;
        if (accumulateW) w[j] = w[j]! + (v0 * x0 + v1 * x1 + (v2 * x2 + v3 * x3));
      }
    } else {
      for (let j = c0; j < n; j++) {
        const vj = v[j]!;
        const x0 = h[q0 + j]!;
        const x1 = h[q1 + j]!;
        const x2 = h[q2 + j]!;
        const x3 = h[q3 + j]!;
        s0 += x0 * vj;
        s1 += x1 * vj;
        s2 += x2 * vj;
        s3 += x3 * vj;
        if (accumulateW) w[j] = w[j]! + (v0 * x0 + v1 * x1 + (v2 * x2 + v3 * x3));
      }
    }
    y[i] = s0;
    y[i + 1] = s1;
    y[i + 2] = s2;
    y[i + 3] = s3;
  }
  for (; i < r1; i++) {
    const q = i * n;
    const a = pending ? pv[i]! : 0;
    const b = pending ? py[i]! : 0;
    const vi = accumulateW ? v[i]! : 0;
    let s = 0;
    for (let j = c0; j < n; j++) {
      const x = pending ? h[q + j]! - (a * pw[j]! + b * pv[j]!) : h[q + j]!;
      if (pending) h[q + j] = x;
      s += x * v[j]!;
      if (accumulateW) w[j] = w[j]! + vi * x;
    }
    y[i] = s;
  }
}

/** Q (n x n) from the reflectors left in `h` by `reduceToHessenberg`. O(4/3·n³). */
export function formHessenbergQ(h: Float64Array, n: number, taus: Float64Array): Float64Array {
  return accumulateReflectors(h, n, n, n, taus, 1);
}

/** Sets the entries below the first subdiagonal to zero (discarding stored reflectors). */
export function clearBelowSubdiagonal(h: Float64Array, n: number): void {
  for (let i = 2; i < n; i++) h.fill(0, i * n, i * n + i - 1);
}
