/**
 * The N-dimensional array that every reader returns: a shape, the dtype the file stored, and the
 * values converted to float64 in C (row-major) order, whatever order and type the file used.
 * Conversions to and from the 2-D `Matrix` live here too.
 */

import { FormatError, ShapeError } from '../errors.js';
import type { Matrix } from '../linalg/matrix.js';

/** Element types the readers understand (NumPy's names; `bfloat16`/`float8_*` as in PyTorch). */
export type Dtype =
  | 'float64'
  | 'float32'
  | 'float16'
  | 'bfloat16'
  | 'float8_e4m3fn'
  | 'float8_e5m2'
  | 'int64'
  | 'int32'
  | 'int16'
  | 'int8'
  | 'uint64'
  | 'uint32'
  | 'uint16'
  | 'uint8'
  | 'bool';

/**
 * An array read from a file. `data` has `prod(shape)` entries (1 for shape `[]`) in C order:
 * entry (i0, ..., ik) is at `sum_j i_j * prod(shape[j+1:])`. `fortranOrder` records how the
 * file stored it (the data has already been reordered). `dtype` is the stored type; every
 * value of the float and ≤32-bit integer types is exact in float64. For int64/uint64,
 * `rounded` counts the entries whose magnitude exceeded 2^53 and were rounded to the nearest
 * float64 (relative error ≤ 2^-53); it is 0 or absent when every value is exact.
 */
export interface NdArray {
  readonly shape: readonly number[];
  readonly dtype: Dtype;
  readonly data: Float64Array;
  readonly fortranOrder: boolean;
  readonly rounded?: number;
}

/** Default cap on the number of elements a reader will allocate (2^31, i.e. 16 GiB of float64). */
export const MAX_ELEMENTS = 2 ** 31;

/** Maximum rank accepted by the readers (NumPy 2's NPY_MAXDIMS is 64). */
export const MAX_RANK = 64;

/** Formats a shape as Python does: `()`, `(3,)`, `(3, 4)`. */
export function formatShape(shape: readonly number[]): string {
  if (shape.length === 1) return `(${shape[0]},)`;
  return `(${shape.join(', ')})`;
}

/**
 * Validates a shape read from a file and returns its element count. Each dimension must be a
 * non-negative safe integer, the rank at most MAX_RANK and the product at most `maxElements`;
 * otherwise throws FormatError naming `where`. O(rank), no allocation: call it before
 * allocating anything sized by the header.
 */
export function checkedNumel(shape: readonly unknown[], where: string, maxElements = MAX_ELEMENTS): number {
  return checkedShape(shape, where, maxElements).numel;
}

/**
 * Like checkedNumel, and also returns the checked shape as a fresh array of numbers (for
 * shapes read from a file header, whose entries are unknown until checked).
 */
export function checkedShape(
  shape: readonly unknown[],
  where: string,
  maxElements = MAX_ELEMENTS,
): { readonly shape: number[]; readonly numel: number } {
  if (shape.length > MAX_RANK) {
    throw new FormatError(`${where}: the shape has ${shape.length} dimensions; at most ${MAX_RANK} are supported.`);
  }
  const dims: number[] = [];
  let n = 1;
  for (let k = 0; k < shape.length; k++) {
    const d = shape[k];
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0) {
      throw new FormatError(`${where}: shape entry ${k} is ${describe(d)}; dimensions must be non-negative integers.`);
    }
    if (d > maxElements) {
      throw new FormatError(
        `${where}: shape entry ${k} is ${d}, above the limit of ${maxElements} elements; the header is corrupt or the array is too large to load.`,
      );
    }
    dims.push(d);
    n *= d;
  }
  if (n > maxElements) {
    throw new FormatError(
      `${where}: the shape ${formatShape(dims)} has ${n} elements, above the limit of ${maxElements}; the header is corrupt or the array is too large to load.`,
    );
  }
  return { shape: dims, numel: n };
}

/**
 * Reorders `src` (Fortran order: first index fastest) into a new C-order array (last index
 * fastest) for any rank. O(n) time, O(n) extra memory. Rank ≤ 1 is returned as a copy.
 */
export function fortranToC(src: Float64Array, shape: readonly number[]): Float64Array {
  const n = src.length;
  const rank = shape.length;
  if (rank <= 1 || n === 0) return src.slice();
  const out = new Float64Array(n);
  // C strides of the destination; walk the source linearly with a multi-index whose first
  // component runs fastest, updating the destination offset incrementally.
  const cStride = new Array<number>(rank);
  cStride[rank - 1] = 1;
  for (let k = rank - 2; k >= 0; k--) cStride[k] = cStride[k + 1]! * shape[k + 1]!;
  const idx = new Array<number>(rank).fill(0);
  let dst = 0;
  for (let s = 0; s < n; s++) {
    out[dst] = src[s]!;
    for (let k = 0; k < rank; k++) {
      idx[k] = idx[k]! + 1;
      dst += cStride[k]!;
      if (idx[k]! < shape[k]!) break;
      dst -= idx[k]! * cStride[k]!;
      idx[k] = 0;
    }
  }
  return out;
}

/** Options for `ndarrayToMatrix`. */
export interface ToMatrixOptions {
  /** How to treat a 1-D array of length n: as a 1 x n row or an n x 1 column (default: error). */
  readonly vector?: 'row' | 'column';
  /**
   * How to flatten a ≥3-D array (default: error). `keras`: (prod(shape[:-1]), shape[-1]), the
   * Keras convention for kernels; `pytorch`: (shape[0], prod(shape[1:])), dim 0 as rows.
   */
  readonly flatten?: 'keras' | 'pytorch';
}

/**
 * The 2-D array as a Matrix, sharing `nd.data` (no copy; C order is row-major). 0-D arrays,
 * 1-D arrays without `vector` and ≥3-D arrays without `flatten` throw ShapeError saying how
 * to get a matrix.
 */
export function ndarrayToMatrix(nd: NdArray, options: ToMatrixOptions = {}): Matrix {
  const { shape, data } = nd;
  if (shape.length === 2) return { rows: shape[0]!, cols: shape[1]!, data };
  if (shape.length === 1) {
    if (options.vector === 'row') return { rows: 1, cols: shape[0]!, data };
    if (options.vector === 'column') return { rows: shape[0]!, cols: 1, data };
    throw new ShapeError(
      `Expected a 2-D array, got a 1-D array of shape ${formatShape(shape)} (a vector, e.g. a bias). Pass {vector: 'row'} or {vector: 'column'} to use it as a 1 x n or n x 1 matrix.`,
    );
  }
  if (shape.length === 0) {
    throw new ShapeError('Expected a 2-D array, got a 0-D array (a scalar, shape ()). Reshape it to (1, 1) first.');
  }
  const last = shape[shape.length - 1]!;
  const first = shape[0]!;
  const prod = (dims: readonly number[]) => dims.reduce((a, b) => a * b, 1);
  if (options.flatten === 'keras') return { rows: prod(shape.slice(0, -1)), cols: last, data };
  if (options.flatten === 'pytorch') return { rows: first, cols: prod(shape.slice(1)), data };
  throw new ShapeError(
    `Expected a 2-D array, got ${shape.length}-D shape ${formatShape(shape)}. Reshape it to 2-D first: pass {flatten: 'keras'} for (${shape.slice(0, -1).join('·')}, ${last}) or {flatten: 'pytorch'} for (${first}, ${shape.slice(1).join('·')}).`,
  );
}

/** The matrix as a 2-D float64 NdArray sharing `m.data`. */
export function matrixToNdarray(m: Matrix): NdArray {
  return { shape: [m.rows, m.cols], dtype: 'float64', data: m.data, fortranOrder: false };
}

function describe(v: unknown): string {
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return `the string ${JSON.stringify(v.slice(0, 40))}`;
  if (v === null) return 'null';
  if (typeof v === 'boolean') return `the boolean ${v}`;
  return `a ${Array.isArray(v) ? 'list' : typeof v}`;
}
