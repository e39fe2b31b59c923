/**
 * How many threads the CLI's matrix products use: `--threads N`, else the ORTHOLAB_THREADS
 * environment variable, else one per available core. Results do not depend on it (gemm is
 * bit-identical for any thread count; docs/decisions/0027-gemm-threads-fma.md), only speed.
 */

import { availableParallelism } from 'node:os';
import { MAX_GEMM_THREADS } from '../core/linalg/gemmThreads.js';
import { useGemmThreads } from '../node/gemmThreads.js';
import { UsageError } from './errors.js';

export const THREADS_ENV = 'ORTHOLAB_THREADS';

/**
 * The thread count from the flag (already range-checked by the option table) or the
 * environment; pure apart from reading the core count for the default. A malformed
 * ORTHOLAB_THREADS is a UsageError naming the variable and the allowed values.
 */
export function resolveThreads(
  flag: number | undefined,
  env: Readonly<Record<string, string | undefined>>,
  cores: number = availableParallelism(),
): number {
  if (flag !== undefined) return flag;
  const text = env[THREADS_ENV];
  if (text === undefined || text.trim() === '') return Math.min(MAX_GEMM_THREADS, Math.max(1, cores));
  const value = Number(text.trim());
  if (!Number.isInteger(value) || value < 1 || value > MAX_GEMM_THREADS) {
    throw new UsageError(
      `${THREADS_ENV}=${JSON.stringify(text)} is not a thread count; use an integer from 1 to ${MAX_GEMM_THREADS}, or unset it for one thread per core.`,
    );
  }
  return value;
}

/** Starts (or stops) gemm's helper threads for this thread; returns the count in effect. */
export function applyThreads(threads: number): number {
  return useGemmThreads(threads);
}
