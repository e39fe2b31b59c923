import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { ShapeError } from '../core/errors.js';
import { type GemmProblem, gemm } from '../core/linalg/gemm.js';
import {
  type GemmThreadHost,
  gemmHelpersReady,
  gemmThreads,
  THREAD_MIN_WORK,
  setThreadMinWork,
  startGemmThreads,
  stopGemmThreads,
  threadedGemm,
} from '../core/linalg/gemmThreads.js';
import { nodeGemmHost, useGemmThreads } from './gemmThreads.js';
import { gaussianArray, paddedGemm } from '../../test/linalg-helpers.js';

type Case = readonly [m: number, n: number, k: number, transA: boolean, transB: boolean];

/** C += 0.75·op(A)·op(B) on sub-blocks with offsets and padded row strides. */
function run([m, n, k, transA, transB]: Case, seed: number): Float64Array {
  return paddedGemm(m, n, k, transA, transB, seed);
}

const identical = (x: Float64Array, y: Float64Array): boolean =>
  x.length === y.length && x.every((v, i) => Object.is(v, y[i]));

/** Waits (polling, no fixed sleep) until `ready` helpers run, or fails after a generous time. */
async function helpersReady(ready: number): Promise<void> {
  const t0 = Date.now();
  while (gemmHelpersReady() < ready) {
    if (Date.now() - t0 > 50_000) throw new Error(`only ${gemmHelpersReady()} of ${ready} gemm helpers started`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

// Rows not a multiple of the tile or of the share; more than one chunk (1024) of m, n and k
// (k's second chunk not a multiple of KC); every transpose; the thinnest threaded m (8).
const shapes: readonly (readonly [number, number, number])[] = [
  [8, 9, 7],
  [37, 41, 300],
  [130, 131, 513],
  [255, 5, 260],
  [1030, 17, 40],
  [20, 1030, 30],
  [40, 24, 1100],
];
const cases: Case[] = shapes.flatMap(([m, n, k]) =>
  [false, true].flatMap((ta) => [false, true].map((tb): Case => [m, n, k, ta, tb])),
);

describe('gemm on threads', () => {
  afterAll(() => {
    stopGemmThreads();
    setThreadMinWork(THREAD_MIN_WORK);
  });

  it('gives the same bits for 1, 2, 3 and 4 threads on every shape and transpose', async () => {
    stopGemmThreads();
    const reference = cases.map((c, i) => run(c, 100 + i));
    setThreadMinWork(0);
    for (const threads of [1, 2, 3, 4]) {
      expect(useGemmThreads(threads)).toBe(threads);
      await helpersReady(threads - 1);
      cases.forEach((c, i) => {
        expect(identical(run(c, 100 + i), reference[i]!), `${threads} threads, case ${c.join(' x ')}`).toBe(true);
      });
    }
  });

  it('keeps the bits of C around the block and of entries with a zero 32-bit half (the write-touch of C)', async () => {
    // The caller writes one 32-bit word per 4 KiB of C's rows before reading them
    // (Atomics.compareExchange(w, 0, 0), decisions/0032): it must change no value, including
    // ±0, 1 (low half 0), the smallest subnormals (high half 0) and the padding between rows.
    stopGemmThreads();
    const [m, n, k, offset, ldc] = [300, 520, 64, 3, 525];
    const a = gaussianArray(m * k, 31);
    const b = gaussianArray(k * n, 32);
    // Zero columns of B leave C's first and last columns and column 512 (where the touched
    // words of a 520-column row are) as they were, so any change to them shows.
    for (let p = 0; p < k; p++) for (const j of [0, 1, 2, 3, 510, 511, 512, 513, 516, 517, 518, 519]) b[p * n + j] = 0;
    const specials = [0, -0, 1, -1.5, 2 ** -1074, -(2 ** -1074), 2 ** 52, Number.MAX_VALUE];
    const filled = (): Float64Array => Float64Array.from({ length: offset + m * ldc + 4 }, (_, i) => specials[i % 8]!);
    const product = (c: Float64Array): Float64Array => {
      gemm(false, false, m, n, k, 1, a, 0, k, b, 0, n, c, offset, ldc);
      return c;
    };
    const reference = product(filled());
    const freshReference = product(new Float64Array(offset + m * ldc)); // fresh pages
    setThreadMinWork(0);
    expect(useGemmThreads(2)).toBe(2);
    await helpersReady(1);
    expect(identical(product(filled()), reference)).toBe(true);
    expect(identical(product(new Float64Array(offset + m * ldc)), freshReference)).toBe(true);
  });

  it('leaves out helpers that fail to start, and still uses the ones that do', async () => {
    let calls = 0;
    const flaky: GemmThreadHost = {
      start(init) {
        calls++;
        if (init.index === 2) throw new Error('no thread for you');
        return nodeGemmHost.start(init);
      },
    };
    setThreadMinWork(0);
    expect(startGemmThreads(flaky, 3)).toBe(2);
    expect(calls).toBe(2);
    await helpersReady(1);
    stopGemmThreads();
    const reference = run(cases[8]!, 7);
    startGemmThreads(flaky, 3);
    await helpersReady(1);
    expect(identical(run(cases[8]!, 7), reference)).toBe(true);
  });

  it('falls back to one thread when no helper starts, or one never runs', () => {
    const none: GemmThreadHost = {
      start() {
        throw new Error('no threads here');
      },
    };
    expect(startGemmThreads(none, 4)).toBe(1);
    expect(gemmThreads()).toBe(1);
    // A helper that is "started" but never runs: gemm does not wait for it (no helper ready).
    const silent: GemmThreadHost = { start: () => ({ terminate: () => undefined }) };
    expect(startGemmThreads(silent, 2)).toBe(2);
    setThreadMinWork(0);
    const c = run(cases[4]!, 3);
    stopGemmThreads();
    expect(identical(c, run(cases[4]!, 3))).toBe(true);
  });

  it('recovers from an exception in the middle of a threaded product: no hang, later products exact', async () => {
    stopGemmThreads();
    const [m, n, k] = [400, 1000, 1000];
    const a = gaussianArray(m * k, 21);
    const b = gaussianArray(k * n, 22);
    const reference = gaussianArray(m * n, 23);
    gemm(false, false, m, n, k, 1, a, 0, k, b, 0, n, reference, 0, n);
    setThreadMinWork(0);
    expect(useGemmThreads(2)).toBe(2);
    await helpersReady(1);
    // C with room for 20 rows only: the caller's copy of the second unit of rows (16 rows
    // each) back into it throws while the helper still has units of the job to do. gemm itself
    // rejects such a C up front (ShapeError), so the threaded product is called directly.
    const short = new Float64Array(20 * n);
    expect(() => gemm(false, false, m, n, k, 1, a, 0, k, b, 0, n, short, 0, n)).toThrow(ShapeError);
    const problem: GemmProblem = {
      transA: false,
      transB: false,
      m,
      n,
      k,
      alpha: 1,
      a: { data: a, offset: 0, ld: k },
      b: { data: b, offset: 0, ld: n },
      c: { data: short, offset: 0, ld: n },
    };
    for (let i = 0; i < 4; i++) {
      expect(() => threadedGemm(false, problem)).toThrow(RangeError);
      const c = gaussianArray(m * n, 23);
      gemm(false, false, m, n, k, 1, a, 0, k, b, 0, n, c, 0, n);
      expect(identical(c, reference), `product ${i} after an exception`).toBe(true);
    }
  });

  it('clamps the thread count and treats 1 (or less) as no helpers', () => {
    expect(useGemmThreads(1)).toBe(1);
    expect(useGemmThreads(0)).toBe(1);
    expect(startGemmThreads(nodeGemmHost, Number.NaN)).toBe(1);
    expect(gemmThreads()).toBe(1);
  });

  it('never keeps the process alive: a program that used two threads exits by itself', () => {
    const script = [
      "const { useGemmThreads } = await import('./src/node/gemmThreads.ts');",
      "const { matmul, zeros } = await import('./src/core/index.ts');",
      'useGemmThreads(2);',
      'const a = zeros(300, 300); a.data.fill(1);',
      'for (let i = 0; i < 50; i++) matmul(a, a);',
      "console.log('done', matmul(a, a).data[0]);",
    ].join('\n');
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 50_000,
    });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('done 300');
    expect(r.status).toBe(0);
  });
});
