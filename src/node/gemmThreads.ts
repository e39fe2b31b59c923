/**
 * gemm on all cores in Node: starts core's gemm helper threads (src/core/linalg/gemmThreads.ts)
 * as worker_threads. Node only; core itself cannot start threads.
 *
 *   useGemmThreads()      // one thread per core (os.availableParallelism())
 *   useGemmThreads(2)     // two threads: the caller and one helper
 *   useGemmThreads(1)     // stop the helpers
 *
 * The helpers are unref'd: they never keep the process alive, and Node ends them on exit. A
 * helper that fails to start is left out silently (gemm's results do not depend on the thread
 * count; its speed does). Call it from the thread that will run the products (in the CLI, the
 * command's worker thread): that thread blocks in Atomics.wait while the helpers finish.
 */

import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  type GemmHelperInit,
  type GemmThreadHost,
  gemmThreads,
  startGemmThreads,
  stopGemmThreads,
} from '../core/linalg/gemmThreads.js';

/** What the helper's entry file receives as workerData. */
export interface GemmWorkerData {
  /** The TypeScript or JavaScript module that runs the helper (gemmWorker.ts / .js). */
  readonly entry: string;
  readonly init: GemmHelperInit;
}

function workerEntry(): { file: URL; entry: string } {
  const fromSources = import.meta.url.endsWith('.ts');
  const entry = new URL(fromSources ? './gemmWorker.ts' : './gemmWorker.js', import.meta.url);
  // From the sources (tsx, Vitest) a CommonJS entry registers tsx, then requires the .ts file.
  return { file: fromSources ? new URL('./gemmWorker-tsx.cjs', import.meta.url) : entry, entry: fileURLToPath(entry) };
}

/** The worker_threads host: one unref'd Worker per helper. */
export const nodeGemmHost: GemmThreadHost = {
  start(init) {
    const { file, entry } = workerEntry();
    const worker = new Worker(file, { workerData: { entry, init } satisfies GemmWorkerData, name: 'ortholab-gemm' });
    worker.unref();
    // A helper that fails (to load, or later) must not crash the process: its work is done by
    // the other threads, which claim every unit of work nobody has.
    worker.on('error', () => undefined);
    return { terminate: () => void worker.terminate() };
  },
};

/**
 * Sets the number of threads gemm uses in this thread (default: the available cores); returns
 * the count in effect, 1 where shared WebAssembly memory is missing or `threads` ≤ 1.
 */
export function useGemmThreads(threads?: number | undefined): number {
  const want = threads ?? availableParallelism();
  if (want === gemmThreads()) return want;
  if (want <= 1) {
    stopGemmThreads();
    return 1;
  }
  return startGemmThreads(nodeGemmHost, want);
}
