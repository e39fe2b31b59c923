/**
 * Fan-in and fan-out of a weight shape, used by variance-scaling initializers.
 *
 * Keras convention (keras/src/initializers/random_initializers.py `compute_fans`), used by
 * every initializer here: a 2-D shape is (fan_in, fan_out) = (rows, cols), since a Keras Dense
 * kernel is (inputs, outputs). For N-D shapes (convolution kernels, last two axes = in, out),
 * receptive = prod(shape[:-2]), fan_in = shape[-2]·receptive, fan_out = shape[-1]·receptive.
 * 1-D: fan_in = fan_out = shape[0]; 0-D: 1, 1.
 *
 * PyTorch convention (torch.nn.init._calculate_fan_in_and_fan_out), see `computeFansPyTorch`:
 * weights are (out, in, *kernel), so fan_in = shape[1]·receptive, fan_out = shape[0]·receptive
 * with receptive = prod(shape[2:]). A PyTorch Linear(in, out) weight is (out, in): the same
 * layer has the same fans in both frameworks, but the matrix is transposed. Use the Keras
 * function with shape [in, out] to initialize a PyTorch layer's weight, then transpose it.
 */

import { ShapeError } from '../errors.js';

export interface Fans {
  readonly fanIn: number;
  readonly fanOut: number;
}

/** Throws ShapeError unless every dimension is a positive integer. */
export function checkShape(shape: readonly number[], who = 'shape'): void {
  if (!Array.isArray(shape)) throw new ShapeError(`${who} must be an array of positive integers such as [64, 64].`);
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i];
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 1) {
      throw new ShapeError(
        `${who} [${shape.join(', ')}] has dimension ${i} = ${String(d)}; every dimension must be a positive integer.`,
      );
    }
  }
  const size = shape.reduce((a, b) => a * b, 1);
  if (!Number.isSafeInteger(size) || size > 2 ** 31) {
    throw new ShapeError(`${who} [${shape.join(', ')}] has ${size} elements; at most 2^31 are supported.`);
  }
}

/** Keras `compute_fans`. */
export function computeFans(shape: readonly number[]): Fans {
  checkShape(shape);
  if (shape.length === 0) return { fanIn: 1, fanOut: 1 };
  if (shape.length === 1) return { fanIn: shape[0]!, fanOut: shape[0]! };
  if (shape.length === 2) return { fanIn: shape[0]!, fanOut: shape[1]! };
  let receptive = 1;
  for (let i = 0; i < shape.length - 2; i++) receptive *= shape[i]!;
  return { fanIn: shape[shape.length - 2]! * receptive, fanOut: shape[shape.length - 1]! * receptive };
}

/** PyTorch `_calculate_fan_in_and_fan_out`: (out, in, *kernel). Needs at least 2 dimensions. */
export function computeFansPyTorch(shape: readonly number[]): Fans {
  checkShape(shape);
  if (shape.length < 2) {
    throw new ShapeError(`PyTorch fans need at least 2 dimensions (out, in, ...), got [${shape.join(', ')}].`);
  }
  let receptive = 1;
  for (let i = 2; i < shape.length; i++) receptive *= shape[i]!;
  return { fanIn: shape[1]! * receptive, fanOut: shape[0]! * receptive };
}
