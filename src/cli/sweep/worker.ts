/** Worker-thread entry points for runSweep (piscina calls the export named by the task). */

import { type CompareOptions, type CompareRun, type InitConfig, compareRun } from '../../core/index.js';

export interface CompareTask {
  readonly config: InitConfig;
  readonly seed: number;
  readonly options: CompareOptions;
}

export function compareTask(task: CompareTask): CompareRun {
  return compareRun(task.config, task.seed, task.options);
}
