/**
 * First-order optimizers with Keras 3 update rules and defaults, over a list of flat
 * parameter arrays, plus clipping by global norm. State is plain numbers and arrays so a run
 * can checkpoint and resume bit for bit.
 *
 * - sgd (momentum μ, default 0): v ← μv − lr·g; w ← w + v   (Keras SGD, nesterov off).
 * - rmsprop (ρ = 0.9, ε = 1e-7): s ← ρs + (1−ρ)g²; w ← w − lr·g/(√s + ε)   (Keras RMSprop, not
 *   centered; Tieleman & Hinton 2012, lecture 6.5).
 * - adam (β1 = 0.9, β2 = 0.999, ε = 1e-7): m ← β1 m + (1−β1)g; v ← β2 v + (1−β2)g²;
 *   w ← w − lr·√(1−β2ᵗ)/(1−β1ᵗ) · m/(√v + ε)   (Keras Adam; Kingma & Ba 2015, Algorithm 1 with
 *   the bias corrections folded into the step size).
 */

import { FormatError } from '../errors.js';
import { isArrayOf, isNumberArray, isRecord } from '../guards.js';

export const OPTIMIZERS = ['sgd', 'rmsprop', 'adam'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

/** Hyperparameters; each optimizer reads only its own (sgd: momentum; rmsprop: rho, epsilon; adam: beta1, beta2, epsilon). */
export interface OptimizerConfig {
  readonly name: OptimizerName;
  readonly learningRate: number;
  readonly momentum: number;
  readonly rho: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
}

/** Mutable optimizer state: the step count and the slot arrays (per parameter: sgd [v], rmsprop [s], adam [m, v]). */
export interface OptimizerState {
  readonly name: OptimizerName;
  t: number;
  readonly slots: Float64Array[][];
}

/** JSON-safe optimizer state. */
export interface SerializedOptimizerState {
  name: OptimizerName;
  t: number;
  slots: number[][][];
}

const SLOT_COUNT: Record<OptimizerName, number> = { sgd: 1, rmsprop: 1, adam: 2 };

/** Zero state for parameters of the given flat sizes. */
export function createOptimizerState(name: OptimizerName, sizes: readonly number[]): OptimizerState {
  const k = SLOT_COUNT[name];
  return { name, t: 0, slots: sizes.map((s) => Array.from({ length: k }, () => new Float64Array(s))) };
}

/**
 * One update of every `params[i]` in place with `grads[i]`. Increments `state.t`. Cost O(total
 * parameter count); no allocation.
 */
export function optimizerStep(
  config: OptimizerConfig,
  state: OptimizerState,
  params: readonly Float64Array[],
  grads: readonly Float64Array[],
): void {
  state.t += 1;
  const lr = config.learningRate;
  for (let i = 0; i < params.length; i++) {
    const w = params[i]!;
    const g = grads[i]!;
    const slots = state.slots[i]!;
    if (config.name === 'sgd') {
      const v = slots[0]!;
      const mu = config.momentum;
      for (let k = 0; k < w.length; k++) {
        v[k] = mu * v[k]! - lr * g[k]!;
        w[k] = w[k]! + v[k]!;
      }
    } else if (config.name === 'rmsprop') {
      const s = slots[0]!;
      const rho = config.rho;
      const eps = config.epsilon;
      for (let k = 0; k < w.length; k++) {
        s[k] = rho * s[k]! + (1 - rho) * g[k]! * g[k]!;
        w[k] = w[k]! - (lr * g[k]!) / (Math.sqrt(s[k]!) + eps);
      }
    } else {
      const m = slots[0]!;
      const v = slots[1]!;
      const { beta1: b1, beta2: b2, epsilon: eps } = config;
      const alpha = (lr * Math.sqrt(1 - b2 ** state.t)) / (1 - b1 ** state.t);
      for (let k = 0; k < w.length; k++) {
        m[k] = b1 * m[k]! + (1 - b1) * g[k]!;
        v[k] = b2 * v[k]! + (1 - b2) * g[k]! * g[k]!;
        w[k] = w[k]! - (alpha * m[k]!) / (Math.sqrt(v[k]!) + eps);
      }
    }
  }
}

/** √(Σ g²) over all arrays (Infinity on overflow, NaN if any entry is NaN). */
export function globalNorm(grads: readonly Float64Array[]): number {
  let s = 0;
  for (const g of grads) for (let k = 0; k < g.length; k++) s += g[k]! * g[k]!;
  return Math.sqrt(s);
}

/**
 * Clipping by global norm (Pascanu, Mikolov & Bengio 2013; tf.clip_by_global_norm): if
 * `norm` > `maxNorm`, scales every gradient by maxNorm/norm in place. Returns whether it clipped.
 */
export function clipByGlobalNorm(grads: readonly Float64Array[], norm: number, maxNorm: number): boolean {
  if (!(norm > maxNorm)) return false;
  const s = maxNorm / norm;
  for (const g of grads) for (let k = 0; k < g.length; k++) g[k] = g[k]! * s;
  return true;
}

/** Plain-array copy for JSON. */
export function serializeOptimizerState(state: OptimizerState): SerializedOptimizerState {
  return { name: state.name, t: state.t, slots: state.slots.map((ps) => ps.map((a) => Array.from(a))) };
}

/** Inverse of `serializeOptimizerState`, checked against the expected name and parameter sizes. */
export function deserializeOptimizerState(
  json: unknown,
  name: OptimizerName,
  sizes: readonly number[],
): OptimizerState {
  const k = SLOT_COUNT[name];
  const isSlots = (slots: unknown): slots is number[][][] =>
    Array.isArray(slots) &&
    slots.length === sizes.length &&
    slots.every((ps, i) => isArrayOf(ps, isNumberArray) && ps.length === k && ps.every((a) => a.length === sizes[i]));
  if (
    !isRecord(json) ||
    json.name !== name ||
    typeof json.t !== 'number' ||
    !Number.isInteger(json.t) ||
    json.t < 0 ||
    !isSlots(json.slots)
  ) {
    throw new FormatError(
      `Optimizer state does not match: expected {name: "${name}", t: integer >= 0, slots: ${sizes.length} parameters x ${k} arrays of sizes ${sizes.join(', ')}}.`,
    );
  }
  return { name, t: json.t, slots: json.slots.map((ps) => ps.map((a) => Float64Array.from(a))) };
}
