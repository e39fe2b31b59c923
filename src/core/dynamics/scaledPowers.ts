/**
 * Powers of W past the float64 range, one frame at a time: h_0 = I, h_t = f(W h_{t-1}) in the
 * scaled form h_t = M_t · 10^e_t with max|M_t| = 1. Linear and ReLU steps are positively
 * homogeneous (f(c·x) = c·f(x) for c > 0), so the scale factors out exactly; tanh is applied to
 * true values (bounded by 1). A W^t whose entries pass 10^308 therefore keeps a finite
 * log-norm and saturates a fixed colour scale instead of turning into Inf − Inf = NaN.
 * `propagate` is the plain-float64 counterpart that stops at the first overflow.
 *
 * The generator form lets a caller (the explorer's worker) stream frames and stop early.
 * Cost: one n x n product per step, O(steps · n³).
 */

import { DomainError, fmt } from '../errors.js';
import { type Matrix, assertFinite, assertMatrix, assertSquare, identity } from '../linalg/matrix.js';
import { matmul } from '../linalg/matmul.js';
import { normFrobenius } from '../linalg/norms.js';
import { type Activation, parseActivation } from './activation.js';

/** One step's output in scaled form: entries are mantissa · 10^exp10, max|mantissa| = 1 (or all 0). */
export interface ScaledFrame {
  readonly step: number;
  readonly mantissa: Float64Array;
  readonly exp10: number;
  /** log10 of the Frobenius norm of the true frame (-Infinity for the zero matrix). */
  readonly log10Norm: number;
}

/** Splits `data` in place into mantissa (max|.| = 1) and returns the decimal exponent taken out. */
function normalizeInPlace(data: Float64Array): number {
  let mx = 0;
  for (let k = 0; k < data.length; k++) {
    const a = Math.abs(data[k]!);
    if (a > mx) mx = a;
  }
  if (mx === 0 || !Number.isFinite(mx)) return 0;
  const inv = 1 / mx;
  for (let k = 0; k < data.length; k++) data[k] = data[k]! * inv;
  return Math.log10(mx);
}

/**
 * h_0 = I, h_t = f(W h_{t-1}) for t = 1..steps, yielded one frame at a time (h_t = W^t when f
 * is linear). Each step is one n x n product: O(steps · n³). The generator form lets the
 * worker pause between frames to read cancel messages.
 */
export function* scaledPowerFrames(
  W: Matrix,
  steps: number,
  activation: Activation = 'linear',
): Generator<ScaledFrame> {
  assertMatrix('scaledPowerFrames', W);
  assertSquare('scaledPowerFrames', W);
  assertFinite('scaledPowerFrames', W);
  parseActivation(activation);
  if (!Number.isInteger(steps) || steps < 0) {
    throw new DomainError(`scaledPowerFrames: steps must be a non-negative integer, got ${fmt(steps)}.`);
  }
  const n = W.rows;
  // Pre-scale W too (W = Ŵ · 10^w, max|Ŵ| = 1) so no product can overflow for any input.
  const What: Matrix = { rows: n, cols: n, data: W.data.slice() };
  const w = normalizeInPlace(What.data);
  let M = identity(n);
  let e = 0;
  yield { step: 0, mantissa: M.data, exp10: 0, log10Norm: Math.log10(Math.sqrt(n)) };
  for (let t = 1; t <= steps; t++) {
    const P = matmul(What, M);
    const d = P.data;
    if (activation === 'tanh') {
      // True pre-activation = 10^(w+e) · P; it may overflow to ±Inf, which tanh maps to ±1.
      const s = 10 ** (w + e);
      for (let k = 0; k < d.length; k++) d[k] = Math.tanh(s * d[k]!);
      e = 0;
    } else {
      if (activation === 'relu') for (let k = 0; k < d.length; k++) if (d[k]! < 0) d[k] = 0;
      e += w;
    }
    e += normalizeInPlace(d);
    M = P;
    const f = normFrobenius(M);
    yield { step: t, mantissa: M.data, exp10: e, log10Norm: f === 0 ? -Infinity : Math.log10(f) + e };
  }
}

/**
 * W^p in scaled form by binary powering (⌊log₂ p⌋ squarings plus one product per set bit),
 * renormalized after every product so no entry overflows. p >= 0; W^0 = I. The products are
 * exact float64 products (no eigendecomposition), so defective and non-normal W are handled;
 * rounding differs from p step-by-step products only in the order of the products.
 */
export function scaledPower(W: Matrix, p: number): { mantissa: Matrix; exp10: number } {
  assertMatrix('scaledPower', W);
  assertSquare('scaledPower', W);
  assertFinite('scaledPower', W);
  if (!Number.isInteger(p) || p < 0)
    throw new DomainError(`scaledPower: p must be a non-negative integer, got ${fmt(p)}.`);
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
 * Only the frames shown: h_{ks} = W^{ks} for k = 0..⌊steps / stride⌋ (linear f), each with its
 * step and log10 Frobenius norm. P = W^stride once by `scaledPower`, then one n x n product per
 * frame: (⌊log₂ s⌋ + popcount(s) − 1) + ⌊steps / s⌋ products instead of `steps` (at n = 512,
 * 1000 steps and s = 16: 66 instead of 1000). Stride 1 is `scaledPowerFrames` itself, same bits.
 */
export function* stridedPowerFrames(W: Matrix, steps: number, stride: number): Generator<ScaledFrame> {
  if (!Number.isInteger(stride) || stride < 1) {
    throw new DomainError(`stridedPowerFrames: stride must be a positive integer, got ${fmt(stride)}.`);
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

/** Entries of a scaled frame as plain numbers (±Infinity where they exceed the double range). */
export function unscale(frame: { mantissa: ArrayLike<number>; exp10: number }): Float64Array {
  const out = new Float64Array(frame.mantissa.length);
  const direct = Math.abs(frame.exp10) < 280;
  const mult = 10 ** frame.exp10;
  for (let k = 0; k < out.length; k++) {
    const m = frame.mantissa[k]!;
    out[k] = m === 0 ? 0 : direct ? m * mult : Math.sign(m) * 10 ** (Math.log10(Math.abs(m)) + frame.exp10);
  }
  return out;
}
