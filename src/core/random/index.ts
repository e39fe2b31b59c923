export { Rng, createRng, deriveSeed, fork, MAX_REJECTIONS, type RngState } from './rng.js';
export {
  uniform,
  normal,
  truncatedNormal,
  randInt,
  fillUniform,
  fillNormal,
  fillTruncatedNormal,
  shuffleInPlace,
} from './samplers.js';
