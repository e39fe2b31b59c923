/**
 * Square matmul C = A·B at n = 128, 256, 512: ortholab (packed gemm on its WebAssembly SIMD
 * kernel, and on its JavaScript kernel, which gives the same bits) vs a plain i-k-j triple
 * loop vs ml-matrix's mmul vs NumPy (single-threaded OpenBLAS). Median of runs; GFLOP/s = 2n³/t.
 * ml-matrix is imported after ortholab is timed (see the note in qr.bench.ts).
 *
 * Then threads and FMA at n = 512, 768, 1024 (issue 17): ortholab on one and two threads, with
 * the reference and the relaxed-SIMD FMA kernel (V8's flag is set below), interleaved in rounds
 * on one pool of two threads, against NumPy on one and two BLAS threads, each as a % of the
 * engine's measured f64x2 peak (simdPeak.ts).
 * Each two-thread cell also notes the machine's TLB shootdowns per product and the time this
 * process's threads spent runnable but waiting for a CPU (Linux /proc; other tasks on the
 * machine): the two causes of a slow two-thread product found in issue 17 (bench/RESULTS.md).
 * `--threads-only` skips the first table; `--threshold` also times n = 64 .. 256 on one and two
 * threads, below gemm's threading threshold, to find where two threads start to pay.
 */

import { readFileSync, readdirSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { type Matrix, createRng, fillNormal, matmul, zeros } from '../src/core/index.js';
import { setGemmKernel } from '../src/core/linalg/gemm.js';
import { THREAD_MIN_WORK, gemmHelpersReady, setThreadMinWork } from '../src/core/linalg/gemmThreads.js';
import { useGemmThreads } from '../src/node/gemmThreads.js';
import { type Timing, cell, gflops, loadLine, median, ratios, runNumpy, table, timeIt } from './lib.js';
import { simdPeakGflops } from './simdPeak.js';

// Relaxed SIMD for the FMA kernel (Node 20 has it behind this flag); set before any compile.
setFlagsFromString('--experimental-wasm-relaxed-simd');
const threadsOnly = process.argv.includes('--threads-only');

function gaussian(n: number, seed: number): Matrix {
  const a = zeros(n, n);
  fillNormal(createRng(seed), a.data);
  return a;
}

function tripleLoop(a: Matrix, b: Matrix): Float64Array {
  const n = a.rows;
  const A = a.data;
  const B = b.data;
  const C = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < n; p++) {
      const aip = A[i * n + p]!;
      for (let j = 0; j < n; j++) C[i * n + j] = C[i * n + j]! + aip * B[p * n + j]!;
    }
  }
  return C;
}

console.log(`start: ${loadLine()}`);
if (!threadsOnly) await classicTable();
await threadsTable();

async function classicTable(): Promise<void> {
  const measured: { n: number; ours: Timing; js: Timing; loop: Timing; np: Timing | null }[] = [];
  for (const n of [128, 256, 512]) {
    const a = gaussian(n, 1);
    const b = gaussian(n, 2);
    const runs = n <= 256 ? 9 : 5;
    if (setGemmKernel('simd') !== 'simd') console.log('note: no WebAssembly SIMD here; both columns use the JS kernel');
    const ours = timeIt(() => matmul(a, b), { runs, warmup: 3 });
    setGemmKernel('js');
    const js = timeIt(() => matmul(a, b), { runs, warmup: 3 });
    setGemmKernel('simd');
    const loop = timeIt(() => tripleLoop(a, b), { runs, warmup: 2 });
    const np = runNumpy(
      `rng = np.random.default_rng(0); a = rng.standard_normal((${n}, ${n})); b = rng.standard_normal((${n}, ${n}))`,
      'a @ b',
      { runs: 9, warmup: 3 },
    );
    measured.push({ n, ours, js, loop, np });
  }
  const { Matrix: MlMatrix } = await import('ml-matrix');
  const toMl = (a: Matrix) =>
    new MlMatrix(Array.from({ length: a.rows }, (_, i) => Array.from(a.data.subarray(i * a.cols, (i + 1) * a.cols))));
  const rows: string[][] = [];
  for (const { n, ours, js, loop, np } of measured) {
    const ma = toMl(gaussian(n, 1));
    const mb = toMl(gaussian(n, 2));
    const ml = timeIt(() => ma.mmul(mb), { runs: n <= 256 ? 9 : 5, warmup: 2 });
    const f = 2 * n ** 3;
    rows.push([
      String(n),
      cell(ours, f),
      cell(js, f),
      cell(loop, f),
      cell(ml, f),
      np ? cell(np, f) : 'n/a',
      ratios(js, ours),
      ratios(loop, ours),
      ratios(ml, ours),
      np ? ratios(ours, np) : 'n/a',
    ]);
  }
  console.log(
    `matmul C = A·B, n x n Gaussian. Cells: wall median / wall min / CPU median (GFLOP/s at the wall median); ratios likewise. ${loadLine()}\n`,
  );
  console.log(
    table(
      [
        'n',
        'ortholab (SIMD kernel)',
        'ortholab JS kernel',
        'triple loop (i-k-j)',
        'ml-matrix mmul',
        'NumPy',
        'JS kernel / ours',
        'loop / ours',
        'ml-matrix / ours',
        'ours / NumPy',
      ],
      rows,
    ),
  );
}

async function helpers(threads: number): Promise<void> {
  useGemmThreads(threads);
  const t0 = Date.now();
  while (gemmHelpersReady() < threads - 1 && Date.now() - t0 < 60_000) await new Promise((r) => setTimeout(r, 20));
}

/**
 * Linux counters around timed runs: TLB shootdowns received by all CPUs (/proc/interrupts; one
 * per page when a thread replaces a page mapping while another thread of the process runs on
 * the other CPU, see decisions/0032) and the time this process's threads were runnable but
 * waited for a CPU (schedstat; other tasks competing). Null elsewhere.
 */
interface Counters {
  readonly tlb: number;
  readonly waitMs: number;
}

function counters(): Counters | null {
  try {
    const line = readFileSync('/proc/interrupts', 'utf8')
      .split('\n')
      .find((l) => l.trim().startsWith('TLB:'));
    const fields = line?.trim().split(/\s+/).slice(1) ?? [];
    const tlb = fields.filter((f) => /^\d+$/.test(f)).reduce((sum, f) => sum + Number(f), 0);
    let waitNs = 0;
    for (const task of readdirSync('/proc/self/task')) {
      try {
        waitNs += Number(readFileSync(`/proc/self/task/${task}/schedstat`, 'utf8').split(' ')[1]);
      } catch {
        // the thread ended meanwhile
      }
    }
    return line === undefined ? null : { tlb, waitMs: waitNs / 1e6 };
  } catch {
    return null;
  }
}

/** One timed way of running a product, for the interleaved rounds below. */
interface Variant {
  readonly kernel: 'simd' | 'fma';
  readonly threads: 1 | 2;
}

/**
 * Times `variants` of `fn` interleaved: `rounds` rounds, each running every variant `runs`
 * times after one untimed call, so a change in the machine's load hits all variants alike.
 * One pool of two threads stays up throughout; one thread is gemm with the pool's threshold
 * out of reach (a new pool per switch would time its helpers' warm-up instead); two threads
 * use the pool from `twoThreadMinWork` (m·n·k).
 */
function interleaved(
  fn: () => unknown,
  variants: readonly Variant[],
  rounds: number,
  runs: number,
  twoThreadMinWork = THREAD_MIN_WORK,
): { timings: Timing[]; perRun: (Counters | null)[] } {
  const wall: number[][] = variants.map(() => []);
  const cpu: number[][] = variants.map(() => []);
  const sums = variants.map(() => ({ tlb: 0, waitMs: 0 }));
  let have = counters() !== null;
  for (let r = 0; r < rounds; r++) {
    variants.forEach((v, i) => {
      setGemmKernel(v.kernel);
      setThreadMinWork(v.threads === 1 ? Number.POSITIVE_INFINITY : twoThreadMinWork);
      fn();
      const before = counters();
      for (let j = 0; j < runs; j++) {
        const c0 = process.cpuUsage();
        const t0 = process.hrtime.bigint();
        fn();
        wall[i]!.push(Number(process.hrtime.bigint() - t0) / 1e9);
        const c = process.cpuUsage(c0);
        cpu[i]!.push((c.user + c.system) / 1e6);
      }
      const after = counters();
      if (before === null || after === null) have = false;
      else {
        sums[i]!.tlb += after.tlb - before.tlb;
        sums[i]!.waitMs += after.waitMs - before.waitMs;
      }
    });
  }
  setGemmKernel('simd');
  setThreadMinWork(THREAD_MIN_WORK);
  const timings = wall.map((times, i) => ({
    median: median(times),
    min: Math.min(...times),
    times,
    cpuMedian: median(cpu[i]!),
  }));
  const perRun = sums.map((x) => (have ? { tlb: x.tlb / (rounds * runs), waitMs: x.waitMs / (rounds * runs) } : null));
  return { timings, perRun };
}

/** "TLB 3, wait 0.1 ms" per product, or '' without the counters. */
function noted(c: Counters | null | undefined): string {
  return c ? ` [TLB ${c.tlb.toFixed(0)}, wait ${c.waitMs.toFixed(1)} ms]` : '';
}

async function threadsTable(): Promise<void> {
  const peak = simdPeakGflops(false);
  const peakFma = simdPeakGflops(true);
  const pct = (flops: number, t: Timing, p: number | null, threads: number): string =>
    p === null ? 'n/a' : `${((100 * gflops(flops, t.median)) / (threads * p)).toFixed(0)}%`;
  console.log(
    `\nf64x2 peak of this engine, one thread (register-only loop, best of 5): mul+add ${peak?.toFixed(1)} GFLOP/s, relaxed_madd ${peakFma?.toFixed(1) ?? 'n/a'} GFLOP/s. ${loadLine()}`,
  );
  await helpers(2);
  const fma = setGemmKernel('fma') === 'fma';
  setGemmKernel('simd');
  const variants: Variant[] = [
    { kernel: 'simd', threads: 1 },
    { kernel: 'simd', threads: 2 },
  ];
  if (fma) variants.push({ kernel: 'fma', threads: 1 }, { kernel: 'fma', threads: 2 });
  if (process.argv.includes('--threshold')) {
    // Every size forced through the pool for two threads (threshold 0).
    const rows: string[][] = [];
    for (const n of [64, 96, 128, 192, 256]) {
      const a = gaussian(n, 1);
      const b = gaussian(n, 2);
      const [one, two] = interleaved(() => matmul(a, b), variants.slice(0, 2), 5, 5, 0).timings;
      rows.push([String(n), cell(one!, 2 * n ** 3), cell(two!, 2 * n ** 3), ratios(one!, two!)]);
    }
    console.log(
      `\nthreading threshold: matmul n x n, every size forced through the pool for two threads. ${loadLine()}\n`,
    );
    console.log(table(['n', '1 thread', '2 threads', 'speed-up'], rows));
  }
  const rows: string[][] = [];
  for (const n of [512, 768, 1024]) {
    const a = gaussian(n, 1);
    const b = gaussian(n, 2);
    const f = 2 * n ** 3;
    setThreadMinWork(Number.POSITIVE_INFINITY);
    const ref = matmul(a, b).data;
    setThreadMinWork(THREAD_MIN_WORK);
    const same = matmul(a, b).data.every((v, i) => Object.is(v, ref[i]));
    const { timings, perRun } = interleaved(() => matmul(a, b), variants, n <= 768 ? 7 : 5, 3);
    const [one, two, fma1, fma2] = timings;
    const setup = `rng = np.random.default_rng(0); a = rng.standard_normal((${n}, ${n})); b = rng.standard_normal((${n}, ${n}))`;
    const np1 = runNumpy(setup, 'a @ b', { runs: 9, warmup: 3 }, 1);
    const np2 = runNumpy(setup, 'a @ b', { runs: 9, warmup: 3 }, 2);
    rows.push([
      String(n),
      `${cell(one!, f)} ${pct(f, one!, peak, 1)}`,
      `${cell(two!, f)} ${pct(f, two!, peak, 2)}${noted(perRun[1])}`,
      ratios(one!, two!),
      same ? 'yes' : 'NO',
      fma1 ? `${cell(fma1, f)} ${pct(f, fma1, peakFma, 1)}` : 'n/a',
      fma2 ? `${cell(fma2, f)} ${pct(f, fma2, peakFma, 2)}${noted(perRun[3])}` : 'n/a',
      np1 ? cell(np1, f) : 'n/a',
      np2 ? cell(np2, f) : 'n/a',
      np1 ? ratios(one!, np1) : 'n/a',
      np2 ? ratios(two!, np2) : 'n/a',
    ]);
  }
  await helpers(1);
  console.log(
    `\nmatmul on one pool of two threads, the variants interleaved (5-7 rounds of 3 runs each). Cells: wall median / wall min / CPU median ms (GFLOP/s at the wall median) and % of the f64x2 peak (per thread, x threads); ratios likewise (CPU: of the whole process, both threads). In brackets, per product: TLB shootdowns on the machine and ms this process's threads waited for a CPU (other tasks). ${loadLine()}\n`,
  );
  console.log(
    table(
      [
        'n',
        'ours, 1 thread',
        'ours, 2 threads',
        '1t / 2t',
        'same bits',
        'FMA, 1 thread',
        'FMA, 2 threads',
        'NumPy, 1 thread',
        'NumPy, 2 threads',
        'ours / NumPy (1t)',
        'ours / NumPy (2t)',
      ],
      rows,
    ),
  );
}
