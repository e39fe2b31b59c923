/**
 * `train --compare-inits ... --queue URL --out DIR`: the comparison is the plan
 * {axes: {recurrentInitializer, seed}, fixed: the other settings}; it goes through the same
 * queue, under the same hash, as `sweep` of that plan file would.
 */

import { type InitConfigInput, type PlannedRun, type TrainConfigInput, planHash } from '../../core/index.js';
import type { Context } from '../context.js';
import { UsageError } from '../errors.js';
import { parseRedisUrl } from './redisUrl.js';
import { submitAndGather } from './submit.js';

export async function submitQueued(
  ctx: Context,
  url: string,
  spec: { inits: readonly (InitConfigInput | string)[]; seeds: readonly number[]; base: TrainConfigInput },
  runs: PlannedRun[],
  dir: string,
  out: string,
): Promise<number> {
  const target = parseRedisUrl(url);
  if (ctx.parsed.given.includes('workers')) {
    throw new UsageError('--workers is for local runs; with --queue, start `ortholab worker --queue URL` processes.');
  }
  // The plan core's trainComparison.ts expanded: gated cells compare schemes (gatedInit), the vanilla cell initializers.
  const axis = runs[0] !== undefined && runs[0].config.cell !== 'rnn' ? 'gatedInit' : 'recurrentInitializer';
  const doc = {
    version: 1 as const,
    axes: { [axis]: spec.inits, seed: spec.seeds },
    fixed: spec.base as Record<string, unknown>,
  };
  return submitAndGather(ctx, { doc, runs, hash: planHash(runs) }, target, dir, out, { submit: true, wait: true });
}
