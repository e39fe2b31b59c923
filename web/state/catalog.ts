/**
 * The initializers the explorer offers: core's registry (names, parameter tables, defaults,
 * validation), including the article's video presets. One spelling everywhere: the URL value
 * is the core name.
 *
 * Parameters shown and accepted in the URL are core's, minus `seed` (each section has one seed
 * field, passed to core's `initMatrix(config, n, n, seed)`: the registry's seeding rule) and the
 * LSTM-only `gates`/`gateAxis`. Fixed shapes (Fibonacci: 2 x 2) are the registry's.
 */

import { ConfigError, type InitConfig, getInitializer, listInitializers } from '../../src/core/index.js';

export interface InitParam {
  readonly key: string;
  readonly label: string;
  readonly kind: 'num' | 'int' | 'choice';
  readonly default: number | string;
  readonly min?: number;
  readonly max?: number;
  readonly options?: readonly string[];
}

export interface InitEntry {
  readonly name: string;
  readonly label: string;
  readonly params: readonly InitParam[];
  readonly random: boolean;
  /** Only defined for one size (the registry's fixed shape: 2 for Fibonacci); null when any n works. */
  readonly fixedSize: number | null;
  /** The core config (without seed) this entry and its parameters stand for. */
  toConfig(params: Readonly<Record<string, number | string>>): InitConfig;
}

/** Parameters the web does not expose (see the module comment). */
const HIDDEN = new Set(['seed', 'gates', 'gateAxis']);
/** Bound for otherwise unbounded numeric parameters, so a URL cannot ask for 1e300. */
const WEB_BOUND = 1e6;

function fromCore(): InitEntry[] {
  return listInitializers().map((info) => {
    const params: InitParam[] = [];
    for (const [key, p] of Object.entries(info.params)) {
      if (HIDDEN.has(key) || p.kind === 'seed') continue;
      if (p.kind === 'enum') {
        params.push({ key, label: p.doc, kind: 'choice', default: p.default, options: p.values });
      } else {
        params.push({
          key,
          label: p.doc,
          kind: p.kind === 'int' ? 'int' : 'num',
          default: p.default,
          min: p.min ?? -WEB_BOUND,
          max: p.max ?? WEB_BOUND,
        });
      }
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
