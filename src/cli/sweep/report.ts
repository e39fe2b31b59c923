/** The end of a queued sweep: a summary JSON line, or the per-run and per-label tables. */

import { type RunResult, summarizeComparison } from '../../core/index.js';
import type { Context } from '../context.js';
import { fmtNum, formatTable } from '../output.js';

function resultRow(r: RunResult): string[] {
  return [
    r.label,
    String(r.seed),
    r.status === 'done' ? r.status : `diverged at ${r.divergedAt}`,
    String(r.steps),
    fmtNum(r.final.testLoss, 4),
    fmtNum(r.final.ratio, 3),
    r.final.accuracy === null ? '-' : fmtNum(r.final.accuracy, 3),
  ];
}

/**
 * `finished` in plan order; `out` names the results directory when the sweep is complete;
 * `first` heads the label column (`train --compare-inits` labels are initializers).
 */
export function printResults(
  ctx: Context,
  lines: boolean,
  finished: readonly RunResult[],
  out: string | null,
  first = 'run',
): void {
  const summary = summarizeComparison(finished);
  if (lines) {
    ctx.outJsonLine({ type: 'summary', summary });
    return;
  }
  if (finished.length === 0) return;
  ctx.out('');
  ctx.out(
    formatTable([first, 'seed', 'status', 'steps', 'test loss', 'ratio', 'accuracy'], finished.map(resultRow), [
      'left',
      'right',
      'left',
    ]),
  );
  if (finished.length > 1) {
    ctx.out('');
    ctx.out(
      formatTable(
        [first, 'runs', 'diverged', 'mean test loss', 'median', 'mean ratio', 'mean accuracy'],
        summary.map((s) => [
          s.label,
          String(s.runs),
          String(s.diverged),
          fmtNum(s.meanTestLoss, 4),
          fmtNum(s.medianTestLoss, 4),
          fmtNum(s.meanRatio, 3),
          s.meanAccuracy === null ? '-' : fmtNum(s.meanAccuracy, 3),
        ]),
        ['left'],
      ),
    );
  }
  const baseline = finished[0]?.baseline;
  if (baseline) {
    ctx.out('');
    ctx.out(
      `ratio = test loss / the memoryless baseline (${fmtNum(baseline.loss, 5)}); below 1 means the network remembers.`,
    );
  }
  if (out !== null) ctx.out(`results in ${out} (runs/, summary.json)`);
}
