/**
 * What a queued job carries: one validated training config (or, for `compare --queue`, one
 * initializer, seed and compare options), never code. A worker re-validates
 * every job (`validateJob`) and refuses unknown versions, malformed or non-canonical configs and
 * ids that do not match their config; the refusal is the job's failure reason.
 * Checkpoints and results travel as JSON with non-finite numbers as strings (`toJson`), so a
 * result read back from Redis has the same bits as the one the worker computed.
 */

import {
  type Activation,
  type CompareRun,
  ConfigError,
  type InitConfig,
  type PlannedRun,
  type RunResult,
  type TrainConfig,
  isOneOf,
  checkCompareOptions,
  hash53,
  parseActivation,
  parseTrainConfig,
  runId,
  serialize,
} from '../../core/index.js';
import { toJson } from '../output.js';
import type { Checkpoint } from '../train/runOne.js';
import type { CompareTask } from './worker.js';

export const JOB_FORMAT = 'ortholab.sweep.run';
export const JOB_VERSIONS = [1] as const;

/** The data of one job: a run of a plan. */
export interface RunJobData {
  readonly format: typeof JOB_FORMAT;
  readonly version: 1;
  /** The plan's hash (the queue is named after it). */
  readonly plan: string;
  /** Position in the plan (results are gathered in this order). */
  readonly index: number;
  readonly label: string;
  readonly config: TrainConfig;
}

export function jobData(run: PlannedRun, plan: string, index: number): RunJobData {
  return { format: JOB_FORMAT, version: 1, plan, index, label: run.label, config: run.config };
}

/** Why a job is refused (the worker marks it failed with this message, without retries). */
export class JobRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JobRefused';
  }
}

/** Re-validates a job's data against its id; returns the run, or throws JobRefused. */
export function validateJob(jobId: string, data: unknown): PlannedRun {
  if (!isRecord(data)) throw new JobRefused(`job ${jobId}: the data is not an object; refusing it.`);
  const d = data;
  if (d.format !== JOB_FORMAT) {
    throw new JobRefused(`job ${jobId}: format ${JSON.stringify(d.format)} is not ${JOB_FORMAT}; refusing it.`);
  }
  if (!isOneOf(JOB_VERSIONS, d.version)) {
    throw new JobRefused(
      `job ${jobId}: unknown plan version ${JSON.stringify(d.version)}; this worker reads version ${JOB_VERSIONS.join(', ')} (upgrade the worker).`,
    );
  }
  if (typeof d.label !== 'string' || d.label === '') throw new JobRefused(`job ${jobId}: no label; refusing it.`);
  let config: TrainConfig;
  try {
    config = parseTrainConfig(d.config);
  } catch (e) {
    if (e instanceof ConfigError) throw new JobRefused(`job ${jobId}: malformed config: ${e.message}`);
    throw e;
  }
  if (JSON.stringify(config) !== JSON.stringify(d.config)) {
    throw new JobRefused(`job ${jobId}: the config is not in canonical form (not written by ortholab); refusing it.`);
  }
  const id = runId(d.label, config);
  if (id !== jobId) throw new JobRefused(`job ${jobId}: the id does not match the config (expected ${id}).`);
  return { id, label: d.label, seed: config.seed, config };
}

/** JSON.parse that restores the non-finite numbers `toJson` wrote as strings. */
export function parseJson<T>(text: string): T {
  return JSON.parse(text, (_k, v) =>
    v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v === 'NaN' ? Number.NaN : v,
  ) as T;
}

export const encodeResult = (r: RunResult): string => toJson(r, false);
export const encodeCheckpoint = (c: Checkpoint): string => toJson(c, false);

/** The sum of BullMQ's `getJobCounts()` for `states`; a state it did not report counts 0. */
export function jobCount(counts: Readonly<Record<string, number>>, ...states: string[]): number {
  return states.reduce((sum, state) => sum + (counts[state] ?? 0), 0);
}
/** A `compare --queue` job: one (initializer, seed) run of core `compareRun`. */
export const COMPARE_FORMAT = 'ortholab.sweep.compare';

/** Every compare option, spelled out (a job never relies on a default). */
export interface CompareJobOptions {
  readonly n: number;
  readonly steps: number;
  readonly activation: Activation;
  readonly gradients: boolean;
}

export interface CompareJobData {
  readonly format: typeof COMPARE_FORMAT;
  readonly version: 1;
  /** The comparison's hash (the queue is named after it). */
  readonly plan: string;
  /** Position in the comparison's plan (initializer-major, then seeds). */
  readonly index: number;
  /** Canonical initializer config (core `serialize`). */
  readonly config: InitConfig;
  readonly seed: number;
  readonly options: CompareJobOptions;
}

/** A compare run's job id: a hash of everything the run depends on (`cmp-` and the 53-bit hash in hex). */
export function compareJobId(config: InitConfig, seed: number, o: CompareJobOptions): string {
  return `cmp-${hash53(JSON.stringify([config, seed, o.n, o.steps, o.activation, o.gradients]))}`;
}

const COMPARE_OPTION_KEYS = ['n', 'steps', 'activation', 'gradients'];

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Re-validates a compare job against its id: format and version, a canonical initializer
 * config, a safe-integer seed, the options (core `checkCompareOptions`: n 1..4096, steps
 * 1..100000, a known activation) and the id. Returns the task, or throws JobRefused.
 */
export function validateCompareJob(jobId: string, data: unknown): CompareTask {
  if (!isRecord(data)) throw new JobRefused(`job ${jobId}: the data is not an object; refusing it.`);
  if (data.format !== COMPARE_FORMAT) {
    throw new JobRefused(`job ${jobId}: format ${JSON.stringify(data.format)} is not ${COMPARE_FORMAT}; refusing it.`);
  }
  if (!isOneOf(JOB_VERSIONS, data.version)) {
    throw new JobRefused(
      `job ${jobId}: unknown plan version ${JSON.stringify(data.version)}; this worker reads version ${JOB_VERSIONS.join(', ')} (upgrade the worker).`,
    );
  }
  const { seed, options: o } = data;
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) {
    throw new JobRefused(`job ${jobId}: seed ${JSON.stringify(seed)} is not a safe integer; refusing it.`);
  }
  if (!isRecord(o) || Object.keys(o).some((k) => !COMPARE_OPTION_KEYS.includes(k))) {
    throw new JobRefused(`job ${jobId}: options must be an object with keys ${COMPARE_OPTION_KEYS.join(', ')}.`);
  }
  const { n, steps, activation, gradients } = o;
  if (typeof n !== 'number' || typeof steps !== 'number' || typeof activation !== 'string') {
    throw new JobRefused(`job ${jobId}: options.n and options.steps must be numbers, options.activation a string.`);
  }
  if (typeof gradients !== 'boolean') throw new JobRefused(`job ${jobId}: options.gradients must be true or false.`);
  let config: InitConfig;
  let options: CompareJobOptions;
  try {
    const given = data.config;
    if (!isRecord(given) || typeof given.name !== 'string')
      throw new ConfigError('the initializer config is not an object with a name');
    config = serialize({ ...given, name: given.name });
    options = { n, steps, activation: parseActivation(activation), gradients };
    checkCompareOptions(options);
  } catch (e) {
    if (e instanceof ConfigError) throw new JobRefused(`job ${jobId}: malformed compare run: ${e.message}`);
    throw e;
  }
  if (JSON.stringify(config) !== JSON.stringify(data.config)) {
    throw new JobRefused(
      `job ${jobId}: the initializer config is not in canonical form (not written by ortholab); refusing it.`,
    );
  }
  const id = compareJobId(config, seed, options);
  if (id !== jobId) throw new JobRefused(`job ${jobId}: the id does not match the run (expected ${id}).`);
  return { config, seed, options };
}

export const encodeCompareRun = (r: CompareRun): string => toJson(r, false);
