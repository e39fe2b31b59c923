/**
 * `ortholab worker --queue URL [--concurrency N]`: serve the run queue of submitted sweep plans
 * until SIGTERM or Ctrl-C, which let each running run reach its next checkpoint, save it and go
 * back to the queue. Logs one JSON line per event (text lines on a terminal); the Redis URL is
 * shown with its password replaced by ***.
 */

import { isMainThread } from 'node:worker_threads';
import { typed } from '../args.js';
import type { Context } from '../context.js';
import { runQueueWorker } from '../sweep/queueWorker.js';
import { probeRedis } from '../sweep/redis.js';
import { parseRedisUrl } from '../sweep/redisUrl.js';

function textOf(r: Record<string, unknown>): string {
  const { type, ...rest } = r;
  return `${String(type)}: ${Object.entries(rest)
    .map(([k, v]) => `${k}=${typeof v === 'number' ? Number(v.toPrecision(4)) : String(v)}`)
    .join(' ')}`;
}

export async function worker(ctx: Context): Promise<number> {
  const { options: o } = typed(ctx.parsed, 'worker');
  const target = parseRedisUrl(o.queue);
  await probeRedis(target);
  const stop = new AbortController();
  const onStop = () => stop.abort();
  ctx.io.signal?.addEventListener('abort', onStop, { once: true });
  // SIGTERM (a container or an orchestrator stopping us) means the same as Ctrl-C here.
  if (isMainThread) process.once('SIGTERM', onStop);
  const lines = ctx.json || !ctx.interactive;
  try {
    const totals = await runQueueWorker({
      target,
      concurrency: o.concurrency,
      lockMs: o['lock-seconds'] * 1000,
      stalledMs: Math.max(250, (o['lock-seconds'] * 1000) / 2),
      checkpointMs: o['checkpoint-seconds'] * 1000,
      pollMs: Math.min(1000, Math.max(100, (o['lock-seconds'] * 1000) / 4)),
      stop: stop.signal,
      log: (r) => (lines ? ctx.outJsonLine({ ...r, time: new Date().toISOString() }) : ctx.out(textOf(r))),
    });
    // Everything is closed; but after a Redis restart BullMQ can leave a reconnect timer behind
    // that keeps the process alive. As the real process (not in-process tests), exit anyway.
    if (isMainThread && ctx.io.stdout === process.stdout) setTimeout(() => process.exit(0), 2000).unref();
    if (lines) ctx.outJsonLine({ type: 'stopped', ...totals });
    else
      ctx.note(
        `worker stopped: ${totals.completed} runs completed, ${totals.failed} failed, ${totals.requeued} handed back.`,
      );
    return 0;
  } finally {
    ctx.io.signal?.removeEventListener('abort', onStop);
    if (isMainThread) process.off('SIGTERM', onStop);
  }
}
