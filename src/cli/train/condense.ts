/**
 * A run's event log -> its RunResult, the record core `runPlanned` returns. The CLI needs this
 * form because a resumed run's events come from two processes (the log saved with the checkpoint,
 * then the resumed trainer); `runPlanned` drives one trainer from step 0. The bookkeeping is the
 * same as runPlanned's, and condense.test.ts checks the two agree on the same events, so a drift
 * in core shows up as a test failure. (Suggested for core: runPlanned built on this function.)
 */

import type { PlannedRun, RnnMetrics, RunResult, TrainEvent } from '../../core/index.js';

/** Events kept in a checkpoint's log: what the RunResult needs (no probes, no checkpoints). */
export function keepInLog(e: TrainEvent): boolean {
  return e.type !== 'probe' && e.type !== 'checkpoint';
}

export function condenseEvents(run: PlannedRun, events: Iterable<TrainEvent>): RunResult {
  let baseline: RunResult['baseline'] = { loss: Number.NaN, accuracy: null };
  let status: RunResult['status'] = 'done';
  let steps = 0;
  let divergedAt: number | null = null;
  let final: RnnMetrics = { testLoss: Number.NaN, ratio: Number.NaN, accuracy: null };
  const curve: RunResult['curve'] = [];
  const trainLoss: RunResult['trainLoss'] = [];
  const spectrum: RunResult['spectrum'] = [];
  let windowSum = 0;
  let windowCount = 0;
  for (const e of events) {
    switch (e.type) {
      case 'start':
        baseline = e.baseline;
        break;
      case 'progress':
        steps = e.step;
        windowSum += e.loss;
        windowCount++;
        break;
      case 'metrics':
        curve.push({ step: e.step, testLoss: e.testLoss, ratio: e.ratio, accuracy: e.accuracy });
        final = { testLoss: e.testLoss, ratio: e.ratio, accuracy: e.accuracy };
        if (windowCount > 0) trainLoss.push({ step: e.step, loss: windowSum / windowCount });
        windowSum = 0;
        windowCount = 0;
        break;
      case 'spectrum':
        spectrum.push({
          step: e.step,
          spectralRadius: e.spectralRadius,
          maxSingular: e.singularValues[0],
          minSingular: e.singularValues[e.singularValues.length - 1],
        });
        break;
      case 'diverged':
        status = 'diverged';
        divergedAt = e.step;
        break;
      default:
        break;
    }
  }
  return {
    id: run.id,
    label: run.label,
    seed: run.seed,
    status,
    steps,
    divergedAt,
    baseline,
    final,
    curve,
    trainLoss,
    spectrum,
  };
}
