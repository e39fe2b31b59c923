/**
 * Golub–Kahan bidiagonalization: A = U_B·B·V_Bᵀ with B upper bidiagonal, for A m x n, m >= n.
 * Golub & Van Loan, Matrix Computations, 4th ed., Algorithm 5.4.2 (LAPACK dgebd2).
 */

import { householder } from './householder.js';
import { accumulateReflectors, transposeSquare } from './reflectors.js';

/**
 * In place on the m x n row-major `a` (m >= n >= 1). Writes d (length n), e (length n − 1,
 * B[k][k+1]), tauq (length n) and taup (length n − 1; taup[k] = 0 when there is nothing to
 * annihilate). Left reflector k (rows k … m−1) keeps its vector tail in column k below the
 * diagonal, right reflector k (columns k+1 … n−1) in row k right of the superdiagonal.
 * 4mn² − 4/3·n³ flops.
 *
 * Layout: two streaming passes per step, four rows at a time. Pass B reads rows k … m−1 to
 * form w = τ_q·vᵀ·A[k:, k+1:], applying on the way the previous step's pending right update
 * A[i, j] −= s_i·u_j; row k then yields the right reflector u. Pass A applies the left update
 * A[i, :] −= v_i·w to rows k+1 … m−1 and computes s_i = τ_p·A[i, k+1:]·u; only column k+1
 * gets the right update at once (the next left reflector is built from it), the rest is left
 * pending for the next pass B.
 */
export function reduceToBidiagonal(
  a: Float64Array,
  m: number,
  n: number,
  d: Float64Array,
  e: Float64Array,
  tauq: Float64Array,
  taup: Float64Array,
): void {
  const w = new Float64Array(n);
  const v = new Float64Array(m);
  const u = new Float64Array(n);
  const s = new Float64Array(m);
  let pending = false;
  for (let k = 0; k < n; k++) {
    const c1 = k + 1;
    // Column k (rows k..m-1) is up to date here.
    const tq = householder(m - k, a, k * n + k, n);
    tauq[k] = tq;
    d[k] = a[k * n + k]!;
    if (c1 >= n) break; // (the pending update of step n−2 had no columns left)
    v[k] = 1;
    for (let i = c1; i < m; i++) v[i] = a[i * n + k]!;
    w.fill(0, c1, n);
    passB(a, n, k, m, c1, pending, s, u, tq !== 0, v, w);
    if (tq !== 0) {
      for (let j = c1; j < n; j++) w[j] = w[j]! * tq;
      const rk = k * n;
      for (let j = c1; j < n; j++) a[rk + j] = a[rk + j]! - w[j]!;
    }
    // Right reflector from row k, columns c1..n-1.
    const tp = c1 < n - 1 ? householder(n - c1, a, k * n + c1, 1) : 0;
    taup[k] = tp;
    e[k] = a[k * n + c1]!;
    u[c1] = 1;
    for (let j = c1 + 1; j < n; j++) u[j] = a[k * n + j]!;
    passA(a, n, c1, m, tq !== 0, v, w, u, tp, s);
    pending = tp !== 0;
  }
}

/**
 * Rows r0..m−1, columns c1..n−1: the pending right update A[i, j] −= s_i·u_j (column c1 − 1
 * of a pending update was done early, so it starts at c1); then, with `accumulate`,
 * w += v_i·A[i, c1:].
 */
function passB(
  a: Float64Array,
  n: number,
  r0: number,
  m: number,
  c1: number,
  pending: boolean,
  s: Float64Array,
  u: Float64Array,
  accumulate: boolean,
  v: Float64Array,
  w: Float64Array,
): void {
  if (!pending && !accumulate) return;
  let i = r0;
  for (; i + 3 < m; i += 4) {
    const q0 = i * n;
    const q1 = q0 + n;
    const q2 = q1 + n;
    const q3 = q2 + n;
    const s0 = pending ? s[i]! : 0;
    const s1 = pending ? s[i + 1]! : 0;
    const s2 = pending ? s[i + 2]! : 0;
    const s3 = pending ? s[i + 3]! : 0;
    const v0 = accumulate ? v[i]! : 0;
    const v1 = accumulate ? v[i + 1]! : 0;
    const v2 = accumulate ? v[i + 2]! : 0;
    const v3 = accumulate ? v[i + 3]! : 0;
    for (let j = c1; j < n; j++) {
      const uj = u[j]!;
      const x0 = a[q0 + j]! - s0 * uj;
      const x1 = a[q1 + j]! - s1 * uj;
      const x2 = a[q2 + j]! - s2 * uj;
      const x3 = a[q3 + j]! - s3 * uj;
      a[q0 + j] = x0;
      a[q1 + j] = x1;
      a[q2 + j] = x2;
      a[q3 + j] = x3;
      w[j] = w[j]! + (v0 * x0 + v1 * x1 + (v2 * x2 + v3 * x3));
    }
  }
  for (; i < m; i++) {
    const q = i * n;
    const si = pending ? s[i]! : 0;
    const vi = accumulate ? v[i]! : 0;
    for (let j = c1; j < n; j++) {
      const x = a[q + j]! - si * u[j]!;
      a[q + j] = x;
      w[j] = w[j]! + vi * x;
    }
  }
}

/**
 * Rows r0..m−1 (r0 = c1), columns c1..n−1: the left update A[i, j] −= v_i·w_j (when `left`),
 * then s_i = tp·A[i, c1:]·u and the right update of column c1 alone.
 */
function passA(
  a: Float64Array,
  n: number,
  c1: number,
  m: number,
  left: boolean,
  v: Float64Array,
  w: Float64Array,
  u: Float64Array,
  tp: number,
  s: Float64Array,
): void {
  let i = c1;
  for (; i + 3 < m; i += 4) {
    const q0 = i * n;
    const q1 = q0 + n;
    const q2 = q1 + n;
    const q3 = q2 + n;
    const f0 = left ? v[i]! : 0;
    const f1 = left ? v[i + 1]! : 0;
    const f2 = left ? v[i + 2]! : 0;
    const f3 = left ? v[i + 3]! : 0;
    let d0 = 0;
    let d1 = 0;
    let d2 = 0;
    let d3 = 0;
    for (let j = c1; j < n; j++) {
      const wj = w[j]!;
      const uj = u[j]!;
      const x0 = a[q0 + j]! - f0 * wj;
      const x1 = a[q1 + j]! - f1 * wj;
      const x2 = a[q2 + j]! - f2 * wj;
      const x3 = a[q3 + j]! - f3 * wj;
      a[q0 + j] = x0;
      a[q1 + j] = x1;
      a[q2 + j] = x2;
      a[q3 + j] = x3;
      d0 += x0 * uj;
      d1 += x1 * uj;
      d2 += x2 * uj;
      d3 += x3 * uj;
    }
    s[i] = tp * d0;
    s[i + 1] = tp * d1;
    s[i + 2] = tp * d2;
    s[i + 3] = tp * d3;
    a[q0 + c1] = a[q0 + c1]! - s[i]!;
    a[q1 + c1] = a[q1 + c1]! - s[i + 1]!;
    a[q2 + c1] = a[q2 + c1]! - s[i + 2]!;
    a[q3 + c1] = a[q3 + c1]! - s[i + 3]!;
  }
  for (; i < m; i++) {
    const q = i * n;
    const f = left ? v[i]! : 0;
    let dot = 0;
    for (let j = c1; j < n; j++) {
      const x = a[q + j]! - f * w[j]!;
      a[q + j] = x;
      dot += x * u[j]!;
    }
    s[i] = tp * dot;
    a[q + c1] = a[q + c1]! - s[i]!;
  }
}

/** U_B (m x n) from the left reflectors left in `a` (m x n) by `reduceToBidiagonal`. */
export function formBidiagonalU(a: Float64Array, m: number, n: number, tauq: Float64Array): Float64Array {
  return accumulateReflectors(a, n, m, n, tauq, 0);
}

/** V_B (n x n) from the right reflectors left in the rows of `a` (m x n) by `reduceToBidiagonal`. */
export function formBidiagonalV(a: Float64Array, n: number, taup: Float64Array): Float64Array {
  // The right reflectors live in rows; transpose the top n x n block so they sit in columns.
  const t = transposeSquare(a.subarray(0, n * n), n);
  return accumulateReflectors(t, n, n, n, taup, 1);
}
