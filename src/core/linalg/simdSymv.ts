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
 * No fused multiply-add (WebAssembly SIMD 1.0), so results do not depend on the CPU; the sums are
 * ordered differently from the scalar fallback, so the two paths differ in the last bits (the
 * reduction is deterministic per engine: SIMD is either present or not).
 *
 * The memory is created at its final size (SYMV_MAX_N² doubles, 8 MiB, plus vectors) on the
 * first reduction that uses it, and never grows (docs/decisions/0012).
 */

import { type FunctionDef, I32, V128, encodeModule, op } from './wasmBinary.js';

/** Largest order whose working matrix fits the module's memory. */
export const SYMV_MAX_N = 1024;

/** Double offsets of the buffers in the module memory. */
export const SYMV_V = SYMV_MAX_N * SYMV_MAX_N;
export const SYMV_P = SYMV_V + SYMV_MAX_N;
export const SYMV_S = SYMV_P + SYMV_MAX_N;
const DOUBLES = SYMV_S + 2 * SYMV_MAX_N;
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

/** The module's bytes (small: the browser compiles it synchronously on the main thread). */
export function simdSymvModuleBytes(): Uint8Array<ArrayBuffer> {
  return encodeModule(PAGES, [rectKernel()]);
}

interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (
    module: object,
    imports: object,
  ) => { exports: { memory: { buffer: ArrayBuffer }; rect: SimdSymv['rect'] } };
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
  const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
  if (wasm === undefined) return null;
  try {
    const bytes = simdSymvModuleBytes();
    if (!wasm.validate(bytes)) return null;
    const inst = new wasm.Instance(new wasm.Module(bytes), {});
    return { mem: new Float64Array(inst.exports.memory.buffer), rect: inst.exports.rect };
  } catch {
    return null;
  }
}
