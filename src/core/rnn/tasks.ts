/**
 * Long-memory tasks (shared/REFERENCE.md §4), sampled from an explicit seeded `Rng` into
 * preallocated batches. Layout matches model.ts: inputs time-major, L x rows x d_in.
 *
 * - copy (Arjovsky, Shah & Bengio, ICML 2016): alphabet {0..9}, 0 blank, 1..8 data, 9 the
 *   delimiter. Input (length T+20): 10 symbols uniform on 1..8, T-1 blanks, the delimiter,
 *   10 blanks; one-hot over 10. Target: T+10 blanks, then the 10 symbols; softmax over 9
 *   classes (0..8), cross-entropy averaged over all T+20 steps. Memoryless baseline (blanks
 *   where certain, uniform over 1..8 on the last 10 steps): 10·ln 8/(T+20), accuracy 1/8.
 * - adding (Le, Jaitly & Hinton 2015): length T, channel 0 values iid U[0,1), channel 1 a marker
 *   with exactly two ones, one uniform in [0, ⌊T/2⌋) and one in [⌊T/2⌋, T); target the sum of
 *   the two marked values; MSE on the last output. Baseline: predicting 1 gives MSE 1/6.
 *
 * Sampling order (part of the seeded API): sequence by sequence; copy draws its 10 symbols;
 * adding draws T values, then the first marker, then the second.
 */

import { ConfigError, fmt } from '../errors.js';
import { type Rng, randInt } from '../random/index.js';
import type { LossName } from './losses.js';
import { argmaxAccuracy, mseLast, softmaxCrossEntropy } from './losses.js';
import type { OutputSteps, RnnWorkspace } from './model.js';

/** Task names, in the spelling used by configs, the CLI and the URL. */
export const TASK_NAMES = ['copy', 'adding'] as const;
export type TaskName = (typeof TASK_NAMES)[number];

/** Copying: number of symbols to remember, data alphabet size, input and output widths. */
export const COPY_SYMBOLS = 10;
const COPY_ALPHABET = 8;
const COPY_DELIMITER = 9;

/** A batch of sequences with their targets. */
export interface TaskBatch {
  readonly rows: number;
  /** Inputs, L x rows x d_in. */
  readonly x: Float64Array;
  /** Class targets per step, L x rows (copy); empty for regression tasks. */
  readonly classes: Int32Array;
  /** Regression targets of the last step, rows x d_out (adding); empty for class tasks. */
  readonly values: Float64Array;
}

/** A task instance: sizes, loss, baseline and a sampler. */
export interface Task {
  readonly name: TaskName;
  /** The task's memory length parameter T. */
  readonly T: number;
  /** Sequence length L (copy: T + 20; adding: T). */
  readonly length: number;
  readonly inputDim: number;
  readonly outputDim: number;
  readonly loss: LossName;
  readonly outputs: OutputSteps;
  /** The memoryless baseline's expected loss and accuracy (null where accuracy is undefined). */
  readonly baseline: { readonly loss: number; readonly accuracy: number | null };
  /** Preallocates a batch of `rows` sequences. */
  createBatch(rows: number): TaskBatch;
  /** Overwrites `batch` with fresh sequences drawn from `rng`. */
  sampleInto(rng: Rng, batch: TaskBatch): void;
}

/** Builds a task; throws ConfigError for an unknown name or a T out of range. */
export function makeTask(name: TaskName, T: number): Task {
  if (name === 'copy') return copyTask(T);
  if (name === 'adding') return addingTask(T);
  throw new ConfigError(`Unknown task "${String(name)}". Allowed: ${TASK_NAMES.join(', ')}.`);
}

function checkT(task: string, T: number, min: number): void {
  if (typeof T !== 'number' || !Number.isInteger(T) || T < min) {
    throw new ConfigError(
      `${task} task: T must be an integer >= ${min}, got ${typeof T === 'number' ? fmt(T) : String(T)}.`,
    );
  }
}

/** The copying-memory task with delay T (sequence length T + 20). */
export function copyTask(T: number): Task {
  checkT('copy', T, 1);
  const L = T + 2 * COPY_SYMBOLS;
  const d = COPY_ALPHABET + 2;
  return {
    name: 'copy',
    T,
    length: L,
    inputDim: d,
    outputDim: COPY_ALPHABET + 1,
    loss: 'softmaxCrossEntropy',
    outputs: 'all',
    baseline: { loss: (COPY_SYMBOLS * Math.log(COPY_ALPHABET)) / L, accuracy: 1 / COPY_ALPHABET },
    createBatch: (rows) => ({
      rows,
      x: new Float64Array(L * rows * d),
      classes: new Int32Array(L * rows),
      values: new Float64Array(0),
    }),
    sampleInto(rng, batch) {
      const { rows, x, classes } = batch;
      x.fill(0);
      classes.fill(0);
      for (let i = 0; i < rows; i++) {
        for (let t = 0; t < COPY_SYMBOLS; t++) {
          const s = 1 + randInt(rng, COPY_ALPHABET);
          x[(t * rows + i) * d + s] = 1;
          classes[(L - COPY_SYMBOLS + t) * rows + i] = s;
        }
        for (let t = COPY_SYMBOLS; t < L; t++) {
          x[(t * rows + i) * d + (t === T + COPY_SYMBOLS - 1 ? COPY_DELIMITER : 0)] = 1;
        }
      }
    },
  };
}

/** The adding problem with sequence length T (T >= 2: one marker in each half). */
export function addingTask(T: number): Task {
  checkT('adding', T, 2);
  const half = Math.floor(T / 2);
  return {
    name: 'adding',
    T,
    length: T,
    inputDim: 2,
    outputDim: 1,
    loss: 'mseLast',
    outputs: 'last',
    baseline: { loss: 1 / 6, accuracy: null },
    createBatch: (rows) => ({
      rows,
      x: new Float64Array(T * rows * 2),
      classes: new Int32Array(0),
      values: new Float64Array(rows),
    }),
    sampleInto(rng, batch) {
      const { rows, x, values } = batch;
      for (let i = 0; i < rows; i++) {
        for (let t = 0; t < T; t++) {
          const q = (t * rows + i) * 2;
          x[q] = rng.next();
          x[q + 1] = 0;
        }
        const a = randInt(rng, half);
        const b = half + randInt(rng, T - half);
        x[(a * rows + i) * 2 + 1] = 1;
        x[(b * rows + i) * 2 + 1] = 1;
        values[i] = x[(a * rows + i) * 2]! + x[(b * rows + i) * 2]!;
      }
    },
  };
}

/**
 * The task's loss on the outputs of the last forward pass in `ws` (same rows as `batch`);
 * writes dL/dy into `dy` when given. y and dy rows hold ld ≥ outputDim entries (default outputDim).
 */
export function taskLoss(
  task: Task,
  ws: Pick<RnnWorkspace, 'y'>,
  batch: TaskBatch,
  dy: Float64Array | null,
  ld: number = task.outputDim,
): number {
  if (task.loss === 'softmaxCrossEntropy') {
    return softmaxCrossEntropy(ws.y, batch.classes, task.length * batch.rows, task.outputDim, dy, ld);
  }
  return mseLast(ws.y, batch.values, batch.rows, task.outputDim, dy, ld);
}

/**
 * Correct/total predictions where accuracy is defined (copy: argmax on the last 10 outputs of
 * every sequence); null for regression tasks.
 */
export function taskAccuracy(
  task: Task,
  ws: Pick<RnnWorkspace, 'y'>,
  batch: TaskBatch,
): { correct: number; total: number } | null {
  if (task.name !== 'copy') return null;
  const rows = batch.rows;
  return argmaxAccuracy(ws.y, batch.classes, (task.length - COPY_SYMBOLS) * rows, task.length * rows, task.outputDim);
}
