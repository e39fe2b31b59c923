/**
 * Initializer specs in the URL: `name` or `name(key=value,key=value)`, e.g.
 * `orthogonal(gain=1.1)` or `varianceScaling(distribution=uniform,mode=fan_avg,scale=2)`.
 * A list of specs is written comma-separated at the top level:
 * `vanishing,exploding,orthogonal(gain=1.1)`. Parameters are checked against the catalog
 * (known key, value in range); the canonical form sorts keys, so equal specs format equally.
 */

import {
  ConfigError,
  type InitConfigInput,
  describeParam,
  parseInitSpecSyntax,
  isParamValue,
  splitInitList,
} from '../../src/core/index.js';
import { initEntry, validateWithCore } from './catalog.js';
import { type Field, custom, formatNumber } from './fields.js';

export interface InitRef {
  readonly name: string;
  readonly params: Readonly<Record<string, number | string>>;
}

/** Why `spec` is not acceptable, or null when it is. Ranges are the catalog's; cross-parameter rules core's. */
export function checkInitRef(spec: InitRef): string | null {
  const entry = initEntry(spec.name);
  if (!entry) return `unknown initializer "${spec.name}"`;
  for (const [key, value] of Object.entries(spec.params)) {
    const p = entry.params.find((q) => q.key === key);
    if (!p) {
      const keys = entry.params.map((q) => q.key);
      return `${spec.name} has no parameter "${key}"${keys.length ? ` (it takes ${keys.join(', ')})` : ' (it takes none)'}`;
    }
    // Core's spec decides; the URL keeps canonical values only (no aliases, numbers as numbers).
    if (!isParamValue(p.spec, value)) return `${spec.name}: ${key} must be ${describeParam(p.spec)}`;
  }
  return validateWithCore(entry, spec.params);
}

/**
 * Parses one spec with core's grammar (the CLI's `--init` spelling); returns an error phrase
 * instead of throwing. Then the catalog's UI rules apply (known name, parameters and ranges).
 */
export function parseInitRef(raw: string): InitRef | string {
  let config: InitConfigInput;
  try {
    config = parseInitSpecSyntax(raw);
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
  const { name, ...rest } = config;
  const params: Record<string, number | string> = {};
  // -0 is written as 0 so that equal specs format equally.
  for (const [k, v] of Object.entries(rest)) params[k] = v === 0 ? 0 : (v as number | string);
  const spec: InitRef = { name, params };
  return checkInitRef(spec) ?? spec;
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

function isSpec(v: unknown): v is InitRef {
  if (v === null || typeof v !== 'object') return false;
  const s = v as InitRef;
  if (typeof s.name !== 'string' || s.params === null || typeof s.params !== 'object') return false;
  return checkInitRef(s) === null;
}

/** A schema field holding one initializer spec. */
export function initRefField(def: InitRef, label: string): Field<InitRef> {
  return custom<InitRef>({
    default: def,
    label,
    allowed: 'an initializer like orthogonal or orthogonal(gain=1.1)',
    parse(raw) {
      const r = parseInitRef(raw);
      return typeof r === 'string' ? { ok: false, reason: r } : { ok: true, value: r };
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
    parse(raw) {
      const parts = splitTopLevel(raw);
      if (parts.length < 1 || parts.length > maxCount)
        return { ok: false, reason: `${parts.length} initializers given` };
      const specs: InitRef[] = [];
      for (const p of parts) {
        const r = parseInitRef(p);
        if (typeof r === 'string') return { ok: false, reason: r };
        specs.push(r);
      }
      return { ok: true, value: specs };
    },
    format: (v) => v.map(formatInitRef).join(','),
    valid: (v) => Array.isArray(v) && v.length >= 1 && v.length <= maxCount && v.every(isSpec),
  });
}
