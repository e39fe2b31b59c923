/**
 * The initializer registry: one typed table drives construction, parsing, defaults, aliases,
 * listing and `serialize`. Names are camelCase (TF.js spelling) everywhere in ortholab: API,
 * CLI values, URL values and serialized configs. Keras snake_case ('glorot_uniform') and class
 * names ('GlorotUniform') are accepted on input as aliases.
 *
 * The seeding rule (one rule for every entry point: library, CLI, explorer, TF.js adapter,
 * dynamics comparison, RNN training): `draw(config, shape, seed)` gives
 * `values(params, shape, createRng(s))`, where s is the config's own `seed` when it has one (the
 * spec's seed wins, as in Keras) and the `seed` argument otherwise (0 is a seed). Same spec, seed
 * and shape, same bits. A random initializer with neither throws: ortholab has no ambient
 * randomness. Initializers defined for one shape only declare it (`fixedShape`: the Fibonacci
 * matrix is 2 x 2), so callers ask the registry instead of special-casing names.
 */

import { ConfigError } from '../errors.js';
import type { Matrix } from '../linalg/index.js';
import { type Rng, createRng } from '../random/index.js';
import { spectralRadiusValues } from './article.js';
import { constantValues, randomNormalValues, randomUniformValues, truncatedNormalValues } from './basic.js';
import { checkShape } from './fans.js';
import { type GateAxis, orthogonalValues } from './orthogonal.js';
import type { EnumParam, ParamTable, ParamValue, ParamValues } from '../params.js';
import { parseParams } from './params.js';
import { fibonacciValues, henaffValues, identityValues, require2d, rotationValues, shearValues } from './structured.js';
import { type FanMode, type ScalingDistribution, varianceScalingValues } from './varianceScaling.js';

/**
 * The initializer entry for a parameter table P: its parameters parsed to `ParamValues<P>`, so
 * `values` and `check` read typed values (no casts). Methods, not function properties, so every
 * entry fits `InitSpec` (the registry's erased view).
 */
export interface InitSpec<P extends ParamTable = ParamTable> {
  readonly doc: string;
  readonly params: P;
  readonly random: boolean;
  /** Cross-parameter checks beyond the table (e.g. minval <= maxval). */
  check?(p: ParamValues<P>, owner: string): void;
  /** The only shape this initializer is defined for; absent when any (valid) shape works. */
  readonly fixedShape?: readonly number[];
  values(p: ParamValues<P>, shape: readonly number[], rng: Rng): Float64Array;
}

/** Declares one registry entry, inferring its parameter table (so `p` is typed in `values`). */
function entry<const P extends ParamTable>(spec: InitSpec<P>): InitSpec<P> {
  return spec;
}

const SEED = { kind: 'seed', doc: 'seed for this initializer; omit to draw from the rng passed in' } as const;
const GAIN = { kind: 'number', default: 1, doc: 'multiplier applied to the result' } as const;

const MODE = {
  kind: 'enum',
  default: 'fanIn',
  values: ['fanIn', 'fanOut', 'fanAvg'],
  aliases: { fan_in: 'fanIn', fan_out: 'fanOut', fan_avg: 'fanAvg' },
  doc: 'which fan divides the scale',
} as const satisfies EnumParam<FanMode>;

const DISTRIBUTION = {
  kind: 'enum',
  default: 'truncatedNormal',
  values: ['truncatedNormal', 'untruncatedNormal', 'uniform'],
  // Keras 2 and TF.js call the truncated normal 'normal'.
  aliases: { truncated_normal: 'truncatedNormal', untruncated_normal: 'untruncatedNormal', normal: 'truncatedNormal' },
  doc: 'distribution of the draws',
} as const satisfies EnumParam<ScalingDistribution>;

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

function preset(scale: number, mode: FanMode, distribution: ScalingDistribution, doc: string) {
  return entry({
    doc,
    params: { seed: SEED },
    random: true,
    values: (_p, shape, rng) => varianceScalingValues(shape, rng, scale, mode, distribution),
  });
}

export const INITIALIZERS = {
  zeros: entry({ doc: 'all zeros', params: {}, random: false, values: (_p, s) => new Float64Array(size(s)) }),
  ones: entry({ doc: 'all ones', params: {}, random: false, values: (_p, s) => constantValues(size(s), 1) }),
  constant: entry({
    doc: 'every entry equal to value',
    params: { value: { kind: 'number', default: 0, doc: 'the constant' } },
    random: false,
    values: (p, s) => constantValues(size(s), p.value),
  }),
  randomUniform: entry({
    doc: 'iid uniform on [minval, maxval)',
    params: {
      minval: { kind: 'number', default: -0.05, doc: 'lower bound' },
      maxval: { kind: 'number', default: 0.05, doc: 'upper bound' },
      seed: SEED,
    },
    random: true,
    check: (p, owner) => {
      if (p.minval > p.maxval) {
        throw new ConfigError(`${owner}: minval (${p.minval}) must not exceed maxval (${p.maxval}).`);
      }
    },
    values: (p, s, rng) => randomUniformValues(size(s), rng, p.minval, p.maxval),
  }),
  randomNormal: entry({
    doc: 'iid normal N(mean, stddev²)',
    params: {
      mean: { kind: 'number', default: 0, doc: 'mean' },
      stddev: { kind: 'number', default: 0.05, min: 0, doc: 'standard deviation' },
      seed: SEED,
    },
    random: true,
    values: (p, s, rng) => randomNormalValues(size(s), rng, p.mean, p.stddev),
  }),
  truncatedNormal: entry({
    doc: 'normal N(mean, stddev²) re-drawn outside mean ± 2·stddev',
    params: {
      mean: { kind: 'number', default: 0, doc: 'mean' },
      stddev: { kind: 'number', default: 0.05, min: 0, doc: 'standard deviation before truncation' },
      seed: SEED,
    },
    random: true,
    values: (p, s, rng) => truncatedNormalValues(size(s), rng, p.mean, p.stddev),
  }),
  varianceScaling: entry({
    doc: 'variance scale/n with n from the fans (Keras VarianceScaling)',
    params: {
      scale: { kind: 'number', default: 1, min: 0, openMin: true, doc: 'variance numerator' },
      mode: MODE,
      distribution: DISTRIBUTION,
      seed: SEED,
    },
    random: true,
    values: (p, s, rng) => varianceScalingValues(s, rng, p.scale, p.mode, p.distribution),
  }),
  glorotUniform: preset(1, 'fanAvg', 'uniform', 'Glorot/Xavier uniform: varianceScaling(1, fanAvg, uniform)'),
  glorotNormal: preset(
    1,
    'fanAvg',
    'truncatedNormal',
    'Glorot/Xavier normal: varianceScaling(1, fanAvg, truncatedNormal)',
  ),
  heUniform: preset(2, 'fanIn', 'uniform', 'He uniform: varianceScaling(2, fanIn, uniform)'),
  heNormal: preset(2, 'fanIn', 'truncatedNormal', 'He normal: varianceScaling(2, fanIn, truncatedNormal)'),
  lecunUniform: preset(1, 'fanIn', 'uniform', 'LeCun uniform: varianceScaling(1, fanIn, uniform)'),
  lecunNormal: preset(1, 'fanIn', 'truncatedNormal', 'LeCun normal: varianceScaling(1, fanIn, truncatedNormal)'),
  orthogonal: entry({
    doc: 'Haar-random orthogonal (QR of a Gaussian matrix with the sign fix) times gain',
    params: {
      gain: GAIN,
      gates: { kind: 'int', default: 1, min: 1, doc: 'independent orthogonal blocks (4 for an LSTM kernel)' },
      gateAxis: {
        kind: 'enum',
        default: 'cols',
        values: ['cols', 'rows'],
        doc: "axis the gate blocks are stacked on: 'cols' for Keras (units x 4·units), 'rows' for PyTorch (4·hidden x hidden)",
      } satisfies EnumParam<GateAxis>,
      seed: SEED,
    },
    random: true,
    values: (p, s, rng) => orthogonalValues(s, rng, p.gain, p.gates, p.gateAxis),
  }),
  identity: entry({
    doc: 'gain·eye(rows, cols), any 2-D shape (Keras Identity)',
    params: { gain: GAIN },
    random: false,
    values: (p, s) => identityValues(s, p.gain),
  }),
  scaledIdentity: entry({
    doc: 'scale·I, square (the IRNN recipe of Le, Jaitly & Hinton 2015)',
    params: { scale: { kind: 'number', default: 1, doc: 'diagonal value' } },
    random: false,
    values: (p, s) => {
      require2d('scaledIdentity', s, true);
      return identityValues(s, p.scale, 'scaledIdentity');
    },
  }),
  fibonacci: entry({
    doc: "the article's Fibonacci matrix [[0, 1], [1, 1]] (shape [2, 2])",
    params: {},
    random: false,
    fixedShape: [2, 2],
    values: (_p, s) => fibonacciValues(s),
  }),
  rotation: entry({
    doc: 'block-diagonal 2x2 rotations by angle (radians); angle π/2 is the article R = [[0, 1], [-1, 0]]',
    params: { angle: { kind: 'number', default: Math.PI / 2, doc: 'rotation angle in radians' }, gain: GAIN },
    random: false,
    values: (p, s) => rotationValues(s, p.angle, p.gain),
  }),
  shear: entry({
    doc: "Jordan block: lambda on the diagonal, ones above; n = 2 is the article's shear [[1, 1], [0, 1]]",
    params: { lambda: { kind: 'number', default: 1, doc: 'the repeated eigenvalue' } },
    random: false,
    values: (p, s) => shearValues(s, p.lambda),
  }),
  henaff: entry({
    doc: 'block-diagonal 2x2 rotations with random angles (Henaff, Szlam & LeCun 2016)',
    params: { gain: GAIN, seed: SEED },
    random: true,
    values: (p, s, rng) => henaffValues(s, rng, p.gain),
  }),
  vanishing: entry({
    doc: "the article's vanishing video: dense Gaussian rescaled to spectral radius `radius` (default 0.8)",
    params: {
      radius: { kind: 'number', default: 0.8, min: 0, openMin: true, doc: 'spectral radius' },
      seed: SEED,
    },
    random: true,
    values: (p, s, rng) => spectralRadiusValues('vanishing', s, rng, p.radius),
  }),
  exploding: entry({
    doc: "the article's exploding video: dense Gaussian rescaled to spectral radius `radius` (default 1.19)",
    params: {
      radius: { kind: 'number', default: 1.19, min: 0, openMin: true, doc: 'spectral radius' },
      seed: SEED,
    },
    random: true,
    values: (p, s, rng) => spectralRadiusValues('exploding', s, rng, p.radius),
  }),
};

/** Initializer names: camelCase, the TF.js spelling, used everywhere in ortholab. */
export type InitName = keyof typeof INITIALIZERS;

/** The parameter table of initializer N. */
export type InitParamsOf<N extends InitName> = (typeof INITIALIZERS)[N]['params'];

/**
 * A serializable initializer config, discriminated by `name`: `{name: 'orthogonal', gain?: number,
 * gates?: number, gateAxis?: 'cols' | 'rows', seed?: number}` and so on, one member per
 * initializer, with each parameter's own type. Parameters left out take their defaults.
 * Canonical configs (`serialize`, `Initializer.config`) list every parameter, `seed` only when set.
 */
export type InitConfig = {
  [N in InitName]: { readonly name: N } & {
    readonly [K in keyof InitParamsOf<N>]?: Exclude<ParamValue<InitParamsOf<N>[K]>, undefined>;
  };
}[InitName];

/**
 * What the parsing entry points accept: a config of any spelling (aliases such as
 * 'glorot_uniform', parameters as numbers or numeric strings), as it comes from JSON, a CLI flag
 * or a URL. `getInitializer` validates it and returns the canonical `InitConfig`.
 */
export interface InitConfigInput {
  readonly name: string;
  readonly [param: string]: unknown;
}

function isInitName(name: string): name is InitName {
  return Object.hasOwn(INITIALIZERS, name);
}

/** Every initializer name, in registry order. */
const NAMES: readonly InitName[] = Object.keys(INITIALIZERS).filter(isInitName);

function snake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** Alias spelling -> canonical name: snake_case, PascalCase class names, Keras/TF.js extras. */
const ALIASES: ReadonlyMap<string, InitName> = (() => {
  const m = new Map<string, InitName>();
  for (const n of NAMES) {
    m.set(snake(n), n);
    m.set(n.charAt(0).toUpperCase() + n.slice(1), n);
  }
  // Keras 3 short aliases and TF.js spellings.
  const extra: Record<string, InitName> = {
    zero: 'zeros',
    one: 'ones',
    uniform: 'randomUniform',
    normal: 'randomNormal',
    leCunUniform: 'lecunUniform',
    leCunNormal: 'lecunNormal',
    LeCunUniform: 'lecunUniform',
    LeCunNormal: 'lecunNormal',
    Zeros: 'zeros',
    Ones: 'ones',
  };
  for (const [k, v] of Object.entries(extra)) m.set(k, v);
  return m;
})();

/** The canonical name for `name` or one of its aliases; ConfigError listing valid names otherwise. */
export function resolveInitName(name: unknown): InitName {
  if (typeof name === 'string') {
    if (isInitName(name)) return name;
    const a = ALIASES.get(name);
    if (a !== undefined) return a;
  }
  throw new ConfigError(
    `Unknown initializer ${JSON.stringify(name)}. Valid names: ${NAMES.join(', ')} (Keras snake_case spellings such as 'glorot_uniform' are accepted too).`,
  );
}

/** A ready-to-use initializer. */
export interface Initializer {
  readonly name: InitName;
  /** The canonical config: every parameter with its value or default; `seed` only when set. */
  readonly config: InitConfig;
  /** The config's own seed (undefined when it has none; always undefined when not random). */
  readonly seed: number | undefined;
  readonly random: boolean;
  /** The only shape this initializer is defined for (Fibonacci: [2, 2]); null when any shape works. */
  readonly fixedShape: readonly number[] | null;
  /**
   * Values for `shape` (row-major) drawn from a stream: a config with its own seed draws from
   * `createRng(config.seed)` (the seeding rule, see `draw`), otherwise from `rng`; random
   * initializers with neither throw ConfigError. For a seeded draw use `draw(init, shape, seed)`;
   * an explicit `rng` is for unseeded streams (the TF.js adapter without a seed).
   */
  values(shape: readonly number[], rng?: Rng): Float64Array;
}

/** Anything that names an initializer: a parsed Initializer, a config (any spelling) or a bare name. */
export type InitLike = Initializer | InitConfig | InitConfigInput | string;

/**
 * The canonical config of initializer `name` from its parsed parameters: every parameter, in
 * table order, `seed` only when set.
 */
function canonicalConfig<N extends InitName>(name: N, p: Readonly<Record<string, unknown>>): InitConfig {
  const out: Record<string, unknown> = { name };
  for (const [k, v] of Object.entries(p)) if (v !== undefined) out[k] = v;
  // Every key was parsed by the table of `name` (getInitializer), so this is that member.
  return out as InitConfig;
}

/** True for an object with a string `name`, the shape `getInitializer` parses (JSON, plans, URLs). */
export function isInitConfigInput(v: unknown): v is InitConfigInput {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && 'name' in v && typeof v.name === 'string';
}

/** Builds an initializer from a config object (any spelling) or a bare name. */
export function getInitializer(config: InitConfig | InitConfigInput | string): Initializer {
  const raw: InitConfigInput = typeof config === 'string' ? { name: config } : config;
  if (raw === null || typeof raw !== 'object') {
    throw new ConfigError(`An initializer config must be a name or an object {name, ...params}, got ${String(raw)}.`);
  }
  const name = resolveInitName(raw.name);
  const spec: InitSpec = INITIALIZERS[name];
  const owner = `initializer '${name}'`;
  const p = parseParams(owner, spec.params, raw);
  spec.check?.(p, owner);
  const own = p.seed;
  const seed = spec.random && typeof own === 'number' ? own : undefined;
  return {
    name,
    config: canonicalConfig(name, p),
    seed,
    random: spec.random,
    fixedShape: spec.fixedShape ?? null,
    values(shape, rng) {
      checkShape(shape, `${name}: shape`);
      if (!spec.random) return spec.values(p, shape, UNUSED_RNG);
      const source = seed !== undefined ? createRng(seed) : rng;
      if (source === undefined) {
        throw new ConfigError(
          `${owner} is random: give it a seed ({name: '${name}', seed: 1}, or the seed argument of draw).`,
        );
      }
      return spec.values(p, shape, source);
    },
  };
}

/** The stream handed to non-random initializers, which never draw from it. */
const UNUSED_RNG: Rng = createRng(0);

function isInitializer(x: InitLike): x is Initializer {
  return typeof x === 'object' && x !== null && 'values' in x && typeof x.values === 'function';
}

function asInitializer(config: InitLike): Initializer {
  return isInitializer(config) ? config : getInitializer(config);
}

/** The canonical config of an initializer (or of a config: parses and fills defaults). */
export function serialize(init: InitLike): InitConfig {
  return { ...asInitializer(init).config };
}

/**
 * The seed a draw uses: the config's own `seed` when it has one (the spec wins, as in Keras),
 * else `seed`; undefined for a non-random initializer or when neither is given.
 */
export function effectiveSeed(config: InitLike, seed?: number): number | undefined {
  const init = asInitializer(config);
  if (!init.random) return undefined;
  return init.seed ?? seed;
}

/**
 * THE seeding rule: the values (row-major) of `config` for `shape`, drawn from
 * `createRng(effectiveSeed(config, seed))`, i.e. from the config's own seed when it has one,
 * else from `seed`. Every entry point that shows or uses an initialized matrix (CLI init,
 * spectrum, powers, compare; the W_hh of RNN training; the explorer; the TF.js adapter) calls
 * this, so the same spec, seed and shape give the same bits everywhere. Non-random initializers
 * ignore the seed. Throws ConfigError for a random initializer with no seed at all, and for a
 * seed that is not a safe integer; ShapeError when `shape` is not one the initializer accepts.
 */
export function draw(config: InitLike, shape: readonly number[], seed?: number): Float64Array {
  const init = asInitializer(config);
  const s = effectiveSeed(init, seed);
  return init.values(shape, s === undefined ? undefined : createRng(s));
}

/** An initialized rows x cols matrix: `draw(config, [rows, cols], seed)` as a Matrix. */
export function initMatrix(config: InitLike, rows: number, cols: number, seed?: number): Matrix {
  return { rows, cols, data: draw(config, [rows, cols], seed) };
}

/**
 * The [rows, cols] an initializer is drawn at for a requested n x n: its fixed shape when the
 * registry declares one (Fibonacci: 2 x 2), else [n, n].
 */
export function squareShape(config: InitLike, n: number): [number, number] {
  const [rows, cols, ...rest] = asInitializer(config).fixedShape ?? [];
  return rows !== undefined && cols !== undefined && rest.length === 0 ? [rows, cols] : [n, n];
}

/** Metadata for help texts and UIs. */
export interface InitInfo {
  readonly name: InitName;
  readonly doc: string;
  readonly random: boolean;
  readonly params: ParamTable;
  readonly aliases: readonly string[];
  /** The only shape this initializer is defined for (Fibonacci: [2, 2]); null when any shape works. */
  readonly fixedShape: readonly number[] | null;
}

/** Every initializer with its documentation and parameter table, in registry order. */
export function listInitializers(): InitInfo[] {
  return NAMES.map((name) => {
    const spec: InitSpec = INITIALIZERS[name];
    return {
      name,
      doc: spec.doc,
      random: spec.random,
      params: spec.params,
      aliases: [...ALIASES.entries()].filter(([, v]) => v === name).map(([k]) => k),
      fixedShape: spec.fixedShape ?? null,
    };
  });
}

/** A short human label such as "orthogonal(gain=1.1, seed=3)"; defaults omitted. */
export function describeInit(config: InitConfig | InitConfigInput | string): string {
  const init = getInitializer(config);
  const spec: InitSpec = INITIALIZERS[init.name];
  const parts: string[] = [];
  for (const [k, v] of Object.entries(init.config)) {
    if (k === 'name') continue;
    const ps = spec.params[k];
    if (ps !== undefined && ps.kind !== 'seed' && ps.default === v) continue;
    // Seeds and other integers exactly (a label must reproduce the run); other numbers to 6 digits.
    const shown =
      typeof v !== 'number' ? String(v) : Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
    parts.push(`${k}=${shown}`);
  }
  return parts.length ? `${init.name}(${parts.join(', ')})` : init.name;
}
