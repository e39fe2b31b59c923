/**
 * `ortholab sweep PLAN.json --out DIR`: every run of a sweep plan (core `expandSweepPlan`), on
 * this machine's worker pool (as `train --compare-inits` does), or with `--queue URL` through
 * a BullMQ queue served by `ortholab worker` processes on any number of machines. The results
 * directory has the same files either way. `sweep status|results|cancel PLAN --queue URL`
 * inspect, collect or cancel a submitted plan. See docs/sweeps.md.
 */

import { isOneOf } from '../../core/index.js';
import { typed } from '../args.js';
import type { Context } from '../context.js';
import { UsageError } from '../errors.js';
import { ensureDir, lockDir } from '../files.js';
import { loadPlan } from '../sweep/loadPlan.js';
import { parseRedisUrl } from '../sweep/redisUrl.js';
// Static, not a lazy import(): run from the TypeScript sources, commands execute in a worker
// thread where Node 20 gives tsx no ES module hooks, so a lazy import of a .ts file cannot resolve.
import { queueCancel, queueStatus, submitAndGather } from '../sweep/submit.js';
import { checkOutDir, trainInto } from './train.js';

const ACTIONS = ['status', 'results', 'cancel'] as const;
type Action = 'run' | (typeof ACTIONS)[number];

export async function sweep(ctx: Context): Promise<number> {
  const { options: o, positionals: p } = typed(ctx.parsed, 'sweep');
  let action: Action = 'run';
  let file = p.PLAN;
  if (p.FILE !== undefined) {
    if (!isOneOf(ACTIONS, p.PLAN)) {
      throw new UsageError(
        `unexpected argument '${p.FILE}' for 'sweep'.`,
        `Usage: ortholab sweep PLAN.json --out DIR, or ortholab sweep ${ACTIONS.join('|')} PLAN.json --queue URL.`,
      );
    }
    action = p.PLAN;
    file = p.FILE;
  } else if (isOneOf(ACTIONS, p.PLAN)) {
    throw new UsageError(
      `missing PLAN: 'sweep ${p.PLAN}' needs the plan file.`,
      `Usage: ortholab sweep ${p.PLAN} PLAN.json --queue URL`,
    );
  }
  const target = o.queue === undefined ? null : parseRedisUrl(o.queue);
  if (action !== 'run' && target === null) {
    throw new UsageError(`'sweep ${action}' needs --queue URL (the Redis the plan was submitted to).`);
  }
  if ((action === 'run' || action === 'results') && o.out === undefined) {
    throw new UsageError(
      `'sweep${action === 'run' ? '' : ' results'}' needs --out DIR for the results.`,
      'Example: ortholab sweep plan.json --out runs/sweep',
    );
  }
  if (target !== null && o.workers !== undefined) {
    throw new UsageError(
      '--workers is for a local sweep; with --queue, start `ortholab worker --queue URL` processes instead.',
    );
  }
  const plan = await loadPlan(file, ctx.io.cwd);
  if ((action === 'status' || action === 'cancel') && target !== null) {
    return action === 'status' ? queueStatus(ctx, plan, target) : queueCancel(ctx, plan, target);
  }
  const out = o.out;
  if (out === undefined) throw new UsageError(`'sweep ${action}' needs --out DIR for the results.`);
  checkOutDir(out);
  const dir = await ensureDir(out, ctx.io.cwd);
  const unlock = await lockDir(dir, 'ortholab sweep');
  try {
    if (target !== null) {
      return await submitAndGather(ctx, plan, target, dir, out, { submit: action === 'run', wait: action === 'run' });
    }
    const lines = ctx.json || !ctx.interactive;
    return await trainInto(ctx, { out, workers: o.workers }, plan.runs, dir, lines, (v) => ctx.outJsonLine(v));
  } finally {
    await unlock();
  }
}
