/**
 * A minimal WebAssembly binary encoder: just enough of the format (spec §5, "Binary Format") to
 * build linalg's SIMD kernels at run time from TypeScript, with no build step and no binary
 * file in the repository (docs/decisions/0012-wasm-simd-gemm.md). It knows one function type
 * per function, an own, fixed-size memory, exported functions, i32 and v128 locals, and the
 * handful of instructions the kernels use. Everything is plain bytes: `Op` is a byte list and
 * `fn` concatenates them.
 */

/** Unsigned LEB128. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  let v = n >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

/** Signed LEB128 of a 32-bit integer. */
export function sleb(n: number): number[] {
  const out: number[] = [];
  let v = n | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

export type Op = readonly number[];

/** One instruction from its bytes. */
const ins = (...bytes: number[]): Op => bytes;

const vec = (items: readonly Op[]): number[] => [...uleb(items.length), ...items.flat()];
const name = (s: string): number[] => vec([...s].map((ch) => [ch.charCodeAt(0)]));
const section = (id: number, body: readonly number[]): number[] => [id, ...uleb(body.length), ...body];

export const I32 = 0x7f;
export const V128 = 0x7b;
const SIMD = 0xfd;
const memarg = (alignLog2: number, offset: number): number[] => [alignLog2, ...uleb(offset)];

/** The instructions the kernels use. Offsets are byte offsets added to the i32 address. */
export const op = {
  get: (i: number): Op => [0x20, ...uleb(i)],
  set: (i: number): Op => [0x21, ...uleb(i)],
  tee: (i: number): Op => [0x22, ...uleb(i)],
  i32: (v: number): Op => [0x41, ...sleb(v)],
  i32Add: ins(0x6a),
  i32Sub: ins(0x6b),
  i32Mul: ins(0x6c),
  i32Shl: ins(0x74),
  i32GeS: ins(0x4e),
  i32LeS: ins(0x4c),
  /** `block` and `loop` with an empty result type; close with `end`. */
  block: ins(0x02, 0x40),
  loop: ins(0x03, 0x40),
  br: (depth: number): Op => [0x0c, ...uleb(depth)],
  brIf: (depth: number): Op => [0x0d, ...uleb(depth)],
  end: ins(0x0b),
  v128Load: (offset: number): Op => [SIMD, 0x00, ...memarg(4, offset)],
  v128Store: (offset: number): Op => [SIMD, 0x0b, ...memarg(4, offset)],
  v128Load64Splat: (offset: number): Op => [SIMD, 0x0a, ...memarg(3, offset)],
  v128Zero: ins(SIMD, 0x0c, ...new Array<number>(16).fill(0)),
  f64x2Add: ins(SIMD, ...uleb(0xf0)),
  f64x2Mul: ins(SIMD, ...uleb(0xf2)),
  /**
   * Relaxed SIMD (WebAssembly 3.0): c + a·b of the three operands pushed as a, b, c, fused
   * (one rounding) or not, as the engine and CPU decide; the only instruction of the FMA kernel.
   */
  f64x2RelaxedMadd: ins(SIMD, ...uleb(0x107)),
};

export interface FunctionDef {
  name: string;
  /** Parameter types (all i32 in the kernels), no results. */
  params: readonly number[];
  /** Extra locals as [count, type] runs, numbered after the parameters. */
  locals: readonly (readonly [number, number])[];
  body: readonly Op[];
}

/**
 * A module with one non-growable memory of `pages` 64 KiB pages, exported as "memory", and the
 * given functions, each exported under its name. A memory that never grows keeps its
 * ArrayBuffer attached, so typed-array views on it stay valid for the life of the module.
 * With `sharedImport` the memory is not defined but imported as `env.memory`, shared (threads
 * proposal, limits flag 0x03) with minimum = maximum = `pages`: the memory of gemm's threads.
 */
export function encodeModule(
  pages: number,
  functions: readonly FunctionDef[],
  sharedImport = false,
): Uint8Array<ArrayBuffer> {
  const types = functions.map((f) => [0x60, ...vec(f.params.map((t) => [t])), 0x00]);
  const codes = functions.map((f) => {
    const body = [...vec(f.locals.map(([count, type]) => [...uleb(count), type])), ...f.body.flat(), 0x0b];
    return [...uleb(body.length), ...body];
  });
  const exports = [[...name('memory'), 0x02, 0x00], ...functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)])];
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, vec(types)),
    ...(sharedImport
      ? section(2, vec([[...name('env'), ...name('memory'), 0x02, 0x03, ...uleb(pages), ...uleb(pages)]]))
      : []),
    ...section(3, vec(functions.map((_, i) => uleb(i)))),
    ...(sharedImport ? [] : section(5, vec([[0x01, ...uleb(pages), ...uleb(pages)]]))),
    ...section(7, vec(exports)),
    ...section(10, vec(codes)),
  ]);
}

/**
 * More instructions, for the gated cells' elementwise kernels (src/core/rnn/gatedActivations.ts):
 * f64x2 arithmetic and comparisons, i64x2 integer lanes (building 2^k in the exponent bits),
 * bitwise selects, partial loads and stores, calls and i32 tests. Opcodes from the WebAssembly
 * SIMD proposal (spec §5.4.8) and the core instruction set (§5.4).
 */
export const opx = {
  /** v128.const with the 16 given bytes (little-endian lane order). */
  v128Const: (bytes: readonly number[]): Op => [SIMD, 0x0c, ...bytes],
  /** f64.const with the 8 given bytes (little-endian). */
  f64Const: (bytes: readonly number[]): Op => [0x44, ...bytes],
  /** i64.const of a 32-bit integer (sign-extended). */
  i64Const: (v: number): Op => [0x42, ...sleb(v)],
  f64x2Splat: ins(SIMD, ...uleb(0x14)),
  i64x2Splat: ins(SIMD, ...uleb(0x12)),
  f64x2Sub: ins(SIMD, ...uleb(0xf1)),
  f64x2Div: ins(SIMD, ...uleb(0xf3)),
  f64x2Min: ins(SIMD, ...uleb(0xf4)),
  f64x2Max: ins(SIMD, ...uleb(0xf5)),
  /** Pseudo-minimum b < a ? b : a of the operands pushed as a, b (one minpd; NaN in a passes through). */
  f64x2Pmin: ins(SIMD, ...uleb(0xf6)),
  /** Pseudo-maximum a < b ? b : a of the operands pushed as a, b (one maxpd; NaN in a passes through). */
  f64x2Pmax: ins(SIMD, ...uleb(0xf7)),
  f64x2Abs: ins(SIMD, ...uleb(0xec)),
  f64x2Neg: ins(SIMD, ...uleb(0xed)),
  f64x2Lt: ins(SIMD, ...uleb(0x49)),
  f64x2Ne: ins(SIMD, ...uleb(0x48)),
  /** i32 1 if any bit of the v128 is set. */
  v128AnyTrue: ins(SIMD, ...uleb(0x53)),
  i64x2Add: ins(SIMD, ...uleb(0xce)),
  i64x2Sub: ins(SIMD, ...uleb(0xd1)),
  /** Shift count: an i32 on top of the v128. */
  i64x2Shl: ins(SIMD, ...uleb(0xcb)),
  i64x2ShrS: ins(SIMD, ...uleb(0xcc)),
  /** Arithmetic right shift of the four i32 lanes (one psrad); shift count on top. */
  i32x4ShrS: ins(SIMD, ...uleb(0xac)),
  v128And: ins(SIMD, ...uleb(0x4e)),
  v128Or: ins(SIMD, ...uleb(0x50)),
  /** (v1 & c) | (v2 & ~c) of the operands pushed as v1, v2, c. */
  v128Bitselect: ins(SIMD, ...uleb(0x52)),
  /** One double into lane 0, lane 1 = +0. */
  v128Load64Zero: (offset: number): Op => [SIMD, ...uleb(0x5d), ...memarg(3, offset)],
  /** Stores lane `lane` (a double) of the v128 on top of the address. */
  v128Store64Lane: (offset: number, lane: number): Op => [SIMD, ...uleb(0x5b), ...memarg(3, offset), lane],
  call: (index: number): Op => [0x10, ...uleb(index)],
  i32And: ins(0x71),
  i32LtS: ins(0x48),
  i32ShrS: ins(0x75),
  i32GtS: ins(0x4a),
  i32Eqz: ins(0x45),
  /** `if` with an empty result type; close with `end`. */
  ifVoid: ins(0x04, 0x40),
  /** `if` whose branches each leave one v128; close with `end`. */
  ifV128: ins(0x04, 0x7b),
  elseOp: ins(0x05),
};

/** The f64 value type (a parameter type: gemm's packing functions take alpha as an f64). */
export const F64 = 0x7c;

/** More instructions, for gemm's packing functions in simdGemm.ts (SIMD proposal, spec §5.4.8). */
export const opPack = {
  /** Replaces lane `lane` of the v128 on top with the double at the address below it. */
  v128Load64Lane: (offset: number, lane: number): Op => [SIMD, ...uleb(0x57), ...memarg(3, offset), lane],
};
