/**
 * The gate nonlinearities of the gated cells (lstm.ts, gru.ts): exp, the logistic sigmoid and
 * tanh, each written twice with the SAME operations in the same order, once as f64x2 WebAssembly
 * (two lanes at a time, run in place over a run of doubles in a workspace's memory) and once as
 * scalar JavaScript (the fallback, and the odd element of a run). Neither side has a fused
 * multiply-add (WebAssembly SIMD 1.0, JavaScript), so both give identical IEEE results
 * (docs/decisions/0029-vectorized-gates-lstmfast.md).
 *
 * exp(y), as a libm does it (Cody & Waite 1980; the reduction of fdlibm's e_exp.c):
 *   k = round(y / ln 2) by the 1.5·2^52 shifter (t = y·(1/ln 2) + 1.5·2^52, k = t − 1.5·2^52:
 *       round-to-nearest in the addition; the low bits of t are k, so 2^k is built with integer
 *       lane arithmetic without a float-to-int conversion),
 *   r = (y − k·ln2_hi) − k·ln2_lo   (ln2_hi has 32 significant bits, so k·ln2_hi and the first
 *       subtraction are exact for |k| <= 2^21; |r| <= ln 2 / 2 + 1e-16),
 *   e^r − 1 = r + r²·q(r), q the Taylor polynomial Σ_{j=2}^{13} r^{j−2}/j! (truncation below
 *       0.3466^14/14! = 4e-18 relative), evaluated in Estrin's scheme (depth 5, not 11),
 *   e^y = (1 + (e^r − 1))·2^⌊k/2⌋·2^(k−⌊k/2⌋): two exact scalings by normal powers of two, so
 *       results in the subnormal range are rounded once and k = 1024 (y near 709.78) works.
 * Arguments are clamped to [-746, 710] first: exp gives exactly 0 below, +Infinity above, and
 * NaN stays NaN (min/max propagate it).
 *
 * sigmoid(x) = 1 / (1 + exp(−x)): exactly 1 for x > 37.4 (1 + e^−x rounds to 1), exactly 0 for
 * x < −745.2, NaN for NaN.
 * tanh(x) = sign(x)·u/(u + 2), u = expm1(2|x|) = 2^k·(e^r − 1) + (2^k − 1) with |x| clamped to 20
 * (tanh(20) rounds to 1): no cancellation for small |x| (u is computed relative to itself), and
 * tanh(x) = x for |x| < 2^−28 (the next term, x³/3, is below half an ulp), which keeps ±0.
 * Measured error against mpmath (`python3 scripts/activations_ulp.py 300000`, 3·10^5 points):
 * exp 0.96 ulp, sigmoid 2.22, tanh 1.93 (Math.exp 0.83, Math.tanh 2.09; decisions/0029).
 * gatedActivations.test.ts checks <= 2 ulp against correctly rounded values at the fixture
 * points and the agreement with Math.exp / Math.tanh over 10^5 points.
 */

import { type FunctionDef, I32, type Op, V128, op, opx } from '../linalg/wasmBinary.js';

const INV_LN2 = Math.LOG2E;
const SHIFT = 6755399441055744; // 1.5·2^52
const LN2_HI = 0.6931471803691238; // 0x3FE62E42FEE00000 (fdlibm ln2_hi: 32 significant bits)
const LN2_LO = 1.9082149292705877e-10; // 0x3DEA39EF35793C76, ln 2 − ln2_hi
// 1/j! for j = 2..13, each one correctly rounded division (j! is exact).
const C2 = 1 / 2;
const C3 = 1 / 6;
const C4 = 1 / 24;
const C5 = 1 / 120;
const C6 = 1 / 720;
const C7 = 1 / 5040;
const C8 = 1 / 40320;
const C9 = 1 / 362880;
const C10 = 1 / 3628800;
const C11 = 1 / 39916800;
const C12 = 1 / 479001600;
const C13 = 1 / 6227020800;
const EXP_MIN = -746;
const EXP_MAX = 710;
const TANH_MAX = 20;
const TINY = 2 ** -28;
/** 2^j for j = -POW2_OFF .. POW2_OFF (exact, from the exponent bits). */
const POW2_OFF = 540;
const POW2: Float64Array = (() => {
  const t = new Float64Array(2 * POW2_OFF + 1);
  const dv = new DataView(new ArrayBuffer(8));
  for (let j = -POW2_OFF; j <= POW2_OFF; j++) {
    dv.setUint32(0, (j + 1023) << 20);
    dv.setUint32(4, 0);
    t[j + POW2_OFF] = dv.getFloat64(0);
  }
  return t;
})();

/** e^r − 1 for the reduced argument of y and k (as a double), the common core of exp and expm1. */
function reduce(y: number): { em: number; kf: number } {
  const t = y * INV_LN2 + SHIFT;
  const kf = t - SHIFT;
  const r = y - kf * LN2_HI - kf * LN2_LO;
  const r2 = r * r;
  const r4 = r2 * r2;
  const b2 = C10 + C11 * r + (C12 + C13 * r) * r2;
  const b1 = C6 + C7 * r + (C8 + C9 * r) * r2;
  const b0 = C2 + C3 * r + (C4 + C5 * r) * r2;
  const q = b0 + r4 * (b1 + r4 * b2);
  return { em: r + r2 * q, kf };
}

/** exp(x), the algorithm of the file comment (bit-identical to the WebAssembly lanes). */
export function gateExp(x: number): number {
  const y = Math.max(Math.min(x, EXP_MAX), EXP_MIN);
  const { em, kf } = reduce(y);
  const k = kf | 0;
  const k1 = k >> 1;
  return (1 + em) * POW2[k1 + POW2_OFF]! * POW2[k - k1 + POW2_OFF]!;
}

/**
 * The logistic sigmoid: with e = exp(−|x|) (never overflows), 1/(1 + e) for x >= 0 and
 * e/(1 + e) for x < 0 (exact 0 below −745.2, where e^x underflows).
 */
export function gateSigmoid(x: number): number {
  const e = gateExp(-Math.abs(x));
  return (x < 0 ? e : 1) / (1 + e);
}

/** tanh(x), the algorithm of the file comment. */
export function gateTanh(x: number): number {
  const ax = Math.abs(x);
  if (ax < TINY) return x;
  const h = Math.min(ax, TANH_MAX);
  const { em, kf } = reduce(h + h);
  const s = POW2[(kf | 0) + POW2_OFF]!;
  // u = m + a with its rounding error ul (Fast2Sum: |a| >= |m|), d = u + 2 with its error dl
  // (TwoSum; Knuth, TAOCP 4.2.2), then u/d corrected to first order for both errors:
  // (u + ul)/(d + dl + ul) = t0 + (ul − t0·(dl + ul))/d and 1/d = (1 − t0)/2.
  const m = em * s;
  const a = s - 1;
  const u = m + a;
  const ul = a - u + m;
  const d = u + 2;
  const bb = d - u;
  const dl = u - (d - bb) + (2 - bb);
  const t0 = u / d;
  const t = t0 + (ul - t0 * (dl + ul)) * (1 - t0) * 0.5;
  return x < 0 ? -t : t;
}

/** In place: a[off .. off+count-1] ← sigmoid(a[...]). */
export function sigmoidRunJs(a: Float64Array, off: number, count: number): void {
  for (let q = off; q < off + count; q++) a[q] = gateSigmoid(a[q]!);
}

/** In place: a[off .. off+count-1] ← tanh(a[...]). */
export function tanhRunJs(a: Float64Array, off: number, count: number): void {
  for (let q = off; q < off + count; q++) a[q] = gateTanh(a[q]!);
}

// ---------------------------------------------------------------------------------------------
// WebAssembly: the same operations on f64x2 lanes.

const f64Bytes = (v: number): number[] => {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, v, true);
  return Array.from({ length: 8 }, (_, i) => dv.getUint8(i));
};
/** Both lanes = the double v (f64.const, f64x2.splat: 11 bytes against v128.const's 18). */
export const f64x2Const = (v: number): Op => [...opx.f64Const(f64Bytes(v)), ...opx.f64x2Splat];
/** Both i64 lanes = v (a 32-bit integer). */
const i64x2Const = (v: number): Op => [...opx.i64Const(v), ...opx.i64x2Splat];

/** The constants the lanes use, each held in a v128 local set once per call. */
const CONSTS = {
  invLn2: f64x2Const(INV_LN2),
  shift: f64x2Const(SHIFT),
  ln2Hi: f64x2Const(LN2_HI),
  ln2Lo: f64x2Const(LN2_LO),
  c2: f64x2Const(C2),
  c3: f64x2Const(C3),
  c4: f64x2Const(C4),
  c5: f64x2Const(C5),
  c6: f64x2Const(C6),
  c7: f64x2Const(C7),
  c8: f64x2Const(C8),
  c9: f64x2Const(C9),
  c10: f64x2Const(C10),
  c11: f64x2Const(C11),
  c12: f64x2Const(C12),
  c13: f64x2Const(C13),
  zero: f64x2Const(0),
  one: f64x2Const(1),
  two: f64x2Const(2),
  half: f64x2Const(0.5),
  bias: i64x2Const(1023),
  expMin: f64x2Const(EXP_MIN),
  tanhMax: f64x2Const(TANH_MAX),
  tiny: f64x2Const(TINY),
  sign: f64x2Const(-0),
} as const;
type ConstName = keyof typeof CONSTS;

/**
 * A function body under construction whose v128 locals are named: constants (loaded once at
 * the start) and scratch vectors, numbered after `firstV128`.
 */
export class LaneBody {
  readonly ops: Op[] = [];
  private readonly locals = new Map<string, number>();
  private readonly consts = new Map<ConstName, number>();
  /** Prefix of the scratch names: separate scratch for interleaved copies of the lanes' code. */
  scope = '';
  constructor(private readonly firstV128: number) {}

  private index(): number {
    return this.firstV128 + this.locals.size + this.consts.size;
  }
  /** The local index of a named scratch v128 (allocated on first use). */
  v(name: string): number {
    let i = this.locals.get(name);
    if (i === undefined) {
      i = this.index();
      this.locals.set(name, i);
    }
    return i;
  }
  emit(...ops: Op[]): void {
    this.ops.push(...ops);
  }
  get(name: string): Op {
    return op.get(this.v(this.scope + name));
  }
  set(name: string): Op {
    return op.set(this.v(this.scope + name));
  }
  /** Reads a constant (its local is set once at the start of the function). */
  c(name: ConstName): Op {
    let i = this.consts.get(name);
    if (i === undefined) {
      i = this.index();
      this.consts.set(name, i);
    }
    return op.get(i);
  }
  /** Number of v128 locals used. */
  get count(): number {
    return this.locals.size + this.consts.size;
  }
  /** The instructions that load the constants used, then the body. */
  finish(): Op[] {
    const pre: Op[] = [];
    for (const [name, i] of this.consts) pre.push(CONSTS[name], op.set(i));
    return [...pre, ...this.ops];
  }
}

/** Leaves e^r − 1 of local `y` on the stack and k's shifted form t in local 'et' (see `reduce`). */
function emitReduce(b: LaneBody, y: string): void {
  const { f64x2Mul: mul, f64x2Add: add } = op;
  const sub = opx.f64x2Sub;
  b.emit(b.get(y), b.c('invLn2'), mul, b.c('shift'), add, b.set('et'));
  b.emit(b.get('et'), b.c('shift'), sub, b.set('ekf'));
  b.emit(b.get(y), b.get('ekf'), b.c('ln2Hi'), mul, sub, b.get('ekf'), b.c('ln2Lo'), mul, sub, b.set('er'));
  b.emit(b.get('er'), b.get('er'), mul, b.set('er2'));
  b.emit(b.get('er2'), b.get('er2'), mul, b.set('er4'));
  const pair = (lo: ConstName, hi: ConstName): Op[] => [b.c(lo), b.c(hi), b.get('er'), mul, add];
  // b2 = (c10 + c11·r) + (c12 + c13·r)·r2, then r4·b2
  b.emit(...pair('c10', 'c11'), ...pair('c12', 'c13'), b.get('er2'), mul, add, b.get('er4'), mul);
  // b1 + r4·b2, times r4
  b.emit(...pair('c6', 'c7'), ...pair('c8', 'c9'), b.get('er2'), mul, add, add, b.get('er4'), mul);
  // q = b0 + r4·(b1 + r4·b2); e^r − 1 = r + r2·q
  b.emit(...pair('c2', 'c3'), ...pair('c4', 'c5'), b.get('er2'), mul, add, add, b.get('er2'), mul, b.get('er'), add);
}

/** (k + 1023) << 52 of the i64 lanes on the stack: 2^k for −1022 <= k <= 1023. */
function emitPow2(b: LaneBody): void {
  b.emit(b.c('bias'), opx.i64x2Add, op.i32(52), opx.i64x2Shl);
}

/** Local `x` ← sigmoid(x) (see `gateSigmoid`, `gateExp`). */
export function emitSigmoid(b: LaneBody, x: string): void {
  const { f64x2Mul: mul, f64x2Add: add } = op;
  // y = max(−|x|, −746): −|x| as x with the sign bit set (one or; NaN keeps its payload, as
  // abs-then-neg), and the clamp as the pseudo-maximum y < −746 ? −746 : y, one maxpd where V8
  // spends eight on f64x2.max's NaN and ±0 rules; it equals max here (the bound is neither
  // NaN nor zero, and a NaN y fails the comparison and passes through). Same bits for every
  // number, 20 % faster. A NaN x still gives NaN, but now x's own NaN (sign and payload) where
  // f64x2.max returned the x86 default NaN 0xfff8…0: NaN bit patterns are not part of the
  // contract (WebAssembly leaves them nondeterministic; Object.is and comparisons see no change).
  b.emit(b.get(x), b.c('sign'), opx.v128Or, b.c('expMin'), opx.f64x2Pmax, b.set('ey'));
  emitReduce(b, 'ey');
  b.emit(b.c('one'), add); // 1 + (e^r − 1)
  // k = bits(t) − bits(1.5·2^52); k1 = k >> 1; e = p·2^k1·2^(k−k1). |k| < 2^31, so the i64 lane's
  // high word is the sign extension of its low word and the i32 lanes' arithmetic shift (one
  // psrad) gives i64x2.shr_s's result (which V8 emulates in five instructions).
  b.emit(b.get('et'), b.c('shift'), opx.i64x2Sub, b.set('ek'));
  b.emit(b.get('ek'), op.i32(1), opx.i32x4ShrS, b.set('ek1'));
  b.emit(b.get('ek1'));
  emitPow2(b);
  b.emit(mul, b.get('ek'), b.get('ek1'), opx.i64x2Sub);
  emitPow2(b);
  b.emit(mul, b.set('ee'));
  // (x < 0 ? e : 1) / (1 + e)
  b.emit(b.get('ee'), b.c('one'), b.get(x), b.c('zero'), opx.f64x2Lt, opx.v128Bitselect);
  b.emit(b.c('one'), b.get('ee'), add, opx.f64x2Div, b.set(x));
}

/** Local `x` ← tanh(x) (see `gateTanh`). */
export function emitTanh(b: LaneBody, x: string): void {
  const { f64x2Mul: mul, f64x2Add: add } = op;
  const sub = opx.f64x2Sub;
  b.emit(b.get(x), opx.f64x2Abs, b.set('eax'));
  // min(|x|, 20) as the pseudo-minimum 20 < |x| ? 20 : |x| (one minpd; equal to min here, as
  // in emitSigmoid, NaN bit patterns aside: tanh(NaN) was 0xfff8…0 and is now |x|'s NaN).
  b.emit(b.get('eax'), b.c('tanhMax'), opx.f64x2Pmin, b.set('ey'));
  b.emit(b.get('ey'), b.get('ey'), add, b.set('ey'));
  emitReduce(b, 'ey');
  // m = (e^r − 1)·2^k, a = 2^k − 1, u = m + a, ul = (a − u) + m
  b.emit(b.get('et'), b.c('shift'), opx.i64x2Sub);
  emitPow2(b);
  b.emit(b.set('es'), b.get('es'), mul, b.set('em'), b.get('es'), b.c('one'), sub, b.set('es'));
  b.emit(b.get('em'), b.get('es'), add, b.set('eu'), b.get('es'), b.get('eu'), sub, b.get('em'), add, b.set('ul'));
  // d = u + 2, dl = (u − (d − bb)) + (2 − bb) with bb = d − u
  b.emit(b.get('eu'), b.c('two'), add, b.set('ed'), b.get('ed'), b.get('eu'), sub, b.set('eb'));
  b.emit(b.get('eu'), b.get('ed'), b.get('eb'), sub, sub, b.c('two'), b.get('eb'), sub, add, b.set('edl'));
  // t0 = u/d; t = t0 + ((ul − t0·(dl + ul))·(1 − t0))·0.5
  b.emit(b.get('eu'), b.get('ed'), opx.f64x2Div, b.set('ed'));
  b.emit(b.get('ed'), b.get('ul'), b.get('ed'), b.get('edl'), b.get('ul'), add, mul, sub);
  b.emit(b.c('one'), b.get('ed'), sub, mul, b.c('half'), mul, add);
  // with the sign bit of x; x itself where |x| < 2^-28
  b.emit(b.get(x), b.c('sign'), opx.v128And, opx.v128Or);
  b.emit(b.set('eu'), b.get(x), b.get('eu'), b.get('eax'), b.c('tiny'), opx.f64x2Lt, opx.v128Bitselect, b.set(x));
}

/** Copies of the lanes' code per iteration of a run (measured: 2 copies 30 % faster than 1, 4 another 16 %). */
const UNROLL = 4;

/**
 * An exported function (ptr, count) that applies `lanes` in place to the `count` doubles at
 * byte address ptr: pairs with v128 loads and stores, an odd last element in lane 0 (loaded
 * with lane 1 = +0, only lane 0 stored); one copy of the lanes' code for both.
 * Parameters: ptr (0), count (1), as i32.
 */
export function runFunction(name: string, lanes: (b: LaneBody, x: string) => void): FunctionDef {
  const PTR = 0;
  const COUNT = 1;
  const b = new LaneBody(2);
  // UNROLL·2 doubles per iteration (independent copies of the lanes' code, whose latency the
  // processor overlaps), then pairs and an odd last element.
  const copies = Array.from({ length: UNROLL }, (_, u) => u);
  b.emit(op.block, op.loop, op.get(COUNT), op.i32(2 * UNROLL), opx.i32LtS, op.brIf(1));
  for (const u of copies) {
    b.scope = `${u}:`;
    b.emit(op.get(PTR), op.v128Load(16 * u), b.set('x'));
  }
  for (const u of copies) {
    b.scope = `${u}:`;
    lanes(b, 'x');
  }
  for (const u of copies) {
    b.scope = `${u}:`;
    b.emit(op.get(PTR), b.get('x'), op.v128Store(16 * u));
  }
  b.scope = '';
  b.emit(op.get(PTR), op.i32(16 * UNROLL), op.i32Add, op.set(PTR));
  b.emit(op.get(COUNT), op.i32(2 * UNROLL), op.i32Sub, op.set(COUNT), op.br(0), op.end, op.end);
  const whole: Op[] = [op.get(COUNT), op.i32(1), opx.i32GtS];
  b.emit(op.block, op.loop, op.get(COUNT), op.i32(0), op.i32LeS, op.brIf(1));
  b.emit(...whole, opx.ifV128, op.get(PTR), op.v128Load(0), opx.elseOp, op.get(PTR), opx.v128Load64Zero(0), op.end);
  b.emit(b.set('x'));
  lanes(b, 'x');
  b.emit(...whole, opx.ifVoid, op.get(PTR), b.get('x'), op.v128Store(0), opx.elseOp);
  b.emit(op.get(PTR), b.get('x'), opx.v128Store64Lane(0, 0), op.end);
  b.emit(op.get(PTR), op.i32(16), op.i32Add, op.set(PTR));
  b.emit(op.get(COUNT), op.i32(2), op.i32Sub, op.set(COUNT), op.br(0), op.end, op.end);
  return { name, params: [I32, I32], locals: [[b.count, V128]], body: b.finish() };
}
