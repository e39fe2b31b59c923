/**
 * Reduction of a symmetric matrix to symmetric tridiagonal form by Householder similarity
 * transformations: A = Q·T·Qᵀ, T with diagonal d and off-diagonal e.
 * Golub & Van Loan, Matrix Computations, 4th ed., Algorithm 8.3.1 (LAPACK dsytd2, lower).
 */

import { householder } from './householder.js';
import { accumulateReflectors } from './reflectors.js';

/**
 * In place on the n x n row-major `a`, of which only the lower triangle (diagonal included) is
 * read. Writes d (length n) and e (length n − 1, e[k] = T[k+1][k]); reflector k (acting on
 * indices k+1 … n−1) has tau in taus[k] (length n − 2) and its vector tail below the
 * subdiagonal of column k, for `formTridiagonalQ`. 4/3·n³ flops.
 *
 * Layout: step k needs p = S·v for the trailing block S, read from its lower triangle (row i
 * gives a dot product to p_i and an axpy to p_c0..p_{i−1}), and then updates the lower
 * triangle by S −= v·wᵀ + w·vᵀ. As in the Hessenberg reduction, the update of step k is
 * pipelined with the product of step k+1: column k+1 is updated at once (the next reflector
 * needs it), the rest row by row in the pass that accumulates the next product, four rows at
 * a time. One pass over the lower triangle per step, contiguous row segments only.
 */
export function reduceToTridiagonal(
  a: Float64Array,
  n: number,
  d: Float64Array,
  e: Float64Array,
  taus: Float64Array,
): void {
  const v = new Float64Array(n);
  const p = new Float64Array(n);
  const pv = new Float64Array(n); // pending update: S −= pv·pwᵀ + pw·pvᵀ
  const pw = new Float64Array(n);
  let pending = false;
  for (let k = 0; k < n - 2; k++) {
    const c0 = k + 1;
    // Column k (diagonal included) is up to date here.
    const tau = householder(n - c0, a, c0 * n + k, n);
    taus[k] = tau;
    d[k] = a[k * n + k]!;
    e[k] = a[c0 * n + k]!;
    if (tau === 0 && !pending) continue;
    v[c0] = 1;
    for (let i = c0 + 1; i < n; i++) v[i] = tau === 0 ? 0 : a[i * n + k]!;
    p.fill(0, c0, n);
    symmetricPass(a, n, c0, pv, pw, pending, v, p);
    pending = false;
    if (tau === 0) continue;
    // w = τ·p − (τ²/2)·(pᵀv)·v, so that H·S·H = S − v·wᵀ − w·vᵀ; w overwrites p.
    let ptv = 0;
    for (let i = c0; i < n; i++) ptv += p[i]! * v[i]!;
    const alpha = -0.5 * tau * tau * ptv;
    for (let i = c0; i < n; i++) p[i] = tau * p[i]! + alpha * v[i]!;
    // Column c0 (rows c0..n−1) now; the rest with the next pass.
    const wc = p[c0]!;
    for (let i = c0; i < n; i++) a[i * n + c0] = a[i * n + c0]! - (v[i]! * wc + p[i]!);
    pv.set(v);
    pw.set(p);
    pending = true;
  }
  if (pending) {
    // The last step's update for its remaining entry, a[n−1][n−1].
    const q = n - 1;
    a[q * n + q] = a[q * n + q]! - (pv[q]! * pw[q]! + pw[q]! * pv[q]!);
  }
  if (n >= 2) {
    d[n - 2] = a[(n - 2) * n + n - 2]!;
    e[n - 2] = a[(n - 1) * n + n - 2]!;
  }
  if (n >= 1) d[n - 1] = a[(n - 1) * n + n - 1]!;
}

/**
 * Rows c0..n−1 of the lower triangle, columns c0..i: applies the pending update (if any), then
 * accumulates p += S·v (S symmetric, only its lower triangle is read).
 */
function symmetricPass(
  a: Float64Array,
  n: number,
  c0: number,
  pv: Float64Array,
  pw: Float64Array,
  pending: boolean,
  v: Float64Array,
  p: Float64Array,
): void {
  let i = c0;
  for (; i + 3 < n; i += 4) {
    const q0 = i * n;
    const q1 = q0 + n;
    const q2 = q1 + n;
    const q3 = q2 + n;
    const a0 = pending ? pv[i]! : 0;
    const a1 = pending ? pv[i + 1]! : 0;
    const a2 = pending ? pv[i + 2]! : 0;
    const a3 = pending ? pv[i + 3]! : 0;
    const b0 = pending ? pw[i]! : 0;
    const b1 = pending ? pw[i + 1]! : 0;
    const b2 = pending ? pw[i + 2]! : 0;
    const b3 = pending ? pw[i + 3]! : 0;
    const v0 = v[i]!;
    const v1 = v[i + 1]!;
    const v2 = v[i + 2]!;
    const v3 = v[i + 3]!;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    // Columns c0..i−1: all four rows have them.
    if (pending) {
      for (let j = c0; j < i; j++) {
        const pwj = pw[j]!;
        const pvj = pv[j]!;
        const vj = v[j]!;
        const x0 = a[q0 + j]! - (a0 * pwj + b0 * pvj);
        const x1 = a[q1 + j]! - (a1 * pwj + b1 * pvj);
        const x2 = a[q2 + j]! - (a2 * pwj + b2 * pvj);
        const x3 = a[q3 + j]! - (a3 * pwj + b3 * pvj);
        a[q0 + j] = x0;
        a[q1 + j] = x1;
        a[q2 + j] = x2;
        a[q3 + j] = x3;
        s0 += x0 * vj;
        s1 += x1 * vj;
        s2 += x2 * vj;
        s3 += x3 * vj;
        p[j] = p[j]! + (x0 * v0 + x1 * v1 + (x2 * v2 + x3 * v3));
      }
    } else {
      for (let j = c0; j < i; j++) {
        const vj = v[j]!;
        const x0 = a[q0 + j]!;
        const x1 = a[q1 + j]!;
        const x2 = a[q2 + j]!;
        const x3 = a[q3 + j]!;
        s0 += x0 * vj;
        s1 += x1 * vj;
        s2 += x2 * vj;
        s3 += x3 * vj;
        p[j] = p[j]! + (x0 * v0 + x1 * v1 + (x2 * v2 + x3 * v3));
      }
    }
    p[i] = p[i]! + s0;
    p[i + 1] = p[i + 1]! + s1;
    p[i + 2] = p[i + 2]! + s2;
    p[i + 3] = p[i + 3]! + s3;
    // The 4 x 4 corner (columns i..i+3, lower triangle) row by row.
    for (let r = 0; r < 4; r++) cornerRow(a, n, i + r, i, pv, pw, pending, v, p);
  }
  for (; i < n; i++) cornerRow(a, n, i, c0, pv, pw, pending, v, p);
}

/** Row `row`, columns from..row of the lower triangle: pending update, then its share of p. */
function cornerRow(
  a: Float64Array,
  n: number,
  row: number,
  from: number,
  pv: Float64Array,
  pw: Float64Array,
  pending: boolean,
  v: Float64Array,
  p: Float64Array,
): void {
  const q = row * n;
  const ar = pending ? pv[row]! : 0;
  const br = pending ? pw[row]! : 0;
  const vr = v[row]!;
  let s = 0;
  for (let j = from; j < row; j++) {
    const x = pending ? a[q + j]! - (ar * pw[j]! + br * pv[j]!) : a[q + j]!;
    if (pending) a[q + j] = x;
    s += x * v[j]!;
    p[j] = p[j]! + x * vr;
  }
  const x = pending ? a[q + row]! - (ar * pw[row]! + br * pv[row]!) : a[q + row]!;
  if (pending) a[q + row] = x;
  p[row] = p[row]! + (s + x * vr);
}

/** Q (n x n) from the reflectors left in `a` by `reduceToTridiagonal`. O(4/3·n³). */
export function formTridiagonalQ(a: Float64Array, n: number, taus: Float64Array): Float64Array {
  return accumulateReflectors(a, n, n, n, taus, 1);
}
