/**
 * gemm on all cores in the explorer: the sim worker (worker.ts, where the explorer computes)
 * starts core's gemm helpers as nested Web Workers (gemmHelper.ts). This needs a cross-origin
 * isolated page (COOP/COEP, sent by `ortholab serve` and Vite) for SharedArrayBuffer, and a
 * thread that may block in Atomics.wait (a worker, never the page's main thread). Anything
 * missing, and gemm runs on the sim worker alone, with the same results
 * (docs/decisions/0027-gemm-threads-fma.md).
 */

import { type GemmThreadHost, MAX_GEMM_THREADS, startGemmThreads } from '../../src/core/linalg/gemmThreads.js';

const webHost: GemmThreadHost = {
  start(init) {
    const worker = new Worker(new URL('./gemmHelper.ts', import.meta.url), { type: 'module', name: 'ortholab-gemm' });
    // A helper that fails to load never claims work; keep its error out of the page's console.
    worker.addEventListener('error', (e) => e.preventDefault());
    worker.postMessage(init);
    return { terminate: () => worker.terminate() };
  },
};

/** Starts the helpers (one per core, at most MAX_GEMM_THREADS) if the page allows; returns the thread count. */
export function startExplorerGemmThreads(): number {
  // Outside a browser (tests under Node 20) crossOriginIsolated is undefined and there is no navigator.
  if (globalThis.crossOriginIsolated !== true) return 1;
  const cores = typeof navigator === 'undefined' ? 1 : (navigator.hardwareConcurrency ?? 1);
  return startGemmThreads(webHost, Math.min(MAX_GEMM_THREADS, cores));
}
