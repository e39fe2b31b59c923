/**
 * gemm's WebAssembly SIMD macro-kernel (docs/decisions/0012-wasm-simd-gemm.md).
 *
 * One small module, assembled at load time by wasmBinary.ts, with a fixed 5.25 MiB memory that
 * holds a packed KC x NC block of op(B), a packed MC x KC block of op(A), an MC x NC block of C
 * and a staging buffer that gemm copies operand rows into (TypedArray.set). Its packing
 * functions (packCols, packRows) turn staged rows into the kernel's panels, so no packing loop
 * runs element by element in JavaScript (decisions/0031). Its kernel runs the BLIS
 * macro-kernel over the buffers (kernelStore: storing the tiles instead of adding them, for
 * C = product; the threads' module, sharedGemmModuleBytes, has one variant that takes the
 * buffers' offsets as parameters): for every 4 x 4 tile of the C block, 8 f64x2 accumulators (two per row) take a rank-1 update per step p from one 4-double
 * B row (two v128 loads) and four A values (load64_splat), then the tile is added into C. That is
 * 22 instructions per 32 flops, about 21 GFLOP/s here against 5 for the best scalar JS kernel
 * (bench/RESULTS.md; 6 x 4 and 8 x 4 tiles spill and are slower).
 *
 * Bits: each lane does the scalar kernel's IEEE multiply then add, in the same order of p, from
 * a +0 accumulator, and the tile is added into C once per KC block, exactly as in gemm.ts's
 * JavaScript kernel, so both paths give identical bits (gemm.test.ts checks this). There is no
 * fused multiply-add in WebAssembly SIMD 1.0, so no rounding difference can creep in. The
 * opt-in FMA variant (relaxed SIMD f64x2.relaxed_madd) rounds once per step where the CPU
 * fuses and so differs in the last bits; a variant with buffer offsets as parameters, on an
 * imported shared memory, is the threaded kernel (gemmThreads.ts; decisions/0027).
 *
 * The memory is created at its final size and never grows: growing would detach the old
 * ArrayBuffer, and V8 then slows every typed-array access in the process.
 */

import { F64, type FunctionDef, I32, V128, encodeModule, op, opPack, opx } from './wasmBinary.js';
import { exportedFunction, exportedMemory, wasmApi } from './wasmHost.js';

export const SIMD_MR = 4;
export const SIMD_NR = 4;
export const SIMD_KC = 256;
export const SIMD_MC = 128;
export const SIMD_NC = 1024;

/**
 * Byte offsets of the buffers in the module's memory: packed B, packed A, C, and the staging
 * buffer S that gemm copies whole rows of an operand into (TypedArray.set) for the packing
 * functions to read: up to 32 rows (gemm.ts's STAGE_ROWS) of up to 8192 doubles (the longest
 * k block, gemmWholeK's WHOLE_K_MAX), 2 MiB.
 */
const B_BYTES = SIMD_KC * SIMD_NC * 8;
const A_BYTES = SIMD_MC * SIMD_KC * 8;
const C_BYTES = SIMD_MC * SIMD_NC * 8;
const S_BYTES = SIMD_KC * SIMD_NC * 8;
export const B_BASE = 0;
export const A_BASE = B_BASE + B_BYTES;
export const C_BASE = A_BASE + A_BYTES;
export const S_BASE = C_BASE + C_BYTES;
const PAGES = Math.ceil((S_BASE + S_BYTES) / 65536);

export interface SimdGemm {
  /** A view of the whole module memory; never detached. */
  readonly mem: Float64Array;
  /**
   * C block (rows ⌈mc/4⌉·4, row stride ldc doubles, at C_BASE) += packed A (MR-row panels of
   * kc steps at A_BASE) · packed B (NR-column panels at B_BASE), for an mc x nc block. Panels
   * must be zero-padded to whole tiles; the C block must have room for the padded tiles.
   */
  readonly kernel: (kc: number, mc: number, nc: number, ldc: number) => void;
  /**
   * `kernel` storing each tile into the C block instead of adding it (C = packed A · packed B,
   * the bits of `kernel` on a zeroed C block; the fma variant stores +0 + tile for that).
   */
  readonly kernelStore: (kc: number, mc: number, nc: number, ldc: number) => void;
  /**
   * Packs panels of width 4 from a row-major kc x count block X staged at byte offset `src`
   * (row stride `lds` doubles, count a multiple of 4): entry (p, q) of the panel starting at
   * column j0 is scale·X(p, j0 + q), at dst + 8·(j0·kc + 4p + q). gemm.ts's packCols in
   * WebAssembly (op(B) = B, op(A) = Aᵀ). Only `rows` steps are packed, from the staged rows
   * 0 .. rows: called with dst advanced by 32·p0 bytes it packs steps p0 .. p0+rows of kc-step
   * panels, so a block can be staged and packed a few rows at a time.
   */
  readonly packCols: (
    src: number,
    lds: number,
    dst: number,
    kc: number,
    count: number,
    scale: number,
    rows: number,
  ) => void;
  /**
   * The same panels from a row-major count x kc block X (entry (p, q) = scale·X(j0 + q, p)):
   * gemm.ts's packRows in WebAssembly (op(A) = A, op(B) = Bᵀ).
   */
  readonly packRows: (src: number, lds: number, dst: number, kc: number, count: number, scale: number) => void;
}

/**
 * The macro-kernel's variants: `fma` uses f64x2.relaxed_madd (one rounding per step where the
 * CPU fuses) instead of a multiply then an add; `bases` takes the byte offsets of the A, B and C
 * buffers as three more parameters (the threaded kernel, whose threads each own buffers in one
 * shared memory) instead of the fixed A_BASE, B_BASE, C_BASE.
 */
export interface KernelVariant {
  readonly fma: boolean;
  readonly bases: boolean;
}

/**
 * The macro-kernel. With `store` the tile is stored into C instead of added to it (C = the
 * block's product): the same bits as adding it to a zeroed C, since an accumulator of
 * multiplies and adds that starts at +0 is never -0 and +0 + x = x for every other x, NaN
 * included. A fused accumulator can be -0 (a relaxed_madd whose exact negative result rounds
 * to zero keeps its sign, IEEE 754 §6.3), so the fma variant stores +0 + acc instead.
 */
function macroKernel({ fma, bases }: KernelVariant, store = false): FunctionDef {
  // Parameters, then locals: i32 (JR .. LDC_BYTES), then v128 (ACC .. AV).
  const KC = 0;
  const MC = 1;
  const NC = 2;
  const LDC = 3;
  const ABASE = 4; // only with `bases`
  const BBASE = 5;
  const CBASE = 6;
  const JR = bases ? 7 : 4;
  const IR = JR + 1;
  const PA = JR + 2;
  const PB = JR + 3;
  const P = JR + 4;
  const PC = JR + 5;
  const LDC_BYTES = JR + 6;
  const ACC = LDC_BYTES + 1; // v128 x 8: row r uses ACC + 2r (columns 0-1) and ACC + 2r + 1 (columns 2-3)
  const B0 = ACC + 8;
  const B1 = B0 + 1;
  const AV = B1 + 1;
  const base = (fixed: number, param: number): readonly number[] => (bases ? op.get(param) : op.i32(fixed));
  // acc (+)= a·b: a multiply then an add (the reference), or one relaxed_madd.
  const update = (acc: number, b: number): (readonly number[])[] =>
    fma
      ? [op.get(AV), op.get(b), op.get(acc), op.f64x2RelaxedMadd, op.set(acc)]
      : [op.get(acc), op.get(AV), op.get(b), op.f64x2Mul, op.f64x2Add, op.set(acc)];
  const body: (readonly number[])[] = [];
  const emit = (...ops: (readonly number[])[]): void => {
    body.push(...ops);
  };
  emit(op.get(LDC), op.i32(3), op.i32Shl, op.set(LDC_BYTES));
  emit(op.i32(0), op.set(JR));
  emit(op.block, op.loop); // for jr in 0, 4, .. < nc
  emit(op.get(JR), op.get(NC), op.i32GeS, op.brIf(1));
  emit(op.i32(0), op.set(IR));
  emit(op.block, op.loop); // for ir in 0, 4, .. < mc
  emit(op.get(IR), op.get(MC), op.i32GeS, op.brIf(1));
  for (let r = 0; r < 2 * SIMD_MR; r++) emit(op.v128Zero, op.set(ACC + r));
  // pa = aBase + ir·kc·8, pb = bBase + jr·kc·8
  emit(base(A_BASE, ABASE), op.get(IR), op.get(KC), op.i32Mul, op.i32(3), op.i32Shl, op.i32Add, op.set(PA));
  emit(base(B_BASE, BBASE), op.get(JR), op.get(KC), op.i32Mul, op.i32(3), op.i32Shl, op.i32Add, op.set(PB));
  emit(op.get(KC), op.set(P));
  emit(op.block, op.loop); // kc rank-1 updates
  emit(op.get(P), op.i32(0), op.i32LeS, op.brIf(1));
  emit(op.get(PB), op.v128Load(0), op.set(B0), op.get(PB), op.v128Load(16), op.set(B1));
  for (let r = 0; r < SIMD_MR; r++) {
    emit(op.get(PA), op.v128Load64Splat(8 * r), op.set(AV));
    emit(...update(ACC + 2 * r, B0));
    emit(...update(ACC + 2 * r + 1, B1));
  }
  emit(op.get(PA), op.i32(8 * SIMD_MR), op.i32Add, op.set(PA));
  emit(op.get(PB), op.i32(8 * SIMD_NR), op.i32Add, op.set(PB));
  emit(op.get(P), op.i32(1), op.i32Sub, op.set(P), op.br(0));
  emit(op.end, op.end);
  // C tile += accumulators; pc = cBase + (ir·ldc + jr)·8
  emit(base(C_BASE, CBASE), op.get(IR), op.get(LDC), op.i32Mul, op.get(JR), op.i32Add, op.i32(3), op.i32Shl);
  emit(op.i32Add, op.set(PC));
  for (let r = 0; r < SIMD_MR; r++) {
    if (store && !fma) {
      emit(op.get(PC), op.get(ACC + 2 * r), op.v128Store(0));
      emit(op.get(PC), op.get(ACC + 2 * r + 1), op.v128Store(16));
    } else if (store) {
      // +0 + acc, the add onto a zeroed C: a fused accumulator can be −0 (see above).
      emit(op.get(PC), op.v128Zero, op.get(ACC + 2 * r), op.f64x2Add, op.v128Store(0));
      emit(op.get(PC), op.v128Zero, op.get(ACC + 2 * r + 1), op.f64x2Add, op.v128Store(16));
    } else {
      emit(op.get(PC), op.get(PC), op.v128Load(0), op.get(ACC + 2 * r), op.f64x2Add, op.v128Store(0));
      emit(op.get(PC), op.get(PC), op.v128Load(16), op.get(ACC + 2 * r + 1), op.f64x2Add, op.v128Store(16));
    }
    if (r < SIMD_MR - 1) emit(op.get(PC), op.get(LDC_BYTES), op.i32Add, op.set(PC));
  }
  emit(op.get(IR), op.i32(SIMD_MR), op.i32Add, op.set(IR), op.br(0));
  emit(op.end, op.end);
  emit(op.get(JR), op.i32(SIMD_NR), op.i32Add, op.set(JR), op.br(0));
  emit(op.end, op.end);
  return {
    name: 'kernel',
    params: bases ? [I32, I32, I32, I32, I32, I32, I32] : [I32, I32, I32, I32],
    locals: [
      [LDC_BYTES - JR + 1, I32],
      [AV - ACC + 1, V128],
    ],
    body,
  };
}

/**
 * The packing functions (both (src, lds, dst, kc, count, scale), addresses in bytes, lds in
 * doubles): `transposed` false is packCols, one row of 4 doubles per step copied as two v128;
 * true is packRows, gathering step p's 4 doubles from 4 rows two at a time (load64_zero then
 * load64_lane). Each double is multiplied by scale (an f64x2.mul: the same IEEE product as the
 * JavaScript packing, and exact for scale 1), so the packed bits are the JavaScript ones.
 */
/** Columns per band of packCols. */
const PACK_BAND = 16;

function packFunction(transposed: boolean): FunctionDef {
  const SRC = 0;
  const LDS = 1;
  const DST = 2;
  const KC = 3;
  const COUNT = 4;
  const SCALE = 5; // f64
  const ROWS = 6; // packCols only: steps p0 .. p0+rows of panels of kc steps (dst at step p0)
  const J = transposed ? 6 : 7;
  const P = J + 1;
  const S = J + 2;
  const D = J + 3;
  const LDS_BYTES = J + 4;
  const PANEL_BYTES = J + 5;
  const J0 = J + 6;
  const BAND = J + 7;
  const SV = BAND + 1; // v128: scale in both lanes
  const V = SV + 1;
  const body: (readonly number[])[] = [];
  const emit = (...ops: (readonly number[])[]): void => {
    body.push(...ops);
  };
  emit(op.get(LDS), op.i32(3), op.i32Shl, op.set(LDS_BYTES));
  emit(op.get(SCALE), opx.f64x2Splat, op.set(SV));
  if (transposed) {
    emit(op.i32(0), op.set(J));
    emit(op.block, op.loop); // for j0 in 0, 4, .. < count
    emit(op.get(J), op.get(COUNT), op.i32GeS, op.brIf(1));
    // s = src + 8·j0·lds (row j0), d = dst + 8·j0·kc (panel j0)
    emit(op.get(SRC), op.get(J), op.get(LDS_BYTES), op.i32Mul, op.i32Add, op.set(S));
    emit(op.get(DST), op.get(J), op.get(KC), op.i32Mul, op.i32(3), op.i32Shl, op.i32Add, op.set(D));
    emit(op.get(KC), op.set(P));
    emit(op.block, op.loop); // kc steps
    emit(op.get(P), op.i32(0), op.i32LeS, op.brIf(1));
    // Lanes (q, q + 1) of step p from rows q and q + 1 at s, s + lds, s + 2·lds, s + 3·lds.
    for (const half of [0, 1]) {
      emit(op.get(D), op.get(S));
      if (half === 1) emit(op.get(LDS_BYTES), op.i32(1), op.i32Shl, op.i32Add);
      emit(opx.v128Load64Zero(0), op.set(V));
      emit(op.get(S), op.get(LDS_BYTES), op.i32Add);
      if (half === 1) emit(op.get(LDS_BYTES), op.i32(1), op.i32Shl, op.i32Add);
      emit(op.get(V), opPack.v128Load64Lane(0, 1));
      emit(op.get(SV), op.f64x2Mul, op.v128Store(16 * half));
    }
    emit(op.get(S), op.i32(8), op.i32Add, op.set(S));
    emit(op.get(D), op.i32(32), op.i32Add, op.set(D));
    emit(op.get(P), op.i32(1), op.i32Sub, op.set(P), op.br(0));
    emit(op.end, op.end);
    emit(op.get(J), op.i32(4), op.i32Add, op.set(J), op.br(0));
    emit(op.end, op.end);
  } else {
    // Bands of PACK_BAND columns; in a band, row by row: for p < kc, for the band's panels j0,
    // 4 doubles from s = src + 8·(p·lds + j0) to d = dst + 8·(j0·kc + 4p). Whole rows at once
    // would write to count/4 panels 8·kc bytes apart per row (a TLB miss per panel); one panel
    // at a time would read 32 bytes per source row.
    emit(op.get(KC), op.i32(5), op.i32Shl, op.set(PANEL_BYTES));
    emit(op.i32(0), op.set(J0));
    emit(op.block, op.loop); // for j0 in 0, PACK_BAND, .. < count
    emit(op.get(J0), op.get(COUNT), op.i32GeS, op.brIf(1));
    emit(op.get(COUNT), op.get(J0), op.i32Sub, op.set(BAND));
    emit(op.get(BAND), op.i32(PACK_BAND), opx.i32GtS, opx.ifVoid, op.i32(PACK_BAND), op.set(BAND), op.end);
    emit(op.i32(0), op.set(P));
    emit(op.block, op.loop); // for p < kc
    emit(op.get(P), op.get(ROWS), op.i32GeS, op.brIf(1));
    emit(op.get(SRC), op.get(P), op.get(LDS_BYTES), op.i32Mul, op.get(J0), op.i32(3), op.i32Shl, op.i32Add);
    emit(op.i32Add, op.set(S));
    emit(op.get(DST), op.get(P), op.i32(5), op.i32Shl, op.get(J0), op.get(KC), op.i32Mul, op.i32(3), op.i32Shl);
    emit(op.i32Add, op.i32Add, op.set(D));
    emit(op.get(BAND), op.set(J));
    emit(op.block, op.loop); // the band's panels
    emit(op.get(J), op.i32(0), op.i32LeS, op.brIf(1));
    emit(op.get(D), op.get(S), op.v128Load(0), op.get(SV), op.f64x2Mul, op.v128Store(0));
    emit(op.get(D), op.get(S), op.v128Load(16), op.get(SV), op.f64x2Mul, op.v128Store(16));
    emit(op.get(S), op.i32(32), op.i32Add, op.set(S));
    emit(op.get(D), op.get(PANEL_BYTES), op.i32Add, op.set(D));
    emit(op.get(J), op.i32(4), op.i32Sub, op.set(J), op.br(0));
    emit(op.end, op.end);
    emit(op.get(P), op.i32(1), op.i32Add, op.set(P), op.br(0));
    emit(op.end, op.end);
    emit(op.get(J0), op.i32(PACK_BAND), op.i32Add, op.set(J0), op.br(0));
    emit(op.end, op.end);
  }
  return {
    name: transposed ? 'packRows' : 'packCols',
    params: transposed ? [I32, I32, I32, I32, I32, F64] : [I32, I32, I32, I32, I32, F64, I32],
    locals: [
      [BAND - J + 1, I32],
      [V - SV + 1, V128],
    ],
    body,
  };
}

/** The module's bytes (exported for tests: the module must stay small enough for the browser's
 * synchronous compile on the main thread, 4 KiB in Chromium). */
export function simdGemmModuleBytes(fma = false): Uint8Array<ArrayBuffer> {
  return encodeModule(PAGES, [
    macroKernel({ fma, bases: false }),
    { ...macroKernel({ fma, bases: false }, true), name: 'kernelStore' },
    packFunction(false),
    packFunction(true),
  ]);
}

/**
 * The threaded kernel's module: the same macro-kernel with buffer offsets as parameters, on an
 * imported shared memory of `pages` pages (gemmThreads.ts).
 */
export function sharedGemmModuleBytes(pages: number, fma: boolean): Uint8Array<ArrayBuffer> {
  return encodeModule(pages, [macroKernel({ fma, bases: true })], true);
}

/** A tiny module with one f64x2.relaxed_madd: valid exactly where the engine has relaxed SIMD. */
export function relaxedSimdProbeBytes(): Uint8Array<ArrayBuffer> {
  return encodeModule(1, [
    {
      name: 'probe',
      params: [],
      locals: [[1, V128]],
      body: [op.get(0), op.get(0), op.get(0), op.f64x2RelaxedMadd, op.set(0)],
    },
  ]);
}

/** Whether the engine has relaxed SIMD (f64x2.relaxed_madd), found with WebAssembly.validate. */
export function hasRelaxedSimd(): boolean {
  const wasm = wasmApi();
  if (wasm === undefined) return false;
  try {
    return wasm.validate(relaxedSimdProbeBytes());
  } catch {
    return false;
  }
}

/**
 * Compiles and instantiates the kernel (the FMA variant with `fma`, which needs relaxed SIMD), or returns null when the engine has no WebAssembly or
 * no SIMD (gemm then uses its JavaScript kernel, with the same results).
 */
export function loadSimdGemm(fma = false): SimdGemm | null {
  const wasm = wasmApi();
  if (wasm === undefined) return null;
  try {
    const bytes = simdGemmModuleBytes(fma);
    if (!wasm.validate(bytes)) return null;
    const instance = new wasm.Instance(new wasm.Module(bytes), {});
    return {
      mem: new Float64Array(exportedMemory(instance).buffer),
      kernel: exportedFunction(instance, 'kernel', 4),
      kernelStore: exportedFunction(instance, 'kernelStore', 4),
      packCols: exportedFunction(instance, 'packCols', 7),
      packRows: exportedFunction(instance, 'packRows', 6),
    };
  } catch {
    return null;
  }
}
