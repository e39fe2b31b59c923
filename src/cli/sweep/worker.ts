/** Worker-thread entry points for runSweep (piscina calls the export named by the task). */

import {
  type CompareOptions,
  type CompareRun,
  type InitConfig,
  type PlannedRun,
  type RunResult,
  compareRun,
} from '../../core/index.js';
import { runOne } from '../train/runOne.js';

export interface CompareTask {
  readonly config: InitConfig;
  readonly seed: number;
  readonly options: CompareOptions;
}

export function compareTask(task: CompareTask): CompareRun {
  return compareRun(task.config, task.seed, task.options);
}

export interface TrainTask {
  readonly run: PlannedRun;
  readonly dir: string | null;
}

/** One training run in a worker thread (checkpoints and results are written from here). */
export async function trainTask(task: TrainTask): Promise<RunResult> {
  const r = await runOne(task.run, { dir: task.dir });
  if (r === null) throw new Error('training run stopped without a result');
  return r;
}
