/**
 * Keras 3 VarianceScaling (keras/src/initializers/random_initializers.py), the core of the
 * Glorot, He and LeCun presets. With n = fan_in, fan_out or (fan_in + fan_out)/2 (at least 1):
 * - truncatedNormal: stddev = sqrt(scale/n) / 0.87962566103423978, re-drawn outside ±2·stddev
 *   (the constant is the std of a unit normal truncated to [-2, 2], so the result has
 *   variance scale/n);
 * - untruncatedNormal: stddev = sqrt(scale/n);
 * - uniform: U(-limit, limit) with limit = sqrt(3·scale/n).
 */

import { type Rng, fillNormal, fillTruncatedNormal, fillUniform } from '../random/index.js';
import { computeFans } from './fans.js';

export type FanMode = 'fanIn' | 'fanOut' | 'fanAvg';
export type ScalingDistribution = 'truncatedNormal' | 'untruncatedNormal' | 'uniform';

/** Standard deviation of N(0,1) truncated to [-2, 2]. */
export const TRUNCATION_STD = 0.87962566103423978;

/** The n of VarianceScaling for `shape` and `mode`. */
export function scalingDenominator(shape: readonly number[], mode: FanMode): number {
  const { fanIn, fanOut } = computeFans(shape);
  const n = mode === 'fanIn' ? fanIn : mode === 'fanOut' ? fanOut : (fanIn + fanOut) / 2;
  return Math.max(1, n);
}

/** Values of VarianceScaling(scale, mode, distribution) for `shape`. */
export function varianceScalingValues(
  shape: readonly number[],
  rng: Rng,
  scale: number,
  mode: FanMode,
  distribution: ScalingDistribution,
): Float64Array {
  const size = shape.reduce((a, b) => a * b, 1);
  const n = scalingDenominator(shape, mode);
  const s = scale / n;
  const out = new Float64Array(size);
  switch (distribution) {
    case 'truncatedNormal':
      return fillTruncatedNormal(rng, out, 0, Math.sqrt(s) / TRUNCATION_STD);
    case 'untruncatedNormal':
      return fillNormal(rng, out, 0, Math.sqrt(s));
    case 'uniform': {
      const limit = Math.sqrt(3 * s);
      return fillUniform(rng, out, -limit, limit);
    }
  }
}
