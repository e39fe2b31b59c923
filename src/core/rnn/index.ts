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
  rnnInitSeeds,
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
  trainConfigField,
  isTrainConfigKey,
  type TrainConfigField,
  type InitField,
  TRAIN_CONFIG_KEYS,
  LR_SCHEDULES,
  type LrSchedule,
  CELLS,
  type Cell,
  learningRateAt,
  parseTrainConfig,
} from './config.js';
export type {
  TrainEvent,
  TrainerState,
  RnnMetrics,
  GatedNetParams,
  TrainParams,
  SerializedGatedNetParams,
} from './events.js';
export { GATED_NET_PARAM_NAMES, initGatedNet } from './gatedTrain.js';
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
} from './trainComparison.js';
export {
  GATED_CELLS,
  type GatedCell,
  GATE_NAMES,
  type GatedDims,
  type GatedParams,
  GATED_PARAM_NAMES,
  type GatedParamName,
  gateCount,
  checkGatedCell,
  gatedParamShapes,
  gatedParamCount,
  zerosLikeGated,
  cloneGatedParams,
  gatedDimsOf,
  gateBlock,
} from './gatedParams.js';
export { type GatedWorkspace, createGatedWorkspace } from './gatedWorkspace.js';
export { type GatedMemory, setGatedKernel } from './gatedKernel.js';
export { type GatedForwardOptions, type GatedBackwardOptions, lstmForward, lstmBackward } from './lstm.js';
export { gruForward, gruBackward } from './gru.js';
export { gatedForward, gatedBackward } from './gated.js';
export {
  type WeightArray,
  type KerasGatedWeights,
  type TorchGatedWeights,
  KERAS_GATE_NAMES,
  kerasToCanonical,
  canonicalToKeras,
  torchToCanonical,
  canonicalToTorch,
  kerasToTorch,
  torchToKeras,
} from './convert.js';
export {
  GATED_INIT_SCHEMES,
  type GatedInitScheme,
  GATED_INIT_DOCS,
  checkGatedInitScheme,
  initGatedParams,
  initGatedKeras,
  gatedInitSeeds,
} from './gatedInit.js';
export { type GateSpectrum, type GatedSpectrumReport, gatedSpectrum } from './gateSpectrum.js';
export {
  type SweepPlanDoc,
  type SweepPlan,
  SWEEP_PLAN_VERSIONS,
  MAX_PLAN_RUNS,
  expandSweepPlan,
  planHash,
  hash53,
} from './plan.js';
