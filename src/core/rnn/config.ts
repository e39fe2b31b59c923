/**
 * The RNN lab's training configuration: one declarative table of fields (kind, default, range,
 * doc) drives parsing, defaults and error messages, so the CLI, the URL state and the library
 * accept exactly the same configs (tensorflow/playground's state.ts habit). Model fields mirror
 * Keras' SimpleRNN: `units`, `activation`, `kernelInitializer` (glorotUniform),
 * `recurrentInitializer` (orthogonal), `biasInitializer` (zeros). `cell` picks the recurrent layer:
 * the vanilla cell ('rnn', the default) or a gated layer ('lstm', 'gru'; docs/decisions/
 * 0016-gated-cells.md), whose four weight arrays are drawn by the named scheme `gatedInit`
 * (gatedInit.ts) instead of the three SimpleRNN initializers; the readout W_hy, c and everything
 * else are shared. Options that do not apply to the chosen cell must keep their defaults.
 *
 * `parseTrainConfig` accepts a partial object (numbers, or numeric strings as they come from a
 * command line or a URL), fills defaults with `??`, and throws one ConfigError listing every
 * problem with what is allowed.
 */

import { ConfigError, fmt } from '../errors.js';
import { type InitConfig, type InitConfigInput, serialize } from '../init/index.js';
import { GATED_INIT_SCHEMES, type GatedInitScheme } from './gatedInit.js';
import { ACTIVATIONS, type Activation } from './model.js';
import { OPTIMIZERS, type OptimizerName } from './optimizers.js';
import { TASK_NAMES, type TaskName } from './tasks.js';

/** Learning-rate schedules: constant, or a decay over the run's `steps` (Keras CosineDecay with alpha = lrFinal; PolynomialDecay of power 1). */
export const LR_SCHEDULES = ['constant', 'cosine', 'linear'] as const;
export type LrSchedule = (typeof LR_SCHEDULES)[number];

/**
 * The learning rate of update number `s` (0-based: the update that makes step s + 1) in a run of
 * `steps` updates. Constant returns `learningRate` itself (same bits as with no schedule);
 * cosine lr·(f + (1 − f)·½(1 + cos(π·s/steps))); linear lr·(f + (1 − f)·(1 − s/steps)), with
 * f = lrFinal. Steps past `steps` (a run extended on resume) keep the final rate.
 */
export function learningRateAt(
  config: Pick<TrainConfig, 'learningRate' | 'lrSchedule' | 'lrFinal' | 'steps'>,
  s: number,
): number {
  const { learningRate: lr, lrSchedule, lrFinal: f, steps } = config;
  if (lrSchedule === 'constant' || steps <= 0) return lr;
  const x = Math.min(1, Math.max(0, s / steps));
  const decay = lrSchedule === 'cosine' ? 0.5 * (1 + Math.cos(Math.PI * x)) : 1 - x;
  return lr * (f + (1 - f) * decay);
}

/** Recurrent cells: the vanilla (Elman) cell and the gated layers. */
export const CELLS = ['rnn', 'lstm', 'gru'] as const;
export type Cell = (typeof CELLS)[number];

/** A fully specified, validated training run. Plain JSON (no undefined, no non-finite numbers). */
export interface TrainConfig {
  readonly task: TaskName;
  readonly T: number;
  readonly units: number;
  readonly cell: Cell;
  readonly activation: Activation;
  readonly kernelInitializer: InitConfig;
  readonly recurrentInitializer: InitConfig;
  readonly biasInitializer: InitConfig;
  readonly outputInitializer: InitConfig;
  readonly gatedInit: GatedInitScheme;
  readonly optimizer: OptimizerName;
  readonly learningRate: number;
  readonly lrSchedule: LrSchedule;
  readonly lrFinal: number;
  readonly momentum: number;
  readonly rho: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly clipNorm: number | null;
  readonly batchSize: number;
  readonly steps: number;
  readonly seed: number;
  readonly truncate: number | null;
  readonly testSize: number;
  readonly evalEvery: number;
  readonly probeSize: number;
  readonly probeEvery: number;
  readonly spectrumEvery: number;
  readonly checkpointEvery: number;
}

/** What `parseTrainConfig` accepts: any subset of the fields; initializers may be bare names. */
export type TrainConfigInput = {
  readonly [K in keyof TrainConfig]?: TrainConfig[K] extends InitConfig ? InitConfigInput | string : TrainConfig[K] | string;
};

type Field =
  | { kind: 'enum'; values: readonly string[]; default: string; doc: string }
  | { kind: 'int'; min: number; default: number | null; nullable?: boolean; doc: string }
  | {
      kind: 'number';
      min: number;
      max?: number;
      openMin?: boolean;
      openMax?: boolean;
      default: number | null;
      nullable?: boolean;
      doc: string;
    }
  | { kind: 'init'; default: string; doc: string }
  | { kind: 'seed'; default: number; doc: string };

/** The field table, in canonical order (serialization order of a TrainConfig). */
export const TRAIN_CONFIG_FIELDS = {
  task: { kind: 'enum', values: TASK_NAMES, default: 'copy', doc: 'long-memory task' },
  T: { kind: 'int', min: 1, default: 50, doc: 'memory length: copy delay (sequence T+20) or adding length' },
  units: { kind: 'int', min: 1, default: 64, doc: 'hidden units n' },
  cell: { kind: 'enum', values: CELLS, default: 'rnn', doc: 'recurrent layer: vanilla rnn, lstm or gru' },
  activation: { kind: 'enum', values: ACTIVATIONS, default: 'tanh', doc: 'hidden nonlinearity f' },
  kernelInitializer: { kind: 'init', default: 'glorotUniform', doc: 'initializer of W_xh (Keras kernel)' },
  recurrentInitializer: { kind: 'init', default: 'orthogonal', doc: 'initializer of W_hh (Keras recurrent_kernel)' },
  biasInitializer: { kind: 'init', default: 'zeros', doc: 'initializer of b' },
  outputInitializer: { kind: 'init', default: 'glorotUniform', doc: 'initializer of W_hy (Keras Dense kernel)' },
  gatedInit: {
    kind: 'enum',
    values: GATED_INIT_SCHEMES,
    default: 'kerasDefault',
    doc: 'lstm/gru: initialization scheme of the whole gated layer (kernel, recurrent kernel, biases)',
  },
  optimizer: { kind: 'enum', values: OPTIMIZERS, default: 'rmsprop', doc: 'optimizer' },
  learningRate: { kind: 'number', min: 0, openMin: true, default: 1e-3, doc: 'learning rate' },
  lrSchedule: {
    kind: 'enum',
    values: LR_SCHEDULES,
    default: 'constant',
    doc: 'learning rate over the run: constant, or cosine / linear decay from learningRate to lrFinal·learningRate at `steps`',
  },
  lrFinal: {
    kind: 'number',
    min: 0,
    max: 1,
    default: 0,
    doc: 'final learning rate of a decaying schedule, as a fraction of learningRate',
  },
  momentum: { kind: 'number', min: 0, max: 1, openMax: true, default: 0, doc: 'sgd momentum' },
  rho: { kind: 'number', min: 0, max: 1, openMax: true, default: 0.9, doc: 'rmsprop decay' },
  beta1: { kind: 'number', min: 0, max: 1, openMax: true, default: 0.9, doc: 'adam beta1' },
  beta2: { kind: 'number', min: 0, max: 1, openMax: true, default: 0.999, doc: 'adam beta2' },
  epsilon: { kind: 'number', min: 0, openMin: true, default: 1e-7, doc: 'rmsprop/adam epsilon' },
  clipNorm: {
    kind: 'number',
    min: 0,
    openMin: true,
    default: null,
    nullable: true,
    doc: 'clip gradients by global norm (none: off)',
  },
  batchSize: { kind: 'int', min: 1, default: 32, doc: 'sequences per step' },
  steps: { kind: 'int', min: 0, default: 1000, doc: 'training steps' },
  seed: { kind: 'seed', default: 0, doc: 'seed of every random stream (init, data, test set, probe)' },
  truncate: {
    kind: 'int',
    min: 1,
    default: null,
    nullable: true,
    doc: 'truncated BPTT window k (none: full BPTT)',
  },
  testSize: { kind: 'int', min: 1, default: 1000, doc: 'test sequences (a fixed set)' },
  evalEvery: { kind: 'int', min: 0, default: 100, doc: 'test-set metrics every k steps (0: only at start and end)' },
  probeSize: { kind: 'int', min: 1, default: 16, doc: 'sequences in the fixed probe batch' },
  probeEvery: { kind: 'int', min: 0, default: 10, doc: 'record ‖∂L/∂h_t‖ on the probe batch every k steps (0: off)' },
  spectrumEvery: { kind: 'int', min: 0, default: 100, doc: 'spectrum of W_hh every k steps (0: off)' },
  checkpointEvery: { kind: 'int', min: 0, default: 0, doc: 'emit a resumable checkpoint every k steps (0: off)' },
} as const satisfies Record<keyof TrainConfig, Field>;

/** Field names in canonical order. */
export const TRAIN_CONFIG_KEYS = Object.keys(TRAIN_CONFIG_FIELDS) as (keyof TrainConfig)[];

function show(v: unknown): string {
  if (typeof v === 'number') return fmt(v);
  if (typeof v === 'string') return JSON.stringify(v);
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '') {
    const x = Number(v);
    return Number.isNaN(x) && v.trim() !== 'NaN' ? undefined : x;
  }
  return undefined;
}

function range(f: { min: number; max?: number; openMin?: boolean; openMax?: boolean }): string {
  const lo = `${f.openMin ? '>' : '>='} ${fmt(f.min)}`;
  return f.max === undefined ? lo : `${lo} and ${f.openMax ? '<' : '<='} ${fmt(f.max)}`;
}

function parseField(key: string, f: Field, raw: unknown, problems: string[]): unknown {
  const given = raw !== undefined;
  const v = given ? raw : f.default;
  switch (f.kind) {
    case 'enum':
      if (typeof v === 'string' && f.values.includes(v)) return v;
      problems.push(`${key}: got ${show(v)}; allowed: ${f.values.join(', ')}`);
      return f.default;
    case 'init': {
      // The registry validates names and parameters and returns the canonical config (every
      // parameter with its default), so equal initializers serialize identically.
      if ((typeof v === 'string' && v.length > 0) || (v !== null && typeof v === 'object' && !Array.isArray(v))) {
        try {
          return serialize(v as InitConfigInput | string);
        } catch (e) {
          if (!(e instanceof ConfigError)) throw e;
          problems.push(`${key}: ${e.message.replace(/\.$/, '')}`);
          return serialize(f.default);
        }
      }
      problems.push(
        `${key}: got ${show(v)}; expected an initializer name such as "orthogonal" or a config {name, ...params}`,
      );
      return serialize(f.default);
    }
    case 'seed': {
      const x = toNumber(v);
      if (x !== undefined && Number.isSafeInteger(x)) return x;
      problems.push(`${key}: got ${show(v)}; must be an integer between -(2^53 - 1) and 2^53 - 1`);
      return f.default;
    }
    case 'int':
    case 'number': {
      if (f.nullable && (v === null || v === 'none' || v === 'null')) return null;
      const x = toNumber(v);
      const okType = x !== undefined && Number.isFinite(x) && (f.kind === 'number' || Number.isInteger(x));
      const okRange =
        okType &&
        (f.kind === 'int' || !f.openMin ? x >= f.min : x > f.min) &&
        (f.kind === 'int' || f.max === undefined || (f.openMax ? x < f.max : x <= f.max));
      if (okType && okRange) return x;
      const what = f.kind === 'int' ? `an integer >= ${f.min}` : `a finite number ${range(f)}`;
      problems.push(`${key}: got ${show(v)}; must be ${what}${f.nullable ? ' or none' : ''}`);
      return f.default;
    }
  }
}

/**
 * Validates `input` and fills defaults. Throws one ConfigError listing every problem: unknown
 * fields (with the allowed names), unknown task/activation/optimizer (with the allowed values),
 * numbers out of range (zero units, T < 1, or T < 2 for adding, learning rate <= 0 or NaN, ...).
 */
export function parseTrainConfig(input: TrainConfigInput | Record<string, unknown> = {}): TrainConfig {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new ConfigError('A training config must be an object of fields; see TRAIN_CONFIG_FIELDS.');
  }
  const problems: string[] = [];
  for (const k of Object.keys(input)) {
    if (!(k in TRAIN_CONFIG_FIELDS) && (input as Record<string, unknown>)[k] !== undefined) {
      problems.push(`unknown field "${k}"; allowed: ${TRAIN_CONFIG_KEYS.join(', ')}`);
    }
  }
  const out: Record<string, unknown> = {};
  for (const key of TRAIN_CONFIG_KEYS) {
    out[key] = parseField(key, TRAIN_CONFIG_FIELDS[key], (input as Record<string, unknown>)[key], problems);
  }
  if (out.task === 'adding' && typeof out.T === 'number' && out.T < 2) {
    problems.push(`T: got ${out.T}; the adding task needs T >= 2 (one marker in each half)`);
  }
  checkCellFields(out, problems);
  if (problems.length > 0) throw new ConfigError(`Invalid training config: ${problems.join('; ')}.`);
  return out as unknown as TrainConfig;
}

/** The vanilla cell's own fields; a gated layer uses its `gatedInit` scheme instead. */
const RNN_ONLY_FIELDS = ['activation', 'kernelInitializer', 'recurrentInitializer', 'biasInitializer'] as const;

/**
 * Fields that do not apply to the chosen cell must keep their defaults (compared as canonical
 * JSON, so a serialized config parses again): a gated cell has no `activation` or SimpleRNN
 * initializers, the vanilla cell no `gatedInit`.
 */
function checkCellFields(out: Record<string, unknown>, problems: string[]): void {
  const isDefault = (key: keyof typeof TRAIN_CONFIG_FIELDS) => {
    const f = TRAIN_CONFIG_FIELDS[key];
    const d = f.kind === 'init' ? serialize(f.default) : f.default;
    return JSON.stringify(out[key]) === JSON.stringify(d);
  };
  if (out.cell === 'rnn') {
    if (!isDefault('gatedInit')) {
      problems.push(
        `gatedInit: got ${show(out.gatedInit)}, but it applies to cell lstm or gru only; the rnn cell's recurrent matrix is set by recurrentInitializer`,
      );
    }
    return;
  }
  for (const key of RNN_ONLY_FIELDS) {
    if (!isDefault(key)) {
      problems.push(
        `${key}: got ${show(out[key])}, but it applies to cell rnn only; a ${String(out.cell)} uses tanh and sigmoid and is initialized by gatedInit (${GATED_INIT_SCHEMES.join(', ')})`,
      );
    }
  }
}
