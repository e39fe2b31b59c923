/**
 * The training loop as a generator of plain events, for the CLI (print / JSON lines), the web
 * explorer (post to the page from a worker) and the comparison runner alike.
 *
 * Seeds and streams. The parameters follow the registry's seeding rule with the run's seed:
 * W_hh is `draw(recurrentInitializer, [n, n], seed)`, the same matrix `ortholab init` writes for
 * that spec, seed and shape; W_xh, b and W_hy use `deriveSeed(seed, 'Wxh' | 'b' | 'Why')`
 * (params.ts, `rnnInitSeeds`). The data come from forks of createRng(seed) named 'train-data'
 * (a fresh batch every step), 'test-data' (a fixed test set of `testSize` sequences) and
 * 'probe' (a fixed probe batch for ‖∂L/∂h_t‖), so using one stream never shifts another and the
 * data do not depend on the initializers. Same config, same numbers.
 *
 * Step s: draw a batch, forward, loss, exact BPTT, global gradient norm, optional clipping,
 * one optimizer update. The `progress` event of step s reports the batch loss and gradient norm
 * measured before update s; probe, spectrum and metrics events of step s are measured after it
 * (step 0 = at initialization). A non-finite loss or gradient norm stops the run with a
 * `diverged` event before the update is applied; everything yielded so far stands.
 *
 * Resuming: `state()` (also carried by `checkpoint` events) is JSON-safe and holds the
 * parameters, optimizer moments, training-stream RNG state and step; a trainer created with
 * `resumeFrom` continues with bit-identical numbers.
 *
 * `cell: 'lstm' | 'gru'` runs the same loop on a gated layer with the same readout, losses,
 * optimizers, clipping and events (gatedTrain.ts); the vanilla cell's path here is untouched.
 */

import { Rng, type RngState, createRng, fork } from '../random/index.js';
import { type TrainConfig, type TrainConfigInput, learningRateAt, parseTrainConfig } from './config.js';
import { type RnnWorkspace, createRnnWorkspace, rnnBackward, rnnForward } from './model.js';
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
import {
  RNN_PARAM_NAMES,
  type RnnParams,
  deserializeRnnParams,
  initRnnParams,
  rnnParamCount,
  rnnParamShapes,
  serializeRnnParams,
  zerosLikeParams,
} from './params.js';
import type { RnnMetrics, TrainEvent, TrainParams, TrainerState } from './events.js';
import { createGatedTrainer } from './gatedTrain.js';
import { checkResumable } from './resume.js';
import { rnnSpectrum } from './spectrum.js';
import { type Task, type TaskBatch, makeTask, taskAccuracy, taskLoss } from './tasks.js';

/** A training run in progress. */
export interface Trainer {
  readonly config: TrainConfig;
  readonly task: Task;
  /** Updates applied so far. */
  readonly step: number;
  /**
   * The live parameters (do not mutate; copy to keep): RnnParams for cell 'rnn', GatedNetParams
   * (the gated layer's Wih, Whh, bih, bhh and the readout Why, c) for 'lstm' and 'gru'.
   */
  params(): TrainParams;
  /** A resumable snapshot of the current state. */
  state(): TrainerState;
  /** Test-set metrics of the current parameters (does not touch any training stream). */
  evaluate(): RnnMetrics;
  /** Runs to `config.steps`, yielding events; see the file comment. */
  run(): Generator<TrainEvent, void, undefined>;
}

/** Rows per chunk when evaluating the test set (bounds the evaluation workspace). */
const EVAL_CHUNK = 128;

/** A chunk of the fixed test set: its size and the test stream's state where it starts. */
interface TestChunk {
  readonly rows: number;
  readonly rng: RngState;
}

/**
 * A whole training run as a generator of events (`createTrainer(config, options).run()`). The
 * config is validated eagerly: a bad config throws ConfigError here, not at the first `next()`.
 */
export function train(
  config: TrainConfigInput | TrainConfig,
  options: { resumeFrom?: TrainerState } = {},
): Generator<TrainEvent, void, undefined> {
  return createTrainer(config, options).run();
}

/**
 * Builds a trainer: parses the config, draws the parameters (or restores them from
 * `resumeFrom`, whose trajectory fields must equal the config's; schedule fields such as
 * `steps` or `evalEvery` may differ), the fixed test set and the probe batch, and preallocates
 * every buffer. Throws ConfigError for a bad config or a mismatched snapshot.
 */
export function createTrainer(
  input: TrainConfigInput | TrainConfig,
  options: { resumeFrom?: TrainerState } = {},
): Trainer {
  const config = parseTrainConfig(input);
  // Gated layers have their own loop (gatedTrain.ts); the vanilla path below is unchanged.
  if (config.cell !== 'rnn') return createGatedTrainer(config, options);
  const task = makeTask(config.task, config.T);
  const dims = { inputDim: task.inputDim, units: config.units, outputDim: task.outputDim };
  const root = createRng(config.seed);
  const shapes = rnnParamShapes(dims);
  const sizes = RNN_PARAM_NAMES.map((k) => shapes[k][0] * shapes[k][1]);
  const from = options.resumeFrom;
  let params: RnnParams;
  let opt: OptimizerState;
  let trainRng: Rng;
  let step: number;
  if (from) {
    checkResumable(config, from);
    params = deserializeRnnParams(from.params, dims);
    opt = deserializeOptimizerState(from.optimizer, config.optimizer, sizes);
    trainRng = Rng.fromState(from.trainRng);
    step = from.step;
  } else {
    params = initRnnParams(
      dims,
      {
        kernel: config.kernelInitializer,
        recurrent: config.recurrentInitializer,
        bias: config.biasInitializer,
        output: config.outputInitializer,
      },
      config.seed,
    );
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
  const L = task.length;
  const ws = createRnnWorkspace(dims, L, Math.max(config.batchSize, config.probeSize));
  const batch = task.createBatch(config.batchSize);
  const grads = zerosLikeParams(dims);
  const pList = RNN_PARAM_NAMES.map((k) => params[k].data);
  const gList = RNN_PARAM_NAMES.map((k) => grads[k].data);
  const probe = task.createBatch(config.probeSize);
  task.sampleInto(fork(root, 'probe'), probe);
  // The fixed test set, kept as the RNG state at the start of each chunk and regenerated
  // chunk by chunk when evaluating: memory O(chunk) instead of O(testSize·L·d_in), and sampling
  // is sequence by sequence, so the sequences do not depend on the chunking.
  const testRng = fork(root, 'test-data');
  const test: TestChunk[] = [];
  const chunkBuffers = new Map<number, TaskBatch>();
  for (let left = config.testSize; left > 0; left -= EVAL_CHUNK) {
    const rows = Math.min(EVAL_CHUNK, left);
    test.push({ rows, rng: testRng.state() });
    if (!chunkBuffers.has(rows)) chunkBuffers.set(rows, task.createBatch(rows));
    task.sampleInto(testRng, chunkBuffers.get(rows) as TaskBatch); // advances the stream
  }
  const evalWs = createRnnWorkspace(dims, L, Math.min(EVAL_CHUNK, config.testSize), false);

  const evaluate = (): RnnMetrics => evaluateOn(task, params, config, test, chunkBuffers, evalWs);

  const state = (): TrainerState => ({
    format: 'ortholab.rnn.trainer',
    version: 1,
    config,
    step,
    params: serializeRnnParams(params),
    optimizer: serializeOptimizerState(opt),
    trainRng: trainRng.state(),
  });

  function probeEvent(): TrainEvent {
    rnnForward(params, config.activation, probe.x, probe.rows, ws, task.outputs);
    const loss = taskLoss(task, ws, probe, ws.dy);
    // Always full BPTT: the probe measures the model's true ∂L/∂h_t, whatever window the
    // training gradient is truncated to.
    rnnBackward(params, config.activation, probe.x, ws, ws.dy, { truncate: null, grads: null });
    return { type: 'probe', step, loss, dhNorm: Array.from(ws.dhNorm) };
  }

  function spectrumEvent(): TrainEvent {
    return { type: 'spectrum', step, ...rnnSpectrum(params.Whh) };
  }

  let lastMetrics: { step: number; m: RnnMetrics } | null = null;
  function metricsEvent(): TrainEvent {
    const m = evaluate();
    lastMetrics = { step, m };
    return { type: 'metrics', step, ...m };
  }

  function* periodic(atStart: boolean): Generator<TrainEvent, void, undefined> {
    const due = (every: number) => every > 0 && (atStart || step % every === 0);
    if (due(config.probeEvery)) yield probeEvent();
    if (due(config.spectrumEvery)) yield spectrumEvent();
    if (atStart || due(config.evalEvery)) yield metricsEvent();
  }

  function* run(): Generator<TrainEvent, void, undefined> {
    yield {
      type: 'start',
      step,
      config,
      resumed: from !== undefined,
      sequenceLength: L,
      inputDim: dims.inputDim,
      outputDim: dims.outputDim,
      parameterCount: rnnParamCount(dims),
      baseline: task.baseline,
    };
    if (step === 0 && !from) yield* periodic(true);
    while (step < config.steps) {
      const s = step + 1;
      task.sampleInto(trainRng, batch);
      rnnForward(params, config.activation, batch.x, batch.rows, ws, task.outputs);
      const loss = taskLoss(task, ws, batch, ws.dy);
      rnnBackward(params, config.activation, batch.x, ws, ws.dy, { truncate: config.truncate, grads });
      const gradNorm = globalNorm(gList);
      if (!Number.isFinite(loss) || !Number.isFinite(gradNorm)) {
        const what = Number.isFinite(loss) ? `gradient norm is ${gradNorm}` : `loss is ${loss}`;
        yield {
          type: 'diverged',
          step: s,
          loss,
          gradNorm,
          message: `Training diverged at step ${s}: the ${what}; the update was not applied. Lower the learning rate, set clipNorm, or use a recurrent initializer with spectral radius near 1.`,
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
      yield { type: 'metrics', step, ...final };
    }
    yield { type: 'done', step, ...final };
  }

  return {
    config,
    task,
    get step() {
      return step;
    },
    params: () => params,
    state,
    evaluate,
    run,
  };
}

function evaluateOn(
  task: Task,
  params: RnnParams,
  config: TrainConfig,
  test: readonly TestChunk[],
  buffers: ReadonlyMap<number, TaskBatch>,
  ws: RnnWorkspace,
): RnnMetrics {
  let total = 0;
  let rows = 0;
  let correct = 0;
  let counted = 0;
  for (const chunk of test) {
    const b = buffers.get(chunk.rows) as TaskBatch;
    task.sampleInto(Rng.fromState(chunk.rng), b);
    rnnForward(params, config.activation, b.x, b.rows, ws, task.outputs);
    total += taskLoss(task, ws, b, null) * b.rows;
    rows += b.rows;
    const acc = taskAccuracy(task, ws, b);
    if (acc) {
      correct += acc.correct;
      counted += acc.total;
    }
  }
  const testLoss = total / rows;
  return {
    testLoss,
    ratio: testLoss / task.baseline.loss,
    accuracy: counted > 0 ? correct / counted : null,
  };
}
