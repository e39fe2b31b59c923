/**
 * Distributions as small free functions of an explicit `Rng` (the d3-random habit: the random
 * source is always passed in). `fill*` variants write into a Float64Array in order, so a
 * seeded fill is reproducible element by element.
 */

import { ConvergenceError, DomainError, fmt } from '../errors.js';
import { MAX_REJECTIONS, type Rng } from './rng.js';

function checkFinite(name: string, x: number): void {
  if (!Number.isFinite(x)) throw new DomainError(`${name} must be a finite number, got ${fmt(x)}.`);
}

function checkRange(lo: number, hi: number): void {
  checkFinite('minval', lo);
  checkFinite('maxval', hi);
  if (lo > hi) throw new DomainError(`minval (${fmt(lo)}) must not exceed maxval (${fmt(hi)}).`);
}

function checkStd(std: number): void {
  checkFinite('stddev', std);
  if (std < 0) throw new DomainError(`stddev must be >= 0, got ${fmt(std)}.`);
}

/** Uniform on [lo, hi). lo = hi gives lo. */
export function uniform(rng: Rng, lo = 0, hi = 1): number {
  checkRange(lo, hi);
  return lo + (hi - lo) * rng.next();
}

/** Normal with the given mean and standard deviation (std >= 0). */
export function normal(rng: Rng, mean = 0, std = 1): number {
  checkFinite('mean', mean);
  checkStd(std);
  return mean + std * rng.normal();
}

/**
 * Normal re-drawn outside mean ± 2·std, as Keras' TruncatedNormal (the result has standard
 * deviation about 0.8796·std). Throws ConvergenceError after MAX_REJECTIONS re-draws, which
 * a correct generator never reaches.
 */
export function truncatedNormal(rng: Rng, mean = 0, std = 1): number {
  checkFinite('mean', mean);
  checkStd(std);
  return mean + std * truncatedStandard(rng);
}

function truncatedStandard(rng: Rng): number {
  for (let i = 0; i < MAX_REJECTIONS; i++) {
    const z = rng.normal();
    if (z >= -2 && z <= 2) return z;
  }
  throw new ConvergenceError(
    `truncatedNormal: ${MAX_REJECTIONS} consecutive draws fell outside ±2 standard deviations; the generator is broken.`,
    MAX_REJECTIONS,
  );
}

/** Integer uniform on {0, …, n-1} without modulo bias (rejection on 32-bit outputs); n ≤ 2^32. */
export function randInt(rng: Rng, n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > 4294967296) {
    throw new DomainError(`randInt: n must be an integer in [1, 2^32], got ${fmt(n)}.`);
  }
  const limit = 4294967296 - (4294967296 % n);
  for (let i = 0; i < MAX_REJECTIONS; i++) {
    const x = rng.nextUint32();
    if (x < limit) return x % n;
  }
  throw new ConvergenceError('randInt: rejection sampling did not terminate; the generator is broken.', MAX_REJECTIONS);
}

/** Fills `out` with U[lo, hi). Returns `out`. */
export function fillUniform(rng: Rng, out: Float64Array, lo = 0, hi = 1): Float64Array {
  checkRange(lo, hi);
  const w = hi - lo;
  for (let i = 0; i < out.length; i++) out[i] = lo + w * rng.next();
  return out;
}

/** Fills `out` with N(mean, std²). Returns `out`. */
export function fillNormal(rng: Rng, out: Float64Array, mean = 0, std = 1): Float64Array {
  checkFinite('mean', mean);
  checkStd(std);
  for (let i = 0; i < out.length; i++) out[i] = mean + std * rng.normal();
  return out;
}

/** Fills `out` with Keras-style truncated normals (re-drawn outside ±2·std). Returns `out`. */
export function fillTruncatedNormal(rng: Rng, out: Float64Array, mean = 0, std = 1): Float64Array {
  checkFinite('mean', mean);
  checkStd(std);
  for (let i = 0; i < out.length; i++) out[i] = mean + std * truncatedStandard(rng);
  return out;
}

/** Fisher-Yates shuffle in place. Returns `arr`. */
export function shuffleInPlace<T>(rng: Rng, arr: T[]): T[] {
  for (let i = arr.length - 1; i > 0; i--) {
    const j = randInt(rng, i + 1);
    const t = arr[i]!;
    arr[i] = arr[j]!;
    arr[j] = t;
  }
  return arr;
}
