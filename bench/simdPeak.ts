/**
 * The engine's f64x2 peak, measured: a WebAssembly loop of register-only multiply-adds on
 * independent accumulators. Reference
 * kernel: f64x2.mul then f64x2.add (2 instructions per 4 flops); FMA kernel: f64x2.relaxed_madd
 * (1 instruction per 4 flops where the CPU fuses). Assembled with core's encoder (wasmBinary.ts).
 * Node only (bench/).
 */

import { type FunctionDef, I32, V128, encodeModule, op } from '../src/core/linalg/wasmBinary.js';

/**
 * Independent accumulators, each with its own multiplicand loaded from memory (L1) on every
 * trip: one register-held x·y shared by all would be computed once per trip (common
 * subexpression), and register-held x_c per chain would leave too few registers for enough
 * chains. 14 accumulators + y fill the 16 vector registers of x86-64 with room for the loaded
 * operand; with 14 chains the FP ports, not the 4-cycle add or FMA latency, are the limit.
 */
const CHAINS = 14;

function peakLoop(fma: boolean): FunctionDef {
  const N = 0;
  const Y = 1;
  const ACC = 2;
  const body: (readonly number[])[] = [];
  body.push(op.i32(0), op.v128Load(0), op.set(Y));
  body.push(op.block, op.loop, op.get(N), op.i32(0), op.i32LeS, op.brIf(1));
  for (let c = 0; c < CHAINS; c++) {
    const x = [op.i32(0), op.v128Load(16 + 16 * c)];
    if (fma) body.push(...x, op.get(Y), op.get(ACC + c), op.f64x2RelaxedMadd, op.set(ACC + c));
    else body.push(op.get(ACC + c), ...x, op.get(Y), op.f64x2Mul, op.f64x2Add, op.set(ACC + c));
  }
  body.push(op.get(N), op.i32(1), op.i32Sub, op.set(N), op.br(0), op.end, op.end);
  // Keep the sums live: store their total.
  body.push(op.i32(512), op.get(ACC));
  for (let c = 1; c < CHAINS; c++) body.push(op.get(ACC + c), op.f64x2Add);
  body.push(op.v128Store(0));
  return { name: 'peak', params: [I32], locals: [[1 + CHAINS, V128]], body };
}

/**
 * GFLOP/s of the best of `reps` runs of `iterations` loop trips (4·CHAINS flops each), or null when
 * the engine cannot compile the variant (no relaxed SIMD for `fma`).
 */
export function simdPeakGflops(fma: boolean, iterations = 20_000_000, reps = 5): number | null {
  const bytes = encodeModule(1, [peakLoop(fma)]);
  if (!WebAssembly.validate(bytes)) return null;
  const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
  const peak = inst.exports.peak as (n: number) => void;
  const mem = new Float64Array((inst.exports.memory as WebAssembly.Memory).buffer);
  mem.set(Array.from({ length: 2 + 2 * CHAINS }, (_, i) => (i < 2 ? 0.5 : 1e-3 * (i + 1))));
  peak(100_000);
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < reps; r++) {
    const t0 = process.hrtime.bigint();
    peak(iterations);
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return (iterations * CHAINS * 4) / best / 1e9;
}
