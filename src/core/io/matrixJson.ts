/**
 * ortholab's JSON matrix format. Two spellings are read:
 *
 *   nested rows:  [[0, 1], [1, 1]]                      (what json.dump(a.tolist()) writes)
 *   shape + data: {"shape": [2, 2], "data": [0, 1, 1, 1]}  (data row-major, length r·c)
 *
 * Entries must be finite JSON numbers: JSON has no NaN or Infinity, and strings such as
 * "NaN" or "1.5" are rejected rather than guessed at; numbers that overflow float64 (1e400)
 * are rejected too. Other keys of the object form are ignored. `[]` is the 0 x 0 matrix.
 * Both readers are O(text length); the text bounds every allocation.
 */

import { DomainError, FormatError } from '../errors.js';
import type { Matrix } from '../linalg/matrix.js';
import { checkedNumel, checkedShape } from './ndarray.js';
import { errorMessage, isPair, isRecord } from '../guards.js';

const EXAMPLE = 'Use nested rows like [[0, 1], [1, 1]] or {"shape": [2, 2], "data": [0, 1, 1, 1]}.';

/** Parses a JSON matrix; throws FormatError saying what is wrong and where. */
export function readMatrixJson(text: string): Matrix {
  if (typeof text !== 'string') throw new FormatError(`readMatrixJson expects the JSON text as a string. ${EXAMPLE}`);
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    const nanHint = /\b(NaN|-?Infinity)\b/.test(text)
      ? ' JSON has no NaN or Infinity; matrix entries must be finite.'
      : '';
    throw new FormatError(`The matrix JSON does not parse: ${errorMessage(e)}.${nanHint} ${EXAMPLE}`);
  }
  if (Array.isArray(v)) return fromRows(v);
  if (isRecord(v)) return fromShapeData(v);
  throw new FormatError(`The matrix JSON is ${describe(v)}, not a matrix. ${EXAMPLE}`);
}

function fromRows(rows: unknown[]): Matrix {
  const r = rows.length;
  if (r === 0) return { rows: 0, cols: 0, data: new Float64Array(0) };
  const first = rows[0];
  if (!Array.isArray(first)) {
    const flat = rows.every((x) => typeof x === 'number');
    throw new FormatError(
      flat
        ? `The matrix JSON is a flat list of ${r} numbers (1-D); wrap it as [[...]] for a 1 x ${r} matrix or give {"shape": [r, c], "data": [...]}.`
        : `The matrix JSON must be a list of rows; element 0 is ${describe(first)}. ${EXAMPLE}`,
    );
  }
  const c = first.length;
  checkedNumel([r, c], 'The matrix JSON');
  const data = new Float64Array(r * c);
  for (let i = 0; i < r; i++) {
    const row = rows[i];
    if (!Array.isArray(row))
      throw new FormatError(`The matrix JSON row ${i} is ${describe(row)}, not a list of numbers.`);
    if (row.length !== c) {
      throw new FormatError(`The matrix JSON is ragged: row ${i} has ${row.length} entries but row 0 has ${c}.`);
    }
    for (let j = 0; j < c; j++) data[i * c + j] = entry(row[j], `entry (${i}, ${j})`);
  }
  return { rows: r, cols: c, data };
}

function fromShapeData(o: Record<string, unknown>): Matrix {
  const shape = o.shape;
  const flat = o.data;
  const needs = `The matrix JSON object needs "shape": [rows, cols] and "data": a flat row-major list of numbers. ${EXAMPLE}`;
  if (!Array.isArray(shape) || !Array.isArray(flat)) throw new FormatError(needs);
  const { shape: dims, numel: n } = checkedShape(shape, 'The matrix JSON shape');
  if (!isPair(dims)) throw new FormatError(needs);
  const [r, c] = dims;
  if (flat.length !== n) {
    throw new FormatError(`The matrix JSON shape [${r}, ${c}] needs ${n} numbers in "data" but it has ${flat.length}.`);
  }
  const data = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    data[k] = entry(flat[k], c === 0 ? `data[${k}]` : `entry (${Math.floor(k / c)}, ${k % c}) (data[${k}])`);
  }
  return { rows: r, cols: c, data };
}

function entry(x: unknown, where: string): number {
  if (typeof x === 'number') {
    if (Number.isFinite(x)) return x;
    throw new FormatError(`The matrix JSON ${where} overflows float64 (it parsed as ${x}); entries must be finite.`);
  }
  const hint =
    typeof x === 'string'
      ? ' Numbers must not be quoted, and JSON has no NaN or Infinity; entries must be finite.'
      : '';
  throw new FormatError(`The matrix JSON ${where} is ${describe(x)}, not a number.${hint}`);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 37)}...` : v)}`;
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}

/** Options for `writeMatrixJson`. */
export interface WriteMatrixJsonOptions {
  /** 'rows' (default): nested rows, one per line; 'shape': {"shape": [r, c], "data": [...]}. */
  readonly layout?: 'rows' | 'shape';
}

/**
 * Serialises a matrix as JSON text ending in a newline. Numbers use JavaScript's shortest
 * round-trip form (and "-0" for negative zero), so `readMatrixJson` gives back the same bits.
 * A 0 x c matrix with c > 0 is always written in the shape form, since "[]" would lose c.
 * Throws DomainError for NaN or ±Infinity entries (JSON cannot hold them; use .npy).
 */
export function writeMatrixJson(m: Matrix, options: WriteMatrixJsonOptions = {}): string {
  const { rows, cols, data } = m;
  const parts = new Array<string>(data.length);
  for (let k = 0; k < data.length; k++) {
    const x = data[k];
    if (!Number.isFinite(x)) {
      throw new DomainError(
        `writeMatrixJson: entry (${Math.floor(k / cols)}, ${k % cols}) is ${x}; JSON cannot hold NaN or Infinity. Write .npy instead.`,
      );
    }
    parts[k] = Object.is(x, -0) ? '-0' : String(x);
  }
  if ((options.layout ?? 'rows') === 'shape' || (rows === 0 && cols > 0)) {
    return `{"shape": [${rows}, ${cols}], "data": [${parts.join(', ')}]}\n`;
  }
  if (rows === 0) return '[]\n';
  const lines: string[] = [];
  for (let i = 0; i < rows; i++) lines.push(`  [${parts.slice(i * cols, (i + 1) * cols).join(', ')}]`);
  return `[\n${lines.join(',\n')}\n]\n`;
}
