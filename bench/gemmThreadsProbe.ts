/**
 * Probe for issue 17's two-thread gemm (bench/RESULTS.md, "gemm on two threads: the cause";
 * decisions/0032). Times gemm C += A·B (n x n) on one thread and on a pool of two, with C
 * prepared four ways: one reused array, a fresh array per product (as matmul allocates), a
 * fresh array written first (fill), a fresh array read first (the OS maps its zero page). Per
 * product: this process's minor page faults, the machine's TLB shootdowns, and the run and
 * run-queue wait time of this process's threads (Linux /proc; run it on a quiet machine, the
 * wait column shows when it was not). Fresh arrays come from the allocator, whose state
 * decides whether their pages are new, so those rows vary between runs.
 *
 *   node --import tsx bench/gemmThreadsProbe.ts [n = 512] [products per cell = 20]
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createRng, fillNormal, zeros } from '../src/core/index.js';
import { gemm } from '../src/core/linalg/gemm.js';
import { gemmHelpersReady, setThreadMinWork, THREAD_MIN_WORK } from '../src/core/linalg/gemmThreads.js';
import { useGemmThreads } from '../src/node/gemmThreads.js';
import { loadLine } from './lib.js';
const n = Number(process.argv[2] ?? 512);
const reps = Number(process.argv[3] ?? 20);
const g = (seed: number) => {
  const a = zeros(n, n);
  fillNormal(createRng(seed), a.data);
  return a;
};
const a = g(1);
const b = g(2);
/** Machine TLB shootdowns, this process's minor faults, its threads' run and run-queue wait (ms). */
function counters(): Record<string, number> {
  const tlb = readFileSync('/proc/interrupts', 'utf8')
    .split('\n')
    .find((x) => x.trim().startsWith('TLB:'));
  const cpus = (tlb ?? '')
    .trim()
    .split(/\s+/)
    .slice(1)
    .filter((f) => /^\d+$/.test(f));
  let runMs = 0;
  let waitMs = 0;
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const [run, wait] = readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ').map(Number);
      runMs += (run ?? 0) / 1e6;
      waitMs += (wait ?? 0) / 1e6;
    } catch {
      // the thread ended meanwhile
    }
  }
  const stat = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
  return { tlb: cpus.reduce((sum, f) => sum + Number(f), 0), minflt: Number(stat[7]), runMs, waitMs };
}
useGemmThreads(2);
const t0 = Date.now();
while (gemmHelpersReady() < 1 && Date.now() - t0 < 60000) await new Promise((r) => setTimeout(r, 20));
console.log(`n=${n} ${loadLine()}`);
const reuse = new Float64Array(n * n);
const modes: Record<string, () => Float64Array> = {
  reuse: () => reuse,
  fresh: () => new Float64Array(n * n),
  freshWritten: () => new Float64Array(n * n).fill(0),
  freshRead: () => {
    const c = new Float64Array(n * n);
    let x = 0;
    for (let i = 0; i < c.length; i += 512) x += c[i]!;
    if (x !== 0) throw new Error('a fresh Float64Array is not zero');
    return c;
  },
};
for (const threads of [1, 2]) {
  setThreadMinWork(threads === 1 ? Number.POSITIVE_INFINITY : THREAD_MIN_WORK);
  for (const [name, make] of Object.entries(modes)) {
    for (let i = 0; i < 3; i++) gemm(false, false, n, n, n, 1, a.data, 0, n, b.data, 0, n, make(), 0, n);
    const v0 = counters();
    const times: number[] = [];
    for (let i = 0; i < reps; i++) {
      const c = make();
      const s = performance.now();
      gemm(false, false, n, n, n, 1, a.data, 0, n, b.data, 0, n, c, 0, n);
      times.push(performance.now() - s);
    }
    const v1 = counters();
    const d = Object.fromEntries(Object.keys(v1).map((k) => [k, ((v1[k]! - v0[k]!) / reps).toFixed(1)]));
    times.sort((x, y) => x - y);
    console.log(
      `${threads}t ${name.padEnd(12)} median ${times[reps >> 1]!.toFixed(2)} min ${times[0]!.toFixed(2)} ms; per product: ${JSON.stringify(d)}`,
    );
  }
}
console.log(loadLine());
useGemmThreads(1);
