/**
 * Reduction to upper Hessenberg form by Householder similarity transformations:
 * A = Q·H·Qᵀ with Q orthogonal and H zero below the first subdiagonal.
 * Golub & Van Loan, Matrix Computations, 4th ed., Algorithm 7.4.2 (LAPACK dgehd2, unblocked).
 */

import { accumulateReflectors, householder } from './reflectors.js';
import { type Matrix, assertFinite, assertMatrix, assertSquare } from './matrix.js';

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
 *
 * Layout: H_k·A·H_k = A − v·ŵᵀ − ŷ·vᵀ with y = A·v, w = Aᵀ·v (restricted to rows k+1…),
 * ŵ = τ·w and ŷ = τ·y − τ²·(vᵀy)·v. One read pass over the rows computes y (row dot products)
 * and w (row axpys) together, one write pass applies the rank-2 update; both stream along
 * contiguous rows, so the matrix is traversed twice per step.
 */
export function reduceToHessenberg(h: Float64Array, n: number, taus: Float64Array): void {
  const v = new Float64Array(n);
  const w = new Float64Array(n);
  const y = new Float64Array(n);
  for (let k = 0; k < n - 2; k++) {
    const c0 = k + 1;
    const tau = householder(h, c0 * n + k, n, n - c0);
    taus[k] = tau;
    if (tau === 0) continue;
    v[c0] = 1;
    for (let i = c0 + 1; i < n; i++) v[i] = h[i * n + k];
    // Read pass: y_i = A[i, c0:]·v for all rows; w = Σ_{i>=c0} v_i·A[i, c0:].
    for (let i = 0; i < c0; i++) {
      const r = i * n;
      let s = 0;
      for (let j = c0; j < n; j++) s += h[r + j] * v[j];
      y[i] = s;
    }
    w.fill(0, c0, n);
    // Two rows per pass halve the loads and stores of v and w (V8 does not vectorize).
    let i = c0;
    for (; i + 3 < n; i += 4) {
      const r0 = i * n;
      const r1 = r0 + n;
      const r2 = r1 + n;
      const r3 = r2 + n;
      const v0 = v[i];
      const v1 = v[i + 1];
      const v2 = v[i + 2];
      const v3 = v[i + 3];
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let j = c0; j < n; j++) {
        const x0 = h[r0 + j];
        const x1 = h[r1 + j];
        const x2 = h[r2 + j];
        const x3 = h[r3 + j];
        const vj = v[j];
        s0 += x0 * vj;
        s1 += x1 * vj;
        s2 += x2 * vj;
        s3 += x3 * vj;
        w[j] += v0 * x0 + v1 * x1 + (v2 * x2 + v3 * x3);
      }
      y[i] = s0;
      y[i + 1] = s1;
      y[i + 2] = s2;
      y[i + 3] = s3;
    }
    for (; i < n; i++) {
      const r = i * n;
      const vi = v[i];
      let s = 0;
      for (let j = c0; j < n; j++) {
        const x = h[r + j];
        s += x * v[j];
        w[j] += vi * x;
      }
      y[i] = s;
    }
    // ŷ = τ·y − τ²·(vᵀy)·v (the correction only touches rows >= c0, where v lives); ŵ = τ·w.
    let vty = 0;
    for (let i = c0; i < n; i++) vty += v[i] * y[i];
    const corr = tau * tau * vty;
    for (let i = 0; i < n; i++) y[i] = tau * y[i] - (i >= c0 ? corr * v[i] : 0);
    for (let j = c0; j < n; j++) w[j] *= tau;
    // Write pass: A[i, c0:] -= v_i·ŵ + ŷ_i·v.
    for (let i = 0; i < c0; i++) {
      const r = i * n;
      const yi = y[i];
      if (yi !== 0) for (let j = c0; j < n; j++) h[r + j] -= yi * v[j];
    }
    for (i = c0; i + 3 < n; i += 4) {
      const r0 = i * n;
      const r1 = r0 + n;
      const r2 = r1 + n;
      const r3 = r2 + n;
      const v0 = v[i];
      const v1 = v[i + 1];
      const v2 = v[i + 2];
      const v3 = v[i + 3];
      const y0 = y[i];
      const y1 = y[i + 1];
      const y2 = y[i + 2];
      const y3 = y[i + 3];
      for (let j = c0; j < n; j++) {
        const wj = w[j];
        const vj = v[j];
        h[r0 + j] -= v0 * wj + y0 * vj;
        h[r1 + j] -= v1 * wj + y1 * vj;
        h[r2 + j] -= v2 * wj + y2 * vj;
        h[r3 + j] -= v3 * wj + y3 * vj;
      }
    }
    for (; i < n; i++) {
      const r = i * n;
      const vi = v[i];
      const yi = y[i];
      for (let j = c0; j < n; j++) h[r + j] -= vi * w[j] + yi * v[j];
    }
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
