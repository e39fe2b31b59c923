export {
  type OutputSteps,
  type RnnWorkspace,
  type RnnBackwardOptions,
  createRnnWorkspace,
  rnnForward,
  rnnBackward,
} from './model.js';
export {
  type RnnDims,
  type RnnParams,
  type RnnParamName,
  type RnnInitializers,
  type SerializedMatrix,
  type SerializedRnnParams,
  RNN_PARAM_NAMES,
  rnnParamShapes,
  rnnParamCount,
  initRnnParams,
  zerosLikeParams,
  cloneRnnParams,
  rnnDimsOf,
  serializeRnnParams,
  deserializeRnnParams,
} from './params.js';
export { LOSSES, type LossName, softmaxCrossEntropy, mseLast, argmaxAccuracy } from './losses.js';
export {
  OPTIMIZERS,
  type OptimizerName,
  type OptimizerConfig,
  type OptimizerState,
  type SerializedOptimizerState,
  createOptimizerState,
  optimizerStep,
  globalNorm,
  clipByGlobalNorm,
  serializeOptimizerState,
  deserializeOptimizerState,
} from './optimizers.js';
export {
  TASK_NAMES,
  type TaskName,
  type Task,
  type TaskBatch,
  COPY_SYMBOLS,
  makeTask,
  copyTask,
  addingTask,
  taskLoss,
  taskAccuracy,
} from './tasks.js';
export {
  type TrainConfig,
  type TrainConfigInput,
  TRAIN_CONFIG_FIELDS,
  TRAIN_CONFIG_KEYS,
  LR_SCHEDULES,
  type LrSchedule,
  learningRateAt,
  parseTrainConfig,
} from './config.js';
export type { TrainEvent, TrainerState, RnnMetrics } from './events.js';
export { type Trainer, train, createTrainer } from './train.js';
export { type RnnSpectrum, rnnSpectrum } from './spectrum.js';
export {
  type CompareSpec,
  type PlannedRun,
  type RunResult,
  type CompareSummary,
  runId,
  planComparison,
  runPlanned,
  condenseEvents,
  compareInits,
  summarizeComparison,
} from './compare.js';
export {
  type SweepPlanDoc,
  type SweepPlan,
  SWEEP_PLAN_VERSIONS,
  MAX_PLAN_RUNS,
  expandSweepPlan,
  planHash,
  hash53,
} from './plan.js';
