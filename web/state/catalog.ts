/**
 * The initializers the explorer offers: core's registry (names, parameter tables, defaults,
 * validation), including the article's video presets. One spelling everywhere: the URL value
 * is the core name.
 *
 * Parameters shown and accepted in the URL are core's, minus `seed` (each section has one seed
 * field, passed to core's `initMatrix(config, n, n, seed)`: the registry's seeding rule) and the
 * LSTM-only `gates`/`gateAxis`. Fixed shapes (Fibonacci: 2 x 2) are the registry's.
 */

import {
  ConfigError,
  type EnumParam,
  type InitConfigInput,
  type IntParam,
  type NumberParam,
  type ParamSpec,
  getInitializer,
  listInitializers,
} from '../../src/core/index.js';

/**
 * A parameter the explorer offers: core's own spec, with the web's bound layered on top of an
 * unbounded numeric range (so a URL cannot ask for 1e300). Parsing and validation are core's
 * (`parseParamValue`); the label is the core doc line.
 */
export interface InitParam {
  readonly key: string;
  readonly label: string;
  readonly spec: NumberParam | IntParam | EnumParam;
}

export interface InitEntry {
  readonly name: string;
  readonly label: string;
  readonly params: readonly InitParam[];
  readonly random: boolean;
  /** Only defined for one size (the registry's fixed shape: 2 for Fibonacci); null when any n works. */
  readonly fixedSize: number | null;
  /** The core config (without seed) this entry and its parameters stand for. */
  toConfig(params: Readonly<Record<string, number | string>>): InitConfigInput;
}

/** Parameters the web does not expose (see the module comment). */
const HIDDEN = new Set(['seed', 'gates', 'gateAxis']);
/** Bound for otherwise unbounded numeric parameters, so a URL cannot ask for 1e300. */
const WEB_BOUND = 1e6;

/** Core's spec with the web bound where core leaves a side open; null for kinds the web does not offer. */
function webSpec(p: ParamSpec): InitParam['spec'] | null {
  switch (p.kind) {
    case 'enum':
      return p;
    case 'number':
    case 'int':
      return { ...p, min: p.min ?? -WEB_BOUND, max: p.max ?? WEB_BOUND };
    default:
      return null;
  }
}

function fromCore(): InitEntry[] {
  return listInitializers().map((info) => {
    const params: InitParam[] = [];
    for (const [key, p] of Object.entries(info.params)) {
      const spec = webSpec(p);
      if (HIDDEN.has(key) || spec === null) continue;
      params.push({ key, label: p.doc, spec });
    }
    const name = info.name;
    return {
      name,
      label: info.doc,
      params,
      random: info.random,
      fixedSize: info.fixedShape?.[0] ?? null,
      toConfig: (p) => ({ name, ...p }),
    };
  });
}

/** The article's three videos first, in its order; then core's registry order. */
const ARTICLE_FIRST = ['vanishing', 'exploding', 'orthogonal'];

export const CATALOG: readonly InitEntry[] = (() => {
  const all = fromCore();
  const first = ARTICLE_FIRST.flatMap((n) => all.filter((e) => e.name === n));
  return [...first, ...all.filter((e) => !ARTICLE_FIRST.includes(e.name))];
})();

const BY_NAME = new Map(CATALOG.map((e) => [e.name, e]));

export function initEntry(name: string): InitEntry | undefined {
  return BY_NAME.get(name);
}

/**
 * Why `name(params)` is not acceptable (core's own message for cross-parameter rules such as
 * minval <= maxval), or null when it is.
 */
export function validateWithCore(entry: InitEntry, params: Readonly<Record<string, number | string>>): string | null {
  try {
    getInitializer(entry.toConfig(params));
    return null;
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
}
