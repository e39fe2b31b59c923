/**
 * Numbers for section 5 (beyond the article): forward state norms with a non-linearity and
 * inputs, and gradient norms back through time, from core's `propagate` and `gradientNorms`.
 */

import { type Matrix, createRng, fillNormal, fork, gradientNorms, propagate } from '../../src/core/index.js';
import { eigenvalues, spectralRadiusOf } from './compute.js';

export interface ThroughTimeSeries {
  readonly label: string;
  /** log10 ‖h_t‖_2 for t = 0..T (forward, with inputs). */
  readonly forward: Float64Array;
  /** log10 ‖∂L/∂h_t‖_2 for t = 0..T (backward from ∂L/∂h_T = 1/√n·(1, ..., 1)). */
  readonly backward: Float64Array;
  readonly spectralRadius: number | null;
}

export interface ThroughTimeOptions {
  readonly steps: number;
  readonly activation: 'linear' | 'tanh' | 'relu';
  readonly inputScale: number;
  readonly seed: number;
}

/**
 * Section 5's forward and backward pictures for one recurrent matrix W (n x n): the state norm
 * ‖h_t‖ of h_t = f(W h_{t−1} + u_t) with u_t ~ N(0, inputScale²) (seeded), and the gradient
 * norm ‖∂L/∂h_t‖ back through time (core `propagate` and `gradientNorms`). O(T·n²).
 */
export function throughTime(label: string, W: Matrix, opts: ThroughTimeOptions): ThroughTimeSeries {
  const n = W.rows;
  const T = opts.steps;
  const rng = fork(createRng(opts.seed), 'inputs');
  const u = new Float64Array(T * n);
  if (opts.inputScale > 0) fillNormal(rng, u, 0, opts.inputScale);
  const inputs = { rows: T, cols: n, data: u };
  const h0 = new Float64Array(n).fill(1 / Math.sqrt(n));
  const log10 = (x: number): number => (x === 0 ? Number.NEGATIVE_INFINITY : Math.log10(x));
  const fwd = propagate(W, { steps: T, activation: opts.activation, h0, inputs, keepFrames: false, spectral: false });
  const forward = new Float64Array(T + 1).fill(Number.NaN);
  fwd.norms.frobenius.forEach((v, t) => {
    forward[t] = log10(v);
  });
  const g = gradientNorms(W, { steps: T, activation: opts.activation, h0, inputs, jacobians: false });
  const backward = Float64Array.from(g.vector, log10);
  const eig = eigenvalues(W);
  return { label, forward, backward, spectralRadius: eig ? spectralRadiusOf(eig) : null };
}
