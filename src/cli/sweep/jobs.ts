/**
 * What a queued job carries: one validated training config, never code. A worker re-validates
 * every job (`validateJob`) and refuses unknown versions, malformed or non-canonical configs and
 * ids that do not match their config; the refusal is the job's failure reason.
 * Checkpoints and results travel as JSON with non-finite numbers as strings (`toJson`), so a
 * result read back from Redis has the same bits as the one the worker computed.
 */

import {
  ConfigError,
  type PlannedRun,
  type RunResult,
  type TrainConfig,
  isOneOf,
  parseTrainConfig,
  runId,
} from '../../core/index.js';
import { toJson } from '../output.js';
import type { Checkpoint } from '../train/runOne.js';

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
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new JobRefused(`job ${jobId}: the data is not an object; refusing it.`);
  }
  const d = data as Record<string, unknown>;
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
    config = parseTrainConfig(d.config as Record<string, unknown>);
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
