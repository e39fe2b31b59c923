/**
 * The gate nonlinearities (issue 13): ortholab's f64x2 sigmoid and tanh runs in the gated
 * kernel's module (src/core/rnn/gatedActivations.ts), in place over 4096 doubles of a
 * workspace-like memory, against the same formulas on V8's Math.exp / Math.tanh in a JavaScript
 * loop, and NumPy (`1/(1+np.exp(-x))`, `np.tanh`, in place, one thread) in the same run.
 * Nanoseconds per element; medians of `--reps` timed rounds (default 7) of 200 calls each.
 *
 *   npx tsx bench/gates.bench.ts [--reps 7]
 */

import { createGatedMemory } from '../src/core/rnn/gatedKernel.js';
import { loadLine, machineLine, median, runNumpy, table } from './lib.js';

const N = 4096;
const CALLS = 200;
const repsAt = process.argv.indexOf('--reps');
const REPS = repsAt > 0 ? Number(process.argv[repsAt + 1]) : 7;
if (!Number.isInteger(REPS) || REPS < 1) throw new Error(`--reps must be a positive integer, got ${REPS}`);

const mem = createGatedMemory(8 * (N + 16));
if (mem === null) throw new Error('gates.bench: this engine has no WebAssembly SIMD');
const a = new Float64Array(mem.buffer, 0, N);
const src = new Float64Array(N);
for (let i = 0; i < N; i++) src[i] = 6 * Math.sin(i * 12.9898) * 0.999; // spread over [-6, 6]

/** ns per element: the median round of REPS rounds of CALLS calls, each on fresh inputs. */
function nsPerElement(run: () => void): number {
  const rounds: number[] = [];
  for (let w = 0; w < 50; w++) {
    a.set(src);
    run();
  }
  for (let r = 0; r < REPS; r++) {
    let total = 0;
    for (let c = 0; c < CALLS; c++) {
      a.set(src);
      const t0 = process.hrtime.bigint();
      run();
      total += Number(process.hrtime.bigint() - t0);
    }
    rounds.push(total / CALLS / N);
  }
  return median(rounds);
}

const ours = {
  sigmoid: nsPerElement(() => mem.sigmoidRun(a.byteOffset, N)),
  tanh: nsPerElement(() => mem.tanhRun(a.byteOffset, N)),
};
const v8 = {
  sigmoid: nsPerElement(() => {
    for (let i = 0; i < N; i++) a[i] = 1 / (1 + Math.exp(-a[i]!));
  }),
  tanh: nsPerElement(() => {
    for (let i = 0; i < N; i++) a[i] = Math.tanh(a[i]!);
  }),
};
const setup = `x0 = 6 * np.sin(np.arange(${N}) * 12.9898) * 0.999; x = x0.copy()`;
const np = {
  sigmoid: runNumpy(
    setup,
    'np.copyto(x, x0); np.negative(x, out=x); np.exp(x, out=x); np.add(x, 1, out=x); np.reciprocal(x, out=x)',
    {
      warmup: 20,
      runs: 200,
    },
  ),
  tanh: runNumpy(setup, 'np.copyto(x, x0); np.tanh(x, out=x)', { warmup: 20, runs: 200 }),
};
const f = (x: number): string => x.toFixed(2);
const npNs = (t: ReturnType<typeof runNumpy>): string => (t === null ? 'n/a' : f((t.median * 1e9) / N));
console.log(machineLine());
console.log(
  table(
    [
      'function',
      'ortholab f64x2 (ns/elem)',
      'JS on Math.* (ns/elem)',
      'NumPy (ns/elem, incl. a copy)',
      'JS / ortholab',
    ],
    (['sigmoid', 'tanh'] as const).map((k) => [
      k,
      f(ours[k]),
      f(v8[k]),
      npNs(np[k]),
      `${(v8[k] / ours[k]).toFixed(2)}x`,
    ]),
  ),
);
console.log(loadLine());
