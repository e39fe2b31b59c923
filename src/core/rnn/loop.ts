/**
 * The training loop shared by every cell (train.ts for the Elman cell, gatedTrain.ts for LSTM
 * and GRU): data streams, fixed test set, optimizer state, resume, the step loop (divergence
 * check, clipping, optimizer step with the learning-rate schedule), periodic probe / spectrum /
 * metrics events, checkpoints and the final metrics. A cell supplies only its own math as a
 * `CellRun`: the forward pass, loss and backward pass, the probe, the spectrum, the outputs on
 * an evaluation chunk and its parameter serialization. See train.ts for the seeding and event
 * rules; this file keeps their order of operations exactly.
 */

import { Rng, type RngState, createRng, fork } from '../random/index.js';
import { type TrainConfig, learningRateAt } from './config.js';
import type { RnnMetrics, TrainEvent, TrainParams, TrainerState } from './events.js';
import {
  type OptimizerConfig,
  type OptimizerState,
  clipByGlobalNorm,
  createOptimizerState,
  deserializeOptimizerState,
  globalNorm,
  optimizerStep,
  serializeOptimizerState,
} from './optimizers.js';
import { type ResumeState, checkResumable } from './resume.js';
import { type Task, type TaskBatch, taskAccuracy, taskLoss } from './tasks.js';
import type { Trainer } from './train.js';

/** Rows per chunk when evaluating the test set (bounds the evaluation workspace). */
export const EVAL_CHUNK = 128;

/** Rows an evaluation workspace must hold for `config`. */
export function evalRows(config: TrainConfig): number {
  return Math.min(EVAL_CHUNK, config.testSize);
}

/**
 * The parameters a run starts from: `resumeFrom`'s (checked against `config` by checkResumable,
 * then restored; `resumeFrom` may be any value, e.g. a parsed checkpoint) when resuming, fresh
 * ones otherwise; and the checked state to resume the rest from.
 */
export function startParams<P>(
  config: TrainConfig,
  resumeFrom: unknown,
  restore: (json: unknown) => P,
  init: () => P,
): { readonly params: P; readonly from: ResumeState | undefined } {
  if (resumeFrom === undefined) return { params: init(), from: undefined };
  const from = checkResumable(config, resumeFrom);
  return { params: restore(from.params), from };
}

type Event<K extends TrainEvent['type']> = Extract<TrainEvent, { type: K }>;

/** A cell's part of a run, over the live parameters it was built for. */
export interface CellRun {
  /** The live parameters (returned by `Trainer.params()`). */
  readonly params: TrainParams;
  /** Parameter and gradient buffers in canonical order (optimizer slots). */
  readonly pList: Float64Array[];
  readonly gList: Float64Array[];
  readonly outputDim: number;
  readonly parameterCount: number;
  /** Gated cells: the start event's `gates` (the per-gate spectrum of the starting parameters). */
  gates?(): NonNullable<Event<'start'>['gates']>;
  /** The divergence message's advice, after "the update was not applied. ". */
  readonly divergedAdvice: string;
  /** Forward, loss (∂L/∂y into the cell's dy), backward truncated per config into gList; returns the loss. */
  lossAndGrads(batch: TaskBatch): number;
  /** The probe event's numbers on the probe batch (full BPTT, no gradients accumulated). */
  probe(batch: TaskBatch): Omit<Event<'probe'>, 'type' | 'step'>;
  /** The spectrum event's numbers for the current parameters. */
  spectrum(): Omit<Event<'spectrum'>, 'type' | 'step'>;
  /** Forward on an evaluation chunk (at most evalRows(config) rows); returns its outputs. */
  evalOutputs(batch: TaskBatch): { readonly y: Float64Array };
  /** JSON-safe current parameters. */
  serialize(): TrainerState['params'];
}

/**
 * Builds a trainer around a cell. `from` has been checked (checkResumable) and `cell` built on
 * its parameters (or on fresh ones) by the caller; the rest of the snapshot is restored here.
 */
export function createLoopTrainer(
  config: TrainConfig,
  task: Task,
  from: ResumeState | undefined,
  cell: CellRun,
): Trainer {
  const root = createRng(config.seed);
  const sizes = cell.pList.map((p) => p.length);
  let opt: OptimizerState;
  let trainRng: Rng;
  let step: number;
  if (from) {
    opt = deserializeOptimizerState(from.optimizer, config.optimizer, sizes);
    trainRng = Rng.fromState(from.trainRng);
    step = from.step;
  } else {
    opt = createOptimizerState(config.optimizer, sizes);
    trainRng = fork(root, 'train-data');
    step = 0;
  }
  const optConfig: OptimizerConfig = {
    name: config.optimizer,
    learningRate: config.learningRate,
    momentum: config.momentum,
    rho: config.rho,
    beta1: config.beta1,
    beta2: config.beta2,
    epsilon: config.epsilon,
  };
  const { pList, gList } = cell;
  const batch = task.createBatch(config.batchSize);
  const probe = task.createBatch(config.probeSize);
  task.sampleInto(fork(root, 'probe'), probe);
  // The fixed test set, kept as the RNG state at the start of each chunk and regenerated
  // chunk by chunk when evaluating: memory O(chunk) instead of O(testSize·L·d_in), and sampling
  // is sequence by sequence, so the sequences do not depend on the chunking.
  const testRng = fork(root, 'test-data');
  // Chunks of the same size share one buffer.
  const test: { readonly rows: number; readonly rng: RngState; readonly batch: TaskBatch }[] = [];
  const chunkBuffers = new Map<number, TaskBatch>();
  for (let left = config.testSize; left > 0; left -= EVAL_CHUNK) {
    const rows = Math.min(EVAL_CHUNK, left);
    let batch = chunkBuffers.get(rows);
    if (batch === undefined) {
      batch = task.createBatch(rows);
      chunkBuffers.set(rows, batch);
    }
    test.push({ rows, rng: testRng.state(), batch });
    task.sampleInto(testRng, batch); // advances the stream
  }

  const evaluate = (): RnnMetrics => {
    let total = 0;
    let rows = 0;
    let correct = 0;
    let counted = 0;
    for (const chunk of test) {
      const b = chunk.batch;
      task.sampleInto(Rng.fromState(chunk.rng), b);
      const out = cell.evalOutputs(b);
      total += taskLoss(task, out, b, null) * b.rows;
      rows += b.rows;
      const acc = taskAccuracy(task, out, b);
      if (acc) {
        correct += acc.correct;
        counted += acc.total;
      }
    }
    const testLoss = total / rows;
    return { testLoss, ratio: testLoss / task.baseline.loss, accuracy: counted > 0 ? correct / counted : null };
  };

  const state = (): TrainerState => ({
    format: 'ortholab.rnn.trainer',
    version: 1,
    config,
    step,
    params: cell.serialize(),
    optimizer: serializeOptimizerState(opt),
    trainRng: trainRng.state(),
  });

  let lastMetrics: { step: number; m: RnnMetrics } | null = null;
  function metricsEvent(): TrainEvent {
    const m = evaluate();
    lastMetrics = { step, m };
    return { type: 'metrics', step, ...m };
  }

  function* periodic(atStart: boolean): Generator<TrainEvent, void, undefined> {
    const due = (every: number) => every > 0 && (atStart || step % every === 0);
    if (due(config.probeEvery)) yield { type: 'probe', step, ...cell.probe(probe) };
    if (due(config.spectrumEvery)) yield { type: 'spectrum', step, ...cell.spectrum() };
    if (atStart || due(config.evalEvery)) yield metricsEvent();
  }

  function* run(): Generator<TrainEvent, void, undefined> {
    yield {
      type: 'start',
      step,
      config,
      resumed: from !== undefined,
      sequenceLength: task.length,
      inputDim: task.inputDim,
      outputDim: cell.outputDim,
      parameterCount: cell.parameterCount,
      baseline: task.baseline,
      ...(cell.gates ? { gates: cell.gates() } : {}),
    };
    if (step === 0 && !from) yield* periodic(true);
    while (step < config.steps) {
      const s = step + 1;
      task.sampleInto(trainRng, batch);
      const loss = cell.lossAndGrads(batch);
      const gradNorm = globalNorm(gList);
      if (!Number.isFinite(loss) || !Number.isFinite(gradNorm)) {
        const what = Number.isFinite(loss) ? `gradient norm is ${gradNorm}` : `loss is ${loss}`;
        yield {
          type: 'diverged',
          step: s,
          loss,
          gradNorm,
          message: `Training diverged at step ${s}: the ${what}; the update was not applied. ${cell.divergedAdvice}`,
        };
        return;
      }
      const clipped = config.clipNorm !== null && clipByGlobalNorm(gList, gradNorm, config.clipNorm);
      optimizerStep(
        config.lrSchedule === 'constant' ? optConfig : { ...optConfig, learningRate: learningRateAt(config, step) },
        opt,
        pList,
        gList,
      );
      step = s;
      yield { type: 'progress', step, steps: config.steps, loss, gradNorm, clipped };
      yield* periodic(false);
      if (config.checkpointEvery > 0 && step % config.checkpointEvery === 0) {
        yield { type: 'checkpoint', step, state: state() };
      }
    }
    let final = lastMetrics !== null && lastMetrics.step === step ? lastMetrics.m : null;
    if (final === null) {
      final = evaluate();
      // A run resumed from a checkpoint at its last step already emitted that step's metrics
      // before the checkpoint (periodic events come first), so a resumed event stream continues
      // the original one without repeating them (a queue worker killed after that checkpoint).
      const emitted = from !== undefined && step === from.step && config.evalEvery > 0 && step % config.evalEvery === 0;
      if (!emitted) yield { type: 'metrics', step, ...final };
    }
    yield { type: 'done', step, ...final };
  }

  return {
    config,
    task,
    get step() {
      return step;
    },
    params: () => cell.params,
    state,
    evaluate,
    run,
  };
}
