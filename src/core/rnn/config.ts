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

import { isRecord } from '../guards.js';
import { ConfigError, fmt } from '../errors.js';
import { type ParamSpec, parseParamValue } from '../params.js';
import { type InitConfig, type InitConfigInput, isInitConfigInput, serialize } from '../init/index.js';
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
  readonly [K in keyof TrainConfig]?: TrainConfig[K] extends InitConfig
    ? InitConfigInput | string
    : TrainConfig[K] | string;
};

/**
 * A field of the training config: core's one parameter dialect (../params.ts), plus the one kind
 * it does not cover, an initializer, whose values are configs the registry parses.
 */
export interface InitField {
  readonly kind: 'init';
  /** The default initializer's name. */
  readonly default: string;
  readonly doc: string;
}
export type TrainConfigField = ParamSpec | InitField;

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
} as const satisfies Record<keyof TrainConfig, TrainConfigField>;

/** Field names in canonical order. */
/** True when `key` names a field of the training config. */
export function isTrainConfigKey(key: string): key is keyof TrainConfig {
  return Object.hasOwn(TRAIN_CONFIG_FIELDS, key);
}

export const TRAIN_CONFIG_KEYS: readonly (keyof TrainConfig)[] =
  Object.keys(TRAIN_CONFIG_FIELDS).filter(isTrainConfigKey);

/** The field of `key`, or undefined when the config has no such field. */
export function trainConfigField(key: string): TrainConfigField | undefined {
  return isTrainConfigKey(key) ? TRAIN_CONFIG_FIELDS[key] : undefined;
}

function show(v: unknown): string {
  if (typeof v === 'number') return fmt(v);
  if (typeof v === 'string') return JSON.stringify(v);
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

function parseField(key: string, f: TrainConfigField, raw: unknown, problems: string[]): unknown {
  if (f.kind === 'init') {
    const v = raw ?? f.default;
    // The registry validates names and parameters and returns the canonical config (every
    // parameter with its default), so equal initializers serialize identically.
    if ((typeof v === 'string' && v.length > 0) || isInitConfigInput(v)) {
      try {
        return serialize(v);
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
  const r = parseParamValue(f, raw);
  if (r.ok) return r.value;
  problems.push(`${key}: got ${show(raw)}; must be ${r.allowed}`);
  return f.default;
}

/**
 * Validates `input` and fills defaults. Throws one ConfigError listing every problem: unknown
 * fields (with the allowed names), unknown task/activation/optimizer (with the allowed values),
 * numbers out of range (zero units, T < 1, or T < 2 for adding, learning rate <= 0 or NaN, ...).
 * `input` is a TrainConfigInput or any value read from outside (a file, a command line).
 */
export function parseTrainConfig(input: unknown = {}): TrainConfig {
  if (!isRecord(input)) {
    throw new ConfigError('A training config must be an object of fields; see TRAIN_CONFIG_FIELDS.');
  }
  const given: Readonly<Record<string, unknown>> = input;
  const problems: string[] = [];
  for (const k of Object.keys(given)) {
    if (!isTrainConfigKey(k) && given[k] !== undefined) {
      problems.push(`unknown field "${k}"; allowed: ${TRAIN_CONFIG_KEYS.join(', ')}`);
    }
  }
  const out: { -readonly [K in keyof TrainConfig]?: unknown } = {};
  for (const key of TRAIN_CONFIG_KEYS) {
    out[key] = parseField(key, TRAIN_CONFIG_FIELDS[key], given[key], problems);
  }
  if (out.task === 'adding' && typeof out.T === 'number' && out.T < 2) {
    problems.push(`T: got ${out.T}; the adding task needs T >= 2 (one marker in each half)`);
  }
  checkCellFields(out, problems);
  if (problems.length > 0) throw new ConfigError(`Invalid training config: ${problems.join('; ')}.`);
  // Every field was parsed by its own spec above (or the run was refused).
  return out as TrainConfig;
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
