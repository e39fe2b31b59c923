/**
 * Parsers for option values given as text: numbers, integers, shapes, lists, key=value pairs
 * and colour scales. Each throws UsageError naming the option, the text and what is allowed.
 * Pure (no I/O), tested in args.test.ts.
 */

import {
  type ColorNorm,
  type EnumParam,
  type IntParam,
  type NumberParam,
  type StringParam,
  parseNumberLike,
  parseParamValue,
} from '../core/index.js';
import { UsageError } from './errors.js';
import { didYouMean, suggest } from './suggest.js';

function clip(s: string): string {
  return s.length > 40 ? `${JSON.stringify(s.slice(0, 37))}...` : JSON.stringify(s);
}

/**
 * A scalar option value parsed by core's parameter dialect: the same spec, range and wording as
 * the library and the explorer ("--n must be an integer >= 1 and <= 4096, got \"0\"."), plus a
 * did-you-mean for enum values.
 */
export function parseParamText(
  flag: string,
  spec: IntParam | NumberParam | EnumParam | StringParam,
  text: string,
): unknown {
  if (spec.kind === 'string' && text === '') throw new UsageError(`${flag} needs a non-empty value.`);
  const r = parseParamValue(spec, text);
  if (r.ok) return r.value;
  const hint =
    spec.kind === 'enum'
      ? didYouMean(suggest(text, spec.values))
      : spec.kind === 'number' && !Number.isFinite(parseNumberLike(text))
        ? 'Example: 1.5 or 1e-3.'
        : undefined;
  throw new UsageError(`${flag} must be ${r.allowed}, got ${clip(text)}.`, hint);
}

/** A finite number in [min, max] (decimal or exponent notation). */
export function parseNumberValue(flag: string, text: string, min?: number, max?: number): number {
  const spec: NumberParam = {
    kind: 'number',
    doc: flag,
    ...(min === undefined ? {} : { min }),
    ...(max === undefined ? {} : { max }),
  };
  const x = parseParamText(flag, spec, text);
  return typeof x === 'number' ? x : Number.NaN;
}

/** A safe integer in [min, max] (decimal notation; 1e3 is accepted as 1000). */
export function parseIntValue(flag: string, text: string, min?: number, max?: number): number {
  const spec: IntParam = {
    kind: 'int',
    doc: flag,
    ...(min === undefined ? {} : { min }),
    ...(max === undefined ? {} : { max }),
  };
  const x = parseParamText(flag, spec, text);
  return typeof x === 'number' ? x : Number.NaN;
}

/** Largest element count `--shape` accepts (2^27 float64 = 1 GiB). */
export const MAX_SHAPE_ELEMENTS = 2 ** 27;

/** A shape such as `64,64`, `64x64` or `4,3,3` (1 to 8 positive integer dimensions). */
export function parseShapeValue(flag: string, text: string): number[] {
  const parts = text.trim().split(/\s*[,xX×]\s*/);
  const dims = parts.map((p) => (/^\d+$/.test(p) ? Number(p) : Number.NaN));
  if (parts.length < 1 || parts.length > 8 || dims.some((d) => !Number.isSafeInteger(d) || d < 1)) {
    throw new UsageError(
      `${flag} must be 1 to 8 positive integers separated by commas (or x), got ${clip(text)}.`,
      'Example: --shape 64,64 (rows,cols).',
    );
  }
  const size = dims.reduce((a, b) => a * b, 1);
  if (size > MAX_SHAPE_ELEMENTS) {
    throw new UsageError(`${flag} ${dims.join(',')} has ${size} elements; at most ${MAX_SHAPE_ELEMENTS} are allowed.`);
  }
  return dims;
}

/** `key=value` (several may be joined with commas: `a=1,b=2`). */
export function parseKeyValues(flag: string, text: string): [string, string][] {
  const out: [string, string][] = [];
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    const key = part.slice(0, eq).trim();
    if (eq < 1 || !/^[A-Za-z][A-Za-z0-9_]*$/.test(key)) {
      throw new UsageError(
        `${flag} takes key=value, got ${clip(part)}.`,
        `Example: ${flag} ${flag === '--set' ? 'learningRate=3e-4' : 'gain=1.1'}`,
      );
    }
    out.push([key, part.slice(eq + 1).trim()]);
  }
  return out;
}

/**
 * `--scale`: `fixed:L` (linear on ±L, the article's `fixed:5`), `symlog` (±5, linear within
 * ±0.001), `symlog:L` or `symlog:L:linthresh` (matplotlib's SymLogNorm).
 */
export function parseScaleValue(flag: string, text: string): ColorNorm {
  const m = /^(fixed|linear|symlog)(?::([^:]+))?(?::([^:]+))?$/.exec(text.trim());
  const bad = () =>
    new UsageError(
      `${flag} must be fixed:L, symlog, symlog:L or symlog:L:linthresh with L > 0, got ${clip(text)}.`,
      'Example: --scale fixed:5 or --scale symlog.',
    );
  if (!m) throw bad();
  const kind = m[1] === 'symlog' ? 'symlog' : 'linear';
  const limit = m[2] === undefined ? 5 : parseNumberLike(m[2]);
  const linthresh = m[3] === undefined ? Math.min(0.001, limit / 10) : parseNumberLike(m[3]);
  if (kind === 'linear' && m[3] !== undefined) throw bad();
  if (!(Number.isFinite(limit) && limit > 0 && Number.isFinite(linthresh) && linthresh > 0 && linthresh < limit)) {
    throw bad();
  }
  return { kind, limit, linthresh };
}

/** The text form of a scale (parses back to the same norm). */
export function formatScale(norm: ColorNorm): string {
  return norm.kind === 'linear' ? `fixed:${norm.limit}` : `symlog:${norm.limit}:${norm.linthresh}`;
}
