/**
 * Initializer parameters in core's one parameter dialect (../params.ts): the registry declares
 * each initializer's table, and `parseParams` reads a raw config against it with messages that
 * name the initializer and the parameter.
 */

import { ConfigError, fmt } from '../errors.js';
import { type ParamTable, type ParamValues, parseParamValue } from '../params.js';

function shown(got: unknown): string {
  return typeof got === 'string' ? `'${got}'` : typeof got === 'number' ? fmt(got) : JSON.stringify(got);
}

/**
 * Parses every parameter of `table` from `raw` (absent ones take their defaults; an absent
 * optional seed stays undefined), rejecting keys the table does not know. `name` is the config's
 * own key and is skipped. Throws ConfigError naming the owner, the parameter and what is allowed.
 */
export function parseParams<T extends ParamTable>(
  owner: string,
  table: T,
  raw: Readonly<Record<string, unknown>>,
): ParamValues<T> {
  for (const key of Object.keys(raw)) {
    if (key === 'name' || Object.hasOwn(table, key)) continue;
    const allowed = Object.keys(table);
    throw new ConfigError(
      `${owner}: unknown parameter '${key}'. ${allowed.length ? `Allowed: ${allowed.join(', ')}.` : 'It takes no parameters.'}`,
    );
  }
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(table)) {
    const r = parseParamValue(spec, raw[key]);
    if (!r.ok) throw new ConfigError(`${owner}: parameter '${key}' must be ${r.allowed}, got ${shown(raw[key])}.`);
    out[key] = r.value;
  }
  // Every key of the table was parsed by its own spec above, so this is ParamValues<T>.
  return out as ParamValues<T>;
}
