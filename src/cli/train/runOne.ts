/**
 * One training run with a results directory: resumes from `checkpoints/<id>.json` when present,
 * saves a checkpoint (trainer state + event log) atomically at every checkpoint event, and
 * writes `runs/<id>.json` (the RunResult) atomically when the run ends, then removes the
 * checkpoint. Interrupting at any moment leaves the directory valid: the same command resumes
 * from the last checkpoint with bit-identical numbers (core's trainer is resumable exactly).
 */

import { readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type PlannedRun,
  type RunResult,
  type TrainEvent,
  type TrainerState,
  condenseEvents,
  createTrainer,
} from '../../core/index.js';
import { CliFileError, nodeErrorCode } from '../errors.js';
import { writeFileAtomic } from '../files.js';
import { toJson } from '../output.js';
import { keepInLog } from './condense.js';
import { errorMessage } from '../../core/index.js';

export interface Checkpoint {
  readonly format: 'ortholab.cli.checkpoint';
  readonly version: 1;
  readonly id: string;
  readonly state: TrainerState;
  readonly events: TrainEvent[];
}

export const runPath = (dir: string, id: string) => join(dir, 'runs', `${id}.json`);
export const checkpointPath = (dir: string, id: string) => join(dir, 'checkpoints', `${id}.json`);

/** Reads a JSON file written by this module, or null when it does not exist. */
export async function readJsonIfExists<T>(path: string): Promise<T | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if (nodeErrorCode(e) === 'ENOENT') return null;
    throw new CliFileError(`cannot read '${path}': ${errorMessage(e)}`, nodeErrorCode(e));
  }
  try {
    return JSON.parse(text, (_k, v) =>
      v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v === 'NaN' ? Number.NaN : v,
    ) as T;
  } catch {
    throw new CliFileError(`'${path}' is not valid JSON (a damaged results file?); delete it to recompute that run.`);
  }
}

/**
 * Where checkpoints go instead of `checkpoints/<id>.json` (the queue worker keeps them in
 * Redis). `save` resolves to true when the run should stop after this checkpoint (the worker
 * is shutting down); the run then resolves to null.
 */
export interface CheckpointStore {
  load(): Promise<Checkpoint | null>;
  save(checkpoint: Checkpoint): Promise<boolean>;
}

export interface RunOneOptions {
  /** Results directory (absolute), or null to keep nothing. */
  readonly dir: string | null;
  /** Checkpoints go here (and not to the directory) when given. */
  readonly store?: CheckpointStore;
  readonly signal?: AbortSignal | undefined;
  readonly onEvent?: (e: TrainEvent) => void;
}

/** Yields to the event loop about every 20 ms so Ctrl-C is noticed during long runs. */
function makeYielder(): () => Promise<void> {
  let last = performance.now();
  return async () => {
    const now = performance.now();
    if (now - last < 20) return;
    last = now;
    await new Promise((r) => setImmediate(r));
  };
}

/** Runs (or resumes) one planned run. Resolves to null when interrupted by `signal`. */
export async function runOne(run: PlannedRun, options: RunOneOptions): Promise<RunResult | null> {
  const { dir } = options;
  const store = options.store;
  const ckPath = dir === null || store !== undefined ? null : checkpointPath(dir, run.id);
  const ck =
    store !== undefined ? await store.load() : ckPath === null ? null : await readJsonIfExists<Checkpoint>(ckPath);
  const log: TrainEvent[] = ck?.events ?? [];
  const trainer = createTrainer(run.config, ck ? { resumeFrom: ck.state } : {});
  const pause = makeYielder();
  for (const e of trainer.run()) {
    if (e.type === 'checkpoint') {
      const body: Checkpoint = {
        format: 'ortholab.cli.checkpoint',
        version: 1,
        id: run.id,
        state: e.state,
        events: log,
      };
      if (store !== undefined) {
        if (await store.save(body)) return null;
      } else if (ckPath !== null && dir !== null) {
        await writeFileAtomic(ckPath, toJson(body, false), { cwd: dir, force: true });
      }
    } else if (keepInLog(e)) log.push(e);
    options.onEvent?.(e);
    await pause();
    if (options.signal?.aborted) return null;
  }
  const result = condenseEvents(run, log);
  if (dir !== null) {
    await writeFileAtomic(runPath(dir, run.id), `${toJson(result)}\n`, { cwd: dir, force: true });
    if (ckPath !== null) await unlink(ckPath).catch(() => undefined);
  }
  return result;
}
