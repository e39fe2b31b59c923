/**
 * Initializer specs in the URL: `name` or `name(key=value,key=value)`, e.g.
 * `orthogonal(gain=1.1)` or `varianceScaling(distribution=uniform,mode=fan_avg,scale=2)`.
 * A list of specs is written comma-separated at the top level:
 * `vanishing,exploding,orthogonal(gain=1.1)`. Parameters are checked against the catalog
 * (known key, value in range); the canonical form sorts keys, so equal specs format equally.
 */

import {
  ConfigError,
  type InitSpecSyntax,
  isRecord,
  isRecordOf,
  parseInitSpecSyntax,
  isParamValue,
  splitInitList,
} from '../../src/core/index.js';
import { initEntry, validateWithCore } from './catalog.js';
import { en } from '../i18n/en.js';
import type { Msg } from '../i18n/index.js';
import { type Field, custom, formatNumber } from './fields.js';

export interface InitRef {
  readonly name: string;
  readonly params: Readonly<Record<string, number | string>>;
}

/**
 * Why `spec` is not acceptable (in words, in the reader's language), or null when it is.
 * Ranges are the catalog's; cross-parameter rules core's (whose message is quoted as is).
 */
export function checkInitRef(spec: InitRef): Msg | null {
  const entry = initEntry(spec.name);
  if (!entry) return (m) => m.initspec.unknown(spec.name);
  for (const [key, value] of Object.entries(spec.params)) {
    const p = entry.params.find((q) => q.key === key);
    if (!p) {
      const keys = entry.params.map((q) => q.key).join(', ');
      return (m) => m.initspec.noParam(spec.name, key, keys);
    }
    // Core's spec decides; the URL keeps canonical values only (no aliases, numbers as numbers).
    if (!isParamValue(p.spec, value)) {
      const ps = p.spec;
      if (ps.kind === 'enum') {
        const options = ps.values.join(', ');
        return (m) => m.initspec.oneOf(spec.name, key, options);
      }
      const min = String(ps.min);
      const max = String(ps.max);
      return (m) => m.initspec.range(spec.name, key, ps.kind === 'int', min, max);
    }
  }
  const core = validateWithCore(entry, spec.params);
  return core === null ? null : (m) => m.initspec.core(core);
}

/**
 * Parses one spec with core's grammar (the CLI's `--init` spelling); returns what is wrong, in
 * words, instead of throwing. Then the catalog's UI rules apply (known name, parameters, ranges).
 */
export function parseInitRefText(raw: string): InitRef | Msg {
  let config: InitSpecSyntax;
  try {
    config = parseInitSpecSyntax(raw);
  } catch (e) {
    if (e instanceof ConfigError) {
      const core = e.message;
      return (m) => m.initspec.core(core);
    }
    throw e;
  }
  const { name, ...rest } = config;
  const params: Record<string, number | string> = {};
  // -0 is written as 0 so that equal specs format equally.
  for (const [k, v] of Object.entries(rest)) params[k] = v === 0 ? 0 : v;
  const spec: InitRef = { name, params };
  return checkInitRef(spec) ?? spec;
}

/** `parseInitRefText` with the problem in English (for the CLI-facing tests and tools). */
export function parseInitRef(raw: string): InitRef | string {
  const r = parseInitRefText(raw);
  return typeof r === 'function' ? r(en) : r;
}

export function formatInitRef(spec: InitRef): string {
  const keys = Object.keys(spec.params).sort();
  if (keys.length === 0) return spec.name;
  const body = keys.map((k) => {
    const v = spec.params[k];
    return `${k}=${typeof v === 'number' ? formatNumber(v) : v}`;
  });
  return `${spec.name}(${body.join(',')})`;
}

/** Splits on commas that are not inside parentheses (core's `splitInitList`). */
export const splitTopLevel = splitInitList;

const isParamScalar = (x: unknown): x is number | string => typeof x === 'number' || typeof x === 'string';

function isSpec(v: unknown): v is InitRef {
  if (!isRecord(v)) return false;
  const { name, params } = v;
  if (typeof name !== 'string' || !isRecordOf(params, isParamScalar)) return false;
  return checkInitRef({ name, params }) === null;
}

/** A schema field holding one initializer spec. */
export function initRefField(def: InitRef, label: string): Field<InitRef> {
  return custom<InitRef>({
    default: def,
    label,
    allowed: 'an initializer like orthogonal or orthogonal(gain=1.1)',
    allowedText: (m) => m.allowed.init,
    parse(raw) {
      const r = parseInitRefText(raw);
      return typeof r === 'function' ? { ok: false, reason: r } : { ok: true, value: r };
    },
    format: formatInitRef,
    valid: isSpec,
  });
}

/** A schema field holding 1..maxCount initializer specs (e.g. the video panels). */
export function initListField(def: readonly InitRef[], maxCount: number, label: string): Field<readonly InitRef[]> {
  return custom<readonly InitRef[]>({
    default: def,
    label,
    allowed: `1 to ${maxCount} initializers separated by commas, like vanishing,orthogonal(gain=1.1)`,
    allowedText: (m) => m.allowed.initList(maxCount),
    parse(raw) {
      const parts = splitTopLevel(raw);
      if (parts.length < 1 || parts.length > maxCount)
        return { ok: false, reason: (m) => m.initspec.count(parts.length) };
      const specs: InitRef[] = [];
      for (const p of parts) {
        const r = parseInitRefText(p);
        if (typeof r === 'function') return { ok: false, reason: r };
        specs.push(r);
      }
      return { ok: true, value: specs };
    },
    format: (v) => v.map(formatInitRef).join(','),
    valid: (v) => Array.isArray(v) && v.length >= 1 && v.length <= maxCount && v.every(isSpec),
  });
}
