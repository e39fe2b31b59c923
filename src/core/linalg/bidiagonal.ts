/**
 * Golub–Kahan bidiagonalization: A = U_B·B·V_Bᵀ with B upper bidiagonal, for A m x n, m >= n.
 * Golub & Van Loan, Matrix Computations, 4th ed., Algorithm 5.4.2 (LAPACK dgebd2).
 */

import { accumulateReflectors, householder, transposeSquare } from './reflectors.js';

/**
 * In place on the m x n row-major `a` (m >= n >= 1). Writes d (length n), e (length n − 1,
 * B[k][k+1]), tauq (length n) and taup (length n − 1; taup[k] = 0 when there is nothing to
 * annihilate). Left reflector k (rows k … m−1) keeps its vector tail in column k below the
 * diagonal, right reflector k (columns k+1 … n−1) in row k right of the superdiagonal.
 * 4mn² − 4/3·n³ flops.
 *
 * Layout: per step, one read pass forms w = vᵀ·A[k:, k+1:] by row axpys; row k is updated
 * and yields the right reflector u; then a single pass over rows k+1 … m−1 applies the left
 * update, the dot product with u and the right update to each row while it is in cache.
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
  for (let k = 0; k < n; k++) {
    const c1 = k + 1;
    const tq = householder(a, k * n + k, n, m - k);
    tauq[k] = tq;
    d[k] = a[k * n + k];
    if (c1 >= n) break;
    // w = vᵀ·A[k:, c1:], v₀ = 1.
    v[k] = 1;
    for (let i = c1; i < m; i++) v[i] = a[i * n + k];
    if (tq !== 0) {
      w.fill(0, c1, n);
      for (let i = k; i < m; i++) {
        const vi = v[i];
        if (vi === 0) continue;
        const r = i * n;
        for (let j = c1; j < n; j++) w[j] += vi * a[r + j];
      }
      for (let j = c1; j < n; j++) w[j] *= tq;
      const rk = k * n;
      for (let j = c1; j < n; j++) a[rk + j] -= w[j];
    }
    // Right reflector from row k, columns c1..n-1.
    const tp = c1 < n - 1 ? householder(a, k * n + c1, 1, n - c1) : 0;
    taup[k] = tp;
    e[k] = a[k * n + c1];
    u[c1] = 1;
    for (let j = c1 + 1; j < n; j++) u[j] = a[k * n + j];
    for (let i = c1; i < m; i++) {
      const r = i * n;
      // w already carries the factor tau.
      const f = tq === 0 ? 0 : v[i];
      let s = 0;
      if (f !== 0) {
        for (let j = c1; j < n; j++) {
          const x = a[r + j] - f * w[j];
          a[r + j] = x;
          s += x * u[j];
        }
      } else {
        for (let j = c1; j < n; j++) s += a[r + j] * u[j];
      }
      s *= tp;
      if (s !== 0) for (let j = c1; j < n; j++) a[r + j] -= s * u[j];
    }
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
