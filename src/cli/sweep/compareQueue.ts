/**
 * `compare --queue URL`: the comparison becomes a small plan, one job per (initializer, seed) in
 * core `comparePlan` order, on the BullMQ queue named by the hash of its job ids, served by the
 * same `ortholab worker` processes as sweeps (queueWorker.ts runs core `compareRun`). The
 * submitter gathers the runs in plan order; the caller aggregates them with core
 * `aggregateCompare`, so the output is the same, bit for bit, as a local compare.
 *
 * The job id is a hash of everything the run depends on (jobs.ts `compareJobId`), so re-running
 * the command enqueues only what is missing and collects what is done. Ctrl-C of the submitter
 * cancels nothing: the runs stay queued and the same command re-attaches. Results stay in Redis
 * as completed jobs (JSON, about 40 bytes per time step and run with gradients).
 */

import { type CompareRun, type InitConfigInput, comparePlan, hash53 } from '../../core/index.js';
import type { Context } from '../context.js';
import { startProgress } from '../progress.js';
import { COMPARE_FORMAT, type CompareJobData, type CompareJobOptions, compareJobId, parseJson } from './jobs.js';
import { pause } from './queueWorker.js';
import { QueueError, REGISTRY_KEY, SUBMITTED_CHANNEL, planKey, queueName } from './redis.js';
import type { RedisTarget } from './redisUrl.js';
import { ATTEMPTS, BATCH, POLL_MS, connect } from './submit.js';

/** The jobs of a comparison, in plan order, and the hash that names its queue. */
export function comparePlanJobs(
  inits: readonly (InitConfigInput | string)[],
  seeds: readonly number[],
  options: CompareJobOptions,
): { hash: string; jobs: { id: string; data: CompareJobData }[] } {
  const plan = comparePlan(inits, seeds);
  const ids = plan.map((p) => compareJobId(p.config, p.seed, options));
  const hash = hash53(`compare\n${ids.join('\n')}`);
  const jobs = plan.map((p, index) => ({
    id: ids[index] ?? '',
    data: {
      format: COMPARE_FORMAT,
      version: 1,
      plan: hash,
      index,
      config: p.config,
      seed: p.seed,
      options,
    } satisfies CompareJobData,
  }));
  return { hash, jobs };
}

/**
 * Submits the comparison (what is not already queued), follows it and returns its runs in plan
 * order; null when the submitter was interrupted (nothing cancelled; the caller exits 130).
 * Throws QueueError when runs failed (with the first reasons) or vanished from the queue.
 */
export async function compareThroughQueue(
  ctx: Context,
  target: RedisTarget,
  spec: { inits: readonly (InitConfigInput | string)[]; seeds: readonly number[]; options: CompareJobOptions },
): Promise<CompareRun[] | null> {
  const { hash, jobs } = comparePlanJobs(spec.inits, spec.seeds, spec.options);
  const name = queueName(hash);
  const c = await connect(ctx, target, name);
  try {
    const count = async () => Object.values(await c.queue.getJobCounts()).reduce((a, b) => a + b, 0);
    const before = await count();
    for (let i = 0; i < jobs.length; i += BATCH) {
      // A job id already in the queue is not added again (BullMQ), so this adds what is missing.
      await c.queue.addBulk(
        jobs.slice(i, i + BATCH).map((j) => ({
          name: 'compare',
          data: j.data,
          opts: {
            jobId: j.id,
            attempts: ATTEMPTS,
            backoff: { type: 'fixed', delay: 2000 },
            removeOnComplete: false,
            removeOnFail: false,
          },
        })),
      );
    }
    // Runs that failed in an earlier submission get another chance.
    for (const job of await c.queue.getJobs(['failed'])) await job.retry('failed');
    const added = (await count()) - before;
    await c.redis.set(
      planKey(name),
      JSON.stringify({
        hash,
        kind: 'compare',
        runs: jobs.length,
        submitted: new Date().toISOString(),
        compare: { inits: jobs.map((j) => j.data.config), seeds: spec.seeds, options: spec.options },
      }),
    );
    await c.redis.zadd(REGISTRY_KEY, 'NX', Date.now(), name);
    await c.redis.publish(SUBMITTED_CHANNEL, name);
    ctx.note(`compare ${hash}: ${jobs.length} runs, ${added} newly queued on ${name} at ${target.display}.`);

    const results = new Map<string, CompareRun>();
    const failed = new Map<string, string>();
    const bar = startProgress(ctx, jobs.length, 'runs');
    let lastFinished = -1;
    try {
      while (results.size + failed.size < jobs.length) {
        if (ctx.io.signal?.aborted) {
          ctx.note(
            `ortholab: stopped following after ${results.size} of ${jobs.length} runs; nothing was cancelled, the runs stay queued. Run the same command to re-attach.`,
          );
          return null;
        }
        const n = await c.queue.getJobCounts('completed', 'failed');
        const finished = (n.completed ?? 0) + (n.failed ?? 0);
        if (finished !== lastFinished) {
          lastFinished = finished;
          const pending = jobs.filter((j) => !results.has(j.id) && !failed.has(j.id));
          for (let i = 0; i < pending.length; i += BATCH) {
            const batch = pending.slice(i, i + BATCH);
            const found = await Promise.all(batch.map((j) => c.queue.getJob(j.id)));
            for (const [k, job] of found.entries()) {
              const id = batch[k]?.id ?? '';
              if (job === undefined || job === null) {
                throw new QueueError(
                  `run ${id} of the comparison is no longer in queue ${name} (removed or cancelled); run the same command again to re-submit it.`,
                );
              }
              if (job.finishedOn === undefined) continue;
              if (typeof job.returnvalue === 'string') {
                results.set(id, parseJson<CompareRun>(job.returnvalue));
                bar.tick();
              } else if ((await job.getState()) === 'failed') failed.set(id, job.failedReason);
            }
          }
        }
        if (results.size + failed.size < jobs.length) await pause(POLL_MS, ctx.io.signal);
      }
    } finally {
      bar.stop();
    }
    if (failed.size > 0) {
      const [first] = failed.values();
      throw new QueueError(
        `${failed.size} of the comparison's ${jobs.length} runs failed (first: ${first}); fix the cause and run the same command to retry them.`,
      );
    }
    return jobs.map((j) => {
      const r = results.get(j.id);
      if (r === undefined) throw new QueueError(`run ${j.id} has no result.`);
      return r;
    });
  } finally {
    await c.close();
  }
}
