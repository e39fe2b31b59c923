export { type Activation, ACTIVATIONS, parseActivation, applyActivation, activationDerivative } from './activation.js';
export {
  type FibMethod,
  FIB_METHODS,
  FIB_MAX_N,
  type FibReport,
  type FibMethodResult,
  fibonacciMatrix,
  fibExact,
  fibonacciPowerExact,
  fibonacciPower,
  fibonacciEigen,
  fibonacciReport,
  firstInexactPower,
  goldenRatioDemo,
} from './fibonacci.js';
export {
  propagate,
  powers,
  MAX_FRAME_BYTES,
  type PropagateOptions,
  type PropagateResult,
  type StepNorms,
} from './propagate.js';
export { gradientNorms, type GradientOptions, type GradientResult } from './gradients.js';
export {
  classify,
  crossingStep,
  REGIMES,
  type Regime,
  type RegimeReport,
  type ClassifyOptions,
  type FloatFormat,
  UNIT_ROUNDOFF,
  formatNearOne,
  roundingFormat,
} from './regimes.js';
export { eigenPower, type EigenPowerResult } from './eigenPower.js';
export {
  compare,
  compareRun,
  comparePlan,
  checkCompareOptions,
  aggregateCompare,
  quantileSorted,
  runKey,
  type CompareOptions,
  type CompareRun,
  type CompareSeries,
  type CompareResult,
  type Quartiles,
} from './powerComparison.js';
export { scaledPower, scaledPowerFrames, stridedPowerFrames, unscale, type ScaledFrame } from './scaledPowers.js';
