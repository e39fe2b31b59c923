/**
 * Blocked reduction of a symmetric matrix to tridiagonal form, A = Q·T·Qᵀ (LAPACK dsytrd with
 * dlatrd, lower triangle), and the blocked application of Q to a matrix (dormtr with
 * dlarft/dlarfb). Same output layout as the unblocked `reduceToTridiagonal` (tridiagonal.ts),
 * so `formTridiagonalQ` and `applyTridiagonalQ` accept either.
 *
 * Panels of NB columns are reduced with level-2 work: for each column, the product of the
 * not-yet-updated trailing matrix with the new reflector (a symmetric matrix-vector product over
 * the lower triangle) is corrected by the panel's earlier reflectors, giving W with
 * H_{k}…H_{k+NB−1} applied to A as A − V·Wᵀ − W·Vᵀ (dlatrd). The trailing matrix then gets that
 * rank-2·NB update through gemm, in row strips with k = 2·NB (dsyr2k's role): half the flops
 * of the reduction move into gemm. The last NX or fewer rows are reduced unblocked.
 *
 * Golub & Van Loan, Matrix Computations, 4th ed., 8.3.1 and 5.1.7 (WY); Dongarra, Hammarling &
 * Sorensen, "Block reduction of matrices to condensed forms for eigenvalue computations",
 * J. Comput. Appl. Math. 27, 1989.
 */

import { gemm } from './gemm.js';
import { explicitV, householder, larfb, larft } from './householder.js';
import {
  SYMV_COEF,
  SYMV_COL,
  SYMV_DOTS,
  SYMV_MAX_N,
  SYMV_P,
  SYMV_PANEL,
  SYMV_PV,
  SYMV_S,
  SYMV_V,
  SYMV_VW,
  type SimdSymv,
  simdSymv,
} from './simdSymv.js';
import { reduceToTridiagonal } from './tridiagonal.js';
import { keptBuffers } from './keptBuffers.js';

/** Panel width (the SIMD kernel's memory holds panels of up to SYMV_PANEL columns). */
const NB = SYMV_PANEL;
/** Reflectors per block reflector in `applyTridiagonalQ`. */
const APPLY_NB = 64;
/** Trailing blocks of at most this order are reduced unblocked. */
const NX = 96;
/** Row strip height of the trailing rank-2·NB update. */
const STRIP = 96;

/**
 * In place on the n x n row-major `a` (only the lower triangle, diagonal included, is read; the
 * strict upper triangle is used as scratch): d (length n), e (length n − 1, e[k] = T[k+1][k]),
 * reflector k (acting on indices k+1 … n−1) with tau in taus[k] (length n − 2) and its vector
 * tail below the subdiagonal of column k. 4/3·n³ flops, about half of them in gemm.
 */
export function reduceToTridiagonalBlocked(
  a: Float64Array,
  n: number,
  d: Float64Array,
  e: Float64Array,
  taus: Float64Array,
): void {
  let i0 = 0;
  // With WebAssembly SIMD the reduction runs in the symv kernel's memory (simdSymv.ts): the
  // lower triangle is copied in once and back at the end.
  const kernel = n > NX && n <= SYMV_MAX_N ? simdSymv() : null;
  const w = kernel === null ? a : kernel.mem;
  if (kernel !== null) for (let i = 0; i < n; i++) w.set(a.subarray(i * n, i * n + i + 1), i * n);
  if (n > NX) {
    // [Vᵀ; Wᵀ; Vᵀ] (3·NB rows of length n − i0): rows 0..2NB are [V | W]ᵀ and rows NB..3NB are
    // [W | V]ᵀ, the two factors of the trailing update, without a copy of W.
    // With the kernel, the panel's vectors live in its memory too, for its dots2 / axpy2.
    const vw = kernel === null ? new Float64Array(3 * NB * n) : kernel.mem.subarray(SYMV_VW, SYMV_VW + 3 * NB * n);
    const col = kernel === null ? new Float64Array(n) : kernel.mem.subarray(SYMV_COL, SYMV_COL + n);
    const p = kernel === null ? new Float64Array(n) : kernel.mem.subarray(SYMV_PV, SYMV_PV + n);
    const t1 = new Float64Array(NB);
    const t2 = new Float64Array(NB);
    for (; n - i0 > NX; i0 += NB) {
      panel(w, n, i0, d, e, taus, vw, col, p, t1, t2, kernel);
      trailingUpdate(w, n, i0, vw);
    }
  }
  const m = n - i0;
  if (m === 0) return;
  // The rest unblocked, on a contiguous copy of the trailing lower triangle.
  const sub = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j <= i; j++) sub[i * m + j] = w[(i0 + i) * n + i0 + j]!;
  }
  if (kernel !== null) for (let i = 0; i < n; i++) a.set(w.subarray(i * n, i * n + i + 1), i * n);
  const ds = new Float64Array(m);
  const es = new Float64Array(Math.max(0, m - 1));
  const ts = new Float64Array(Math.max(0, m - 2));
  reduceToTridiagonal(sub, m, ds, es, ts);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j <= i; j++) a[(i0 + i) * n + i0 + j] = sub[i * m + j]!;
  }
  d.set(ds, i0);
  e.set(es, i0);
  taus.set(ts, i0);
}

/**
 * Reduces columns i0 … i0+NB−1 (dlatrd, lower). With N = n − i0 and rows relative to i0, on
 * return row l of `vw` (stride N) holds the explicit reflector v_l (unit entry at l+1, zeros
 * above), row NB + l the matching w_l with (H…)ᵀA(H…) = A − V·Wᵀ − W·Vᵀ on the trailing block,
 * and rows 2NB … 3NB−1 a copy of V. Vectors are rows so that every loop here is contiguous.
 */
function panel(
  a: Float64Array,
  n: number,
  i0: number,
  d: Float64Array,
  e: Float64Array,
  taus: Float64Array,
  vw: Float64Array,
  col: Float64Array,
  p: Float64Array,
  t1: Float64Array,
  t2: Float64Array,
  kernel: SimdSymv | null,
): void {
  const N = n - i0;
  const W = NB * N;
  vw.fill(0, 0, 3 * W);
  for (let l = 0; l < NB; l++) {
    const j = i0 + l;
    // Column j, rows j … n−1, gets the updates of the panel's earlier reflectors.
    if (l > 0 && kernel !== null) {
      for (let r = l; r < N; r++) col[r] = a[(i0 + r) * n + j]!;
      const m = kernel.mem;
      for (let q = 0; q < l; q++) {
        m[SYMV_COEF + q] = -vw[W + q * N + l]!;
        m[SYMV_COEF + l + q] = -vw[q * N + l]!;
      }
      panelAxpy(kernel, N, l, l, col);
      for (let r = l; r < N; r++) a[(i0 + r) * n + j] = col[r]!;
    } else if (l > 0) {
      for (let r = l; r < N; r++) col[r] = a[(i0 + r) * n + j]!;
      let q = 0;
      for (; q + 1 < l; q += 2) {
        const vq = q * N;
        const wq = W + q * N;
        const vq1 = vq + N;
        const wq1 = wq + N;
        const wl = vw[wq + l]!;
        const vl = vw[vq + l]!;
        const wl1 = vw[wq1 + l]!;
        const vl1 = vw[vq1 + l]!;
        for (let r = l; r < N; r++) {
          col[r] = col[r]! - (vw[vq + r]! * wl + vw[wq + r]! * vl + (vw[vq1 + r]! * wl1 + vw[wq1 + r]! * vl1));
        }
      }
      for (; q < l; q++) {
        const vq = q * N;
        const wq = W + q * N;
        const wl = vw[wq + l]!;
        const vl = vw[vq + l]!;
        for (let r = l; r < N; r++) col[r] = col[r]! - (vw[vq + r]! * wl + vw[wq + r]! * vl);
      }
      for (let r = l; r < N; r++) a[(i0 + r) * n + j] = col[r]!;
    }
    const tau = householder(n - j - 1, a, (j + 1) * n + j, n);
    taus[j] = tau;
    d[j] = a[j * n + j]!;
    e[j] = a[(j + 1) * n + j]!;
    if (tau === 0) continue; // H = I: zero rows of V and W
    const vl = l * N;
    vw[vl + l + 1] = 1;
    for (let r = l + 2; r < N; r++) vw[vl + r] = a[(i0 + r) * n + j]!;
    // p = A_trailing·v, the trailing matrix as of the panel start (lower triangle).
    p.fill(0, l + 1, N);
    if (kernel === null) symvLower(a, n, i0, l + 1, vw, vl, p);
    else symvSimd(kernel, n, i0, l + 1, vw, vl, p);
    // p −= V·(Wᵀv) + W·(Vᵀv) over the panel's earlier columns.
    if (l > 0 && kernel !== null) {
      const m = kernel.mem;
      const len = N - l - 1;
      const pairs = len >> 1;
      kernel.dots2(SYMV_VW + l + 1, l, N, W, SYMV_VW + vl + l + 1, pairs, SYMV_DOTS);
      const tail = len % 2 === 1 ? N - 1 : -1;
      const x = tail >= 0 ? vw[vl + tail]! : 0;
      for (let q = 0; q < l; q++) {
        // Coefficients of V's rows: −Wᵀv (the second set's sums); of W's rows: −Vᵀv.
        let s2 = m[SYMV_DOTS + 2 * q]! + m[SYMV_DOTS + 2 * q + 1]!;
        let s1 = m[SYMV_DOTS + 2 * (l + q)]! + m[SYMV_DOTS + 2 * (l + q) + 1]!;
        if (tail >= 0) {
          s2 += vw[q * N + tail]! * x;
          s1 += vw[W + q * N + tail]! * x;
        }
        m[SYMV_COEF + q] = -s1;
        m[SYMV_COEF + l + q] = -s2;
      }
      panelAxpy(kernel, N, l, l + 1, p);
    } else if (l > 0) {
      for (let q = 0; q < l; q++) {
        let s1 = 0;
        let s2 = 0;
        const vq = q * N;
        const wq = W + q * N;
        for (let r = l + 1; r < N; r++) {
          const x = vw[vl + r]!;
          s1 += vw[wq + r]! * x;
          s2 += vw[vq + r]! * x;
        }
        t1[q] = s1;
        t2[q] = s2;
      }
      let q = 0;
      for (; q + 1 < l; q += 2) {
        const vq = q * N;
        const wq = W + q * N;
        const vq1 = vq + N;
        const wq1 = wq + N;
        const a1 = t1[q]!;
        const a2 = t2[q]!;
        const b1 = t1[q + 1]!;
        const b2 = t2[q + 1]!;
        for (let r = l + 1; r < N; r++) {
          p[r] = p[r]! - (vw[vq + r]! * a1 + vw[wq + r]! * a2 + (vw[vq1 + r]! * b1 + vw[wq1 + r]! * b2));
        }
      }
      for (; q < l; q++) {
        const vq = q * N;
        const wq = W + q * N;
        const a1 = t1[q]!;
        const a2 = t2[q]!;
        for (let r = l + 1; r < N; r++) p[r] = p[r]! - (vw[vq + r]! * a1 + vw[wq + r]! * a2);
      }
    }
    // w = τ·p − (τ²/2)·(pᵀv)·v, so that H·S·H = S − v·wᵀ − w·vᵀ.
    let ptv = 0;
    for (let r = l + 1; r < N; r++) ptv += p[r]! * vw[vl + r]!;
    const alpha = -0.5 * tau * tau * ptv;
    const wl = W + l * N;
    for (let r = l + 1; r < N; r++) vw[wl + r] = tau * p[r]! + alpha * vw[vl + r]!;
  }
  vw.copyWithin(2 * W, 0, W);
}

/**
 * y[r] += Σ_{q<l} V[q][r]·c[q] + W[q][r]·c[l + q] for r = r0 … N−1 (y is col or p in the kernel's
 * memory, c at SYMV_COEF, V and W the panel rows at SYMV_VW with stride N): pairs on the
 * kernel, an odd last entry here.
 */
function panelAxpy(k: SimdSymv, N: number, l: number, r0: number, y: Float64Array): void {
  const len = N - r0;
  const pairs = len >> 1;
  const yBase = y.byteOffset / 8; // y is a view on the kernel's memory
  k.axpy2(SYMV_VW + r0, l, N, NB * N, SYMV_COEF, yBase + r0, pairs);
  if (len % 2 === 1) {
    const r = N - 1;
    const m = k.mem;
    let acc = y[r]!;
    for (let q = 0; q < l; q++)
      acc += m[SYMV_VW + q * N + r]! * m[SYMV_COEF + q]! + m[SYMV_VW + (NB + q) * N + r]! * m[SYMV_COEF + l + q]!;
    y[r] = acc;
  }
}

/**
 * p[r − i0] += Σ_c S[r][c]·x[c − i0] over r, c >= i0 + r0 for the symmetric S read from the lower
 * triangle of a, with x = v[vOff …] (both vectors relative to i0): row r gives a dot product to
 * p_r and an axpy to the earlier entries; four rows per pass.
 */
function symvLower(
  a: Float64Array,
  n: number,
  i0: number,
  r0: number,
  v: Float64Array,
  vOff: number,
  p: Float64Array,
): void {
  const N = n - i0;
  let i = r0;
  for (; i + 3 < N; i += 4) {
    const q0 = (i0 + i) * n + i0;
    const q1 = q0 + n;
    const q2 = q1 + n;
    const q3 = q2 + n;
    const v0 = v[vOff + i]!;
    const v1 = v[vOff + i + 1]!;
    const v2 = v[vOff + i + 2]!;
    const v3 = v[vOff + i + 3]!;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let j = r0; j < i; j++) {
      const vj = v[vOff + j]!;
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
    // The 4 x 4 corner, lower triangle.
    for (let r = 0; r < 4; r++) {
      const q = q0 + r * n;
      const vr = v[vOff + i + r]!;
      let s = 0;
      for (let j = i; j < i + r; j++) {
        const x = a[q + j]!;
        s += x * v[vOff + j]!;
        p[j] = p[j]! + x * vr;
      }
      const acc = r === 0 ? s0 : r === 1 ? s1 : r === 2 ? s2 : s3;
      p[i + r] = p[i + r]! + acc + s + a[q + i + r]! * vr;
    }
  }
  for (; i < N; i++) {
    const q = (i0 + i) * n + i0;
    const vi = v[vOff + i]!;
    let s = 0;
    for (let j = r0; j < i; j++) {
      const x = a[q + j]!;
      s += x * v[vOff + j]!;
      p[j] = p[j]! + x * vi;
    }
    p[i] = p[i]! + s + a[q + i]! * vi;
  }
}

/**
 * symvLower on the SIMD kernel: the matrix is the kernel's memory (row stride n); the kernel
 * does the rectangles left of each 4-row block, this function the 4 x 4 corners, the row sums
 * and the last n − r0 mod 4 rows.
 */
function symvSimd(
  k: SimdSymv,
  n: number,
  i0: number,
  r0: number,
  v: Float64Array,
  vOff: number,
  p: Float64Array,
): void {
  const m = k.mem;
  const c0 = i0 + r0;
  for (let g = c0; g < n; g++) m[SYMV_V + g] = v[vOff + g - i0]!;
  m.fill(0, SYMV_P + c0, SYMV_P + n);
  const blocks = (n - c0) >> 2;
  k.rect(c0, n, blocks);
  for (let b = 0; b < blocks; b++) {
    const i = c0 + 4 * b;
    for (let r = 0; r < 4; r++) {
      const q = (i + r) * n;
      const vr = m[SYMV_V + i + r]!;
      let s = m[SYMV_S + 8 * b + 2 * r]! + m[SYMV_S + 8 * b + 2 * r + 1]!;
      for (let j = i; j < i + r; j++) {
        const x = m[q + j]!;
        s += x * m[SYMV_V + j]!;
        m[SYMV_P + j] = m[SYMV_P + j]! + x * vr;
      }
      m[SYMV_P + i + r] = m[SYMV_P + i + r]! + s + m[q + i + r]! * vr;
    }
  }
  for (let i = c0 + 4 * blocks; i < n; i++) {
    const q = i * n;
    const vi = m[SYMV_V + i]!;
    let s = 0;
    for (let j = c0; j < i; j++) {
      const x = m[q + j]!;
      s += x * m[SYMV_V + j]!;
      m[SYMV_P + j] = m[SYMV_P + j]! + x * vi;
    }
    m[SYMV_P + i] = m[SYMV_P + i]! + s + m[q + i]! * vi;
  }
  for (let g = c0; g < n; g++) p[g - i0] = p[g - i0]! + m[SYMV_P + g]!;
}

/**
 * A[t …, t …] −= V·Wᵀ + W·Vᵀ (t = i0 + NB; lower triangle and the upper part of the diagonal
 * strips, which is scratch) as one gemm per row strip: [V | W]·[W | V]ᵀ with k = 2·NB, both
 * factors read transposed from `vw`.
 */
function trailingUpdate(a: Float64Array, n: number, i0: number, vw: Float64Array): void {
  const N = n - i0;
  const t = i0 + NB;
  const M = n - t;
  const K = 2 * NB;
  for (let s0 = 0; s0 < M; s0 += STRIP) {
    const s1 = Math.min(M, s0 + STRIP);
    gemm(true, false, s1 - s0, s1, K, -1, vw, NB + s0, N, vw, NB * N + NB, N, a, (t + s0) * n + t, n);
  }
}

/**
 * applyTridiagonalQ's explicit V (slot 0) and larfb workspace (slot 1), kept between calls
 * while they hold at most 2·APPLY_NB·1024 doubles each (n, cols <= 1024): a fresh Float64Array of
 * a few hundred KB pays page faults and zeroing on every call. Never read before written
 * (explicitV writes V's rows whole, larfb's products write its workspace with gemm's beta = 0); one call runs at a time.
 */
const applyKept = keptBuffers(2, 2 * APPLY_NB * 1024);

/**
 * z := Q·z for the Q = H₀·H₁·…·H_{n−3} left in `a` and `taus` by either tridiagonal reduction,
 * z n x cols row-major (LAPACK dormtr, lower, no transpose): blocks of NB reflectors as compact
 * WY block reflectors I − V·T·Vᵀ (dlarft), applied last block first by three gemm calls each
 * (dlarfb). About 2·n²·cols flops.
 */
export function applyTridiagonalQ(a: Float64Array, n: number, taus: Float64Array, z: Float64Array, cols: number): void {
  const r = n - 2;
  if (r <= 0 || cols === 0) return;
  const vb = applyKept.take(0, n * APPLY_NB);
  const tb = new Float64Array(APPLY_NB * APPLY_NB);
  const g = new Float64Array(APPLY_NB * APPLY_NB);
  const wk = applyKept.take(1, 2 * APPLY_NB * cols);
  for (let j = Math.floor((r - 1) / APPLY_NB) * APPLY_NB; j >= 0; j -= APPLY_NB) {
    const jb = Math.min(APPLY_NB, r - j);
    const m2 = n - 1 - j;
    explicitV(m2, jb, a, (j + 1) * n + j, n, vb);
    larft(m2, jb, vb, taus, j, tb, g);
    larfb(false, m2, cols, jb, vb, tb, z, (j + 1) * cols, cols, wk);
  }
}
