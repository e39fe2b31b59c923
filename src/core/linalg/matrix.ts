/**
 * The dense matrix type: plain data, `data` row-major in a Float64Array (entry (i, j) at
 * `data[i * cols + j]`). Row-major matches nested JS arrays, C-order .npy files and canvas
 * pixel order; see docs/decisions/0003-matrix-layout.md. Functions never mutate their inputs
 * unless named `...Into` or documented as in place.
 */

import { ConfigError, DomainError, ShapeError, fmt } from '../errors.js';

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

/**
 * Largest number of entries of one matrix: V8's limit on a Float64Array's length (2^32, i.e.
 * 32 GiB). Larger requests are a ShapeError, not a RangeError from the engine.
 */
export const MAX_ENTRIES = 2 ** 32;

/**
 * A zero-filled Float64Array for a rows x cols result of `fn`. Throws ShapeError when the size
 * is impossible (more than MAX_ENTRIES entries) or the memory cannot be allocated.
 */
export function allocEntries(fn: string, rows: number, cols: number): Float64Array {
  const count = rows * cols;
  const what = `${fn}: a ${rows}x${cols} matrix has ${count.toLocaleString('en-US')} entries (${fmtBytes(count * 8)})`;
  if (count > MAX_ENTRIES) {
    throw new ShapeError(
      `${what}; at most ${MAX_ENTRIES.toLocaleString('en-US')} entries are allowed. Use smaller sizes.`,
    );
  }
  try {
    return new Float64Array(count);
  } catch (e) {
    if (e instanceof RangeError) throw new ShapeError(`${what}, more memory than is available. Use smaller sizes.`);
    throw e;
  }
}

function fmtBytes(b: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let u = 0;
  while (b >= 1024 && u < units.length - 1) {
    b /= 1024;
    u++;
  }
  return `${u === 0 ? b : Number(b.toPrecision(3))} ${units[u]}`;
}

/** A rows x cols matrix of zeros. Throws ShapeError for invalid or impossible sizes. */
export function zeros(rows: number, cols: number): Matrix {
  checkDim('rows', rows);
  checkDim('cols', cols);
  return { rows, cols, data: allocEntries('zeros', rows, cols) };
}

/** Wraps (without copying) a row-major Float64Array of length rows·cols. */
export function matrix(rows: number, cols: number, data: Float64Array | ArrayLike<number>): Matrix {
  checkDim('rows', rows);
  checkDim('cols', cols);
  if (data === null || typeof data !== 'object' || typeof data.length !== 'number') {
    throw new ShapeError(
      `matrix(${rows}, ${cols}): data must be a Float64Array or an array of ${rows * cols} numbers (row-major), got ${describeValue(data)}.`,
    );
  }
  if (data.length !== rows * cols) {
    throw new ShapeError(`matrix(${rows}, ${cols}): data has ${data.length} entries, expected ${rows * cols}.`);
  }
  return { rows, cols, data: data instanceof Float64Array ? data : Float64Array.from(data) };
}

/** The rows x cols identity (ones on the main diagonal); cols defaults to rows. */
export function identity(rows: number, cols = rows): Matrix {
  checkDim('rows', rows);
  checkDim('cols', cols);
  const m = { rows, cols, data: allocEntries('identity', rows, cols) };
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
  assertMatrix('toArray', a);
  const out: number[][] = [];
  for (let i = 0; i < a.rows; i++) out.push(Array.from(a.data.subarray(i * a.cols, (i + 1) * a.cols)));
  return out;
}

/** A deep copy. */
export function clone(a: Matrix): Matrix {
  assertMatrix('clone', a);
  return { rows: a.rows, cols: a.cols, data: a.data.slice() };
}

/** Entry (i, j). Throws ShapeError for an index outside the matrix. */
export function get(a: Matrix, i: number, j: number): number {
  assertMatrix('get', a);
  if (!Number.isInteger(i) || !Number.isInteger(j) || i < 0 || j < 0 || i >= a.rows || j >= a.cols) {
    throw new ShapeError(
      `get: index (${idx(i)}, ${idx(j)}) is outside the ${a.rows}x${a.cols} matrix; rows are 0..${a.rows - 1}, columns 0..${a.cols - 1}.`,
    );
  }
  return a.data[i * a.cols + j]!;
}

/** The transpose, cache-blocked. */
export function transpose(a: Matrix): Matrix {
  assertMatrix('transpose', a);
  const { rows, cols, data } = a;
  const out = allocEntries('transpose', cols, rows);
  const B = 32;
  for (let ii = 0; ii < rows; ii += B) {
    const iEnd = Math.min(ii + B, rows);
    for (let jj = 0; jj < cols; jj += B) {
      const jEnd = Math.min(jj + B, cols);
      for (let i = ii; i < iEnd; i++) {
        for (let j = jj; j < jEnd; j++) out[j * rows + i] = data[i * cols + j]!;
      }
    }
  }
  return { rows: cols, cols: rows, data: out };
}

/** True when the matrix is square. */
export function isSquare(a: Matrix): boolean {
  assertMatrix('isSquare', a);
  return a.rows === a.cols;
}

/** Throws ShapeError naming `fn` unless `a` is square and non-empty. */
export function assertSquare(fn: string, a: Matrix): void {
  assertMatrix(fn, a);
  if (a.rows !== a.cols) {
    throw new ShapeError(
      `${fn} needs a square matrix, got ${a.rows}x${a.cols}. For rectangular matrices use svd or qr.`,
    );
  }
  if (a.rows === 0) throw new ShapeError(`${fn} needs a non-empty matrix, got 0x0.`);
}

/** Throws DomainError naming `fn` and the first offending entry unless every entry is finite. */
export function assertFinite(fn: string, a: Matrix): void {
  assertMatrix(fn, a);
  const d = a.data;
  for (let k = 0; k < d.length; k++) {
    if (!Number.isFinite(d[k])) {
      const i = Math.floor(k / a.cols);
      const j = k - i * a.cols;
      throw new DomainError(
        `${fn}: entry (${i}, ${j}) is ${fmt(d[k]!)}; all entries must be finite. Check the input for overflow or missing values.`,
      );
    }
  }
}

/**
 * Throws ShapeError if `a` is not a well-formed Matrix (null, a number, nested arrays, a
 * hand-built object with a short buffer or a Float32Array...). The message names `fn`, the
 * argument (`name`, e.g. 'A') and what it got.
 */
export function assertMatrix(fn: string, a: Matrix, name = 'the argument'): void {
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
    const hint = Array.isArray(a) ? ' Nested arrays become a Matrix with fromArray(rows).' : '';
    throw new ShapeError(
      `${fn}: ${name} must be a Matrix {rows, cols, data: Float64Array of length rows*cols}, got ${describeValue(a)}; use fromArray or zeros to build one.${hint}`,
    );
  }
}

const idx = (i: unknown): string => (typeof i === 'number' ? fmt(i) : describeValue(i));

/** A short description of any value for error messages: `null`, `the number 3`, `an object {a, b}`. */
export function describeValue(x: unknown): string {
  if (x === null) return 'null';
  if (x === undefined) return 'undefined';
  if (typeof x === 'number') return `the number ${fmt(x)}`;
  if (typeof x === 'string') return `the string ${JSON.stringify(x.length > 20 ? `${x.slice(0, 20)}…` : x)}`;
  if (typeof x !== 'object') return `a ${typeof x}`;
  if (Array.isArray(x)) return `an array of length ${x.length}`;
  if (ArrayBuffer.isView(x)) return `a ${x.constructor.name}`;
  if ('rows' in x && 'cols' in x && 'data' in x) {
    const d = x.data;
    const dd =
      d instanceof Float64Array
        ? `a Float64Array of length ${d.length}`
        : ArrayBuffer.isView(d)
          ? `a ${d.constructor.name}`
          : describeValue(d);
    return `{rows: ${describeValue(x.rows)}, cols: ${describeValue(x.cols)}, data: ${dd}}`;
  }
  const keys = Object.keys(x).slice(0, 4);
  return keys.length === 0 ? 'an empty object' : `an object with keys ${keys.join(', ')}`;
}

/**
 * Throws ConfigError unless `opts` is undefined or a plain options object (so `eig(a, null)`
 * is a clear error, not a TypeError). `example` shows a valid object.
 */
export function assertOptions(fn: string, opts: unknown, example: string): void {
  if (opts === undefined) return;
  if (opts === null || typeof opts !== 'object' || Array.isArray(opts)) {
    throw new ConfigError(`${fn}: options must be an object such as ${example}, got ${describeValue(opts)}.`);
  }
}

/** Elementwise a + b. */
export function add(a: Matrix, b: Matrix): Matrix {
  sameShape('add', a, b);
  const out = new Float64Array(a.data.length);
  for (let k = 0; k < out.length; k++) out[k] = a.data[k]! + b.data[k]!;
  return { rows: a.rows, cols: a.cols, data: out };
}

/** Elementwise a - b. */
export function sub(a: Matrix, b: Matrix): Matrix {
  sameShape('sub', a, b);
  const out = new Float64Array(a.data.length);
  for (let k = 0; k < out.length; k++) out[k] = a.data[k]! - b.data[k]!;
  return { rows: a.rows, cols: a.cols, data: out };
}

/** s · a. */
export function scale(a: Matrix, s: number): Matrix {
  assertMatrix('scale', a);
  if (typeof s !== 'number') throw new DomainError(`scale: the factor must be a number, got ${describeValue(s)}.`);
  const out = new Float64Array(a.data.length);
  for (let k = 0; k < out.length; k++) out[k] = s * a.data[k]!;
  return { rows: a.rows, cols: a.cols, data: out };
}

function sameShape(fn: string, a: Matrix, b: Matrix): void {
  assertMatrix(fn, a, 'A');
  assertMatrix(fn, b, 'B');
  if (a.rows !== b.rows || a.cols !== b.cols) {
    throw new ShapeError(
      `${fn}: shapes ${a.rows}x${a.cols} and ${b.rows}x${b.cols} differ; both operands must have the same shape.`,
    );
  }
}
