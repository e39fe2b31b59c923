/**
 * Elementwise initializers with Keras 3 defaults (keras/src/initializers): constants and iid
 * uniform, normal and truncated normal draws. Values are drawn in row-major order of the shape.
 */

import { DomainError, fmt } from '../errors.js';
import { type Rng, fillNormal, fillTruncatedNormal, fillUniform } from '../random/index.js';

/** `size` copies of `value`. */
export function constantValues(size: number, value: number): Float64Array {
  if (!Number.isFinite(value)) throw new DomainError(`constant: value must be finite, got ${fmt(value)}.`);
  return new Float64Array(size).fill(value);
}

/** iid U[minval, maxval). Keras defaults: -0.05, 0.05. */
export function randomUniformValues(size: number, rng: Rng, minval: number, maxval: number): Float64Array {
  return fillUniform(rng, new Float64Array(size), minval, maxval);
}

/** iid N(mean, stddev²). Keras defaults: 0, 0.05. */
export function randomNormalValues(size: number, rng: Rng, mean: number, stddev: number): Float64Array {
  return fillNormal(rng, new Float64Array(size), mean, stddev);
}

/** N(mean, stddev²) re-drawn outside mean ± 2·stddev. Keras defaults: 0, 0.05. */
export function truncatedNormalValues(size: number, rng: Rng, mean: number, stddev: number): Float64Array {
  return fillTruncatedNormal(rng, new Float64Array(size), mean, stddev);
}
