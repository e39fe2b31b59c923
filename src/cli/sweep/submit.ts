/**
 * The submitting side of the run queue: `sweep PLAN --queue URL --out DIR` enqueues the plan's
 * runs on the BullMQ queue named by the plan's hash (job id = run id, so re-submitting adds only
 * what is missing), then follows the queue and writes each finished run to DIR/runs/<id>.json
 * exactly as a local sweep does, and summary.json (plan order) at the end. Stopping the
 * submitter (Ctrl-C, a lost terminal) cancels nothing: the same command re-attaches.
 * Also `status`, `results` and `cancel` of a submitted plan.
 */

import { resolve } from 'node:path';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { type PlannedRun, type RunResult, type SweepPlan, summarizeComparison } from '../../core/index.js';
import type { Context } from '../context.js';
import { EXIT_INTERRUPTED, EXIT_RUNTIME } from '../errors.js';
import { ensureDir, writeFileAtomic } from '../files.js';
import { toJson } from '../output.js';
import { startProgress } from '../progress.js';
import { readJsonIfExists, runPath } from '../train/runOne.js';
import { jobCount, jobData, parseJson } from './jobs.js';
import { pause } from './queueWorker.js';
import {
  QueueError,
  REGISTRY_KEY,
  SUBMITTED_CHANNEL,
  checkpointKey,
  openRedis,
  planKey,
  probeRedis,
  queueName,
} from './redis.js';
import type { RedisTarget } from './redisUrl.js';
import { printResults } from './report.js';

/** How often the submitter looks at the queue. */
export const POLL_MS = 100;
/** Jobs added (or fetched) per round trip. */
export const BATCH = 500;
/** Attempts of a run that throws (a refused job is never retried). */
export const ATTEMPTS = 3;

export interface Connected {
  readonly redis: Redis;
  readonly queue: Queue;
  readonly name: string;
  close(): Promise<void>;
}

/** Probes Redis (a clear error within seconds), then opens the connection and queue `name`. */
export async function connect(ctx: Context, target: RedisTarget, name: string): Promise<Connected> {
  await probeRedis(target);
  // After the probe, a lost connection is retried forever (a Redis restart pauses the sweep).
  let lost = false;
  let reason = 'connection closed';
  const redis = openRedis(target, (e) => {
    reason = e.message;
  });
  redis.on('reconnecting', () => {
    if (!lost) ctx.note(`ortholab: lost the connection to Redis at ${target.display} (${reason}); reconnecting.`);
    lost = true;
  });
  redis.on('ready', () => {
    lost = false;
  });
  const queue = new Queue(name, { connection: redis });
  queue.on('error', () => undefined); // the connection's own handler reports it
  return {
    redis,
    queue,
    name,
    async close() {
      await queue.close();
      redis.disconnect();
    },
  };
}

/** What a scan of the queue found for the runs still pending. */
interface Scan {
  readonly done: [PlannedRun, RunResult][];
  readonly failed: [PlannedRun, string][];
  readonly missing: PlannedRun[];
}

async function scan(queue: Queue, runs: readonly PlannedRun[]): Promise<Scan> {
  const out: Scan = { done: [], failed: [], missing: [] };
  for (let i = 0; i < runs.length; i += BATCH) {
    const batch = runs.slice(i, i + BATCH);
    const jobs = await Promise.all(batch.map((r) => queue.getJob(r.id)));
    for (let k = 0; k < batch.length; k++) {
      const job = jobs[k];
      if (job === undefined || job === null) out.missing.push(batch[k]!);
      else if (job.finishedOn !== undefined && typeof job.returnvalue === 'string') {
        out.done.push([batch[k]!, parseJson<RunResult>(job.returnvalue)]);
      } else if (job.finishedOn !== undefined && job.failedReason && (await job.getState()) === 'failed') {
        out.failed.push([batch[k]!, job.failedReason]);
      }
    }
  }
  return out;
}

async function writeResult(dir: string, r: RunResult): Promise<void> {
  await writeFileAtomic(runPath(dir, r.id), `${toJson(r)}\n`, { cwd: dir, force: true });
}

/** Results already in DIR (from any earlier run of the plan, local or queued). */
async function finishedInDir(dir: string, runs: readonly PlannedRun[]): Promise<Map<string, RunResult>> {
  const results = new Map<string, RunResult>();
  for (const p of runs) {
    const done = await readJsonIfExists<RunResult>(runPath(dir, p.id));
    if (done !== null && done.id === p.id) results.set(p.id, done);
  }
  return results;
}

async function writePlanDoc(dir: string, plan: SweepPlan): Promise<void> {
  await ensureDir(resolve(dir, 'runs'), dir);
  const planDoc = {
    format: 'ortholab.cli.train-plan',
    version: 1,
    runs: plan.runs.map((p) => ({ id: p.id, label: p.label, seed: p.seed, config: p.config })),
  };
  await writeFileAtomic(resolve(dir, 'plan.json'), `${toJson(planDoc)}\n`, { cwd: dir, force: true });
}

/**
 * Enqueues the runs not yet finished (in DIR or in the queue), retries the plan's failed runs,
 * and registers the plan. Resolves to the number of jobs added.
 */
async function enqueue(c: Connected, plan: SweepPlan, todo: readonly PlannedRun[]): Promise<number> {
  const count = async () => Object.values(await c.queue.getJobCounts()).reduce((a, b) => a + b, 0);
  const before = await count();
  const index = new Map(plan.runs.map((r, i) => [r.id, i]));
  for (let i = 0; i < todo.length; i += BATCH) {
    await c.queue.addBulk(
      todo.slice(i, i + BATCH).map((r) => ({
        name: 'run',
        data: jobData(r, plan.hash, index.get(r.id) ?? 0),
        opts: {
          jobId: r.id,
          attempts: ATTEMPTS,
          backoff: { type: 'fixed', delay: 2000 },
          removeOnComplete: false,
          removeOnFail: false,
        },
      })),
    );
  }
  // Runs that failed in an earlier submission get another chance (a refused config fails again).
  const wanted = new Set(todo.map((r) => r.id));
  for (const job of await c.queue.getJobs(['failed'])) {
    if (job.id !== undefined && wanted.has(job.id)) await job.retry('failed');
  }
  await c.redis.set(
    planKey(c.name),
    JSON.stringify({ hash: plan.hash, runs: plan.runs.length, submitted: new Date().toISOString(), plan: plan.doc }),
  );
  await c.redis.zadd(REGISTRY_KEY, 'NX', Date.now(), c.name);
  await c.redis.publish(SUBMITTED_CHANNEL, c.name);
  return (await count()) - before;
}

/**
 * `sweep PLAN --queue URL --out DIR` (and `train --queue`): submit, follow, gather. `dir` is
 * absolute and locked by the caller.
 */
export async function submitAndGather(
  ctx: Context,
  plan: SweepPlan,
  target: RedisTarget,
  dir: string,
  out: string,
  options: { submit: boolean; wait: boolean },
): Promise<number> {
  const lines = ctx.json || !ctx.interactive;
  const emit = (v: unknown) => ctx.outJsonLine(v);
  const c = await connect(ctx, target, queueName(plan.hash));
  try {
    await writePlanDoc(dir, plan);
    const results = await finishedInDir(dir, plan.runs);
    let pending = plan.runs.filter((p) => !results.has(p.id));
    const added = options.submit && pending.length > 0 ? await enqueue(c, plan, pending) : 0;
    if (lines) {
      emit({
        type: 'plan',
        runs: plan.runs.length,
        finished: results.size,
        todo: pending.length,
        enqueued: added,
        queue: c.name,
        redis: target.display,
        out,
      });
    } else {
      ctx.note(
        `plan ${plan.hash}: ${plan.runs.length} runs, ${results.size} already in ${out}; ${added} newly queued on ${c.name} at ${target.display}.`,
      );
    }
    const failed = new Map<string, string>();
    const initial = results.size;
    const bar = lines ? null : startProgress(ctx, pending.length, 'runs', '| {state}', { state: '' });
    let lastFinished = -1;
    let lastLine = '';
    let interrupted = false;
    try {
      while (pending.length > 0) {
        if (ctx.io.signal?.aborted) {
          interrupted = true;
          break;
        }
        const n = await c.queue.getJobCounts('completed', 'failed', 'active', 'waiting', 'delayed', 'prioritized');
        if (jobCount(n, 'completed', 'failed') !== lastFinished || lastFinished < 0) {
          lastFinished = jobCount(n, 'completed', 'failed');
          const s = await scan(c.queue, pending);
          for (const [p, r] of s.done) {
            await writeResult(dir, r);
            results.set(p.id, r);
            if (lines) emit({ type: 'result', run: p.id, ...r });
            bar?.tick({ state: `${jobCount(n, 'active')} running` });
          }
          for (const [p, reason] of s.failed) {
            failed.set(p.id, reason);
            if (lines) emit({ type: 'failed', run: p.id, reason });
            else ctx.note(`run ${p.id} failed: ${reason}`);
          }
          if (s.missing.length > 0 && (options.wait || s.missing.length === pending.length)) {
            throw new QueueError(
              `${s.missing.length} of the plan's runs are not in queue ${c.name} (cancelled, or never submitted); run 'ortholab sweep PLAN --queue URL --out DIR' to submit them.`,
            );
          }
          const gone = new Set([...s.done, ...s.failed].map(([p]) => p.id));
          pending = pending.filter((p) => !gone.has(p.id));
        }
        if (!options.wait) break;
        const line = JSON.stringify([
          results.size,
          failed.size,
          jobCount(n, 'active'),
          jobCount(n, 'waiting', 'delayed', 'prioritized'),
        ]);
        if (line !== lastLine) {
          lastLine = line;
          if (lines && pending.length > 0) {
            emit({
              type: 'progress',
              finished: results.size,
              failed: failed.size,
              running: jobCount(n, 'active'),
              queued: jobCount(n, 'waiting', 'delayed', 'prioritized'),
              runs: plan.runs.length,
            });
          } else bar?.update(results.size - initial, { state: `${jobCount(n, 'active')} running` });
        }
        if (pending.length > 0) await pause(POLL_MS, ctx.io.signal);
      }
    } finally {
      bar?.stop();
    }
    const finished = plan.runs.filter((p) => results.has(p.id)).map((p) => results.get(p.id) as RunResult);
    const complete = finished.length === plan.runs.length;
    if (complete) {
      const summary = summarizeComparison(finished);
      await writeFileAtomic(resolve(dir, 'summary.json'), `${toJson({ runs: plan.runs.length, summary })}\n`, {
        cwd: dir,
        force: true,
      });
    }
    if (interrupted) {
      if (lines) emit({ type: 'detached', finished: finished.length, runs: plan.runs.length });
      ctx.note(
        `ortholab: stopped following after ${finished.length} of ${plan.runs.length} runs; nothing was cancelled, the runs stay queued. Run the same command to re-attach.`,
      );
      return EXIT_INTERRUPTED;
    }
    printResults(ctx, lines, finished, complete ? out : null);
    if (!complete) {
      const msg = `${finished.length} of ${plan.runs.length} runs finished${failed.size > 0 ? `, ${failed.size} failed` : ''}.`;
      if (lines) emit({ type: 'incomplete', finished: finished.length, failed: failed.size, runs: plan.runs.length });
      ctx.note(msg);
      return failed.size > 0 ? EXIT_RUNTIME : 0;
    }
    return 0;
  } finally {
    await c.close();
  }
}

/** `sweep status PLAN --queue URL`: the queue's counts for this plan. */
export async function queueStatus(ctx: Context, plan: SweepPlan, target: RedisTarget): Promise<number> {
  const c = await connect(ctx, target, queueName(plan.hash));
  try {
    const n = await c.queue.getJobCounts('completed', 'failed', 'active', 'waiting', 'delayed', 'prioritized');
    const submitted = (await c.redis.zscore(REGISTRY_KEY, c.name)) !== null;
    const failed = await c.queue.getJobs(['failed'], 0, 9);
    const status = {
      plan: plan.hash,
      queue: c.name,
      redis: target.display,
      submitted,
      runs: plan.runs.length,
      completed: n.completed,
      failed: n.failed,
      running: jobCount(n, 'active'),
      queued: jobCount(n, 'waiting', 'delayed', 'prioritized'),
      failures: failed.map((j) => ({ run: j.id, reason: j.failedReason })),
    };
    if (ctx.json) {
      ctx.outJson(status);
      return 0;
    }
    ctx.out(
      `plan ${plan.hash} (${plan.runs.length} runs) on ${c.name} at ${target.display}${submitted ? '' : ' (not submitted)'}`,
    );
    ctx.out(
      `completed ${status.completed}, failed ${status.failed}, running ${status.running}, queued ${status.queued}`,
    );
    for (const f of status.failures) ctx.out(`failed: ${f.run}: ${f.reason}`);
    return 0;
  } finally {
    await c.close();
  }
}

/** `sweep cancel PLAN --queue URL`: removes the plan's queue, checkpoints and registration. */
export async function queueCancel(ctx: Context, plan: SweepPlan, target: RedisTarget): Promise<number> {
  const c = await connect(ctx, target, queueName(plan.hash));
  try {
    const n = await c.queue.getJobCounts('completed', 'failed', 'active', 'waiting', 'delayed', 'prioritized');
    const total = Object.values(n).reduce((a, b) => a + b, 0);
    await c.redis.zrem(REGISTRY_KEY, c.name);
    await c.queue.obliterate({ force: true });
    for (let i = 0; i < plan.runs.length; i += BATCH) {
      await c.redis.del(...plan.runs.slice(i, i + BATCH).map((r) => checkpointKey(c.name, r.id)));
    }
    await c.redis.del(planKey(c.name));
    if (ctx.json) ctx.outJson({ plan: plan.hash, queue: c.name, removed: total, running: jobCount(n, 'active') });
    else
      ctx.out(
        `cancelled plan ${plan.hash}: removed ${total} jobs from ${c.name}${jobCount(n, 'active') > 0 ? ` (${jobCount(n, 'active')} running runs finish on their workers and are discarded)` : ''}.`,
      );
    return 0;
  } finally {
    await c.close();
  }
}
