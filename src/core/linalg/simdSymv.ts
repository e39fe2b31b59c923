/**
 * A WebAssembly SIMD kernel for the symmetric matrix-vector product of the blocked tridiagonal
 * reduction (tridiagonalBlocked.ts), the level-2 half of its flops (LAPACK dsymv, lower).
 *
 * The module owns a fixed memory that holds the working matrix itself (up to SYMV_MAX_N rows,
 * row-major with its own row stride), the vector v, the product p and a scratch area, so the
 * reduction runs on a Float64Array view of that memory and nothing is copied per step. For
 * rows i … i+3 (a block of four, starting 4·b rows below the first row c0) and the 4·b columns
 * c0 … i−1 to their left, the kernel does, two columns per f64x2 lane pair,
 *   s_r += a[i+r][j]·v[j]   and   p[j] += Σ_r a[i+r][j]·v[i+r],
 * reading each matrix entry once for both; the four s_r (two lanes each) go to the scratch area
 * and the caller adds them, and the 4 x 4 diagonal corners, into p. About 26 instructions per
 * 16 flops against about 30 per 8 in V8's scalar code.
 *
 * Two more kernels do the panel's other level-2 work (dlatrd's dgemv calls), on the panel's
 * vectors kept in the same memory: `dots2` (the products Vᵀv and Wᵀv) and `axpy2` (y −= V·c₁ +
 * W·c₂, for the column update and the correction of p), two columns per f64x2 lane pair.
 *
 * No fused multiply-add (WebAssembly SIMD 1.0), so results do not depend on the CPU; the sums are
 * ordered differently from the scalar fallback, so the two paths differ in the last bits (the
 * reduction is deterministic per engine: SIMD is either present or not).
 *
 * The memory is created at its final size (SYMV_MAX_N² doubles, 8 MiB, plus vectors) on the
 * first reduction that uses it, and never grows (docs/decisions/0012).
 */

import { type FunctionDef, I32, type Op, V128, encodeModule, op } from './wasmBinary.js';
import { exportedFunction, exportedMemory, wasmApi } from './wasmHost.js';

/** Largest order whose working matrix fits the module's memory. */
export const SYMV_MAX_N = 1024;

/** Double offsets of the buffers in the module memory. */
export const SYMV_V = SYMV_MAX_N * SYMV_MAX_N;
export const SYMV_P = SYMV_V + SYMV_MAX_N;
export const SYMV_S = SYMV_P + SYMV_MAX_N;
/** Most reflectors per panel of the blocked reduction (its NB may not exceed this). */
export const SYMV_PANEL = 16;
/** The panel's [V; W; V] rows (3·SYMV_PANEL rows of up to SYMV_MAX_N), see tridiagonalBlocked.ts. */
export const SYMV_VW = SYMV_S + 2 * SYMV_MAX_N;
/** The panel column being updated, and the panel's product vector (relative to the panel start). */
export const SYMV_COL = SYMV_VW + 3 * SYMV_PANEL * SYMV_MAX_N;
export const SYMV_PV = SYMV_COL + SYMV_MAX_N;
/** Coefficients of `axpy2` (2·SYMV_PANEL) and the lane sums of `dots2` (4·SYMV_PANEL). */
export const SYMV_COEF = SYMV_PV + SYMV_MAX_N;
export const SYMV_DOTS = SYMV_COEF + 2 * SYMV_PANEL;
const DOUBLES = SYMV_DOTS + 4 * SYMV_PANEL;
const PAGES = Math.ceil((DOUBLES * 8) / 65536);

export interface SimdSymv {
  /** The whole module memory (matrix at 0, v at SYMV_V, p at SYMV_P, sums at SYMV_S). */
  readonly mem: Float64Array;
  /**
   * For blocks b = 0 … blocks−1 of four rows starting at row/column c0 of the matrix (row stride
   * ld doubles): p[c0 + j] += Σ_r a[c0+4b+r][c0+j]·v[c0+4b+r] and the row sums
   * Σ_j a[c0+4b+r][c0+j]·v[c0+j] (two partial lanes each) to mem[SYMV_S + 8b + 2r …], over the
   * columns j < 4b. v and p are indexed like the matrix rows (v at SYMV_V + c0, p at SYMV_P + c0).
   */
  readonly rect: (c0: number, ld: number, blocks: number) => void;
  /**
   * Two sets of `rows` rows, X1 at double index x (row stride ld) and X2 = X1 + off2, dotted
   * with the vector at double index vec over 2·pairs entries: the two lanes of X1 row q's dot
   * product go to mem[out + 2q …], those of X2 row q to mem[out + 2(rows + q) …].
   */
  readonly dots2: (x: number, rows: number, ld: number, off2: number, vec: number, pairs: number, out: number) => void;
  /**
   * y[i] += Σ_q X1[q][i]·c[q] + X2[q][i]·c[rows + q] for the 2·pairs entries of y from double
   * index y, with X1, X2 as in dots2 (indexed alike) and c at double index coef.
   */
  readonly axpy2: (x: number, rows: number, ld: number, off2: number, coef: number, y: number, pairs: number) => void;
}

// Parameters and locals.
const C0 = 0;
const LD = 1;
const BLOCKS = 2;
const B = 3;
const ROW = 4; // byte address of a[c0 + 4b][c0]
const LDB = 5; // row stride in bytes
const J = 6; // byte offset of the column pair within the rows, 0 … 32b
const JEND = 7;
const VP = 8; // byte address of v[c0]
const PP = 9; // byte address of p[c0]
const X = 10; // v128 x 4: the four rows' column pair
const VS = X + 4; // v128 x 4: v[i + r] splat
const S = VS + 4; // v128 x 4: row sums
const VJ = S + 4;
const PJ = VJ + 1;

function rectKernel(): FunctionDef {
  const body: (readonly number[])[] = [];
  const emit = (...ops: (readonly number[])[]): void => {
    body.push(...ops);
  };
  emit(op.get(LD), op.i32(3), op.i32Shl, op.set(LDB));
  // ROW = (c0·ld + c0)·8; VP = (SYMV_V + c0)·8; PP = (SYMV_P + c0)·8
  emit(op.get(C0), op.get(LD), op.i32Mul, op.get(C0), op.i32Add, op.i32(3), op.i32Shl, op.set(ROW));
  emit(op.get(C0), op.i32(SYMV_V), op.i32Add, op.i32(3), op.i32Shl, op.set(VP));
  emit(op.get(C0), op.i32(SYMV_P), op.i32Add, op.i32(3), op.i32Shl, op.set(PP));
  emit(op.i32(0), op.set(B));
  emit(op.block, op.loop); // for b < blocks
  emit(op.get(B), op.get(BLOCKS), op.i32GeS, op.brIf(1));
  // v[c0 + 4b + r] splat; its byte address is VP + 32b + 8r; JEND = 32b.
  emit(op.get(B), op.i32(5), op.i32Shl, op.set(JEND));
  for (let r = 0; r < 4; r++) {
    emit(op.get(VP), op.get(JEND), op.i32Add, op.v128Load64Splat(8 * r), op.set(VS + r));
    emit(op.v128Zero, op.set(S + r));
  }
  emit(op.i32(0), op.set(J));
  emit(op.block, op.loop); // for j < 32b, step 16 bytes (two columns)
  emit(op.get(J), op.get(JEND), op.i32GeS, op.brIf(1));
  emit(op.get(VP), op.get(J), op.i32Add, op.v128Load(0), op.set(VJ));
  for (let r = 0; r < 4; r++) {
    // x_r = a[row + r][pair]: ROW + r·ldb + J
    emit(op.get(ROW), op.get(J), op.i32Add);
    if (r > 0) emit(op.get(LDB), op.i32(r), op.i32Mul, op.i32Add);
    emit(op.v128Load(0), op.set(X + r));
    emit(op.get(S + r), op.get(X + r), op.get(VJ), op.f64x2Mul, op.f64x2Add, op.set(S + r));
  }
  // p[pair] += (x0·v0 + x1·v1) + (x2·v2 + x3·v3)
  emit(op.get(PP), op.get(J), op.i32Add);
  emit(op.get(PP), op.get(J), op.i32Add, op.v128Load(0));
  emit(op.get(X), op.get(VS), op.f64x2Mul, op.get(X + 1), op.get(VS + 1), op.f64x2Mul, op.f64x2Add);
  emit(op.get(X + 2), op.get(VS + 2), op.f64x2Mul, op.get(X + 3), op.get(VS + 3), op.f64x2Mul, op.f64x2Add);
  emit(op.f64x2Add, op.f64x2Add, op.v128Store(0));
  emit(op.get(J), op.i32(16), op.i32Add, op.set(J), op.br(0));
  emit(op.end, op.end);
  // Row sums to the scratch area: (SYMV_S + 8b)·8 + 16r.
  for (let r = 0; r < 4; r++) {
    emit(op.get(B), op.i32(3), op.i32Shl, op.i32(SYMV_S), op.i32Add, op.i32(3), op.i32Shl);
    emit(op.get(S + r), op.v128Store(16 * r));
  }
  emit(op.get(ROW), op.get(LDB), op.i32(2), op.i32Shl, op.i32Add, op.set(ROW));
  emit(op.get(B), op.i32(1), op.i32Add, op.set(B), op.br(0));
  emit(op.end, op.end);
  return {
    name: 'rect',
    params: [I32, I32, I32],
    locals: [
      [PP - B + 1, I32],
      [PJ - X + 1, V128],
    ],
    body,
  };
}

// dots2 / axpy2 parameters (double indices) and locals (byte addresses).
const KX = 0;
const KROWS = 1;
const KLD = 2;
const KOFF2 = 3;
const KVEC = 4; // vec (dots2) or coef (axpy2)
const KPAIRS = 5; // pairs (dots2) or y (axpy2)
const KOUT = 6; // out (dots2) or pairs (axpy2)
const KQ = 7;
const KP = 8; // byte offset along the rows
const KPEND = 9;
const KXP = 10; // byte address of the current X1 entry / row
const KCP = 11; // byte address of the current coefficient
const KLDB = 12;
const KOFFB = 13; // off2 in bytes
const KC2 = 14; // rows·8: from c[q] to c[rows + q]
const KA1 = 15; // v128 accumulators and the vector pair
const KA2 = 16;
const KVV = 17;

const bytes = (local: number): Op[] => [op.get(local), op.i32(3), op.i32Shl];

/** dots2: one X1 and one X2 row per pass, both against the same vector pair. */
function dotsKernel(): FunctionDef {
  const body: Op[] = [];
  body.push(...bytes(KLD), op.set(KLDB), ...bytes(KOFF2), op.set(KOFFB), ...bytes(KX), op.set(KXP));
  body.push(op.get(KPAIRS), op.i32(4), op.i32Shl, op.set(KPEND));
  body.push(op.i32(0), op.set(KQ));
  body.push(op.block, op.loop, op.get(KQ), op.get(KROWS), op.i32GeS, op.brIf(1));
  body.push(op.v128Zero, op.set(KA1), op.v128Zero, op.set(KA2), op.i32(0), op.set(KP));
  body.push(op.block, op.loop, op.get(KP), op.get(KPEND), op.i32GeS, op.brIf(1));
  body.push(...bytes(KVEC), op.get(KP), op.i32Add, op.v128Load(0), op.set(KVV));
  body.push(op.get(KA1), op.get(KXP), op.get(KP), op.i32Add, op.v128Load(0), op.get(KVV), op.f64x2Mul, op.f64x2Add);
  body.push(op.set(KA1));
  body.push(op.get(KA2), op.get(KXP), op.get(KOFFB), op.i32Add, op.get(KP), op.i32Add, op.v128Load(0));
  body.push(op.get(KVV), op.f64x2Mul, op.f64x2Add, op.set(KA2));
  body.push(op.get(KP), op.i32(16), op.i32Add, op.set(KP), op.br(0), op.end, op.end);
  // out + 2q and out + 2(rows + q), in bytes: (out + 2q)·8 and that + rows·16.
  body.push(op.get(KOUT), op.get(KQ), op.i32(1), op.i32Shl, op.i32Add, op.i32(3), op.i32Shl, op.set(KCP));
  body.push(op.get(KCP), op.get(KA1), op.v128Store(0));
  body.push(op.get(KCP), op.get(KROWS), op.i32(4), op.i32Shl, op.i32Add, op.get(KA2), op.v128Store(0));
  body.push(op.get(KXP), op.get(KLDB), op.i32Add, op.set(KXP));
  body.push(op.get(KQ), op.i32(1), op.i32Add, op.set(KQ), op.br(0), op.end, op.end);
  return {
    name: 'dots2',
    params: [I32, I32, I32, I32, I32, I32, I32],
    locals: [
      [KC2 - KQ + 1, I32],
      [KVV - KA1 + 1, V128],
    ],
    body,
  };
}

/** axpy2: per pair of y, all rows of both sets accumulated in one register. */
function axpyKernel(): FunctionDef {
  const body: Op[] = [];
  body.push(...bytes(KLD), op.set(KLDB), ...bytes(KOFF2), op.set(KOFFB), ...bytes(KROWS), op.set(KC2));
  body.push(op.get(KOUT), op.i32(4), op.i32Shl, op.set(KPEND));
  body.push(op.i32(0), op.set(KP));
  body.push(op.block, op.loop, op.get(KP), op.get(KPEND), op.i32GeS, op.brIf(1));
  // A1 = y pair; XP = x + p; CP = coef.
  body.push(...bytes(KPAIRS), op.get(KP), op.i32Add, op.v128Load(0), op.set(KA1));
  body.push(...bytes(KX), op.get(KP), op.i32Add, op.set(KXP), ...bytes(KVEC), op.set(KCP), op.i32(0), op.set(KQ));
  body.push(op.block, op.loop, op.get(KQ), op.get(KROWS), op.i32GeS, op.brIf(1));
  body.push(op.get(KA1), op.get(KXP), op.v128Load(0), op.get(KCP), op.v128Load64Splat(0), op.f64x2Mul, op.f64x2Add);
  body.push(op.get(KXP), op.get(KOFFB), op.i32Add, op.v128Load(0));
  body.push(op.get(KCP), op.get(KC2), op.i32Add, op.v128Load64Splat(0), op.f64x2Mul, op.f64x2Add, op.set(KA1));
  body.push(op.get(KXP), op.get(KLDB), op.i32Add, op.set(KXP), op.get(KCP), op.i32(8), op.i32Add, op.set(KCP));
  body.push(op.get(KQ), op.i32(1), op.i32Add, op.set(KQ), op.br(0), op.end, op.end);
  body.push(...bytes(KPAIRS), op.get(KP), op.i32Add, op.get(KA1), op.v128Store(0));
  body.push(op.get(KP), op.i32(16), op.i32Add, op.set(KP), op.br(0), op.end, op.end);
  return {
    name: 'axpy2',
    params: [I32, I32, I32, I32, I32, I32, I32],
    locals: [
      [KC2 - KQ + 1, I32],
      [KVV - KA1 + 1, V128],
    ],
    body,
  };
}

/** The module's bytes (small: the browser compiles it synchronously on the main thread). */
export function simdSymvModuleBytes(): Uint8Array<ArrayBuffer> {
  return encodeModule(PAGES, [rectKernel(), dotsKernel(), axpyKernel()]);
}

let instance: SimdSymv | null | undefined;
let wanted = true;

/**
 * The kernel, instantiated on first use; null where the engine has no WebAssembly SIMD, or after
 * `setSymvKernel('js')` (tests compare both paths).
 */
export function simdSymv(): SimdSymv | null {
  if (!wanted) return null;
  if (instance === undefined) instance = load();
  return instance;
}

/** Selects the SIMD kernel (default where available) or the scalar JavaScript loops. */
export function setSymvKernel(kind: 'simd' | 'js'): void {
  wanted = kind === 'simd';
}

function load(): SimdSymv | null {
  const wasm = wasmApi();
  if (wasm === undefined) return null;
  try {
    const bytes = simdSymvModuleBytes();
    if (!wasm.validate(bytes)) return null;
    const inst = new wasm.Instance(new wasm.Module(bytes), {});
    return {
      mem: new Float64Array(exportedMemory(inst).buffer),
      rect: exportedFunction(inst, 'rect', 3),
      dots2: exportedFunction(inst, 'dots2', 7),
      axpy2: exportedFunction(inst, 'axpy2', 7),
    };
  } catch {
    return null;
  }
}
