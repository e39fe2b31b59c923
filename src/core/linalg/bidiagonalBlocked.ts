/**
 * The blocked application of a bidiagonal reduction's orthogonal factors (LAPACK dormbr), for
 * the reflectors `reduceToBidiagonal` (bidiagonal.ts) or its SIMD variant leave in an m x n
 * row-major matrix (m >= n): block reflectors I − V·T·Vᵀ applied through gemm (larft/larfb).
 *
 * A blocked dgebrd/dlabrd reduction was written beside it and measured no faster than the
 * unblocked one in V8 (decision record 0026), so it was removed unused; it is in git history at
 * commit 0dc405b.
 */

import { larfb, larft } from './householder.js';
import { keptBuffers } from './keptBuffers.js';

/** Block width for applying Q and P. */
const NB_APPLY = 48;

/**
 * The explicit V (slot 0) and larfb's workspace (slot 1), kept between calls while they hold at
 * most 2·NB_APPLY·1024 doubles each (m, cols <= 1024): at n = 256 they are 100-200 KB each, which a fresh
 * Float64Array pays for in page faults and zeroing on every call. Their contents are never read
 * before being written (V is written whole or zeroed first, larfb's products write its workspace with gemm's beta = 0), and
 * JavaScript runs one call at a time.
 */
const kept = keptBuffers(2, 2 * NB_APPLY * 1024);

/**
 * C ← Q·C for the m x cols row-major C, where Q = H_0·…·H_{n−1} holds the left reflectors that
 * a bidiagonal reduction left in `a` (m x n, below the diagonal) with scalars tauq (LAPACK
 * dormbr, 'Q', left, no transpose). Block reflectors I − V·T·Vᵀ of NB_APPLY columns, applied
 * last block first through gemm (larft/larfb). About 4·m·n·cols − 2·n²·cols flops.
 */
export function applyBidiagonalQ(
  a: Float64Array,
  m: number,
  n: number,
  tauq: Float64Array,
  c: Float64Array,
  cols: number,
): void {
  const v = kept.take(0, m * NB_APPLY);
  const t = new Float64Array(NB_APPLY * NB_APPLY);
  const g = new Float64Array(NB_APPLY * NB_APPLY);
  const wk = kept.take(1, 2 * NB_APPLY * cols);
  for (let k0 = Math.floor((n - 1) / NB_APPLY) * NB_APPLY; k0 >= 0; k0 -= NB_APPLY) {
    const jb = Math.min(NB_APPLY, n - k0);
    const m2 = m - k0;
    // Explicit V: unit diagonal, zeros above, the stored tails below.
    for (let r = 0; r < m2; r++) {
      const src = (k0 + r) * n + k0;
      const dst = r * jb;
      for (let l = 0; l < jb; l++) v[dst + l] = l < r ? a[src + l]! : l === r ? 1 : 0;
    }
    larft(m2, jb, v, tauq, k0, t, g);
    larfb(false, m2, cols, jb, v, t, c, k0 * cols, cols, wk);
  }
}

/**
 * C ← P·C for the n x cols row-major C, where P = G_0·…·G_{n−2} holds the right reflectors that
 * a bidiagonal reduction left in the rows of `a` (row stride n; reflector k acts on indices
 * k+1 … n−1) with scalars taup (LAPACK dormbr, 'P', left, no transpose).
 */
export function applyBidiagonalP(a: Float64Array, n: number, taup: Float64Array, c: Float64Array, cols: number): void {
  const k = n - 1;
  if (k <= 0) return;
  const v = kept.take(0, n * NB_APPLY);
  const t = new Float64Array(NB_APPLY * NB_APPLY);
  const g = new Float64Array(NB_APPLY * NB_APPLY);
  const wk = kept.take(1, 2 * NB_APPLY * cols);
  for (let k0 = Math.floor((k - 1) / NB_APPLY) * NB_APPLY; k0 >= 0; k0 -= NB_APPLY) {
    const jb = Math.min(NB_APPLY, k - k0);
    const m2 = n - k0 - 1;
    // Reflector k0+l is row k0+l of a from column k0+1+l on: V(r, l) = a[k0+l][k0+1+r], read
    // along a's rows (the strided side is the small V).
    v.fill(0, 0, m2 * jb);
    for (let l = 0; l < jb; l++) {
      const src = (k0 + l) * n + k0 + 1;
      v[l * jb + l] = 1;
      for (let r = l + 1; r < m2; r++) v[r * jb + l] = a[src + r]!;
    }
    larft(m2, jb, v, taup, k0, t, g);
    larfb(false, m2, cols, jb, v, t, c, (k0 + 1) * cols, cols, wk);
  }
}
