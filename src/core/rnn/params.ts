/**
 * RNN parameters: a plain record of named matrices `{Wxh, Whh, b, Why, c}` (karpathy's
 * recurrentjs habit), in the column-vector convention of model.ts:
 *   Wxh n x d_in, Whh n x n, b n x 1, Why d_out x n, c d_out x 1.
 *
 * Initialization (the registry's seeding rule, `draw(config, shape, seed)`, with the run's seed):
 *   W_hh = draw(recurrentInitializer, [n, n], seed), as is: the very matrix that
 *          `ortholab init NAME --shape n,n --seed S`, `spectrum`/`powers --init NAME --n n --seed S`,
 *          the explorer and the TF.js adapter give (h_t = W_hh h_{t-1} + ..., the convention of
 *          `powers`), so the W a run starts from can be inspected on its own;
 *   W_xh = draw(kernelInitializer, [d_in, n], deriveSeed(seed, 'Wxh'))ᵀ,
 *   b    = draw(biasInitializer, [1, n], deriveSeed(seed, 'b')) as a column,
 *   W_hy = draw(outputInitializer, [n, d_out], deriveSeed(seed, 'Why'))ᵀ,
 *   c    = 0 (Keras' Dense bias).
 * The non-square matrices are drawn in Keras' layout (kernel d_in x n, Dense kernel n x d_out) so
 * fan_in and fan_out mean what they mean in Keras, then transposed into ours (Keras computes
 * x·K + h·U). An initializer whose spec has its own seed uses it instead (the spec wins).
 * Each parameter has its own seed, so changing one initializer does not change another matrix.
 * This file is the one place that calls the initializer registry.
 */

import { FormatError } from '../errors.js';
import { isNumberArray, isRecord } from '../guards.js';
import { type Matrix, transpose, zeros } from '../linalg/index.js';
import { deriveSeed } from '../random/index.js';
import { type InitConfigInput, draw } from '../init/index.js';

/** Sizes: input features d_in, hidden units n, outputs d_out. */
export interface RnnDims {
  readonly inputDim: number;
  readonly units: number;
  readonly outputDim: number;
}

/** The parameters; see the file comment for shapes. */
export interface RnnParams {
  readonly Wxh: Matrix;
  readonly Whh: Matrix;
  readonly b: Matrix;
  readonly Why: Matrix;
  readonly c: Matrix;
}

/** Parameter names in their canonical order (serialization, optimizer slots, gradient checks). */
export const RNN_PARAM_NAMES = ['Wxh', 'Whh', 'b', 'Why', 'c'] as const;
export type RnnParamName = (typeof RNN_PARAM_NAMES)[number];

/** Initializers as in Keras' SimpleRNN (kernel, recurrent, bias) plus the output Dense kernel. */
export interface RnnInitializers {
  readonly kernel: InitConfigInput | string;
  readonly recurrent: InitConfigInput | string;
  readonly bias: InitConfigInput | string;
  readonly output: InitConfigInput | string;
}

/** Shapes of every parameter for `dims`, as [rows, cols]. */
export function rnnParamShapes(dims: RnnDims): Record<RnnParamName, [number, number]> {
  const { inputDim: d, units: n, outputDim: o } = dims;
  return { Wxh: [n, d], Whh: [n, n], b: [n, 1], Why: [o, n], c: [o, 1] };
}

/** Number of scalar parameters: n·d_in + n² + n + d_out·n + d_out. */
export function rnnParamCount(dims: RnnDims): number {
  return Object.values(rnnParamShapes(dims)).reduce((s, [r, c]) => s + r * c, 0);
}

/** The seed each parameter is drawn with in a run seeded `seed` (see the file comment). */
export function rnnInitSeeds(seed: number): { Wxh: number; Whh: number; b: number; Why: number } {
  return { Wxh: deriveSeed(seed, 'Wxh'), Whh: seed, b: deriveSeed(seed, 'b'), Why: deriveSeed(seed, 'Why') };
}

/** Draws fresh parameters for a run seeded `seed` (see the file comment for the rule). */
export function initRnnParams(dims: RnnDims, inits: RnnInitializers, seed: number): RnnParams {
  const { inputDim: d, units: n, outputDim: o } = dims;
  const seeds = rnnInitSeeds(seed);
  const matrix = (config: InitConfigInput | string, rows: number, cols: number, s: number): Matrix => ({
    rows,
    cols,
    data: draw(config, [rows, cols], s),
  });
  return {
    Wxh: transpose(matrix(inits.kernel, d, n, seeds.Wxh)),
    Whh: matrix(inits.recurrent, n, n, seeds.Whh),
    b: reshape(matrix(inits.bias, 1, n, seeds.b), n, 1),
    Why: transpose(matrix(inits.output, n, o, seeds.Why)),
    c: zeros(o, 1),
  };
}

function reshape(m: Matrix, rows: number, cols: number): Matrix {
  return { rows, cols, data: m.data };
}

/** Zero matrices of the parameter shapes (gradient buffers, optimizer moments). */
export function zerosLikeParams(dims: RnnDims): RnnParams {
  const s = rnnParamShapes(dims);
  return {
    Wxh: zeros(...s.Wxh),
    Whh: zeros(...s.Whh),
    b: zeros(...s.b),
    Why: zeros(...s.Why),
    c: zeros(...s.c),
  };
}

/** A deep copy. */
export function cloneRnnParams(p: RnnParams): RnnParams {
  const c = (m: Matrix): Matrix => ({ rows: m.rows, cols: m.cols, data: m.data.slice() });
  return { Wxh: c(p.Wxh), Whh: c(p.Whh), b: c(p.b), Why: c(p.Why), c: c(p.c) };
}

/** The dims implied by a parameter record. */
export function rnnDimsOf(p: RnnParams): RnnDims {
  return { inputDim: p.Wxh.cols, units: p.Whh.rows, outputDim: p.Why.rows };
}

/** A JSON-safe matrix. Numbers round-trip exactly through JSON (shortest round-trip printing). */
export interface SerializedMatrix {
  rows: number;
  cols: number;
  data: number[];
}

/** JSON-safe parameters, keyed by name. */
export type SerializedRnnParams = Record<RnnParamName, SerializedMatrix>;

/** Plain-array copy for JSON. Non-finite entries would not survive JSON; callers check first. */
export function serializeRnnParams(p: RnnParams): SerializedRnnParams {
  const s = (m: Matrix): SerializedMatrix => ({ rows: m.rows, cols: m.cols, data: Array.from(m.data) });
  return { Wxh: s(p.Wxh), Whh: s(p.Whh), b: s(p.b), Why: s(p.Why), c: s(p.c) };
}

/**
 * A serialized matrix `{rows, cols, data}` read from JSON: integer `rows` and `cols` (and, when
 * `shape` is given, exactly that shape) and `data` an array of rows·cols numbers, copied into a
 * Matrix; undefined when the value is anything else. O(rows·cols).
 */
export function matrixFromJson(value: unknown, shape?: readonly [number, number]): Matrix | undefined {
  if (!isRecord(value)) return undefined;
  const { rows, cols, data } = value;
  if (typeof rows !== 'number' || typeof cols !== 'number' || !Number.isInteger(rows) || !Number.isInteger(cols)) {
    return undefined;
  }
  if (shape !== undefined && (rows !== shape[0] || cols !== shape[1])) return undefined;
  if (!isNumberArray(data) || data.length !== rows * cols) return undefined;
  return { rows, cols, data: Float64Array.from(data) };
}

/**
 * Inverse of `serializeRnnParams`. Checks every matrix and, if `dims` is given, the shapes;
 * throws FormatError naming the first problem.
 */
export function deserializeRnnParams(json: unknown, dims?: RnnDims): RnnParams {
  if (!isRecord(json)) {
    throw new FormatError(`RNN parameters must be an object with keys ${RNN_PARAM_NAMES.join(', ')}.`);
  }
  const read = (name: RnnParamName): Matrix => {
    const m = matrixFromJson(json[name]);
    if (m === undefined) {
      throw new FormatError(
        `RNN parameter "${name}" is missing or malformed: expected {rows, cols, data: number[] of length rows·cols}.`,
      );
    }
    return m;
  };
  // In RNN_PARAM_NAMES order, so the first malformed one is reported.
  const p: RnnParams = { Wxh: read('Wxh'), Whh: read('Whh'), b: read('b'), Why: read('Why'), c: read('c') };
  if (dims) {
    const shapes = rnnParamShapes(dims);
    for (const name of RNN_PARAM_NAMES) {
      const [r, c] = shapes[name];
      if (p[name].rows !== r || p[name].cols !== c) {
        throw new FormatError(`RNN parameter "${name}" is ${p[name].rows}x${p[name].cols}, expected ${r}x${c}.`);
      }
    }
  }
  return p;
}
