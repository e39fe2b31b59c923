/**
 * The factors of a bidiagonal reduction A = Q·B·Pᵀ (m x n, m >= n) as explicit matrices: the
 * thin m x n Q and the n x n P formed by applying the stored reflectors to the identity
 * (applyBidiagonalQ/P), and the upper bidiagonal B from d and e. Shared by the tests of the
 * reductions and of the blocked application of their reflectors.
 */

import { applyBidiagonalP, applyBidiagonalQ } from '../src/core/linalg/bidiagonalBlocked.js';
import { type Matrix, matrix } from '../src/core/linalg/matrix.js';

export interface BidiagonalReduction {
  readonly w: Float64Array;
  readonly d: Float64Array;
  readonly e: Float64Array;
  readonly tauq: Float64Array;
  readonly taup: Float64Array;
}

export function bidiagonalFactors(r: BidiagonalReduction, m: number, n: number): { q: Matrix; b: Matrix; p: Matrix } {
  const q = new Float64Array(m * n);
  for (let i = 0; i < n; i++) q[i * n + i] = 1;
  applyBidiagonalQ(r.w, m, n, r.tauq, q, n);
  const p = new Float64Array(n * n);
  for (let i = 0; i < n; i++) p[i * n + i] = 1;
  applyBidiagonalP(r.w, n, r.taup, p, n);
  const b = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    b[i * n + i] = r.d[i]!;
    if (i + 1 < n) b[i * n + i + 1] = r.e[i]!;
  }
  return { q: matrix(m, n, q), b: matrix(n, n, b), p: matrix(n, n, p) };
}
