/**
 * `--threads N` of the eig and svd benchmarks: starts gemm's helper threads (src/node) and waits
 * until they are ready, so that the first timed run does not pay for their start-up. Returns N
 * (1 without the flag); the caller passes it on to runNumpy and calls useGemmThreads(1) at the end.
 */

import { gemmHelpersReady } from '../src/core/linalg/gemmThreads.js';
import { useGemmThreads } from '../src/node/gemmThreads.js';

export async function benchThreads(argv: readonly string[]): Promise<number> {
  const at = argv.indexOf('--threads');
  if (at < 0) return 1;
  const raw = argv[at + 1];
  const threads = Number(raw);
  if (!Number.isInteger(threads) || threads < 1 || threads > 64) {
    throw new Error(`--threads takes a whole number of threads from 1 to 64, got ${JSON.stringify(raw)}.`);
  }
  const got = useGemmThreads(threads);
  const t0 = Date.now();
  while (gemmHelpersReady() < got - 1) {
    if (Date.now() - t0 > 60_000) throw new Error(`gemm's ${got - 1} helper thread(s) were not ready after 60 s.`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return got;
}
