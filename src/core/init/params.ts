/**
 * Typed parameter tables for initializers: one declaration drives parsing (from JS values,
 * CLI strings or URL strings), defaults, validation messages and `serialize`.
 */

import { ConfigError, fmt } from '../errors.js';

export type ParamSpec =
  | {
      readonly kind: 'number';
      readonly default: number;
      readonly min?: number;
      readonly max?: number;
      /** When true, `min` itself is not allowed. */
      readonly exclusiveMin?: boolean;
      readonly doc: string;
    }
  | {
      readonly kind: 'int';
      readonly default: number;
      readonly min?: number;
      readonly max?: number;
      readonly doc: string;
    }
  | {
      readonly kind: 'enum';
      readonly default: string;
      readonly values: readonly string[];
      /** Other accepted spellings (Keras snake_case, TF.js names) mapped to canonical values. */
      readonly aliases?: Readonly<Record<string, string>>;
      readonly doc: string;
    }
  | { readonly kind: 'seed'; readonly doc: string };

export type ParamTable = Readonly<Record<string, ParamSpec>>;

export type ParamValues = Record<string, number | string | undefined>;

const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** Parses a number from a JS number or a decimal string; returns NaN when it is neither. */
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

function describe(spec: ParamSpec): string {
  switch (spec.kind) {
    case 'number':
    case 'int': {
      const lo =
        spec.min === undefined ? '' : `${spec.kind === 'number' && spec.exclusiveMin ? '>' : '>='} ${fmt(spec.min)}`;
      const hi = spec.max === undefined ? '' : `<= ${fmt(spec.max)}`;
      const range = [lo, hi].filter(Boolean).join(' and ');
      return `${spec.kind === 'int' ? 'an integer' : 'a finite number'}${range ? ` ${range}` : ''}`;
    }
    case 'enum':
      return `one of ${spec.values.map((v) => `'${v}'`).join(', ')}`;
    case 'seed':
      return 'an integer seed (0 is a seed) or null for none';
  }
}

/**
 * Parses `raw[key]` against `spec`. `undefined` gives the default (seeds: undefined). An
 * explicit 0 is kept. Throws ConfigError naming the initializer, parameter and what is allowed.
 */
export function parseParam(owner: string, key: string, spec: ParamSpec, raw: unknown): number | string | undefined {
  const bad = (got: unknown): never => {
    const shown = typeof got === 'string' ? `'${got}'` : typeof got === 'number' ? fmt(got) : JSON.stringify(got);
    throw new ConfigError(`${owner}: parameter '${key}' must be ${describe(spec)}, got ${shown}.`);
  };
  if (raw === undefined) return spec.kind === 'seed' ? undefined : spec.default;
  switch (spec.kind) {
    case 'seed': {
      if (raw === null || raw === 'null' || raw === 'none' || raw === '') return undefined;
      const n = parseNumberLike(raw);
      if (!Number.isSafeInteger(n)) bad(raw);
      return n;
    }
    case 'enum': {
      if (typeof raw !== 'string') bad(raw);
      const s = raw as string;
      if (spec.values.includes(s)) return s;
      const alias = spec.aliases?.[s];
      if (alias !== undefined) return alias;
      return bad(raw);
    }
    case 'number':
    case 'int': {
      const n = parseNumberLike(raw);
      if (!Number.isFinite(n)) bad(raw);
      if (spec.kind === 'int' && !Number.isInteger(n)) bad(raw);
      if (spec.min !== undefined) {
        const exclusive = spec.kind === 'number' && spec.exclusiveMin === true;
        if (exclusive ? n <= spec.min : n < spec.min) bad(raw);
      }
      if (spec.max !== undefined && n > spec.max) bad(raw);
      return n;
    }
  }
}

/** Parses every parameter of `table` from `raw`, rejecting keys the table does not know. */
export function parseParams(owner: string, table: ParamTable, raw: Readonly<Record<string, unknown>>): ParamValues {
  const out: ParamValues = {};
  for (const key of Object.keys(raw)) {
    if (key === 'name') continue;
    if (!(key in table)) {
      const allowed = Object.keys(table);
      throw new ConfigError(
        `${owner}: unknown parameter '${key}'. ${allowed.length ? `Allowed: ${allowed.join(', ')}.` : 'It takes no parameters.'}`,
      );
    }
  }
  for (const [key, spec] of Object.entries(table)) out[key] = parseParam(owner, key, spec, raw[key]);
  return out;
}
