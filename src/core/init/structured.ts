/**
 * Structured matrices from the article and the literature, as initializers. All are square
 * 2-D except `identity`, which follows Keras (any 2-D shape: gain·eye(rows, cols)).
 */

import { ShapeError } from '../errors.js';
import type { Rng } from '../random/index.js';

/** Throws ShapeError unless `shape` is 2-D (and square when `square`). */
export function require2d(name: string, shape: readonly number[], square: boolean): [number, number] {
  if (shape.length !== 2) {
    throw new ShapeError(`${name} needs a 2-D shape [rows, cols], got [${shape.join(', ')}] (${shape.length}-D).`);
  }
  if (square && shape[0] !== shape[1]) {
    throw new ShapeError(`${name} needs a square shape [n, n], got [${shape.join(', ')}].`);
  }
  return [shape[0]!, shape[1]!];
}

/** gain·eye(rows, cols) (Keras `Identity`; non-square allowed). */
export function identityValues(shape: readonly number[], gain: number, name = 'identity'): Float64Array {
  const [r, c] = require2d(name, shape, false);
  const out = new Float64Array(r * c);
  for (let i = 0; i < Math.min(r, c); i++) out[i * c + i] = gain;
  return out;
}

/** The article's Fibonacci matrix F = [[0, 1], [1, 1]]; F^n holds Fib(n-1), Fib(n), Fib(n+1). */
export function fibonacciValues(shape: readonly number[]): Float64Array {
  if (shape.length !== 2 || shape[0] !== 2 || shape[1] !== 2) {
    throw new ShapeError(`fibonacci is the 2x2 matrix [[0, 1], [1, 1]]; use shape [2, 2], got [${shape.join(', ')}].`);
  }
  return Float64Array.of(0, 1, 1, 1);
}

function writeRotation(out: Float64Array, n: number, k: number, theta: number, gain: number): void {
  const c = gain * Math.cos(theta);
  const s = gain * Math.sin(theta);
  const i = 2 * k;
  out[i * n + i] = c;
  out[i * n + i + 1] = s;
  out[(i + 1) * n + i] = -s;
  out[(i + 1) * n + i + 1] = c;
}

/**
 * Block-diagonal rotation: n/2 blocks [[cos θ, sin θ], [-sin θ, cos θ]] (θ = π/2 gives the
 * article's R = [[0, 1], [-1, 0]] with eigenvalues ±i); odd n ends with a 1x1 block `gain`.
 * Eigenvalues gain·e^{±iθ}.
 */
export function rotationValues(shape: readonly number[], angle: number, gain: number): Float64Array {
  const [n] = require2d('rotation', shape, true);
  const out = new Float64Array(n * n);
  for (let k = 0; k < Math.floor(n / 2); k++) writeRotation(out, n, k, angle, gain);
  if (n % 2 === 1) out[n * n - 1] = gain;
  return out;
}

/**
 * Henaff, Szlam & LeCun (ICML 2016) block-diagonal orthogonal init: 2x2 rotations with angles
 * iid uniform on [-π, π), one draw per block in order; odd n ends with a 1x1 block `gain`.
 */
export function henaffValues(shape: readonly number[], rng: Rng, gain: number): Float64Array {
  const [n] = require2d('henaff', shape, true);
  const out = new Float64Array(n * n);
  for (let k = 0; k < Math.floor(n / 2); k++) writeRotation(out, n, k, Math.PI * (2 * rng.next() - 1), gain);
  if (n % 2 === 1) out[n * n - 1] = gain;
  return out;
}

/**
 * Jordan block with eigenvalue `lambda` and ones on the superdiagonal. n = 2, lambda = 1 is the
 * article's shear [[1, 1], [0, 1]]: both eigenvalues 1, yet S^t = [[1, t], [0, 1]] grows.
 */
export function shearValues(shape: readonly number[], lambda: number): Float64Array {
  const [n] = require2d('shear', shape, true);
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    out[i * n + i] = lambda;
    if (i + 1 < n) out[i * n + i + 1] = 1;
  }
  return out;
}
