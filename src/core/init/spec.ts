/**
 * Initializer specs as one-line text, the spelling shared by the CLI (`--init`) and the
 * explorer's URL: `name` or `name(key=value,key=value)`, e.g. `orthogonal(gain=1.1)` or
 * `varianceScaling(mode=fan_avg,scale=2)`. A list is comma-separated at the top level:
 * `vanishing,exploding,orthogonal(gain=1.1)`. Values are numbers (`parseNumberLike`) or names;
 * validation (known parameter, range, cross-parameter rules) is the registry's.
 */

import { ConfigError } from '../errors.js';
import { parseNumberLike } from '../params.js';
import { type InitConfig, type InitConfigInput, getInitializer, listInitializers } from './registry.js';

const NAME_RE = /^[A-Za-z][A-Za-z0-9_]{0,40}$/;
const SPEC_RE = /^\s*([A-Za-z][A-Za-z0-9_]{0,40})\s*(?:\(([^()]*)\))?\s*$/;

/** Every name an `--init` value may start with: registry names and their aliases. */
export function initSpecNames(): string[] {
  const names: string[] = [];
  for (const info of listInitializers()) names.push(info.name, ...info.aliases);
  return names;
}

/** Splits on commas outside parentheses: `a,b(x=1,y=2)` -> ['a', 'b(x=1,y=2)']. Empty parts are kept. */
export function splitInitList(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      out.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(text.slice(start).trim());
  return out;
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

/**
 * Parses one spec into a registry config and validates it with
 * `getInitializer`. Throws ConfigError saying what was wrong and what the syntax is.
 */
export function parseInitSpec(text: string): InitConfigInput {
  const config = parseInitSpecSyntax(text);
  getInitializer(config);
  return config;
}

/** What the spec grammar yields: the name and each parameter as a number or a bare name. */
export type InitSpecSyntax = { readonly name: string; readonly [param: string]: number | string };

/**
 * The grammar alone: `name` or `name(key=value,...)` into `{name, ...params}` with numbers
 * parsed, without checking the name or parameters against the registry (callers with their
 * own, narrower rules, such as the explorer's URL catalog, check afterwards).
 */
export function parseInitSpecSyntax(text: string): InitSpecSyntax {
  const m = SPEC_RE.exec(text);
  if (!m) {
    throw new ConfigError(
      `'${clip(text)}' is not an initializer spec; write a name such as orthogonal, or name(key=value,...) such as orthogonal(gain=1.1).`,
    );
  }
  const name = m[1]!; // group 1 is not optional in SPEC_RE
  const params: Record<string, number | string> = {};
  if (m[2] !== undefined && m[2].trim() !== '') {
    for (const raw of m[2].split(',')) {
      const part = raw.trim();
      const eq = part.indexOf('=');
      const key = part.slice(0, eq).trim();
      const value = part.slice(eq + 1).trim();
      if (eq < 1 || !NAME_RE.test(key)) {
        throw new ConfigError(`In '${clip(text)}': '${clip(part)}' is not key=value (e.g. gain=1.1).`);
      }
      if (Object.hasOwn(params, key)) throw new ConfigError(`In '${clip(text)}': parameter '${key}' is given twice.`);
      const x = parseNumberLike(value);
      if (!Number.isNaN(x)) params[key] = x;
      else if (NAME_RE.test(value)) params[key] = value;
      else throw new ConfigError(`In '${clip(text)}': '${clip(value)}' is neither a number nor a name.`);
    }
  }
  return { name, ...params };
}

/** Parses a comma-separated list of specs (at least one). */
export function parseInitList(text: string): InitConfigInput[] {
  const parts = splitInitList(text);
  if (parts.some((p) => p === '')) {
    throw new ConfigError(`'${clip(text)}' has an empty entry; separate initializers with single commas.`);
  }
  return parts.map(parseInitSpec);
}

/** The spec text of a config: `name` or `name(key=value,...)` with keys sorted; parses back to it. */
export function formatInitSpec(config: InitConfig | InitConfigInput): string {
  const params = Object.entries(config)
    .filter(([k, v]) => k !== 'name' && v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (params.length === 0) return config.name;
  return `${config.name}(${params.map(([k, v]) => `${k}=${String(v)}`).join(',')})`;
}
