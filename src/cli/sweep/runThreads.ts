/**
 * The queue worker's threads: `size` plain worker_threads, each running one task at a time
 * (runThread.ts), started the way the CLI starts its command thread (runner-tsx.cjs) rather than
 * as piscina threads. Reason, measured (bench/RESULTS.md, "Why the queued run was slower"): the
 * same training run took about 10 % more CPU time on a piscina thread than on a thread whose
 * entry is our own file, and the queue worker's runs were that much slower than the local
 * sweep's. Results are the same bits (the same worker.ts functions run the tasks).
 *
 * Tasks beyond `size` wait in FIFO order. A thread that dies (an uncaught error, or terminated
 * from outside) rejects its task with an Error naming the exit code and is replaced. `destroy`
 * rejects the waiting tasks, terminates every thread and resolves once they have exited.
 */

import { fileURLToPath } from 'node:url';
import { type TransferListItem, Worker } from 'node:worker_threads';
import type { CompareRun, RunResult } from '../../core/index.js';
import type { CompareTask, QueueRunTask } from './worker.js';

/** What each task takes and gives. */
export interface RunThreadTasks {
  queueRunTask: { readonly task: QueueRunTask; readonly result: RunResult | null };
  compareTask: { readonly task: CompareTask; readonly result: CompareRun };
  warmUp: { readonly task: null; readonly result: boolean };
}
export type RunThreadTaskName = keyof RunThreadTasks;

/** A request from the main thread (one at a time per thread). */
export type RunThreadRequest = {
  [K in RunThreadTaskName]: { readonly name: K; readonly task: RunThreadTasks[K]['task'] };
}[RunThreadTaskName];

/** The thread's answer to its current request. */
export type RunThreadReply<R> =
  | { readonly ok: true; readonly result: R }
  | { readonly ok: false; readonly error: Error };

/** The thread's entry file and its workerData: runThread.ts through a CommonJS tsx entry, or runThread.js once built. */
function threadEntry(): { file: URL; workerData: { entry: string } } {
  const fromSources = import.meta.url.endsWith('.ts');
  const entry = new URL(fromSources ? './runThread.ts' : './runThread.js', import.meta.url);
  return {
    file: fromSources ? new URL('./runThread-tsx.cjs', import.meta.url) : entry,
    workerData: { entry: fileURLToPath(entry) },
  };
}

interface Slot {
  worker: Worker;
  /** Rejects the slot's current task (its thread died); null when idle. */
  fail: ((e: Error) => void) | null;
}

type Start = (slot: Slot) => void;

export class RunThreads {
  private readonly slots: Slot[] = [];
  private readonly waiting: { start: Start; reject: (e: Error) => void }[] = [];
  private destroyed = false;

  constructor(size: number) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    const { file, workerData } = threadEntry();
    const slot: Slot = { worker: new Worker(file, { workerData, name: 'ortholab-run' }), fail: null };
    let error: Error | null = null;
    slot.worker.on('error', (e) => {
      error = e;
    });
    slot.worker.on('exit', (code) => {
      if (this.destroyed) return;
      const fail = slot.fail;
      slot.fail = null;
      fail?.(new Error(`a run thread stopped (exit code ${code})${error === null ? '' : `: ${error.message}`}`));
      // Replace the dead thread in place and give it the next waiting task.
      const i = this.slots.indexOf(slot);
      if (i >= 0) {
        const fresh = this.spawn();
        this.slots[i] = fresh;
        this.next(fresh);
      }
    });
    return slot;
  }

  private next(slot: Slot): void {
    const w = this.waiting.shift();
    if (w !== undefined) w.start(slot);
  }

  /** Runs `name(task)` on the first free thread; `transferList` moves ports (queueRunTask's). */
  run<K extends RunThreadTaskName>(
    name: K,
    task: RunThreadTasks[K]['task'],
    transferList: readonly TransferListItem[] = [],
  ): Promise<RunThreadTasks[K]['result']> {
    return new Promise((resolve, reject) => {
      if (this.destroyed) {
        reject(new Error('the run threads were stopped'));
        return;
      }
      const start: Start = (slot) => {
        const done = () => {
          slot.worker.off('message', onReply);
          slot.fail = null;
        };
        const onReply = (reply: RunThreadReply<RunThreadTasks[K]['result']>) => {
          done();
          if (reply.ok) resolve(reply.result);
          else reject(reply.error);
          if (!this.destroyed) this.next(slot);
        };
        slot.fail = (e) => {
          done();
          reject(e);
        };
        slot.worker.on('message', onReply);
        slot.worker.postMessage({ name, task }, transferList);
      };
      const idle = this.slots.find((s) => s.fail === null);
      if (idle !== undefined) start(idle);
      else this.waiting.push({ start, reject });
    });
  }

  /** Rejects waiting tasks, terminates the threads (a running task is rejected) and waits for them. */
  async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const w of this.waiting.splice(0)) w.reject(new Error('the run threads were stopped'));
    await Promise.all(
      this.slots.map(async (slot) => {
        const fail = slot.fail;
        slot.fail = null;
        await slot.worker.terminate();
        fail?.(new Error('the run threads were stopped'));
      }),
    );
  }
}
