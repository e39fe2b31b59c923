/**
 * Only the frames shown: for a linear RNN h_t = W^t, the Lab shows every `stride`-th step,
 * so it computes P = W^stride once by binary powering (⌊log₂ s⌋ squarings plus one product
 * per set bit) and then W^{ks} = W^{(k−1)s} · P, one n x n product per shown frame instead of
 * one per step. Everything stays in the scaled form of core's `scaledPowerFrames`
 * (entries = mantissa · 10^exp10, max|mantissa| = 1), so exploding matrices saturate instead
 * of overflowing. The products are exact float64 products (no eigendecomposition), so
 * defective and non-normal matrices are as right as the step-by-step path; rounding differs
 * from it only in the order of the products (relative O(k·n·eps·κ)).
 *
 * Cost: (⌊log₂ s⌋ + popcount(s) − 1) + ⌊steps / s⌋ products of n x n: at n = 512, 1000 steps and
 * s = 16, 66 products instead of 1000.
 */

import { DomainError, type Matrix, identity, matmul, scaledPowerFrames } from '../../src/core/index.js';
import type { ScaledFrame } from './compute.js';

/** Splits `data` in place into a mantissa with max|.| = 1 and returns the exponent taken out. */
function normalizeInPlace(data: Float64Array): number {
  let mx = 0;
  for (let k = 0; k < data.length; k++) {
    const a = Math.abs(data[k]);
    if (a > mx) mx = a;
  }
  if (mx === 0 || !Number.isFinite(mx)) return 0;
  const inv = 1 / mx;
  for (let k = 0; k < data.length; k++) data[k] *= inv;
  return Math.log10(mx);
}

/** W^p in scaled form (binary powering, renormalized after every product). p >= 0. */
export function scaledPower(W: Matrix, p: number): { mantissa: Matrix; exp10: number } {
  if (!Number.isInteger(p) || p < 0) throw new DomainError(`scaledPower: p must be a non-negative integer, got ${p}.`);
  const n = W.rows;
  let base: Matrix = { rows: n, cols: n, data: W.data.slice() };
  let baseExp = normalizeInPlace(base.data);
  let acc: Matrix | null = null;
  let accExp = 0;
  let k = p;
  while (k > 0) {
    if (k & 1) {
      if (acc === null) {
        acc = { rows: n, cols: n, data: base.data.slice() };
        accExp = baseExp;
      } else {
        acc = matmul(acc, base);
        accExp += baseExp + normalizeInPlace(acc.data);
      }
    }
    k = Math.floor(k / 2);
    if (k > 0) {
      base = matmul(base, base);
      baseExp = 2 * baseExp + normalizeInPlace(base.data);
    }
  }
  return acc === null ? { mantissa: identity(n), exp10: 0 } : { mantissa: acc, exp10: accExp };
}

/**
 * Frames h_{ks} = W^{ks} for k = 0..⌊steps / stride⌋ (linear f only), each with its step and
 * log10 Frobenius norm. A generator, so the worker can stream frames and read cancel messages.
 */
export function* stridedPowerFrames(W: Matrix, steps: number, stride: number): Generator<ScaledFrame> {
  if (!Number.isInteger(stride) || stride < 1) {
    throw new DomainError(`stridedPowerFrames: stride must be a positive integer, got ${stride}.`);
  }
  if (stride === 1) {
    yield* scaledPowerFrames(W, steps, 'linear');
    return;
  }
  const P = scaledPower(W, stride);
  // scaledPowerFrames normalizes its matrix again; the mantissa's own max is 1, so e adds up.
  for (const f of scaledPowerFrames(P.mantissa, Math.floor(steps / stride), 'linear')) {
    const shift = f.step * P.exp10;
    yield { step: f.step * stride, mantissa: f.mantissa, exp10: f.exp10 + shift, log10Norm: f.log10Norm + shift };
  }
}

/** Products a single n x n matmul "costs" in the frame budget below. */
const BUDGET_PRODUCTS_AT_512 = 64;

/**
 * The stride at which a linear W^t figure computes its frames: every step while the products
 * fit the budget (64 products of 512 x 512: about 1 s of the SIMD kernel on a quiet machine), every
 * k-th step beyond it. Small matrices always get every step.
 */
export function computeStride(n: number, steps: number): number {
  const maxFrames = Math.max(64, Math.floor((BUDGET_PRODUCTS_AT_512 * 512 ** 3) / Math.max(1, n) ** 3));
  return Math.max(1, Math.ceil(steps / maxFrames));
}
