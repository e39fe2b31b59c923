/**
 * Exact converters between Keras 3, PyTorch and ortholab's canonical gated layout
 * (gatedParams.ts) for a whole single-layer LSTM or GRU, with the frameworks' own names and shapes:
 *
 *   Keras 3 LSTM   kernel (d, 4n), recurrent_kernel (n, 4n), bias (4n)         gates i, f, c, o
 *   Keras 3 GRU    kernel (d, 3n), recurrent_kernel (n, 3n), bias (2, 3n)      gates z, r, h
 *                  (reset_after = True, the default; bias row 0 input, row 1 recurrent)
 *   PyTorch        weight_ih_l0 (G·n, d), weight_hh_l0 (G·n, n), bias_ih_l0 (G·n),
 *                  bias_hh_l0 (G·n); LSTM gates i, f, g, o, GRU r, z, n
 *
 * Keras computes x·kernel (columns are outputs), PyTorch W·x (rows are outputs), so a Keras
 * block is the transpose of the PyTorch block. Every conversion is a permutation of entries and
 * therefore exact, with one exception: Keras' LSTM has a single bias, so PyTorch/canonical ->
 * Keras LSTM writes bias = b_ih + b_hh (one rounding per entry, ≤ 2^-53 relative; the function
 * changes by at most that). Keras -> PyTorch LSTM puts the bias into b_ih and zeros into b_hh.
 * Keras GRU with reset_after = False (a (3n,) bias) computes the candidate as tanh(x·W_h +
 * (r ⊙ h)·U_h + b_h), a different function that PyTorch cannot express, so it is refused.
 *
 * Arrays are row-major `{shape, data}` (io's NdArray fits). Wrong shapes raise ShapeError naming
 * the layout the arrays do fit when there is one; a cell/layout mismatch raises ConfigError.
 */

import { ConfigError, ShapeError } from '../errors.js';
import { type Matrix, zeros } from '../linalg/index.js';
import { type GatedCell, type GatedParams, GATE_NAMES, checkGatedCell, gateCount } from './gatedParams.js';

/** A row-major array with its shape. */
export interface WeightArray {
  readonly shape: readonly number[];
  readonly data: Float64Array;
}

/** A Keras 3 LSTM/GRU layer's weights (Keras' `get_weights()` order: kernel, recurrent_kernel, bias). */
export interface KerasGatedWeights {
  readonly kernel: WeightArray;
  readonly recurrent_kernel: WeightArray;
  /** Absent for use_bias = False. */
  readonly bias?: WeightArray;
}

/** A single-layer torch.nn.LSTM/GRU `state_dict()`. */
export interface TorchGatedWeights {
  readonly weight_ih_l0: WeightArray;
  readonly weight_hh_l0: WeightArray;
  /** Both absent for bias = False. */
  readonly bias_ih_l0?: WeightArray;
  readonly bias_hh_l0?: WeightArray;
}

/** Keras gate order per cell, as canonical block indices: Keras block k holds canonical gate KERAS_ORDER[k]. */
const KERAS_ORDER: Record<GatedCell, readonly number[]> = {
  lstm: [0, 1, 2, 3], // i, f, c(=g), o
  gru: [1, 0, 2], // z, r, h(=n)  ->  canonical r, z, n
};

/** Keras' gate letters, for messages. */
export const KERAS_GATE_NAMES = { lstm: ['i', 'f', 'c', 'o'], gru: ['z', 'r', 'h'] } as const;

const shapeText = (s: readonly number[]): string => `(${s.join(', ')}${s.length === 1 ? ',' : ''})`;

function checkArray(fn: string, name: string, a: WeightArray | undefined): WeightArray {
  if (a === undefined || a === null || !Array.isArray(a.shape) || !(a.data instanceof Float64Array)) {
    throw new ConfigError(`${fn}: '${name}' is missing; expected {shape, data: Float64Array}.`);
  }
  const size = a.shape.reduce((p, q) => p * q, 1);
  if (!a.shape.every((v) => Number.isInteger(v) && v >= 1) || size !== a.data.length) {
    throw new ShapeError(`${fn}: '${name}' has shape ${shapeText(a.shape)} but ${a.data.length} values.`);
  }
  return a;
}

/** Which cell and framework a recurrent matrix's shape fits, for error messages. */
function fitsRecurrent(shape: readonly number[]): string {
  if (shape.length !== 2) return 'no layout (a recurrent matrix is 2-D)';
  const r = shape[0]!,
    c = shape[1]!;
  const fits: string[] = [];
  if (c === 4 * r) fits.push(`a Keras LSTM recurrent_kernel with ${r} units`);
  if (c === 3 * r) fits.push(`a Keras GRU recurrent_kernel with ${r} units`);
  if (r === 4 * c) fits.push(`a PyTorch LSTM weight_hh_l0 with ${c} units`);
  if (r === 3 * c) fits.push(`a PyTorch GRU weight_hh_l0 with ${c} units`);
  return fits.length > 0 ? fits.join(' or ') : 'no LSTM/GRU layout';
}

/**
 * Keras 3 layer weights -> canonical parameters. `resetAfter` (GRU, default true) must be true;
 * false is refused with ConfigError (see the file comment). O(size).
 */
export function kerasToCanonical(
  cell: GatedCell,
  w: KerasGatedWeights,
  options: { resetAfter?: boolean } = {},
): GatedParams {
  const fn = 'kerasToCanonical';
  checkGatedCell(cell);
  const G = gateCount(cell);
  if (cell === 'gru' && (options.resetAfter ?? true) === false) {
    throw new ConfigError(
      `${fn}: a Keras GRU with reset_after=False applies r before the recurrent product, a function PyTorch and ortholab do not compute; only reset_after=True (Keras' default, bias shape (2, 3n)) converts.`,
    );
  }
  const rk = checkArray(fn, 'recurrent_kernel', w.recurrent_kernel);
  const n = rk.shape[0]!,
    gn = rk.shape[1]!;
  if (rk.shape.length !== 2 || gn !== G * n) {
    throw new ShapeError(
      `${fn}: recurrent_kernel ${shapeText(rk.shape)} does not fit a Keras ${cell.toUpperCase()} (n, ${G}n); it fits ${fitsRecurrent(rk.shape)}.`,
    );
  }
  const k = checkArray(fn, 'kernel', w.kernel);
  if (k.shape.length !== 2 || k.shape[1] !== G * n) {
    throw new ShapeError(
      `${fn}: kernel ${shapeText(k.shape)} does not fit a Keras ${cell.toUpperCase()} with ${n} units: expected (input_dim, ${G * n}).`,
    );
  }
  const d = k.shape[0]!;
  const order = KERAS_ORDER[cell];
  const Wih = zeros(G * n, d);
  const Whh = zeros(G * n, n);
  // Keras block kb (columns kb·n..) of kernel, transposed, is canonical row block order[kb].
  for (let kb = 0; kb < G; kb++) {
    const cb = order[kb]!;
    for (let j = 0; j < n; j++) {
      const row = cb * n + j;
      const col = kb * n + j;
      for (let m = 0; m < d; m++) Wih.data[row * d + m] = k.data[m * G * n + col]!;
      for (let m = 0; m < n; m++) Whh.data[row * n + m] = rk.data[m * G * n + col]!;
    }
  }
  const bih = zeros(G * n, 1);
  const bhh = zeros(G * n, 1);
  if (w.bias !== undefined) {
    const b = checkArray(fn, 'bias', w.bias);
    if (cell === 'lstm') {
      if (b.shape.length !== 1 || b.shape[0] !== G * n) {
        throw new ShapeError(
          `${fn}: bias ${shapeText(b.shape)} does not fit a Keras LSTM with ${n} units: expected (${G * n},).`,
        );
      }
      bih.data.set(b.data);
    } else {
      if (b.shape.length === 1 && b.shape[0] === G * n) {
        throw new ConfigError(
          `${fn}: bias ${shapeText(b.shape)} is a Keras GRU with reset_after=False, which does not convert; reset_after=True has bias (2, ${G * n}).`,
        );
      }
      if (b.shape.length !== 2 || b.shape[0] !== 2 || b.shape[1] !== G * n) {
        throw new ShapeError(
          `${fn}: bias ${shapeText(b.shape)} does not fit a Keras GRU (reset_after=True) with ${n} units: expected (2, ${G * n}).`,
        );
      }
      for (let kb = 0; kb < G; kb++) {
        const cb = order[kb]!;
        for (let j = 0; j < n; j++) {
          bih.data[cb * n + j] = b.data[kb * n + j]!;
          bhh.data[cb * n + j] = b.data[G * n + kb * n + j]!;
        }
      }
    }
  }
  return { Wih, Whh, bih, bhh };
}

/** Canonical parameters -> Keras 3 weights (with a bias; see the file comment for the LSTM's sum). */
export function canonicalToKeras(cell: GatedCell, p: GatedParams): Required<KerasGatedWeights> {
  checkGatedCell(cell);
  const G = gateCount(cell);
  const { n, d } = canonicalSizes('canonicalToKeras', cell, p);
  const order = KERAS_ORDER[cell];
  const Gn = G * n;
  const kernel = new Float64Array(d * Gn);
  const rec = new Float64Array(n * Gn);
  for (let kb = 0; kb < G; kb++) {
    const cb = order[kb]!;
    for (let j = 0; j < n; j++) {
      const row = cb * n + j;
      const col = kb * n + j;
      for (let m = 0; m < d; m++) kernel[m * Gn + col] = p.Wih.data[row * d + m]!;
      for (let m = 0; m < n; m++) rec[m * Gn + col] = p.Whh.data[row * n + m]!;
    }
  }
  let bias: WeightArray;
  if (cell === 'lstm') {
    const b = new Float64Array(Gn);
    for (let j = 0; j < Gn; j++) b[j] = p.bih.data[j]! + p.bhh.data[j]!;
    bias = { shape: [Gn], data: b };
  } else {
    const b = new Float64Array(2 * Gn);
    for (let kb = 0; kb < G; kb++) {
      const cb = order[kb]!;
      for (let j = 0; j < n; j++) {
        b[kb * n + j] = p.bih.data[cb * n + j]!;
        b[Gn + kb * n + j] = p.bhh.data[cb * n + j]!;
      }
    }
    bias = { shape: [2, Gn], data: b };
  }
  return {
    kernel: { shape: [d, Gn], data: kernel },
    recurrent_kernel: { shape: [n, Gn], data: rec },
    bias,
  };
}

/** PyTorch state_dict -> canonical parameters (a copy; the layouts are the same). */
export function torchToCanonical(cell: GatedCell, w: TorchGatedWeights): GatedParams {
  const fn = 'torchToCanonical';
  checkGatedCell(cell);
  const G = gateCount(cell);
  const hh = checkArray(fn, 'weight_hh_l0', w.weight_hh_l0);
  const gn = hh.shape[0]!,
    n = hh.shape[1]!;
  if (hh.shape.length !== 2 || gn !== G * n) {
    throw new ShapeError(
      `${fn}: weight_hh_l0 ${shapeText(hh.shape)} does not fit a PyTorch ${cell.toUpperCase()} (${G}·hidden, hidden); it fits ${fitsRecurrent(hh.shape)}.`,
    );
  }
  const ih = checkArray(fn, 'weight_ih_l0', w.weight_ih_l0);
  if (ih.shape.length !== 2 || ih.shape[0] !== G * n) {
    throw new ShapeError(
      `${fn}: weight_ih_l0 ${shapeText(ih.shape)} does not fit a PyTorch ${cell.toUpperCase()} with hidden size ${n}: expected (${G * n}, input_size).`,
    );
  }
  const d = ih.shape[1]!;
  const hasIh = w.bias_ih_l0 !== undefined;
  const hasHh = w.bias_hh_l0 !== undefined;
  if (hasIh !== hasHh) {
    throw new ConfigError(`${fn}: give both bias_ih_l0 and bias_hh_l0 (bias=True) or neither (bias=False).`);
  }
  const vec = (name: 'bias_ih_l0' | 'bias_hh_l0'): Matrix => {
    const m = zeros(G * n, 1);
    const a = w[name];
    if (a === undefined) return m;
    checkArray(fn, name, a);
    if (a.shape.length !== 1 || a.shape[0] !== G * n) {
      throw new ShapeError(
        `${fn}: ${name} ${shapeText(a.shape)} does not fit a PyTorch ${cell.toUpperCase()} with hidden size ${n}: expected (${G * n},).`,
      );
    }
    m.data.set(a.data);
    return m;
  };
  return {
    Wih: { rows: G * n, cols: d, data: ih.data.slice() },
    Whh: { rows: G * n, cols: n, data: hh.data.slice() },
    bih: vec('bias_ih_l0'),
    bhh: vec('bias_hh_l0'),
  };
}

/** Canonical parameters -> a PyTorch state_dict (copies). */
export function canonicalToTorch(cell: GatedCell, p: GatedParams): Required<TorchGatedWeights> {
  checkGatedCell(cell);
  const { n, d } = canonicalSizes('canonicalToTorch', cell, p);
  const Gn = gateCount(cell) * n;
  return {
    weight_ih_l0: { shape: [Gn, d], data: p.Wih.data.slice() },
    weight_hh_l0: { shape: [Gn, n], data: p.Whh.data.slice() },
    bias_ih_l0: { shape: [Gn], data: p.bih.data.slice() },
    bias_hh_l0: { shape: [Gn], data: p.bhh.data.slice() },
  };
}

/** Keras 3 weights -> PyTorch state_dict (LSTM: b_ih = bias, b_hh = 0). Exact. */
export function kerasToTorch(
  cell: GatedCell,
  w: KerasGatedWeights,
  options: { resetAfter?: boolean } = {},
): Required<TorchGatedWeights> {
  return canonicalToTorch(cell, kerasToCanonical(cell, w, options));
}

/** PyTorch state_dict -> Keras 3 weights (LSTM: bias = b_ih + b_hh, one rounding). */
export function torchToKeras(cell: GatedCell, w: TorchGatedWeights): Required<KerasGatedWeights> {
  return canonicalToKeras(cell, torchToCanonical(cell, w));
}

function canonicalSizes(fn: string, cell: GatedCell, p: GatedParams): { n: number; d: number } {
  const G = gateCount(cell);
  const n = p.Whh.cols;
  const d = p.Wih.cols;
  const ok = (m: Matrix, r: number, c: number) => m.rows === r && m.cols === c && m.data.length === r * c;
  if (!(ok(p.Whh, G * n, n) && ok(p.Wih, G * n, d) && ok(p.bih, G * n, 1) && ok(p.bhh, G * n, 1))) {
    throw new ShapeError(
      `${fn}: the parameters do not fit a canonical ${cell.toUpperCase()} (Wih ${G}n x d, Whh ${G}n x n, bih and bhh ${G}n x 1, gates ${GATE_NAMES[cell].join(', ')}); got Wih ${p.Wih.rows}x${p.Wih.cols}, Whh ${p.Whh.rows}x${p.Whh.cols}, bih ${p.bih.rows}x${p.bih.cols}, bhh ${p.bhh.rows}x${p.bhh.cols}.`,
    );
  }
  return { n, d };
}
