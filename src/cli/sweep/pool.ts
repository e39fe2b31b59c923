/**
 * Runs independent tasks (one compare run, one training run) sequentially in this thread or on
 * a piscina worker pool. Each task is a pure function of its input, and results are returned
 * in task order, so the numbers do not depend on the number of workers or on scheduling.
 * `onResult` sees each result as soon as it finishes (train writes it to disk at once).
 * Cancellation: when `signal` aborts, queued tasks are dropped and the promise rejects with a
 * CancelledError; results already passed to `onResult` stand.
 */

import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { CancelledError } from '../../core/index.js';

export type TaskName = 'compareTask' | 'trainTask';

/** The worker module: worker.ts under tsx or Vitest, worker.js once built. */
export function workerFile(): string {
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  return new URL(`./worker${ext}`, import.meta.url).href;
}

/** Default worker count: cores − 1, and none (run here) when that is 1 or less. */
export function defaultWorkers(tasks: number): number {
  const w = Math.min(availableParallelism() - 1, tasks);
  return w <= 1 ? 0 : w;
}

function cancelled(): CancelledError {
  return new CancelledError('the sweep was interrupted; results already reported stand.');
}

export interface SweepOptions<R> {
  /** 0: run in this thread. */
  readonly workers: number;
  readonly signal?: AbortSignal | undefined;
  readonly onResult?: (index: number, result: R) => void | Promise<void>;
}

export async function runSweep<T, R>(
  name: TaskName,
  tasks: readonly T[],
  local: (task: T) => R | Promise<R>,
  options: SweepOptions<R>,
): Promise<R[]> {
  const results = new Array<R>(tasks.length);
  if (options.workers <= 0 || tasks.length === 0) {
    for (let i = 0; i < tasks.length; i++) {
      // Yield to the event loop so Ctrl-C (SIGINT) is seen between tasks.
      await new Promise((r) => setImmediate(r));
      if (options.signal?.aborted) throw cancelled();
      results[i] = await local(tasks[i]!);
      await options.onResult?.(i, results[i]!);
    }
    return results;
  }
  const pool = new Piscina({ filename: workerFile(), name, maxThreads: options.workers, minThreads: 1 });
  // One listener for the whole sweep (not one per task): destroying the pool rejects every
  // queued and running task, and terminates the threads.
  const onAbort = () => void pool.destroy();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    if (options.signal?.aborted) throw cancelled();
    await Promise.all(
      tasks.map(async (task, i) => {
        const r = (await pool.run(task, { name })) as R;
        results[i] = r;
        await options.onResult?.(i, r);
      }),
    );
  } catch (e) {
    if (options.signal?.aborted) throw cancelled();
    throw e;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    await pool.destroy();
  }
  return results;
}
