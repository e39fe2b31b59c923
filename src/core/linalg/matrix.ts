/**
 * The dense matrix type: plain data, `data` row-major in a Float64Array (entry (i, j) at
 * `data[i * cols + j]`). Row-major matches nested JS arrays, C-order .npy files and canvas
 * pixel order; see docs/decisions/0003-matrix-layout.md. Functions never mutate their inputs
 * unless named `...Into` or documented as in place.
 */

import { DomainError, ShapeError, fmt } from '../errors.js';

export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/** Throws ShapeError unless `n` is a non-negative integer (a valid dimension). */
export function checkDim(name: string, n: number): void {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw new ShapeError(`${name} must be a non-negative integer, got ${typeof n === 'number' ? fmt(n) : String(n)}.`);
  }
}

/** A rows x cols matrix of zeros. */
export function zeros(rows: number, cols: number): Matrix {
  checkDim('rows', rows);
  checkDim('cols', cols);
  return { rows, cols, data: new Float64Array(rows * cols) };
}

/** Wraps (without copying) a row-major Float64Array of length rows·cols. */
export function matrix(rows: number, cols: number, data: Float64Array | ArrayLike<number>): Matrix {
  checkDim('rows', rows);
  checkDim('cols', cols);
  if (data.length !== rows * cols) {
    throw new ShapeError(`matrix(${rows}, ${cols}): data has ${data.length} entries, expected ${rows * cols}.`);
  }
  return { rows, cols, data: data instanceof Float64Array ? data : Float64Array.from(data) };
}

/** The rows x cols identity (ones on the main diagonal); cols defaults to rows. */
export function identity(rows: number, cols = rows): Matrix {
  const m = zeros(rows, cols);
  const k = Math.min(rows, cols);
  for (let i = 0; i < k; i++) m.data[i * cols + i] = 1;
  return m;
}

/** Builds a matrix from nested arrays; every row must have the same length. */
export function fromArray(rows: readonly (readonly number[])[]): Matrix {
  if (!Array.isArray(rows)) throw new ShapeError('fromArray expects an array of rows, e.g. [[0, 1], [1, 1]].');
  const r = rows.length;
  const c = r === 0 ? 0 : rows[0]?.length;
  if (r > 0 && !Array.isArray(rows[0]))
    throw new ShapeError('fromArray expects an array of rows, e.g. [[0, 1], [1, 1]].');
  const out = zeros(r, c);
  for (let i = 0; i < r; i++) {
    const row = rows[i];
    if (!Array.isArray(row) || row.length !== c) {
      throw new ShapeError(
        `fromArray: row ${i} has ${Array.isArray(row) ? row.length : 'no'} entries, expected ${c} like row 0.`,
      );
    }
    for (let j = 0; j < c; j++) {
      const v = row[j];
      if (typeof v !== 'number') throw new DomainError(`fromArray: entry (${i}, ${j}) is not a number.`);
      out.data[i * c + j] = v;
    }
  }
  return out;
}

/** Nested arrays, row by row. */
export function toArray(a: Matrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < a.rows; i++) out.push(Array.from(a.data.subarray(i * a.cols, (i + 1) * a.cols)));
  return out;
}

/** A deep copy. */
export function clone(a: Matrix): Matrix {
  return { rows: a.rows, cols: a.cols, data: a.data.slice() };
}

/** Entry (i, j). */
export function get(a: Matrix, i: number, j: number): number {
  return a.data[i * a.cols + j];
}

/** The transpose, cache-blocked. */
export function transpose(a: Matrix): Matrix {
  const { rows, cols, data } = a;
  const out = new Float64Array(rows * cols);
  const B = 32;
  for (let ii = 0; ii < rows; ii += B) {
    const iEnd = Math.min(ii + B, rows);
    for (let jj = 0; jj < cols; jj += B) {
      const jEnd = Math.min(jj + B, cols);
      for (let i = ii; i < iEnd; i++) {
        for (let j = jj; j < jEnd; j++) out[j * rows + i] = data[i * cols + j];
      }
    }
  }
  return { rows: cols, cols: rows, data: out };
}

/** True when the matrix is square. */
export function isSquare(a: Matrix): boolean {
  return a.rows === a.cols;
}

/** Throws ShapeError naming `fn` unless `a` is square and non-empty. */
export function assertSquare(fn: string, a: Matrix): void {
  if (a.rows !== a.cols) {
    throw new ShapeError(
      `${fn} needs a square matrix, got ${a.rows}x${a.cols}. For rectangular matrices use svd or qr.`,
    );
  }
  if (a.rows === 0) throw new ShapeError(`${fn} needs a non-empty matrix, got 0x0.`);
}

/** Throws DomainError naming `fn` and the first offending entry unless every entry is finite. */
export function assertFinite(fn: string, a: Matrix): void {
  const d = a.data;
  for (let k = 0; k < d.length; k++) {
    if (!Number.isFinite(d[k])) {
      const i = Math.floor(k / a.cols);
      const j = k - i * a.cols;
      throw new DomainError(
        `${fn}: entry (${i}, ${j}) is ${fmt(d[k])}; all entries must be finite. Check the input for overflow or missing values.`,
      );
    }
  }
}

/** Throws ShapeError if `a` is not a well-formed Matrix (e.g. built by hand with a short buffer). */
export function assertMatrix(fn: string, a: Matrix): void {
  if (
    a === null ||
    typeof a !== 'object' ||
    !(a.data instanceof Float64Array) ||
    !Number.isInteger(a.rows) ||
    !Number.isInteger(a.cols) ||
    a.rows < 0 ||
    a.cols < 0 ||
    a.data.length !== a.rows * a.cols
  ) {
    throw new ShapeError(
      `${fn}: expected a Matrix {rows, cols, data: Float64Array of length rows*cols}; use fromArray or zeros to build one.`,
    );
  }
}

/** Elementwise a + b. */
export function add(a: Matrix, b: Matrix): Matrix {
  sameShape('add', a, b);
  const out = new Float64Array(a.data.length);
  for (let k = 0; k < out.length; k++) out[k] = a.data[k] + b.data[k];
  return { rows: a.rows, cols: a.cols, data: out };
}

/** Elementwise a - b. */
export function sub(a: Matrix, b: Matrix): Matrix {
  sameShape('sub', a, b);
  const out = new Float64Array(a.data.length);
  for (let k = 0; k < out.length; k++) out[k] = a.data[k] - b.data[k];
  return { rows: a.rows, cols: a.cols, data: out };
}

/** s · a. */
export function scale(a: Matrix, s: number): Matrix {
  const out = new Float64Array(a.data.length);
  for (let k = 0; k < out.length; k++) out[k] = s * a.data[k];
  return { rows: a.rows, cols: a.cols, data: out };
}

function sameShape(fn: string, a: Matrix, b: Matrix): void {
  if (a.rows !== b.rows || a.cols !== b.cols) {
    throw new ShapeError(
      `${fn}: shapes ${a.rows}x${a.cols} and ${b.rows}x${b.cols} differ; both operands must have the same shape.`,
    );
  }
}
