/**
 * Field kinds of the URL-state schema. A field knows its default, how to parse its URL text,
 * how to format a value back to text, and what is allowed (for notices and inline errors).
 * Parsing is strict and total: it never throws and never accepts a value outside the range,
 * so every state the page sees is valid. Formatting is canonical: parse(format(v)) equals v.
 *
 * Scalar fields (int, num, choice) are core's ParamSpec (src/core/params.ts) with the UI's facts
 * layered on top: a label and the slider range. Range and membership checks are core's
 * (`isParamValue`); the URL adds only its stricter text form (no spaces, no inf, integers
 * without exponents). `fromCore` takes a spec from a core table (the training config) and
 * narrows it to the UI's range, so a bound is declared once.
 */

import { ConfigError, type EnumParam, type IntParam, type NumberParam, isParamValue } from '../../src/core/index.js';
import type { Messages, Msg } from '../i18n/index.js';

/** A parsed value, or a failure with an optional reason (in words) more specific than `allowed`. */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason?: Msg };

export interface Field<T> {
  readonly kind: 'int' | 'num' | 'choice' | 'flag' | 'matrix' | 'custom';
  /** Core's spec behind a scalar field (int, num, choice); absent for the URL-only kinds. */
  readonly spec?: IntParam | NumberParam | EnumParam;
  readonly default: T;
  /** Human label, used by controls and notices ("Colour limit"). */
  readonly label: string;
  /** What is allowed, as an English phrase: "an integer from 1 to 64" (programming errors). */
  readonly allowed: string;
  /** What is allowed, in the reader's language (notices and inline errors). */
  allowedText(m: Messages): string;
  parse(raw: string): ParseResult<T>;
  format(value: T): string;
  equals(a: T, b: T): boolean;
  /** True when `value` is a value this field could have parsed (used to validate programmatic updates). */
  valid(value: unknown): boolean;
}

export type FieldValue<F> = F extends Field<infer T> ? T : never;

const INT_RE = /^[+-]?\d{1,16}$/;
const NUM_RE = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d{1,3})?$/i;

/** Strict decimal parse: no hex, no empty string, no whitespace, no "Infinity". */
export function parseNumber(raw: string): number | undefined {
  if (!NUM_RE.test(raw)) return undefined;
  const x = Number(raw);
  return Number.isFinite(x) ? x : undefined;
}

/** Shortest text that parses back to the same double (-0 is written as 0). */
export function formatNumber(x: number): string {
  return Object.is(x, -0) ? '0' : String(x);
}

/** An integer in [min, max]. */
export function int(def: number, min: number, max: number, label: string): Field<number> {
  const spec: IntParam = { kind: 'int', default: def, min, max, doc: label };
  const valid = (v: unknown): boolean => v !== null && isParamValue(spec, v);
  return {
    kind: 'int',
    spec,
    default: def,
    label,
    allowed: `an integer from ${min} to ${max}`,
    allowedText: (m) => m.allowed.int(min, max),
    parse(raw) {
      if (!INT_RE.test(raw)) return { ok: false };
      const v = Number(raw);
      return valid(v) ? { ok: true, value: v } : { ok: false };
    },
    format: (v) => String(v),
    equals: (a, b) => a === b,
    valid,
  };
}

/** A finite number in [min, max] (or (min, max] when `openMin`). */
export function num(
  def: number,
  min: number,
  max: number,
  label: string,
  opts: { openMin?: boolean } = {},
): Field<number> {
  const openMin = opts.openMin ?? false;
  const spec: NumberParam = { kind: 'number', default: def, min, max, openMin, doc: label };
  const valid = (v: unknown): boolean => v !== null && isParamValue(spec, v);
  return {
    kind: 'num',
    spec,
    default: def,
    label,
    allowed: `a number ${openMin ? 'above' : 'from'} ${formatNumber(min)} ${openMin ? 'up to' : 'to'} ${formatNumber(max)}`,
    allowedText: (m) => m.allowed.num(formatNumber(min), formatNumber(max), openMin),
    parse(raw) {
      const v = parseNumber(raw);
      return v !== undefined && valid(v) ? { ok: true, value: v === 0 ? 0 : v } : { ok: false };
    },
    format: formatNumber,
    equals: (a, b) => a === b,
    valid,
  };
}

/** One of a fixed list of names (an enum). */
export function choice<const O extends readonly string[]>(options: O, def: O[number], label: string): Field<O[number]> {
  const spec: EnumParam<O[number]> = { kind: 'enum', values: options, default: def, doc: label };
  const isOption = (v: unknown): v is O[number] => isParamValue(spec, v);
  return {
    kind: 'choice',
    spec,
    default: def,
    label,
    allowed: `one of ${options.join(', ')}`,
    allowedText: (m) => m.allowed.choice(options.join(', ')),
    parse: (raw) => (isOption(raw) ? { ok: true, value: raw } : { ok: false }),
    format: (v) => v,
    equals: (a, b) => a === b,
    valid: isOption,
  };
}

/** The UI's facts about a field taken from a core table: its label, and a narrower range or default. */
export interface UiLayer<T> {
  readonly label: string;
  readonly default?: T;
  readonly min?: number;
  readonly max?: number;
}

/**
 * A field for a spec of a core table (e.g. TRAIN_CONFIG_FIELDS.units), narrowed by the UI: the
 * range is the intersection of core's and the UI's (the UI may only narrow), the default the
 * UI's when given. Enum specs become choices over core's values.
 */
export function fromCore<const V extends string>(spec: EnumParam<V>, ui: UiLayer<V>): Field<V>;
export function fromCore(spec: IntParam | NumberParam, ui: UiLayer<number>): Field<number>;
export function fromCore(
  spec: IntParam | NumberParam | EnumParam,
  ui: UiLayer<string> | UiLayer<number>,
): Field<string> | Field<number> {
  if (spec.kind === 'enum') {
    const def = typeof ui.default === 'string' ? ui.default : spec.default;
    if (def === undefined) throw new ConfigError(`fromCore: ${ui.label} needs a default.`);
    return choice(spec.values, def, ui.label);
  }
  const narrow = (a: number | undefined, b: number | undefined, pick: (x: number, y: number) => number) =>
    a === undefined ? b : b === undefined ? a : pick(a, b);
  const min = narrow(spec.min, ui.min, Math.max);
  const max = narrow(spec.max, ui.max, Math.min);
  const def = typeof ui.default === 'number' ? ui.default : spec.default;
  if (min === undefined || max === undefined || typeof def !== 'number') {
    throw new ConfigError(`fromCore: ${ui.label} needs a bounded range and a default.`);
  }
  if (spec.kind === 'int') return int(def, min, max, ui.label);
  return num(def, min, max, ui.label, { openMin: spec.openMin === true && min === spec.min });
}

/** A boolean written as 1 / 0. */
export function flag(def: boolean, label: string): Field<boolean> {
  return {
    kind: 'flag',
    default: def,
    label,
    allowed: '1 or 0',
    allowedText: (m) => m.allowed.flag,
    parse: (raw) =>
      raw === '1' ? { ok: true, value: true } : raw === '0' ? { ok: true, value: false } : { ok: false },
    format: (v) => (v ? '1' : '0'),
    equals: (a, b) => a === b,
    valid: (v) => typeof v === 'boolean',
  };
}

/** A dense matrix as nested rows, written "a,b;c,d" (rows split by ';', entries by ','). */
export type MatrixValue = readonly (readonly number[])[];

/** Parses "a,b;c,d"; undefined if any entry is not a finite decimal or rows differ in length. */
export function parseMatrixText(raw: string, maxDim: number): MatrixValue | undefined {
  const rows = raw.split(';');
  if (rows.length < 1 || rows.length > maxDim) return undefined;
  const out: number[][] = [];
  for (const row of rows) {
    const cells = row.split(',');
    if (cells.length > maxDim) return undefined;
    const values: number[] = [];
    for (const c of cells) {
      const v = parseNumber(c);
      if (v === undefined) return undefined;
      values.push(v === 0 ? 0 : v);
    }
    if (out.length > 0 && values.length !== out[0]!.length) return undefined;
    out.push(values);
  }
  return out;
}

export function formatMatrixText(m: MatrixValue): string {
  return m.map((row) => row.map(formatNumber).join(',')).join(';');
}

function validMatrix(v: unknown, maxDim: number, square: boolean): boolean {
  if (!Array.isArray(v) || v.length < 1 || v.length > maxDim) return false;
  const c = Array.isArray(v[0]) ? v[0].length : -1;
  if (c < 1 || c > maxDim || (square && c !== v.length)) return false;
  return v.every(
    (row) => Array.isArray(row) && row.length === c && row.every((x) => typeof x === 'number' && Number.isFinite(x)),
  );
}

/** A matrix of at most maxDim x maxDim finite entries (square when `square`). */
export function matrixField(
  def: MatrixValue,
  maxDim: number,
  label: string,
  opts: { square?: boolean } = {},
): Field<MatrixValue> {
  const square = opts.square ?? false;
  const valid = (v: unknown): boolean => validMatrix(v, maxDim, square);
  return {
    kind: 'matrix',
    default: def,
    label,
    allowed: `a ${square ? 'square ' : ''}matrix of finite numbers up to ${maxDim}x${maxDim}, written like 0,1;1,1`,
    allowedText: (m) => m.allowed.matrix(maxDim, square),
    parse(raw) {
      const m = parseMatrixText(raw, maxDim);
      return m !== undefined && valid(m) ? { ok: true, value: m } : { ok: false };
    },
    format: formatMatrixText,
    equals: (a, b) => formatMatrixText(a) === formatMatrixText(b),
    valid,
  };
}

/** A field defined by its own parse/format pair (used for initializer specs). */
export function custom<T>(spec: {
  default: T;
  label: string;
  allowed: string;
  allowedText: (m: Messages) => string;
  parse: (raw: string) => ParseResult<T>;
  format: (value: T) => string;
  valid: (value: unknown) => boolean;
}): Field<T> {
  return {
    kind: 'custom',
    ...spec,
    equals: (a, b) => spec.format(a) === spec.format(b),
  };
}
