/**
 * THE parameter dialect of ortholab: one `ParamSpec` describes a typed field (kind, default,
 * range, allowed values, documentation) wherever a table of fields exists: initializer
 * parameters (init/registry.ts), the training config (rnn/config.ts), the CLI's option table
 * (src/cli/commands.ts) and the explorer's URL fields (web/state/fields.ts). Each layer adds only
 * what is its own on top (CLI: flag letters and placeholders; explorer: labels and slider ranges),
 * and parses through `parseParamValue`, so a bound or an allowed value is declared once and worded
 * the same everywhere ("a finite number > 0 and <= 1").
 *
 * Parsing is total: `parseParamValue` never throws; it returns the value or the phrase saying what
 * is allowed. Strings are read as decimals (`parseNumberLike`: no hex, no empty string), so a
 * command line, a URL and a JSON file that say the same thing give the same value.
 */

import { fmt } from './errors.js';

interface SpecBase {
  /** One line: what the field means. */
  readonly doc: string;
}

/** A finite real number, optionally bounded (open or closed at each end), optionally null ("none"). */
export interface NumberParam extends SpecBase {
  readonly kind: 'number';
  readonly default?: number | null;
  readonly min?: number;
  readonly max?: number;
  /** When true, `min` itself is not allowed. */
  readonly openMin?: boolean;
  /** When true, `max` itself is not allowed. */
  readonly openMax?: boolean;
  /** When true, null (written none or null) is a value: "off". */
  readonly nullable?: boolean;
}

/** A safe integer in [min, max], optionally null ("none"). */
export interface IntParam extends SpecBase {
  readonly kind: 'int';
  readonly default?: number | null;
  readonly min?: number;
  readonly max?: number;
  readonly nullable?: boolean;
}

/** One of a fixed list of names; `aliases` maps other accepted spellings to canonical values. */
export interface EnumParam<V extends string = string> extends SpecBase {
  readonly kind: 'enum';
  readonly values: readonly V[];
  readonly default?: V;
  readonly aliases?: Readonly<Record<string, V>>;
}

/**
 * A seed: any safe integer (0 is a seed). Without a default the seed is optional, and null,
 * 'none' or '' mean "no seed" (undefined).
 */
export interface SeedParam extends SpecBase {
  readonly kind: 'seed';
  readonly default?: number;
}

/** true / false (also the strings true, false, 1, 0). */
export interface BooleanParam extends SpecBase {
  readonly kind: 'boolean';
  readonly default?: boolean;
}

/** Free text (a path, a name the caller validates itself). */
export interface StringParam extends SpecBase {
  readonly kind: 'string';
  readonly default?: string;
}

export type ParamSpec = NumberParam | IntParam | EnumParam | SeedParam | BooleanParam | StringParam;

/** A table of named fields. */
export type ParamTable = Readonly<Record<string, ParamSpec>>;

/** The value type a spec parses to. */
export type ParamValue<S> = S extends { readonly kind: 'enum'; readonly values: readonly (infer V)[] }
  ? V
  : S extends { readonly kind: 'seed'; readonly default: number }
    ? number
    : S extends { readonly kind: 'seed' }
      ? number | undefined
      : S extends { readonly kind: 'boolean' }
        ? boolean
        : S extends { readonly kind: 'string' }
          ? string
          : S extends { readonly nullable: true }
            ? number | null
            : number;

/** The values of a whole table, typed field by field. */
export type ParamValues<T extends ParamTable> = { -readonly [K in keyof T]: ParamValue<T[K]> };

/** A parsed value, or what is allowed (a phrase that completes "must be ..."). */
export type ParamOutcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly allowed: string };

const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * Parses a number from a JS number or a decimal string (surrounding spaces ignored; also inf,
 * -inf); NaN when it is neither. Hexadecimal, empty strings and other text are NaN.
 */
export function parseNumberLike(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const s = v.trim();
    if (NUMBER_RE.test(s)) return Number(s);
    const lower = s.toLowerCase();
    if (lower === 'inf' || lower === 'infinity' || lower === '+inf') return Number.POSITIVE_INFINITY;
    if (lower === '-inf' || lower === '-infinity') return Number.NEGATIVE_INFINITY;
  }
  return Number.NaN;
}

function bounds(spec: NumberParam | IntParam): string {
  const open = (k: 'openMin' | 'openMax') => spec.kind === 'number' && spec[k] === true;
  const lo = spec.min === undefined ? '' : `${open('openMin') ? '>' : '>='} ${fmt(spec.min)}`;
  const hi = spec.max === undefined ? '' : `${open('openMax') ? '<' : '<='} ${fmt(spec.max)}`;
  return [lo, hi].filter((s) => s !== '').join(' and ');
}

/** What `spec` allows, as a phrase completing "must be ...": "an integer >= 1 or none". */
export function describeParam(spec: ParamSpec): string {
  switch (spec.kind) {
    case 'number':
    case 'int': {
      const range = bounds(spec);
      const what = spec.kind === 'int' ? 'an integer' : 'a finite number';
      return `${what}${range ? ` ${range}` : ''}${spec.nullable === true ? ' or none' : ''}`;
    }
    case 'enum':
      return `one of ${spec.values.map((v) => `'${v}'`).join(', ')}`;
    case 'seed':
      return spec.default === undefined
        ? 'an integer seed (0 is a seed) or null for none'
        : 'an integer seed between -(2^53 - 1) and 2^53 - 1 (0 is a seed)';
    case 'boolean':
      return 'true or false';
    case 'string':
      return 'a text';
  }
}

function inRange(spec: NumberParam | IntParam, x: number): boolean {
  const openMin = spec.kind === 'number' && spec.openMin === true;
  const openMax = spec.kind === 'number' && spec.openMax === true;
  if (spec.min !== undefined && (openMin ? x <= spec.min : x < spec.min)) return false;
  if (spec.max !== undefined && (openMax ? x >= spec.max : x > spec.max)) return false;
  return true;
}

const isNone = (raw: unknown) => raw === null || raw === 'none' || raw === 'null';

/**
 * Parses `raw` (a JS value, or text from a command line, URL or file) against `spec`. An absent
 * value (undefined) gives the default; with no default, undefined is allowed only for seeds (no
 * seed) and otherwise reported as missing. An explicit 0 is kept. Never throws.
 */
export function parseParamValue<S extends ParamSpec>(spec: S, raw: unknown): ParamOutcome<ParamValue<S>>;
export function parseParamValue(spec: ParamSpec, raw: unknown): ParamOutcome<unknown> {
  const allowed = describeParam(spec);
  const fail = { ok: false, allowed } as const;
  if (raw === undefined) {
    if (spec.default !== undefined) return { ok: true, value: spec.default };
    return spec.kind === 'seed' ? { ok: true, value: undefined } : fail;
  }
  switch (spec.kind) {
    case 'seed': {
      if (spec.default === undefined && (isNone(raw) || raw === '')) return { ok: true, value: undefined };
      const n = parseNumberLike(raw);
      return Number.isSafeInteger(n) ? { ok: true, value: n } : fail;
    }
    case 'enum': {
      if (typeof raw !== 'string') return fail;
      if (spec.values.includes(raw)) return { ok: true, value: raw };
      const alias = spec.aliases?.[raw];
      return alias === undefined ? fail : { ok: true, value: alias };
    }
    case 'boolean':
      if (raw === true || raw === 'true' || raw === '1') return { ok: true, value: true };
      if (raw === false || raw === 'false' || raw === '0') return { ok: true, value: false };
      return fail;
    case 'string':
      return typeof raw === 'string' ? { ok: true, value: raw } : fail;
    case 'number':
    case 'int': {
      if (spec.nullable === true && isNone(raw)) return { ok: true, value: null };
      const n = parseNumberLike(raw);
      if (!Number.isFinite(n) || (spec.kind === 'int' && !Number.isSafeInteger(n)) || !inRange(spec, n)) return fail;
      // -0 and 0 are one value (a serialized config must read back the same).
      return { ok: true, value: n === 0 ? 0 : n };
    }
  }
}

/** True when `value` is one `spec` could have parsed (validates programmatic updates). */
export function isParamValue(spec: ParamSpec, value: unknown): boolean {
  if (value === undefined) return spec.kind === 'seed' && spec.default === undefined;
  switch (spec.kind) {
    case 'number':
    case 'int':
      if (value === null) return spec.nullable === true;
      return typeof value === 'number' && parseParamValue(spec, value).ok;
    case 'enum':
      return typeof value === 'string' && spec.values.includes(value);
    case 'seed':
      return typeof value === 'number' && Number.isSafeInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'string':
      return typeof value === 'string';
  }
}

/** The default of `spec` (undefined when it has none). */
export function paramDefault<S extends ParamSpec>(spec: S): ParamValue<S> | undefined;
export function paramDefault(spec: ParamSpec): unknown {
  return spec.default;
}
