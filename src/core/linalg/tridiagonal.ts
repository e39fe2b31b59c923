/**
 * Reduction of a symmetric matrix to symmetric tridiagonal form by Householder similarity
 * transformations: A = Q·T·Qᵀ, T with diagonal d and off-diagonal e.
 * Golub & Van Loan, Matrix Computations, 4th ed., Algorithm 8.3.1 (LAPACK dsytd2, lower).
 */

import { accumulateReflectors, householder } from './reflectors.js';

/**
 * In place on the n x n row-major `a`, of which only the lower triangle (diagonal included) is
 * read. Writes d (length n) and e (length n − 1, e[k] = T[k+1][k]); reflector k (acting on
 * indices k+1 … n−1) has tau in taus[k] (length n − 2) and its vector tail below the
 * subdiagonal of column k, for `formTridiagonalQ`. 4/3·n³ flops.
 *
 * Layout: each step needs p = S·v for the trailing symmetric block S, read from its lower
 * triangle only: row i contributes a dot product to p_i and an axpy to p_0..p_{i−1}, so the
 * pass streams contiguous row segments; the rank-2 update S −= v·wᵀ + w·vᵀ is applied to the
 * lower triangle, again row by row.
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
  for (let k = 0; k < n - 2; k++) {
    const c0 = k + 1;
    const tau = householder(a, c0 * n + k, n, n - c0);
    taus[k] = tau;
    d[k] = a[k * n + k];
    e[k] = a[c0 * n + k];
    if (tau === 0) continue;
    v[c0] = 1;
    for (let i = c0 + 1; i < n; i++) v[i] = a[i * n + k];
    // p = S·v from the lower triangle of S = A[c0:, c0:].
    p.fill(0, c0, n);
    for (let i = c0; i < n; i++) {
      const r = i * n;
      const vi = v[i];
      let s = 0;
      for (let j = c0; j < i; j++) {
        const x = a[r + j];
        s += x * v[j];
        p[j] += x * vi;
      }
      p[i] += s + a[r + i] * vi;
    }
    // w = τ·p − (τ²/2)·(pᵀv)·v, so that H·S·H = S − v·wᵀ − w·vᵀ.
    let ptv = 0;
    for (let i = c0; i < n; i++) ptv += p[i] * v[i];
    const alpha = -0.5 * tau * tau * ptv;
    for (let i = c0; i < n; i++) p[i] = tau * p[i] + alpha * v[i];
    for (let i = c0; i < n; i++) {
      const r = i * n;
      const vi = v[i];
      const wi = p[i];
      for (let j = c0; j <= i; j++) a[r + j] -= vi * p[j] + wi * v[j];
    }
  }
  if (n >= 2) {
    d[n - 2] = a[(n - 2) * n + n - 2];
    e[n - 2] = a[(n - 1) * n + n - 2];
  }
  if (n >= 1) d[n - 1] = a[(n - 1) * n + n - 1];
}

/** Q (n x n) from the reflectors left in `a` by `reduceToTridiagonal`. O(4/3·n³). */
export function formTridiagonalQ(a: Float64Array, n: number, taus: Float64Array): Float64Array {
  return accumulateReflectors(a, n, n, n, taus, 1);
}
