/**
 * What a checkpoint keeps of a run's event log. A resumed run's events come from two processes
 * (the log saved with the checkpoint, then the resumed trainer); core's `condenseEvents` turns
 * the stitched stream into the same RunResult `runPlanned` returns.
 */

import type { TrainEvent } from '../../core/index.js';

/** Events kept in a checkpoint's log: what the RunResult needs (no probes, no checkpoints). */
export function keepInLog(e: TrainEvent): boolean {
  return e.type !== 'probe' && e.type !== 'checkpoint';
}
