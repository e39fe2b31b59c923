/**
 * `ortholab compare`: log-norm and gradient-norm curves per initializer over seeds. The runs
 * are core `compareRun` (pure in config, seed and options), spread over a worker pool and
 * aggregated by core `aggregateCompare`, so the numbers are the same as core `compare`. With
 * `--queue URL` the runs go through the BullMQ queue instead (sweep/compareQueue.ts) and are
 * aggregated the same way.
 */

import {
  type CompareOptions,
  type CompareResult,
  type CompareRun,
  type Quartiles,
  aggregateCompare,
  comparePlan,
} from '../../core/index.js';
import { typed } from '../args.js';
import type { Context } from '../context.js';
import { EXIT_INTERRUPTED, UsageError } from '../errors.js';
import { checkWritable, writeFileAtomic } from '../files.js';
import { fmtBytes, fmtFixed, formatTable, selectedSteps } from '../output.js';
import { startProgress } from '../progress.js';
import { lineChartSvg } from '../render/chart.js';
import { compareThroughQueue } from '../sweep/compareQueue.js';
import { defaultWorkers, runSweep } from '../sweep/pool.js';
import { parseRedisUrl } from '../sweep/redisUrl.js';
import { type CompareTask, compareTask } from '../sweep/worker.js';
import { requireExtension } from './powers.js';

function cell(q: Quartiles, t: number): string {
  return fmtFixed(q.median[t]!, 3);
}

function quantityTable(result: CompareResult, pick: (s: CompareResult['series'][number]) => Quartiles | null): string {
  const ts = selectedSteps(result.steps);
  const headers = ['t', ...result.series.map((s) => s.label)];
  const rows = ts.map((t) => [
    String(t),
    ...result.series.map((s) => {
      const q = pick(s);
      return q ? cell(q, t) : '-';
    }),
  ]);
  return formatTable(headers, rows);
}

export function compareText(result: CompareResult, ctx: Context): string {
  const { bold } = ctx.style;
  const lines: string[] = [];
  const seeds = result.seeds.length;
  const seedText =
    seeds === 1
      ? `seed ${result.seeds[0]}`
      : `medians over ${seeds} seeds (${result.seeds[0]}..${result.seeds[seeds - 1]})`;
  lines.push(
    `${bold('compare')}: n = ${result.n}, ${result.steps} steps, ${result.activation === 'linear' ? 'h_t = W h_{t-1}' : `h_t = ${result.activation}(W h_{t-1})`}, h_0 = I; ${seedText}`,
  );
  lines.push('');
  lines.push(bold('log10(‖h_t‖_F / √n)'));
  lines.push(quantityTable(result, (s) => s.logNorm));
  if (result.series.some((s) => s.gradLogNorm !== null)) {
    lines.push('');
    lines.push(bold(`log10 ‖∂L/∂h_t‖ (gradient sent back from t = ${result.steps})`));
    lines.push(quantityTable(result, (s) => s.gradLogNorm));
  }
  const exploded = result.series.filter((s) => s.exploded > 0);
  if (exploded.length) {
    lines.push('');
    for (const s of exploded)
      lines.push(`${s.label}: ${s.exploded} of ${s.runs} runs overflowed float64 (shown as inf).`);
  }
  return lines.join('\n');
}

export function compareSvg(result: CompareResult): string {
  const panel = (title: string, pick: (s: CompareResult['series'][number]) => Quartiles | null) => ({
    title,
    yLabel: 'log10',
    series: result.series.flatMap((s) => {
      const q = pick(s);
      return q ? [{ label: s.label, median: q.median, q1: q.q1, q3: q.q3 }] : [];
    }),
  });
  const seeds = result.seeds.length;
  return lineChartSvg([panel('log10(‖h_t‖ / √n)', (s) => s.logNorm), panel('log10 ‖∂L/∂h_t‖', (s) => s.gradLogNorm)], {
    title: `n = ${result.n}, ${result.activation}, median${seeds > 1 ? ` and quartiles over ${seeds} seeds` : ''}`,
    xLabel: 't',
  });
}

export async function compare(ctx: Context): Promise<number> {
  const { options: o } = typed(ctx.parsed, 'compare');
  requireExtension('--svg', o.svg, '.svg');
  if (o.svg !== undefined) await checkWritable(o.svg, ctx.io.cwd, o.force);
  const seeds = Array.from({ length: o.seeds }, (_, i) => o.seed + i);
  const options: CompareOptions = { n: o.n, steps: o.steps, activation: o.activation, gradients: true };
  let runs: CompareRun[];
  if (o.queue !== undefined) {
    const target = parseRedisUrl(o.queue);
    if (o.workers !== undefined) {
      throw new UsageError(
        '--workers is for a local compare; with --queue, start `ortholab worker --queue URL` processes instead.',
      );
    }
    // Every option spelled out in the jobs, so a worker never applies a default of its own.
    const spelled = { n: o.n, steps: o.steps, activation: o.activation, gradients: true };
    const queued = await compareThroughQueue(ctx, target, { inits: o.inits, seeds, options: spelled });
    if (queued === null) return EXIT_INTERRUPTED;
    runs = queued;
  } else {
    const plan = comparePlan(o.inits, seeds);
    const tasks: CompareTask[] = plan.map((p) => ({ config: p.config, seed: p.seed, options }));
    const progress = startProgress(ctx, plan.length, 'runs');
    try {
      runs = await runSweep('compareTask', tasks, compareTask, {
        workers: o.workers ?? defaultWorkers(tasks.length),
        ...(ctx.io.signal === undefined ? {} : { signal: ctx.io.signal }),
        onResult: () => progress.tick(),
      });
    } finally {
      progress.stop();
    }
  }
  const result = aggregateCompare(o.inits, seeds, options, runs);
  let svgBytes: number | null = null;
  if (o.svg !== undefined)
    svgBytes = await writeFileAtomic(o.svg, compareSvg(result), { cwd: ctx.io.cwd, force: o.force });
  if (ctx.json) {
    ctx.outJson({ ...result, files: o.svg !== undefined ? [{ path: o.svg, bytes: svgBytes }] : [] });
    return 0;
  }
  ctx.out(compareText(result, ctx));
  if (o.svg !== undefined && svgBytes !== null) ctx.out(`wrote ${o.svg} (${fmtBytes(svgBytes)})`);
  return 0;
}
