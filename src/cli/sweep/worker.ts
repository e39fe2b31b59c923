/**
 * Worker-thread entry points for runSweep (piscina calls the export named by the task) and for the
 * queue worker's own threads (runThread.ts calls them by name).
 */

import {
  CancelledError,
  type CompareOptions,
  type CompareRun,
  type InitConfig,
  type PlannedRun,
  type RunResult,
  compareRun,
} from '../../core/index.js';
import type { MessagePort } from 'node:worker_threads';
import { type Checkpoint, type CheckpointStore, runOne } from '../train/runOne.js';

export interface CompareTask {
  readonly config: InitConfig;
  readonly seed: number;
  readonly options: CompareOptions;
}

export function compareTask(task: CompareTask): CompareRun {
  return compareRun(task.config, task.seed, task.options);
}

/** A no-op task: awaiting it on a new pool means a thread has loaded this module (and core). */
export function warmUp(): boolean {
  return true;
}

export interface TrainTask {
  readonly run: PlannedRun;
  readonly dir: string | null;
}

/** One training run in a worker thread (checkpoints and results are written from here). */
export async function trainTask(task: TrainTask): Promise<RunResult> {
  const r = await runOne(task.run, { dir: task.dir });
  if (r === null) throw new CancelledError('the training run was interrupted before it finished.');
  return r;
}

/** Messages between the queue worker's main thread and a run's thread (see queueWorker.ts). */
export type RunThreadMessage =
  | { readonly type: 'checkpoint'; readonly seq: number; readonly checkpoint: Checkpoint }
  | { readonly type: 'progress'; readonly step: number; readonly steps: number };
export interface RunThreadAck {
  readonly type: 'ack';
  readonly seq: number;
  /** Stop after this checkpoint (the worker is shutting down). */
  readonly stop: boolean;
}

export interface QueueRunTask {
  readonly run: PlannedRun;
  /** The last checkpoint from Redis, or null to start from step 0. */
  readonly checkpoint: Checkpoint | null;
  readonly port: MessagePort;
}

/**
 * One queued run in a worker thread: the same `runOne` as a local sweep, with checkpoints sent
 * to the main thread (which keeps them in Redis) instead of written to a directory. Resolves
 * to null when the main thread asks it to stop at a checkpoint.
 */
export async function queueRunTask(task: QueueRunTask): Promise<RunResult | null> {
  const { port } = task;
  const waiting = new Map<number, (stop: boolean) => void>();
  let seq = 0;
  port.on('message', (m: RunThreadAck) => {
    waiting.get(m.seq)?.(m.stop);
    waiting.delete(m.seq);
  });
  const store: CheckpointStore = {
    load: async () => task.checkpoint,
    save: (checkpoint) =>
      new Promise<boolean>((resolve) => {
        seq++;
        waiting.set(seq, resolve);
        port.postMessage({ type: 'checkpoint', seq, checkpoint } satisfies RunThreadMessage);
      }),
  };
  let last = 0;
  try {
    return await runOne(task.run, {
      dir: null,
      store,
      onEvent: (e) => {
        if (e.type !== 'progress') return;
        const now = performance.now();
        if (now - last < 500 && e.step !== e.steps) return;
        last = now;
        port.postMessage({ type: 'progress', step: e.step, steps: e.steps } satisfies RunThreadMessage);
      },
    });
  } finally {
    port.close();
  }
}
