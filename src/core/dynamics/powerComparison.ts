/**
 * Compare initializers over several seeds: per-step statistics of log10 of the state norm
 * (and of the back-propagated gradient norm) for the simplified RNN started at h_0 = I.
 * Medians and quartiles, not means: a few exploding runs would dominate a mean.
 *
 * Determinism: each run is a pure function of (config, seed, options) — `compareRun` — and
 * `aggregateCompare` orders runs canonically, so running them in any order or on any number of
 * workers gives the same numbers. The run's W is the registry's `initMatrix(config, n, n, seed)`
 * (the seeding rule), the same matrix `ortholab init`/`spectrum`/`powers` give for that spec,
 * seed and n. A spec with its own seed (`orthogonal(seed=5)`) keeps it, as everywhere: every run
 * of that initializer then has the same W, and its quartiles collapse onto the median.
 */

import { ConfigError, fmt } from '../errors.js';
import { type InitConfig, type InitConfigInput, describeInit, initMatrix, serialize } from '../init/registry.js';
import type { Activation } from './activation.js';
import { parseActivation } from './activation.js';
import { gradientNorms } from './gradients.js';
import { propagate } from './propagate.js';

export interface CompareOptions {
  readonly n: number;
  readonly steps: number;
  readonly activation?: Activation;
  /** Also compute gradient norms back through time (default true). */
  readonly gradients?: boolean;
}

export interface CompareRun {
  /** Canonical config (with a seed only when the spec has its own). */
  readonly config: InitConfig;
  readonly seed: number;
  /** log10(‖h_t‖_F/√n) for t = 0..steps; +Infinity after an overflow. */
  readonly logNorm: number[];
  /** log10 ‖∂L/∂h_t‖ for t = 0..steps (∂L/∂h_T a unit vector); [] without gradients. */
  readonly gradLogNorm: number[];
  readonly explodedAt: number | null;
}

export interface Quartiles {
  readonly q1: number[];
  readonly median: number[];
  readonly q3: number[];
}

export interface CompareSeries {
  readonly label: string;
  readonly config: InitConfig;
  readonly runs: number;
  /** Runs whose state overflowed. */
  readonly exploded: number;
  readonly logNorm: Quartiles;
  readonly gradLogNorm: Quartiles | null;
}

export interface CompareResult {
  readonly n: number;
  readonly steps: number;
  readonly activation: Activation;
  readonly seeds: number[];
  readonly series: CompareSeries[];
}

/** Throws ConfigError unless n is 1..4096, steps 1..100000 and the activation is known. */
export function checkCompareOptions(o: CompareOptions): void {
  if (!Number.isInteger(o.n) || o.n < 1 || o.n > 4096) {
    throw new ConfigError(`compare: n must be an integer from 1 to 4096, got ${fmt(o.n)}.`);
  }
  if (!Number.isInteger(o.steps) || o.steps < 1 || o.steps > 100_000) {
    throw new ConfigError(`compare: steps must be an integer from 1 to 100000, got ${fmt(o.steps)}.`);
  }
  parseActivation(o.activation ?? 'linear');
}

/** One run: pure in (config, seed, options). */
export function compareRun(config: InitConfigInput | string, seed: number, options: CompareOptions): CompareRun {
  checkCompareOptions(options);
  const cfg = serialize(config);
  const activation = options.activation ?? 'linear';
  const w = initMatrix(cfg, options.n, options.n, seed);
  const res = propagate(w, { steps: options.steps, activation, keepFrames: false, spectral: false });
  const base = Math.log10(Math.sqrt(options.n));
  const logNorm = new Array<number>(options.steps + 1).fill(Number.POSITIVE_INFINITY);
  res.norms.frobenius.forEach((f, t) => {
    logNorm[t] = Math.log10(f) - base;
  });
  let gradLogNorm: number[] = [];
  if (options.gradients ?? true) {
    const g = gradientNorms(w, { steps: options.steps, activation, jacobians: false });
    gradLogNorm = g.vector.map((v) => (Number.isFinite(v) ? Math.log10(v) : Number.POSITIVE_INFINITY));
  }
  return { config: cfg, seed, logNorm, gradLogNorm, explodedAt: res.explodedAt };
}

/** Linear-interpolation quantile of sorted values (NumPy's default). */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  if (lo === hi || sorted[lo] === sorted[hi]) return sorted[lo]!;
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

function quartiles(rows: number[][]): Quartiles {
  const T = rows[0]?.length ?? 0;
  const q1: number[] = [];
  const median: number[] = [];
  const q3: number[] = [];
  for (let t = 0; t < T; t++) {
    const col = rows.map((r) => r[t]!).sort((a, b) => a - b);
    q1.push(quantileSorted(col, 0.25));
    median.push(quantileSorted(col, 0.5));
    q3.push(quantileSorted(col, 0.75));
  }
  return { q1, median, q3 };
}

/** Stable key of a run: config JSON and seed. */
export function runKey(config: InitConfig, seed: number): string {
  return `${JSON.stringify(config)}#${seed}`;
}

/** Aggregates runs (in any order) into per-initializer series, in the order of `configs`. */
export function aggregateCompare(
  configs: readonly (InitConfigInput | string)[],
  seeds: readonly number[],
  options: CompareOptions,
  runs: readonly CompareRun[],
): CompareResult {
  const byKey = new Map(runs.map((r) => [runKey(r.config, r.seed), r]));
  const series = configs.map((c) => {
    const cfg = serialize(c);
    const mine = seeds.map((s) => {
      const r = byKey.get(runKey(cfg, s));
      if (!r) throw new ConfigError(`compare: missing run for ${describeInit(cfg)} with seed ${s}.`);
      return r;
    });
    const withGrad = mine.every((r) => r.gradLogNorm.length > 0);
    return {
      label: describeInit(cfg),
      config: cfg,
      runs: mine.length,
      exploded: mine.filter((r) => r.explodedAt !== null).length,
      logNorm: quartiles(mine.map((r) => r.logNorm)),
      gradLogNorm: withGrad ? quartiles(mine.map((r) => r.gradLogNorm)) : null,
    };
  });
  return { n: options.n, steps: options.steps, activation: options.activation ?? 'linear', seeds: [...seeds], series };
}

/** The run plan: every (config, seed) pair in canonical order. */
export function comparePlan(
  configs: readonly (InitConfigInput | string)[],
  seeds: readonly number[],
): { config: InitConfig; seed: number; key: string }[] {
  if (configs.length === 0) throw new ConfigError('compare: give at least one initializer.');
  if (seeds.length === 0) throw new ConfigError('compare: give at least one seed.');
  const plan: { config: InitConfig; seed: number; key: string }[] = [];
  for (const c of configs) {
    const cfg = serialize(c);
    for (const s of seeds) plan.push({ config: cfg, seed: s, key: runKey(cfg, s) });
  }
  return plan;
}

/** Runs the whole comparison sequentially. */
export function compare(
  configs: readonly (InitConfigInput | string)[],
  seeds: readonly number[],
  options: CompareOptions,
): CompareResult {
  checkCompareOptions(options);
  const runs = comparePlan(configs, seeds).map((p) => compareRun(p.config, p.seed, options));
  return aggregateCompare(configs, seeds, options, runs);
}
