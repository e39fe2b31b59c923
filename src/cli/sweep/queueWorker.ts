/**
 * The queue worker behind `ortholab worker --queue URL`: takes runs from the BullMQ queues of
 * submitted plans and runs them on `concurrency` threads with the same `runOne` as a local
 * sweep, so results are bit-identical.
 *
 * - Plans are served one at a time, oldest submission first (the registry is a sorted set); an
 *   idle worker polls the registry every `pollMs` and wakes at once on a submitter's message. A
 *   worker stays on a plan while it has waiting, delayed or active jobs (an active job of a dead
 *   worker is re-queued by BullMQ's stalled-job check, which runs in the workers of that queue).
 * - Each job is re-validated (jobs.ts); a refused job fails at once with the reason (BullMQ's
 *   UnrecoverableError: no retries).
 * - A `compare --queue` job (format ortholab.sweep.compare) runs core `compareRun` on the same
 *   threads; it is short and pure, so it has no checkpoints and a stopping worker finishes it.
 * - Checkpoints (trainer state and event log) go to Redis at the run's checkpoint events, at
 *   most one write per `checkpointMs`; a re-queued run resumes from the last one. The key is
 *   deleted when the run completes.
 * - Stopping (`stop` aborted, on SIGTERM or Ctrl-C): every running run continues to its next
 *   checkpoint, saves it, goes back to the queue, and the worker exits. A run without
 *   checkpoints (checkpointEvery = 0) finishes instead.
 */

import { hostname } from 'node:os';
import { MessageChannel } from 'node:worker_threads';
import { type ConnectionOptions, DelayedError, type Job, Queue, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { CompareRun, PlannedRun, RunResult } from '../../core/index.js';
import type { Checkpoint } from '../train/runOne.js';
import {
  COMPARE_FORMAT,
  JobRefused,
  encodeCheckpoint,
  encodeCompareRun,
  encodeResult,
  jobCount,
  parseJson,
  validateCompareJob,
  validateJob,
} from './jobs.js';
import { REGISTRY_KEY, SUBMITTED_CHANNEL, checkpointKey, connectionOptions, openRedis } from './redis.js';
import type { RedisTarget } from './redisUrl.js';
import { RunThreads } from './runThreads.js';
import type { RunThreadAck, RunThreadMessage } from './worker.js';

/** How long a checkpoint stays in Redis without being touched (a forgotten plan's runs). */
const CHECKPOINT_TTL_MS = 7 * 24 * 3600 * 1000;
/** How long closing a BullMQ worker may take once no run of ours is going. */
const CLOSE_GRACE_MS = 3000;

export interface QueueWorkerOptions {
  readonly target: RedisTarget;
  /** Runs at a time (threads). */
  readonly concurrency: number;
  /** BullMQ lockDuration: a job whose worker stops renewing its lock this long is stalled. */
  readonly lockMs: number;
  /** BullMQ stalledInterval: how often workers look for stalled jobs. */
  readonly stalledMs: number;
  /** Least time between two checkpoint writes of one run (0: every checkpoint event). */
  readonly checkpointMs: number;
  /** How often an idle worker looks for work, and a busy one for the end of its plan. */
  readonly pollMs: number;
  /** Graceful stop. */
  readonly stop: AbortSignal;
  /** One structured log record (the command prints it as a JSON line or text). */
  readonly log: (record: Record<string, unknown>) => void;
}

export interface WorkerTotals {
  completed: number;
  failed: number;
  requeued: number;
}

/** Resolves after `ms`, or at once when `signal` aborts. A poll interval, not a synchronization. */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Runs one planned run on a pool thread; checkpoints and progress come back over a port. */
async function runOnThread(
  pool: RunThreads,
  run: PlannedRun,
  checkpoint: Checkpoint | null,
  hooks: { onCheckpoint(c: Checkpoint): Promise<boolean>; onProgress(step: number, steps: number): void },
): Promise<RunResult | null> {
  const { port1, port2 } = new MessageChannel();
  port1.on('message', (m: RunThreadMessage) => {
    if (m.type === 'progress') {
      hooks.onProgress(m.step, m.steps);
      return;
    }
    hooks.onCheckpoint(m.checkpoint).then(
      (stop) => port1.postMessage({ type: 'ack', seq: m.seq, stop } satisfies RunThreadAck),
      () => port1.postMessage({ type: 'ack', seq: m.seq, stop: false } satisfies RunThreadAck),
    );
  });
  try {
    return await pool.run('queueRunTask', { run, checkpoint, port: port2 }, [port2]);
  } finally {
    port1.close();
  }
}

async function loadCheckpoint(redis: Redis, key: string, runId: string): Promise<Checkpoint | null> {
  const text = await redis.get(key);
  if (text === null) return null;
  try {
    const ck = parseJson<Checkpoint>(text);
    return ck.format === 'ortholab.cli.checkpoint' && ck.version === 1 && ck.id === runId ? ck : null;
  } catch {
    return null;
  }
}

/** Serves the queues until `options.stop` aborts; resolves to what it did. */
export async function runQueueWorker(options: QueueWorkerOptions): Promise<WorkerTotals> {
  const { target, stop, log } = options;
  const totals: WorkerTotals = { completed: 0, failed: 0, requeued: 0 };
  let lastError = '';
  const redis = openRedis(target, (e) => {
    // Reconnecting after a Redis restart: say it once, not at every attempt.
    if (e.message !== lastError) log({ type: 'redis-error', message: e.message });
    lastError = e.message;
  });
  redis.on('ready', () => {
    lastError = '';
  });
  // Our own threads, not piscina's: the same run costs about 10 % more CPU on a piscina thread
  // (runThreads.ts; measured in bench/RESULTS.md).
  const pool = new RunThreads(options.concurrency);
  const queues = new Map<string, Queue>();
  const queueOf = (name: string) => {
    let q = queues.get(name);
    if (q === undefined) {
      q = new Queue(name, { connection: redis });
      queues.set(name, q);
    }
    return q;
  };
  const workerName = `${hostname()}:${process.pid}`;
  // Submitters publish on SUBMITTED_CHANNEL: an idle worker starts a new plan's runs at once
  // rather than at its next poll (up to pollMs later; measured in bench/RESULTS.md).
  let wake = new AbortController();
  const subscriber = openRedis(target);
  subscriber.on('message', () => wake.abort());
  subscriber.subscribe(SUBMITTED_CHANNEL).catch(() => undefined);

  /** The oldest plan with work for this worker, or null. */
  async function pick(): Promise<string | null> {
    for (const name of await redis.zrange(REGISTRY_KEY, 0, -1)) {
      const c = await queueOf(name).getJobCounts('waiting', 'prioritized', 'delayed', 'active');
      if (jobCount(c, 'waiting', 'prioritized', 'delayed', 'active') > 0) return name;
    }
    return null;
  }

  /** A job's validated contents; a refused job is logged and failed for good (never retried). */
  function validated<T>(name: string, id: string, validate: () => T): T {
    try {
      return validate();
    } catch (e) {
      if (e instanceof JobRefused) {
        log({ type: 'refused', queue: name, run: id, reason: e.message });
        throw new UnrecoverableError(e.message);
      }
      throw e;
    }
  }

  /** A compare job: validated, run on a pool thread, its CompareRun returned as JSON. */
  async function compareJob(name: string, id: string, data: unknown, running: Set<string>): Promise<string> {
    const task = validated(name, id, () => validateCompareJob(id, data));
    running.add(id);
    try {
      log({ type: 'start', queue: name, run: id, resumedAt: null });
      const t0 = performance.now();
      const result: CompareRun = await pool.run('compareTask', task);
      totals.completed++;
      log({ type: 'done', queue: name, run: id, seconds: (performance.now() - t0) / 1000 });
      return encodeCompareRun(result);
    } finally {
      running.delete(id);
    }
  }

  function processor(name: string, running: Set<string>) {
    return async (job: Job<unknown>, token?: string): Promise<string> => {
      const id = job.id ?? '';
      const data: unknown = job.data;
      if (data !== null && typeof data === 'object' && 'format' in data && data.format === COMPARE_FORMAT) {
        return compareJob(name, id, data, running);
      }
      const run = validated(name, id, () => validateJob(id, job.data));
      running.add(id);
      try {
        const key = checkpointKey(name, id);
        const checkpoint = await loadCheckpoint(redis, key, id);
        log({ type: 'start', queue: name, run: id, resumedAt: checkpoint?.state.step ?? null });
        const t0 = performance.now();
        let lastSave = Date.now();
        const result = await runOnThread(pool, run, checkpoint, {
          async onCheckpoint(c) {
            const stopping = stop.aborted;
            if (stopping || Date.now() - lastSave >= options.checkpointMs) {
              await redis.set(key, encodeCheckpoint(c), 'PX', CHECKPOINT_TTL_MS);
              lastSave = Date.now();
            }
            return stopping;
          },
          onProgress(step, steps) {
            job.updateProgress({ step, steps }).catch(() => undefined);
          },
        });
        if (result === null) {
          totals.requeued++;
          log({ type: 'requeued', queue: name, run: id, reason: 'worker stopping; resumes from its checkpoint' });
          await job.moveToDelayed(Date.now(), token);
          throw new DelayedError();
        }
        totals.completed++;
        log({ type: 'done', queue: name, run: id, seconds: (performance.now() - t0) / 1000 });
        return encodeResult(result);
      } finally {
        running.delete(id);
      }
    };
  }

  /** Works on one plan's queue until it has nothing left for us, or we stop. */
  async function serve(name: string): Promise<void> {
    const running = new Set<string>();
    const worker = new Worker<unknown, string>(name, processor(name, running), {
      connection: connectionOptions(target) as ConnectionOptions,
      concurrency: options.concurrency,
      lockDuration: options.lockMs,
      stalledInterval: options.stalledMs,
      maxStalledCount: 10,
      name: workerName,
    });
    worker.on('error', (e) => {
      if (e.message !== lastError) log({ type: 'queue-error', queue: name, message: e.message });
      lastError = e.message;
    });
    worker.on('completed', (job) => {
      redis.del(checkpointKey(name, job.id ?? '')).catch(() => undefined);
    });
    worker.on('failed', (job, e) => {
      if (job !== undefined && !(e instanceof DelayedError) && e.name !== 'DelayedError') {
        totals.failed++;
        log({ type: 'failed', queue: name, run: job.id, reason: e.message });
      }
    });
    log({ type: 'serving', queue: name });
    try {
      while (!stop.aborted) {
        await pause(options.pollMs, stop);
        if (stop.aborted || running.size > 0) continue;
        const c = await queueOf(name).getJobCounts('waiting', 'prioritized', 'delayed', 'active');
        if (jobCount(c, 'waiting', 'prioritized', 'delayed', 'active') === 0) break;
      }
    } finally {
      // Waits for running jobs: they finish, or (when stopping) checkpoint and go back.
      // BullMQ's close stops fetching and waits for our running runs; after a Redis restart it
      // can wait on its blocking connection forever, so once our runs are over it gets a grace
      // period and then its connections are dropped.
      const closing = worker.close();
      while (running.size > 0) await pause(50);
      const closed = await Promise.race([closing.then(() => true), pause(CLOSE_GRACE_MS).then(() => false)]);
      if (!closed) {
        log({ type: 'close-timeout', queue: name });
        await Promise.race([worker.disconnect(), pause(CLOSE_GRACE_MS)]);
      }
    }
  }

  try {
    // The threads load core before the worker says it is ready, so the first run of a plan does
    // not pay for it (nor compete with a submitter starting up on a small machine).
    await Promise.all(Array.from({ length: options.concurrency }, () => pool.run('warmUp', null)));
    log({ type: 'worker', name: workerName, redis: target.display, concurrency: options.concurrency });
    while (!stop.aborted) {
      // A submission published while pick() runs aborts this controller, so the pause after an
      // empty pick returns at once; the poll stays as the fallback (pub/sub is not persistent).
      wake = new AbortController();
      const name = await pick();
      if (name === null) await pause(options.pollMs, AbortSignal.any([stop, wake.signal]));
      else await serve(name);
    }
  } finally {
    subscriber.disconnect();
    await pool.destroy();
    await Promise.all([...queues.values()].map((q) => q.close()));
    redis.disconnect();
  }
  return totals;
}
