/**
 * The general matrix-multiply engine behind every level-3 operation (matmul and its transposed
 * variants, the block-reflector updates of QR, LU's trailing updates):
 *
 *   C += alpha · op(A) · op(B),   op(X) = X or Xᵀ,
 *
 * on row-major blocks given by (array, offset, row stride), so callers can work on sub-blocks in
 * place. Internal to linalg; the public API is in matmul.ts.
 *
 * Algorithm: the GotoBLAS/BLIS layering (Goto & van de Geijn, "Anatomy of high-performance
 * matrix multiplication", ACM TOMS 2008; Van Zee & van de Geijn, BLIS, TOMS 2015). op(B) is cut
 * into KC x NC blocks and packed into NR-column micro-panels; op(A) into MC x KC blocks packed
 * into MR-row micro-panels (alpha folded in). A 4 x 3 micro-kernel keeps the 12 entries of its
 * C tile in local variables and does a rank-1 update per step from the two packed panels, so
 * the inner loop reads 7 contiguous doubles per 24 flops and never touches C. Transposes cost
 * nothing extra: they only change the packing loops. Edge tiles are zero-padded.
 *
 * Tuning (Node 20, V8 TurboFan, x86-64; see bench/RESULTS.md). V8 keeps at most 15 doubles in
 * registers and emits a bounds check per typed-array load, so the kernel is bound by
 * instruction count, not by the FPU: a 4 x 4 tile (16 sums) spills and shuffles registers on
 * every loop back edge and is ~10% slower than 4 x 3; unrolling the k loop is slower still;
 * `| 0` on index arithmetic removes overflow checks (~5%). Both packed panels live in one
 * Float64Array, which frees a register in the kernel. KC = 256 keeps an A and a B micro-panel
 * (14 KiB) in L1 and an MC x KC block of A (256 KiB) in L2; NC is a multiple of NR.
 *
 * Products with m·n·k ≤ 8³ or a single row (m = 1) use plain loops: packing would cost more
 * than it saves there (measured crossover: packing wins from about 8 x 8 x 8).
 *
 * Where the engine has WebAssembly SIMD (Node 20, every current browser), the blocks are packed
 * in a WebAssembly module's memory instead and a 4 x 4 f64x2 macro-kernel does the arithmetic
 * (simdGemm.ts), 3-4x faster than the JavaScript kernel. Operands and C move between JavaScript
 * arrays and the module only as whole rows (TypedArray.set, memcpy speed); the module packs
 * them itself (decisions/0031). Both paths block k the same way and do the same IEEE operations
 * in the same order, so they give identical bits.
 */

import {
  A_BASE,
  B_BASE,
  C_BASE,
  S_BASE,
  SIMD_KC,
  SIMD_MC,
  SIMD_MR,
  SIMD_NC,
  SIMD_NR,
  type SimdGemm,
  hasRelaxedSimd,
  loadSimdGemm,
} from './simdGemm.js';
import { threadedGemm, threadsWouldRun } from './gemmThreads.js';
import { ShapeError } from '../errors.js';

/** A stored matrix operand of gemm: entry (i, j) of the block is data[offset + i·ld + j]. */
export interface GemmOperand {
  readonly data: Float64Array;
  readonly offset: number;
  /** Row stride. */
  readonly ld: number;
}

/** The operand `x` moved to its stored entry (i, j): a sub-block in place. */
export function operandAt(x: GemmOperand, i: number, j: number): GemmOperand {
  return { data: x.data, offset: x.offset + i * x.ld + j, ld: x.ld };
}

/**
 * One product C(m x n) += alpha · op(A)(m x k) · op(B)(k x n), as every internal routine takes
 * it: op(A) = A when !transA (A stored m x k) and Aᵀ when transA (A stored k x m), likewise B.
 */
export interface GemmProblem {
  readonly transA: boolean;
  readonly transB: boolean;
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly alpha: number;
  readonly a: GemmOperand;
  readonly b: GemmOperand;
  readonly c: GemmOperand;
}

/**
 * The part of `p` covering rows i0..i0+m of C, columns j0..j0+n and k-range p0..p0+k, in place.
 * Every entry's sum keeps its order when the k-ranges are the caller's own blocks.
 */
export function subProblem(
  p: GemmProblem,
  i0: number,
  m: number,
  j0: number,
  n: number,
  p0: number,
  k: number,
): GemmProblem {
  return {
    ...p,
    m,
    n,
    k,
    a: p.transA ? operandAt(p.a, p0, i0) : operandAt(p.a, i0, p0),
    b: p.transB ? operandAt(p.b, j0, p0) : operandAt(p.b, p0, j0),
    c: operandAt(p.c, i0, j0),
  };
}

/** Block sizes of the SIMD path: k, m and n extents of the packed blocks. */
interface Blocking {
  readonly k: number;
  readonly m: number;
  readonly n: number;
}

const STANDARD: Blocking = { k: SIMD_KC, m: SIMD_MC, n: SIMD_NC };

const MR = 4;
const NR = 3;
const KC = 256;
const MC = 128;
const NC = 1020;
const SMALL_WORK = 8 * 8 * 8;

/** Packing workspace, grown on demand and reused: [B block | A block]. */
let work = new Float64Array(0);

/**
 * The WebAssembly SIMD kernels (simdGemm.ts): instantiated on the first product that needs them
 * (their 5.25 MiB memory is not allocated by merely importing core), null where the engine has
 * none. `fmaKernel` is the relaxed-SIMD variant, used only when asked for.
 */
let simdKernel: SimdGemm | null | undefined;
let fmaKernel: SimdGemm | null | undefined;
let wanted: GemmKernelKind = 'simd';

/**
 * gemm's kernels: 'simd' (WebAssembly SIMD, the default and the reference), 'js' (scalar
 * JavaScript, the same bits), 'fma' (relaxed-SIMD f64x2.relaxed_madd: one rounding per
 * multiply-add where the CPU fuses, so results differ from the reference in the last bits;
 * docs/decisions/0027-gemm-threads-fma.md).
 */
export type GemmKernelKind = 'simd' | 'js' | 'fma';

/** The reference SIMD kernel unless 'js' is wanted (whole-k products never use FMA). */
function referenceSimd(): SimdGemm | null {
  if (wanted === 'js') return null;
  if (simdKernel === undefined) simdKernel = loadSimdGemm();
  return simdKernel;
}

function simd(): SimdGemm | null {
  if (wanted === 'js') return null;
  if (wanted === 'fma') {
    if (fmaKernel === undefined) fmaKernel = hasRelaxedSimd() ? loadSimdGemm(true) : null;
    if (fmaKernel !== null) return fmaKernel;
  }
  if (simdKernel === undefined) simdKernel = loadSimdGemm();
  return simdKernel;
}

/**
 * Which kernel gemm runs. 'simd' and 'js' give identical bits (the switch is for tests and
 * benchmarks); 'fma' falls back to 'simd' where the engine has no relaxed SIMD (Node 20 without
 * --experimental-wasm-relaxed-simd), 'simd' to 'js' where it has no SIMD. Returns the kernel
 * now in use.
 */
export function setGemmKernel(kind: GemmKernelKind): GemmKernelKind {
  wanted = kind;
  return gemmKernel();
}

/** The kernel gemm runs now. */
export function gemmKernel(): GemmKernelKind {
  const k = simd();
  if (k === null) return 'js';
  return k === fmaKernel ? 'fma' : 'simd';
}

function workspace(size: number): Float64Array {
  if (work.length < size) work = new Float64Array(size);
  return work;
}

/**
 * C(m x n) ← alpha · op(A)(m x k) · op(B)(k x n) + beta·C, beta 1 (default: C +=) or 0 (C =, its
 * prior contents ignored, NaN included, as BLAS; for a zero C the same bits as beta 1). Entry (i, j) of a block X is
 * x[xOff + i·ldx + j]; op(A) = A when !transA (A stored m x k) and Aᵀ when transA (A stored
 * k x m), likewise for B. C must not overlap A or B. O(m·n·k) flops. Throws ShapeError when a
 * block it reads or writes does not fit its array (A and B are not read when k = 0 or alpha = 0).
 */
export function gemm(
  transA: boolean,
  transB: boolean,
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: Float64Array,
  aOff: number,
  lda: number,
  b: Float64Array,
  bOff: number,
  ldb: number,
  c: Float64Array,
  cOff: number,
  ldc: number,
  beta: 0 | 1 = 1,
): void {
  if (m === 0 || n === 0) return;
  checkBlock('gemm', 'C', c, cOff, m, n, ldc);
  // With k = 0 or alpha = 0 there is no product: A and B are not read, and C is kept (beta 1)
  // or zeroed (beta 0) below.
  const product = k > 0 && alpha !== 0;
  if (product) {
    checkBlock('gemm', 'A', a, aOff, transA ? k : m, transA ? m : k, lda);
    checkBlock('gemm', 'B', b, bOff, transB ? n : k, transB ? k : n, ldb);
  }
  const p: GemmProblem = {
    transA,
    transB,
    m,
    n,
    k,
    alpha,
    a: { data: a, offset: aOff, ld: lda },
    b: { data: b, offset: bOff, ld: ldb },
    c: { data: c, offset: cOff, ld: ldc },
  };
  const small = m * n * k <= SMALL_WORK || m === 1;
  const kernel = !product || small ? null : simd();
  if (kernel !== null && beta === 0 && !threadsWouldRun(m, n, k)) {
    // C is not read: the first k block is stored (kernelStore), not added. The same bits as
    // adding to zeros (simdGemm.ts macroKernel: its fma variant stores +0 + acc), and a fresh
    // C's pages are first touched by a write (one page fault each instead of a zero-page read,
    // then a write fault).
    simdBlocks(kernel, p, STANDARD, true);
    return;
  }
  if (beta === 0) for (let i = 0; i < m; i++) c.fill(0, cOff + i * ldc, cOff + i * ldc + n);
  if (!product) return;
  if (small) {
    gemmSmall(p);
    return;
  }
  if (kernel !== null) {
    if (threadedGemm(kernel === fmaKernel, p)) return;
    simdBlocks(kernel, p, STANDARD, false);
    return;
  }
  gemmJs(p);
}

/**
 * Throws a ShapeError unless the rows x cols block stored at data[off] with row stride ld lies
 * inside `data`. The SIMD path copies rows with set(), and subarray() clamps at the array's
 * end, so an array too short would otherwise leave an earlier product's staged values in the
 * sum instead of failing; an internal caller's shape bug surfaces here. O(1).
 */
function checkBlock(
  fn: string,
  what: string,
  data: Float64Array,
  off: number,
  rows: number,
  cols: number,
  ld: number,
): void {
  const end = off + (rows - 1) * ld + cols;
  if (off >= 0 && end <= data.length) return;
  throw new ShapeError(
    `${fn}: ${what} (${rows} x ${cols} stored from offset ${off}, row stride ${ld}) needs ${end} entries, ` +
      `its array has ${data.length}; pass an array that holds the whole block.`,
  );
}

/** The scalar JavaScript path (no WebAssembly SIMD): the same blocking and bits as the SIMD one. */
function gemmJs(p: GemmProblem): void {
  const { transA, transB, m, n, k, alpha } = p;
  const { data: a, offset: aOff, ld: lda } = p.a;
  const { data: b, offset: bOff, ld: ldb } = p.b;
  const { data: c, offset: cOff, ld: ldc } = p.c;
  const ncMax = Math.min(NC, roundUp(n, NR));
  const kcMax = Math.min(KC, k);
  const mcMax = Math.min(MC, roundUp(m, MR));
  const bSize = kcMax * ncMax;
  const w = workspace(bSize + mcMax * kcMax);
  const tile = new Float64Array(MR * NR);
  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = Math.min(KC, k - pc);
      if (transB) packRows(w, 0, NR, nc, kc, 1, b, bOff + jc * ldb + pc, ldb);
      else packCols(w, 0, NR, kc, nc, 1, b, bOff + pc * ldb + jc, ldb);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = Math.min(MC, m - ic);
        if (transA) packCols(w, bSize, MR, kc, mc, alpha, a, aOff + pc * lda + ic, lda);
        else packRows(w, bSize, MR, mc, kc, alpha, a, aOff + ic * lda + pc, lda);
        for (let jr = 0; jr < nc; jr += NR) {
          const nr = Math.min(NR, nc - jr);
          const bIdx = jr * kc;
          for (let ir = 0; ir < mc; ir += MR) {
            const mr = Math.min(MR, mc - ir);
            const aIdx = bSize + ir * kc;
            const cIdx = cOff + (ic + ir) * ldc + jc + jr;
            if (mr === MR && nr === NR) {
              kernel4x3(kc, w, aIdx, bIdx, c, cIdx, ldc);
            } else {
              tile.fill(0);
              kernel4x3(kc, w, aIdx, bIdx, tile, 0, NR);
              for (let i = 0; i < mr; i++) {
                for (let j = 0; j < nr; j++) c[cIdx + i * ldc + j] = c[cIdx + i * ldc + j]! + tile[i * NR + j]!;
              }
            }
          }
        }
      }
    }
  }
}

/** The largest k for which `gemmWholeK` can keep one running sum per entry in the SIMD buffers. */
export const WHOLE_K_MAX = (SIMD_MC * SIMD_KC) / SIMD_MR;

/**
 * C (+)= op(A)·op(B) with every C[i, j] formed as ONE running sum over p = 0 .. k-1 (from +0,
 * multiply then add) and then added to C, or stored when `overwrite`. This is the summation
 * order of a plain dot-product loop, which callers with their own JavaScript kernels (the
 * RNN's) rely on for bit-identical results. Runs on the SIMD kernel with blocks shaped so that
 * all of k fits one block. Returns false, doing nothing, when there is no SIMD kernel or
 * k > WHOLE_K_MAX; the caller then runs its own loop. Throws ShapeError as gemm does.
 */
export function gemmWholeK(
  transA: boolean,
  transB: boolean,
  m: number,
  n: number,
  k: number,
  a: Float64Array,
  aOff: number,
  lda: number,
  b: Float64Array,
  bOff: number,
  ldb: number,
  c: Float64Array,
  cOff: number,
  ldc: number,
  overwrite: boolean,
): boolean {
  const kernel = k >= 1 && k <= WHOLE_K_MAX ? referenceSimd() : null;
  if (kernel === null) return false;
  if (m === 0 || n === 0) return true;
  checkBlock('gemmWholeK', 'C', c, cOff, m, n, ldc);
  checkBlock('gemmWholeK', 'A', a, aOff, transA ? k : m, transA ? m : k, lda);
  checkBlock('gemmWholeK', 'B', b, bOff, transB ? n : k, transB ? k : n, ldb);
  const kb = Math.max(k, SIMD_KC);
  const mb = Math.min(SIMD_MC, Math.floor((SIMD_MC * SIMD_KC) / (kb * SIMD_MR)) * SIMD_MR);
  const nb = Math.min(SIMD_NC, Math.floor((SIMD_NC * SIMD_KC) / (kb * SIMD_NR)) * SIMD_NR);
  const p: GemmProblem = {
    transA,
    transB,
    m,
    n,
    k,
    alpha: 1,
    a: { data: a, offset: aOff, ld: lda },
    b: { data: b, offset: bOff, ld: ldb },
    c: { data: c, offset: cOff, ld: ldc },
  };
  simdBlocks(kernel, p, { k: kb, m: mb, n: nb }, overwrite);
  return true;
}

/**
 * gemm on the WebAssembly kernel, for blocks of kBlock x nBlock of op(B) and mBlock x kBlock of
 * op(A). Each operand block is copied row by row into the module's staging buffer (set(): a
 * memcpy per row, one for the whole block when its rows are contiguous) and packed there by the
 * module's own packing functions; each block of C is copied in by rows, updated by the
 * macro-kernel and copied back by rows. With `overwrite` (C = op(A)·op(B)) the first k block's
 * tiles are stored into the module's C block instead (kernelStore, the bits of adding them to
 * zeros), so C is never copied in. With the standard blocks
 * (KC, MC, NC) the k blocking is the JavaScript path's, so the bits are the same.
 */
function simdBlocks(simd: SimdGemm, p: GemmProblem, blocks: Blocking, overwrite: boolean): void {
  const { transA, transB, m, n, k, alpha } = p;
  const { data: a, offset: aOff, ld: lda } = p.a;
  const { data: b, offset: bOff, ld: ldb } = p.b;
  const { data: c, offset: cOff, ld: ldc } = p.c;
  const { k: kBlock, m: mBlock, n: nBlock } = blocks;
  const w = simd.mem;
  // With one block of rows, the C block stays in the module across the k blocks: copied in
  // once before them and out once after (the tiles are still added once per k block, in order).
  const resident = m <= mBlock;
  for (let jc = 0; jc < n; jc += nBlock) {
    const nc = Math.min(nBlock, n - jc);
    const ldw = roundUp(nc, SIMD_NR);
    if (resident && !overwrite) copyIn(w, c, cOff + jc, ldc, m, nc, ldw);
    for (let pc = 0; pc < k; pc += kBlock) {
      const kc = Math.min(kBlock, k - pc);
      if (transB) packRowsVia(simd, b, bOff + jc * ldb + pc, ldb, nc, kc, ldw, B_BASE, 1);
      else packColsVia(simd, b, bOff + pc * ldb + jc, ldb, kc, nc, ldw, B_BASE, 1);
      for (let ic = 0; ic < m; ic += mBlock) {
        const mc = Math.min(mBlock, m - ic);
        const mcw = roundUp(mc, SIMD_MR);
        if (transA) packColsVia(simd, a, aOff + pc * lda + ic, lda, kc, mc, mcw, A_BASE, alpha);
        else packRowsVia(simd, a, aOff + ic * lda + pc, lda, mc, kc, mcw, A_BASE, alpha);
        const c0 = cOff + ic * ldc + jc;
        if (overwrite && pc === 0) {
          simd.kernelStore(kc, mc, nc, ldw);
        } else {
          if (!resident) copyIn(w, c, c0, ldc, mc, nc, ldw);
          simd.kernel(kc, mc, nc, ldw);
        }
        if (!resident) copyOut(w, c, c0, ldc, mc, nc, ldw);
      }
    }
    if (resident) copyOut(w, c, cOff + jc, ldc, m, nc, ldw);
  }
}

/** The mc x nc block of C at c[c0] (row stride ldc) into the module's C block (row stride ldw). */
function copyIn(w: Float64Array, c: Float64Array, c0: number, ldc: number, mc: number, nc: number, ldw: number): void {
  const cBase = C_BASE / 8;
  if (ldc === nc && ldw === nc) w.set(c.subarray(c0, c0 + mc * nc), cBase);
  else for (let i = 0; i < mc; i++) w.set(c.subarray(c0 + i * ldc, c0 + i * ldc + nc), cBase + i * ldw);
}

/** The module's C block back into the mc x nc block of C at c[c0]. */
function copyOut(w: Float64Array, c: Float64Array, c0: number, ldc: number, mc: number, nc: number, ldw: number): void {
  const cBase = C_BASE / 8;
  if (ldc === nc && ldw === nc) c.set(w.subarray(cBase, cBase + mc * nc), c0);
  else for (let i = 0; i < mc; i++) c.set(w.subarray(cBase + i * ldw, cBase + i * ldw + nc), c0 + i * ldc);
}

/**
 * Rows of an operand staged per call of a packing function: the staged rows stay in cache.
 * STAGE_ROWS rows of the longest row staged (a k block of WHOLE_K_MAX = 8192 doubles, or
 * SIMD_NC columns) fill the module's 2 MiB staging buffer exactly.
 */
const STAGE_ROWS = 32;

/**
 * Packs the count x kc block of X at x[off] (row stride ld), scaled, as panels of kc steps
 * (entry (p, q) = scale·X(j0 + q, p)) at byte offset `dst` of the module memory: STAGE_ROWS rows
 * at a time copied into the staging buffer by set(), row stride kc, zero rows from count up to
 * `rows` (a whole number of panels), and packed there by the module's packRows.
 */
function packRowsVia(
  simd: SimdGemm,
  x: Float64Array,
  off: number,
  ld: number,
  count: number,
  kc: number,
  rows: number,
  dst: number,
  scale: number,
): void {
  const w = simd.mem;
  const s = S_BASE / 8;
  for (let r0 = 0; r0 < rows; r0 += STAGE_ROWS) {
    const r1 = Math.min(r0 + STAGE_ROWS, rows);
    const valid = Math.max(0, Math.min(r1, count) - r0);
    if (ld === kc) w.set(x.subarray(off + r0 * kc, off + (r0 + valid) * kc), s);
    else for (let i = 0; i < valid; i++) w.set(x.subarray(off + (r0 + i) * ld, off + (r0 + i) * ld + kc), s + i * kc);
    if (r0 + valid < r1) w.fill(0, s + valid * kc, s + (r1 - r0) * kc);
    simd.packRows(S_BASE, kc, dst + r0 * kc * 8, kc, r1 - r0, scale);
  }
}

/**
 * Packs the kc x count block of X at x[off] (row stride ld), scaled, as panels of kc steps
 * (entry (p, q) = scale·X(p, j0 + q)) at byte offset `dst`: STAGE_ROWS rows (steps) at a time
 * copied into the staging buffer by set(), row stride `width` (count rounded up to whole
 * panels), zero in columns count..width, and packed there by the module's packCols.
 */
function packColsVia(
  simd: SimdGemm,
  x: Float64Array,
  off: number,
  ld: number,
  kc: number,
  count: number,
  width: number,
  dst: number,
  scale: number,
): void {
  const w = simd.mem;
  const s = S_BASE / 8;
  for (let p0 = 0; p0 < kc; p0 += STAGE_ROWS) {
    const rows = Math.min(STAGE_ROWS, kc - p0);
    const src = off + p0 * ld;
    if (ld === width) {
      w.set(x.subarray(src, src + (rows - 1) * ld + count), s);
      if (width > count) for (let p = 0; p < rows; p++) w.fill(0, s + p * width + count, s + (p + 1) * width);
    } else {
      for (let p = 0; p < rows; p++) {
        const d = s + p * width;
        w.set(x.subarray(src + p * ld, src + p * ld + count), d);
        if (width > count) w.fill(0, d + count, d + width);
      }
    }
    simd.packCols(S_BASE, width, dst + p0 * 32, kc, width, scale, rows);
  }
}

function roundUp(x: number, q: number): number {
  return Math.ceil(x / q) * q;
}

/**
 * Packing. A micro-panel holds `width` rows of op(A) (width MR) or columns of op(B) (width NR)
 * over kc steps, step-major: entry (p, q) at w[base + j0·kc + p·width + q] for the panel that
 * starts at row/column j0. Panels are zero-padded to whole width. `scale` is alpha for A and 1
 * for B (x·1 = x exactly, so B is copied unchanged).
 */

/**
 * Panels from a matrix X stored count x kc (row stride ld): entry (p, q) = scale·X(j0 + q, p).
 * This packs op(A) = A (X = A) and op(B) = Bᵀ (X = B stored n x k).
 */
export function packRows(
  w: Float64Array,
  base: number,
  width: number,
  count: number,
  kc: number,
  scale: number,
  x: Float64Array,
  off: number,
  ld: number,
): void {
  for (let j0 = 0; j0 < count; j0 += width) {
    const valid = Math.min(width, count - j0);
    const d0 = base + j0 * kc;
    for (let q = 0; q < width; q++) {
      let d = d0 + q;
      if (q < valid) {
        const s = off + (j0 + q) * ld;
        for (let p = 0; p < kc; p++, d += width) w[d] = scale * x[s + p]!;
      } else {
        for (let p = 0; p < kc; p++, d += width) w[d] = 0;
      }
    }
  }
}

/**
 * Panels from a matrix X stored kc x count (row stride ld): entry (p, q) = scale·X(p, j0 + q).
 * This packs op(B) = B (X = B) and op(A) = Aᵀ (X = A stored k x m). Whole panels of width 3 or
 * 4 (the two kernels' widths) copy a contiguous run of X's row p per step.
 */
export function packCols(
  w: Float64Array,
  base: number,
  width: number,
  kc: number,
  count: number,
  scale: number,
  x: Float64Array,
  off: number,
  ld: number,
): void {
  for (let j0 = 0; j0 < count; j0 += width) {
    const valid = Math.min(width, count - j0);
    let d = base + j0 * kc;
    let s = off + j0;
    if (valid === 4 && width === 4) {
      for (let p = 0; p < kc; p++, s += ld, d += 4) {
        w[d] = scale * x[s]!;
        w[d + 1] = scale * x[s + 1]!;
        w[d + 2] = scale * x[s + 2]!;
        w[d + 3] = scale * x[s + 3]!;
      }
    } else if (valid === 3 && width === 3) {
      for (let p = 0; p < kc; p++, s += ld, d += 3) {
        w[d] = scale * x[s]!;
        w[d + 1] = scale * x[s + 1]!;
        w[d + 2] = scale * x[s + 2]!;
      }
    } else {
      for (let p = 0; p < kc; p++, s += ld, d += width) {
        for (let q = 0; q < width; q++) w[d + q] = q < valid ? scale * x[s + q]! : 0;
      }
    }
  }
}

/**
 * C(4 x 3 at cOff, stride ldc) += Σ_p a_p·b_pᵀ over kc steps, a_p = w[ai + 4p .. +3] and
 * b_p = w[bi + 3p .. +2]. The 12 sums stay in locals (V8 has 15 allocatable double registers;
 * with 16 sums a 4 x 4 tile spills on every iteration); C is read and written once. Index
 * arithmetic is written `(x + k) | 0` so V8 emits plain 32-bit adds without overflow checks.
 */
function kernel4x3(
  kc: number,
  w: Float64Array,
  ai: number,
  bi: number,
  c: Float64Array,
  cOff: number,
  ldc: number,
): void {
  let ia = ai | 0;
  let ib = bi | 0;
  let c00 = 0;
  let c01 = 0;
  let c02 = 0;
  let c10 = 0;
  let c11 = 0;
  let c12 = 0;
  let c20 = 0;
  let c21 = 0;
  let c22 = 0;
  let c30 = 0;
  let c31 = 0;
  let c32 = 0;
  for (let p = 0; p < kc; p++) {
    const a0 = w[ia]!;
    const a1 = w[(ia + 1) | 0]!;
    const a2 = w[(ia + 2) | 0]!;
    const a3 = w[(ia + 3) | 0]!;
    let b = w[ib]!;
    c00 += a0 * b;
    c10 += a1 * b;
    c20 += a2 * b;
    c30 += a3 * b;
    b = w[(ib + 1) | 0]!;
    c01 += a0 * b;
    c11 += a1 * b;
    c21 += a2 * b;
    c31 += a3 * b;
    b = w[(ib + 2) | 0]!;
    c02 += a0 * b;
    c12 += a1 * b;
    c22 += a2 * b;
    c32 += a3 * b;
    ia = (ia + 4) | 0;
    ib = (ib + 3) | 0;
  }
  c[cOff] = c[cOff]! + c00;
  c[cOff + 1] = c[cOff + 1]! + c01;
  c[cOff + 2] = c[cOff + 2]! + c02;
  cOff += ldc;
  c[cOff] = c[cOff]! + c10;
  c[cOff + 1] = c[cOff + 1]! + c11;
  c[cOff + 2] = c[cOff + 2]! + c12;
  cOff += ldc;
  c[cOff] = c[cOff]! + c20;
  c[cOff + 1] = c[cOff + 1]! + c21;
  c[cOff + 2] = c[cOff + 2]! + c22;
  cOff += ldc;
  c[cOff] = c[cOff]! + c30;
  c[cOff + 1] = c[cOff + 1]! + c31;
  c[cOff + 2] = c[cOff + 2]! + c32;
}

/** Plain loops for small products: i-p-j order (row-major friendly) for every transpose case. */
function gemmSmall(p: GemmProblem): void {
  const { transA, transB, m, n, k, alpha } = p;
  const { data: a, offset: aOff, ld: lda } = p.a;
  const { data: b, offset: bOff, ld: ldb } = p.b;
  const { data: c, offset: cOff, ld: ldc } = p.c;
  for (let i = 0; i < m; i++) {
    const ci = cOff + i * ldc;
    for (let p = 0; p < k; p++) {
      const aip = alpha * (transA ? a[aOff + p * lda + i]! : a[aOff + i * lda + p]!);
      if (transB) {
        for (let j = 0; j < n; j++) c[ci + j] = c[ci + j]! + aip * b[bOff + j * ldb + p]!;
      } else {
        const bp = bOff + p * ldb;
        for (let j = 0; j < n; j++) c[ci + j] = c[ci + j]! + aip * b[bp + j]!;
      }
    }
  }
}
