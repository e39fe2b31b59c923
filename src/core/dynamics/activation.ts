/** Elementwise activations of the simplified RNN h_t = f(W h_{t-1} + u_t + b), with derivatives. */

import { ConfigError } from '../errors.js';
import { isOneOf } from '../guards.js';

export type Activation = 'linear' | 'tanh' | 'relu';
export const ACTIVATIONS: readonly Activation[] = ['linear', 'tanh', 'relu'];

/** Validates an activation name (ConfigError listing the allowed ones). */
export function parseActivation(name: unknown): Activation {
  if (isOneOf(ACTIVATIONS, name)) return name;
  throw new ConfigError(`Unknown activation ${JSON.stringify(name)}; use one of ${ACTIVATIONS.join(', ')}.`);
}

/** Applies f in place to x[0..len). */
export function applyActivation(f: Activation, x: Float64Array): void {
  if (f === 'tanh') for (let i = 0; i < x.length; i++) x[i] = Math.tanh(x[i]!);
  // Math.max keeps a NaN a NaN, so an upstream overflow is reported rather than hidden as 0.
  else if (f === 'relu') for (let i = 0; i < x.length; i++) x[i] = Math.max(x[i]!, 0);
}

/**
 * Writes f'(a) into `out` given the pre-activation a and the output h = f(a) (tanh uses
 * 1 − h², relu uses the step at a > 0, the subgradient 0 at a = 0).
 */
export function activationDerivative(f: Activation, a: Float64Array, h: Float64Array, out: Float64Array): void {
  if (f === 'linear') out.fill(1);
  else if (f === 'tanh') for (let i = 0; i < out.length; i++) out[i] = 1 - h[i]! * h[i]!;
  else for (let i = 0; i < out.length; i++) out[i] = a[i]! > 0 ? 1 : 0;
}
