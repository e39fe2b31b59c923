/**
 * Sweep plans: a versioned JSON document naming axes and fixed settings, expanded into runs.
 *
 * ```json
 * { "version": 1,
 *   "axes": { "recurrentInitializer": ["orthogonal", "identity"], "learningRate": [1e-3, 3e-4], "seed": [1, 2, 3] },
 *   "fixed": { "task": "copy", "T": 50, "units": 64, "steps": 2000 } }
 * ```
 *
 * The grid is the Cartesian product of the axes, the first axis outermost (JSON key order), and
 * every run's config goes through `parseTrainConfig`, so a plan's runs are exactly the runs the
 * CLI's flags or the explorer's URL would describe. Each run gets the id `runId(label, config)`
 * (a hash of the canonical config): a plan with the same runs has the same ids whatever the
 * backend, so results from any machine can be matched and re-submission skips finished runs.
 * The plan's hash is a hash of its run ids in plan order (it names the run queue).
 *
 * Pure and deterministic. Every problem is a ConfigError naming the field (`plan.axes.units[1]`,
 * `plan.fixed.learningRate`, `plan.version`) and what is allowed.
 */

import { ConfigError } from '../errors.js';
import { describeInit, isInitConfigInput } from '../init/index.js';
import { parseInitSpec } from '../init/spec.js';
import { TRAIN_CONFIG_KEYS, type TrainConfig, isTrainConfigKey, parseTrainConfig, trainConfigField } from './config.js';
import { type PlannedRun, runId } from './trainComparison.js';

/** Plan format versions this code understands. */
export const SWEEP_PLAN_VERSIONS = [1] as const;
/** Most runs one plan may expand to (the product of the axis lengths). */
export const MAX_PLAN_RUNS = 100_000;

/** The plan document as written in a file. */
export interface SweepPlanDoc {
  readonly version: 1;
  /** Training settings that vary: field name -> list of values (first axis outermost). */
  readonly axes: Readonly<Record<string, readonly unknown[]>>;
  /** Training settings shared by every run. */
  readonly fixed: Readonly<Record<string, unknown>>;
  /** Free text for people; not part of any run. */
  readonly description?: string;
}

/** An expanded plan: its runs in plan order and its hash. */
export interface SweepPlan {
  readonly doc: SweepPlanDoc;
  readonly runs: PlannedRun[];
  /** 13 hex digits (53-bit hash of the run ids in order). */
  readonly hash: string;
}

const TOP_KEYS = ['version', 'axes', 'fixed', 'description'];

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function show(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/** An initializer given as spec text (`orthogonal(gain=1.1)`) becomes its config; other values pass through. */
function normalize(key: string, v: unknown, where: string): unknown {
  if (trainConfigField(key)?.kind === 'init' && typeof v === 'string') {
    try {
      return parseInitSpec(v);
    } catch (e) {
      if (e instanceof ConfigError) throw new ConfigError(`${where}: ${e.message}`);
      throw e;
    }
  }
  return v;
}

/** Parses one field alone through the config parser, naming `where` in the error. */
function checkField(key: string, value: unknown, where: string): unknown {
  try {
    // gatedInit exists only for gated cells; whether the plan's cell fits is checked per run.
    const context = key === 'gatedInit' ? { cell: 'lstm' } : {};
    const parsed = parseTrainConfig({ ...context, [key]: value });
    return isTrainConfigKey(key) ? parsed[key] : undefined;
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    const detail = e.message.replace(/^Invalid training config: /, '').replace(new RegExp(`^${key}: `), '');
    throw new ConfigError(`${where}: ${detail}`);
  }
}

function unknownKey(where: string, key: string): ConfigError {
  return new ConfigError(`${where}: "${key}" is not a training setting; allowed: ${TRAIN_CONFIG_KEYS.join(', ')}.`);
}

function shown(key: string, canonical: unknown): string {
  if (trainConfigField(key)?.kind === 'init' && isInitConfigInput(canonical)) return describeInit(canonical);
  return canonical === null ? 'none' : String(canonical);
}

/**
 * A run's label: the values of its axes other than the seed, `recurrentInitializer` and
 * `gatedInit` bare and the others as `key=value` (so a plan over initializers and seeds labels
 * runs exactly as `train --compare-inits` always has); with no such axis, the recurrent
 * initializer (the gated scheme for an LSTM or GRU).
 */
function labelOf(axisKeys: readonly string[], config: TrainConfig): string {
  const parts = axisKeys
    .filter((k) => k !== 'seed')
    .map((k) => {
      const v = shown(k, isTrainConfigKey(k) ? config[k] : undefined);
      return k === 'recurrentInitializer' || k === 'gatedInit' ? v : `${k}=${v}`;
    });
  if (parts.length > 0) return parts.join(' ');
  return config.cell === 'rnn' ? describeInit(config.recurrentInitializer) : config.gatedInit;
}

/** cyrb53 (a public-domain 53-bit string hash) as 13 hex digits. */
export function hash53(s: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(13, '0');
}

/** The hash of a list of runs (their ids in order). */
export function planHash(runs: readonly PlannedRun[]): string {
  return hash53(runs.map((r) => r.id).join('\n'));
}

/**
 * Validates a plan document (as parsed from JSON) and expands it. Throws ConfigError naming the
 * field for: a missing or unsupported version, unknown top-level keys, axes or fixed that are not
 * objects, unknown training settings, an axis that is empty or lists a value twice, a setting in
 * both axes and fixed, a value the config parser refuses, more than MAX_PLAN_RUNS runs, and
 * combinations that are invalid together (naming the run).
 */
export function expandSweepPlan(input: unknown): SweepPlan {
  if (!isObject(input))
    throw new ConfigError('plan: must be a JSON object {"version": 1, "axes": {...}, "fixed": {...}}.');
  for (const k of Object.keys(input)) {
    if (!TOP_KEYS.includes(k)) throw new ConfigError(`plan: unknown key "${k}"; allowed: ${TOP_KEYS.join(', ')}.`);
  }
  const version = input.version;
  if (!SWEEP_PLAN_VERSIONS.some((v) => v === version)) {
    throw new ConfigError(
      `plan.version: got ${show(version)}; supported: ${SWEEP_PLAN_VERSIONS.join(', ')} (a newer ortholab may read this plan).`,
    );
  }
  const axesIn = input.axes ?? {};
  const fixedIn = input.fixed ?? {};
  if (!isObject(axesIn)) throw new ConfigError('plan.axes: must be an object {setting: [values...]}.');
  if (!isObject(fixedIn)) throw new ConfigError('plan.fixed: must be an object {setting: value}.');
  if (input.description !== undefined && typeof input.description !== 'string') {
    throw new ConfigError('plan.description: must be a string.');
  }

  const fixed: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fixedIn)) {
    if (!isTrainConfigKey(k)) throw unknownKey('plan.fixed', k);
    const where = `plan.fixed.${k}`;
    fixed[k] = normalize(k, v, where);
    checkField(k, fixed[k], where);
  }
  const axisKeys = Object.keys(axesIn);
  const axes: unknown[][] = [];
  let total = 1;
  for (const k of axisKeys) {
    if (!isTrainConfigKey(k)) throw unknownKey('plan.axes', k);
    if (Object.hasOwn(fixed, k)) {
      throw new ConfigError(`plan.axes.${k}: "${k}" is also in plan.fixed; give it in one place.`);
    }
    const values = axesIn[k];
    if (!Array.isArray(values) || values.length === 0) {
      throw new ConfigError(`plan.axes.${k}: must be a non-empty list of values, got ${show(values)}.`);
    }
    const seen = new Map<string, number>();
    const list = values.map((v, i) => {
      const where = `plan.axes.${k}[${i}]`;
      const value = normalize(k, v, where);
      const key = show(checkField(k, value, where));
      const first = seen.get(key);
      if (first !== undefined) {
        throw new ConfigError(
          `plan.axes.${k}[${i}]: the same value as plan.axes.${k}[${first}]; list each value once.`,
        );
      }
      seen.set(key, i);
      return value;
    });
    axes.push(list);
    total *= list.length;
    if (total > MAX_PLAN_RUNS) {
      throw new ConfigError(
        `plan.axes: the grid has more than ${MAX_PLAN_RUNS} runs; split the sweep into several plans.`,
      );
    }
  }

  const runs: PlannedRun[] = [];
  const index = axisKeys.map(() => 0);
  for (let n = 0; n < total; n++) {
    const input: Record<string, unknown> = { ...fixed };
    axisKeys.forEach((k, a) => {
      input[k] = axes[a]![index[a]!];
    });
    let config: TrainConfig;
    try {
      config = parseTrainConfig(input);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      const at = axisKeys.map((k) => `${k}=${show(input[k])}`).join(', ');
      throw new ConfigError(`plan: run ${n + 1} (${at}): ${e.message}`);
    }
    const label = labelOf(axisKeys, config);
    runs.push({ id: runId(label, config), label, seed: config.seed, config });
    // Odometer: the last axis varies fastest.
    for (let a = axisKeys.length - 1; a >= 0; a--) {
      index[a] = index[a]! + 1;
      if (index[a]! < axes[a]!.length) break;
      index[a] = 0;
    }
  }
  const doc: SweepPlanDoc = {
    version: 1,
    axes: Object.fromEntries(axisKeys.map((k, a) => [k, axes[a]!])),
    fixed,
    ...(typeof input.description === 'string' ? { description: input.description } : {}),
  };
  return { doc, runs, hash: planHash(runs) };
}
