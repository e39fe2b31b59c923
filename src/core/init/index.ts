export { computeFans, computeFansPyTorch, checkShape, type Fans } from './fans.js';
export { parseParams } from './params.js';
export { TRUNCATION_STD, scalingDenominator, type FanMode, type ScalingDistribution } from './varianceScaling.js';
export { sampleOrthogonal, orthogonalValues, type GateAxis, type OrthogonalOptions } from './orthogonal.js';
export {
  INITIALIZERS,
  type InitName,
  type InitConfig,
  type InitConfigInput,
  type InitParamsOf,
  type InitLike,
  type InitSpec,
  type Initializer,
  type InitInfo,
  resolveInitName,
  getInitializer,
  isInitConfigInput,
  serialize,
  initMatrix,
  draw,
  effectiveSeed,
  squareShape,
  listInitializers,
  describeInit,
} from './registry.js';
export { ARTICLE_VIDEOS, spectralRadiusValues } from './article.js';
export {
  initSpecNames,
  splitInitList,
  parseInitSpec,
  parseInitSpecSyntax,
  type InitSpecSyntax,
  parseInitList,
  formatInitSpec,
} from './spec.js';
