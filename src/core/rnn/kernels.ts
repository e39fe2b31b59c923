/**
 * Dense kernels for the RNN's batched products, on raw Float64Arrays with explicit offsets
 * and leading dimensions (row strides) so that slices of the time-major buffers need no copy.
 *
 * Only one product shape is needed: C = A·Bᵀ, "rows of A dotted with rows of Bt". Every RNN
 * product is cast into it by transposing the small operand once per call (weights are n x n,
 * the batched activations are T·batch x n). Register-blocked: 4 x 4 blocks (16 accumulators,
 * 8 loads per 16 multiply-adds) for the bulk, 2 x 4 blocks and single dot products for the
 * remainders. Measured in V8 on this machine class (n = 64 and 128, batch 32): 2.2 to 2.4 GMAC/s
 * for 2 x 4 and 4 x 4 (4 x 4 about 6% faster inside the training step), against 0.8 for a plain
 * dot loop and 0.65 for the i-k-j axpy loop; packing panels or unrolling k gained under 3%.
 * Where WebAssembly SIMD exists, products of 4096 multiply-adds or more run instead on linalg's
 * SIMD kernel in its whole-k mode (`gemmWholeK`), which keeps the same single running sum per
 * entry, so the bits are the same either way; that made a training step 2.3x faster
 * (T = 50, 128 units, batch 32; bench/RESULTS.md).
 */

import { gemmWholeK } from '../linalg/gemm.js';

/** Below this many multiply-adds the JavaScript blocks beat the SIMD kernel's copies. */
const SIMD_MIN_WORK = 4096;

/**
 * C[i, j] (+)= Σ_k A[i, k] · Bt[j, k] for i < m, j < p, k < kk, where
 * X[r, c] = X[xOff + r·ldx + c]. With `accumulate` false C is overwritten.
 * Cost m·p·kk multiply-adds; no allocation. C must not alias A or Bt.
 *
 * Every C[i, j] is one running sum over k = 0, 1, ..., kk-1 added to C at the end, whatever the
 * blocking, so results are bit-identical across block shapes (JavaScript has no fused multiply-add).
 */
export function gemmABt(
  m: number,
  p: number,
  kk: number,
  A: Float64Array,
  aOff: number,
  lda: number,
  Bt: Float64Array,
  bOff: number,
  ldb: number,
  C: Float64Array,
  cOff: number,
  ldc: number,
  accumulate: boolean,
): void {
  if (
    m * p * kk >= SIMD_MIN_WORK &&
    gemmWholeK(false, true, m, p, kk, A, aOff, lda, Bt, bOff, ldb, C, cOff, ldc, !accumulate)
  ) {
    return;
  }
  const m4 = m - (m % 4);
  const p4 = p - (p % 4);
  if (m4 > 0 && p4 > 0) block4x4(m4, p4, kk, A, aOff, lda, Bt, bOff, ldb, C, cOff, ldc, accumulate);
  if (m4 > 0 && p4 < p) {
    // remaining columns of the first m4 rows
    gemm2x4(m4, p - p4, kk, A, aOff, lda, Bt, bOff + p4 * ldb, ldb, C, cOff + p4, ldc, accumulate);
  }
  if (m4 < m) gemm2x4(m - m4, p, kk, A, aOff + m4 * lda, lda, Bt, bOff, ldb, C, cOff + m4 * ldc, ldc, accumulate);
}

/** The 4 x 4 register block (16 accumulators, 8 loads per 16 multiply-adds); m, p multiples of 4. */
function block4x4(
  m: number,
  p: number,
  kk: number,
  A: Float64Array,
  aOff: number,
  lda: number,
  Bt: Float64Array,
  bOff: number,
  ldb: number,
  C: Float64Array,
  cOff: number,
  ldc: number,
  accumulate: boolean,
): void {
  for (let i = 0; i < m; i += 4) {
    const a0 = aOff + i * lda;
    const a1 = a0 + lda;
    const a2 = a1 + lda;
    const a3 = a2 + lda;
    for (let j = 0; j < p; j += 4) {
      const b0 = bOff + j * ldb;
      const b1 = b0 + ldb;
      const b2 = b1 + ldb;
      const b3 = b2 + ldb;
      let s00 = 0;
      let s01 = 0;
      let s02 = 0;
      let s03 = 0;
      let s10 = 0;
      let s11 = 0;
      let s12 = 0;
      let s13 = 0;
      let s20 = 0;
      let s21 = 0;
      let s22 = 0;
      let s23 = 0;
      let s30 = 0;
      let s31 = 0;
      let s32 = 0;
      let s33 = 0;
      for (let k = 0; k < kk; k++) {
        const u = Bt[b0 + k]!;
        const v = Bt[b1 + k]!;
        const w = Bt[b2 + k]!;
        const q = Bt[b3 + k]!;
        let x = A[a0 + k]!;
        s00 += x * u;
        s01 += x * v;
        s02 += x * w;
        s03 += x * q;
        x = A[a1 + k]!;
        s10 += x * u;
        s11 += x * v;
        s12 += x * w;
        s13 += x * q;
        x = A[a2 + k]!;
        s20 += x * u;
        s21 += x * v;
        s22 += x * w;
        s23 += x * q;
        x = A[a3 + k]!;
        s30 += x * u;
        s31 += x * v;
        s32 += x * w;
        s33 += x * q;
      }
      let c = cOff + i * ldc + j;
      if (accumulate) {
        C[c] = C[c]! + s00;
        C[c + 1] = C[c + 1]! + s01;
        C[c + 2] = C[c + 2]! + s02;
        C[c + 3] = C[c + 3]! + s03;
        c += ldc;
        C[c] = C[c]! + s10;
        C[c + 1] = C[c + 1]! + s11;
        C[c + 2] = C[c + 2]! + s12;
        C[c + 3] = C[c + 3]! + s13;
        c += ldc;
        C[c] = C[c]! + s20;
        C[c + 1] = C[c + 1]! + s21;
        C[c + 2] = C[c + 2]! + s22;
        C[c + 3] = C[c + 3]! + s23;
        c += ldc;
        C[c] = C[c]! + s30;
        C[c + 1] = C[c + 1]! + s31;
        C[c + 2] = C[c + 2]! + s32;
        C[c + 3] = C[c + 3]! + s33;
      } else {
        C[c] = s00;
        C[c + 1] = s01;
        C[c + 2] = s02;
        C[c + 3] = s03;
        c += ldc;
        C[c] = s10;
        C[c + 1] = s11;
        C[c + 2] = s12;
        C[c + 3] = s13;
        c += ldc;
        C[c] = s20;
        C[c + 1] = s21;
        C[c + 2] = s22;
        C[c + 3] = s23;
        c += ldc;
        C[c] = s30;
        C[c + 1] = s31;
        C[c + 2] = s32;
        C[c + 3] = s33;
      }
    }
  }
}

/** 2 x 4 register blocks with single-dot remainders: any m, p. */
function gemm2x4(
  m: number,
  p: number,
  kk: number,
  A: Float64Array,
  aOff: number,
  lda: number,
  Bt: Float64Array,
  bOff: number,
  ldb: number,
  C: Float64Array,
  cOff: number,
  ldc: number,
  accumulate: boolean,
): void {
  const m2 = m - (m % 2);
  const p4 = p - (p % 4);
  for (let i = 0; i < m2; i += 2) {
    const a0 = aOff + i * lda;
    const a1 = a0 + lda;
    const c0 = cOff + i * ldc;
    const c1 = c0 + ldc;
    for (let j = 0; j < p4; j += 4) {
      const b0 = bOff + j * ldb;
      const b1 = b0 + ldb;
      const b2 = b1 + ldb;
      const b3 = b2 + ldb;
      let s00 = 0;
      let s01 = 0;
      let s02 = 0;
      let s03 = 0;
      let s10 = 0;
      let s11 = 0;
      let s12 = 0;
      let s13 = 0;
      for (let k = 0; k < kk; k++) {
        const x = A[a0 + k]!;
        const z = A[a1 + k]!;
        const u = Bt[b0 + k]!;
        const v = Bt[b1 + k]!;
        const w = Bt[b2 + k]!;
        const q = Bt[b3 + k]!;
        s00 += x * u;
        s01 += x * v;
        s02 += x * w;
        s03 += x * q;
        s10 += z * u;
        s11 += z * v;
        s12 += z * w;
        s13 += z * q;
      }
      if (accumulate) {
        C[c0 + j] = C[c0 + j]! + s00;
        C[c0 + j + 1] = C[c0 + j + 1]! + s01;
        C[c0 + j + 2] = C[c0 + j + 2]! + s02;
        C[c0 + j + 3] = C[c0 + j + 3]! + s03;
        C[c1 + j] = C[c1 + j]! + s10;
        C[c1 + j + 1] = C[c1 + j + 1]! + s11;
        C[c1 + j + 2] = C[c1 + j + 2]! + s12;
        C[c1 + j + 3] = C[c1 + j + 3]! + s13;
      } else {
        C[c0 + j] = s00;
        C[c0 + j + 1] = s01;
        C[c0 + j + 2] = s02;
        C[c0 + j + 3] = s03;
        C[c1 + j] = s10;
        C[c1 + j + 1] = s11;
        C[c1 + j + 2] = s12;
        C[c1 + j + 3] = s13;
      }
    }
    for (let j = p4; j < p; j++) {
      const b0 = bOff + j * ldb;
      let s0 = 0;
      let s1 = 0;
      for (let k = 0; k < kk; k++) {
        const u = Bt[b0 + k]!;
        s0 += A[a0 + k]! * u;
        s1 += A[a1 + k]! * u;
      }
      if (accumulate) {
        C[c0 + j] = C[c0 + j]! + s0;
        C[c1 + j] = C[c1 + j]! + s1;
      } else {
        C[c0 + j] = s0;
        C[c1 + j] = s1;
      }
    }
  }
  for (let i = m2; i < m; i++) {
    const a0 = aOff + i * lda;
    const c0 = cOff + i * ldc;
    for (let j = 0; j < p; j++) {
      const b0 = bOff + j * ldb;
      let s = 0;
      for (let k = 0; k < kk; k++) s += A[a0 + k]! * Bt[b0 + k]!;
      if (accumulate) C[c0 + j] = C[c0 + j]! + s;
      else C[c0 + j] = s;
    }
  }
}

/**
 * Out[c, r] = In[r, c] for an r x c block: In[inOff + r·ldi + c] -> Out[outOff + c·ldo + r].
 * Cache-blocked in 32 x 32 tiles. Cost rows·cols moves; no allocation.
 */
export function transposeInto(
  rows: number,
  cols: number,
  In: Float64Array,
  inOff: number,
  ldi: number,
  Out: Float64Array,
  outOff: number,
  ldo: number,
): void {
  const TILE = 32;
  for (let r0 = 0; r0 < rows; r0 += TILE) {
    const r1 = Math.min(r0 + TILE, rows);
    for (let c0 = 0; c0 < cols; c0 += TILE) {
      const c1 = Math.min(c0 + TILE, cols);
      for (let r = r0; r < r1; r++) {
        const src = inOff + r * ldi;
        for (let c = c0; c < c1; c++) Out[outOff + c * ldo + r] = In[src + c]!;
      }
    }
  }
}

/**
 * Sparse-aware "C += X·W" for a narrow X (few columns, often one-hot): for every row r and
 * column m with X[r, m] ≠ 0, adds X[r, m] times row m of W (stride ldw) to row r of C.
 * X is rows x xCols contiguous from xOff; C rows have stride ldc. Cost rows·nnz(row)·width.
 */
export function addSparseRowsTimes(
  rows: number,
  xCols: number,
  width: number,
  X: Float64Array,
  xOff: number,
  W: Float64Array,
  ldw: number,
  C: Float64Array,
  cOff: number,
  ldc: number,
): void {
  for (let r = 0; r < rows; r++) {
    const xr = xOff + r * xCols;
    const cr = cOff + r * ldc;
    for (let m = 0; m < xCols; m++) {
      const x = X[xr + m]!;
      if (x === 0) continue;
      const wm = m * ldw;
      for (let j = 0; j < width; j++) C[cr + j] = C[cr + j]! + x * W[wm + j]!;
    }
  }
}
