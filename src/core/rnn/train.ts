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
 * The loop itself (streams, test set, optimizer, resume, step loop, events) is loop.ts, shared
 * by every cell; this file supplies the Elman cell's math, gatedTrain.ts the LSTM's and GRU's
 * (`cell: 'lstm' | 'gru'`, same readout, losses, optimizers, clipping and events).
 */

import { type TrainConfig, type TrainConfigInput, parseTrainConfig } from './config.js';
import type { RnnMetrics, TrainEvent, TrainParams, TrainerState } from './events.js';
import { createGatedTrainer } from './gatedTrain.js';
import { createLoopTrainer, evalRows, startParams } from './loop.js';
import { createRnnWorkspace, rnnBackward, rnnForward } from './model.js';
import {
  RNN_PARAM_NAMES,
  deserializeRnnParams,
  initRnnParams,
  rnnParamCount,
  serializeRnnParams,
  zerosLikeParams,
} from './params.js';
import { rnnSpectrum } from './spectrum.js';
import { type Task, makeTask, taskLoss } from './tasks.js';

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

/**
 * A whole training run as a generator of events (`createTrainer(config, options).run()`). The
 * config is validated eagerly: a bad config throws ConfigError here, not at the first `next()`.
 */
export function train(
  config: TrainConfigInput | TrainConfig,
  options: { readonly resumeFrom?: unknown } = {},
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
  options: { readonly resumeFrom?: unknown } = {},
): Trainer {
  const config = parseTrainConfig(input);
  // Gated layers: gatedTrain.ts supplies their math to the same loop (loop.ts).
  if (config.cell !== 'rnn') return createGatedTrainer(config, options);
  const task = makeTask(config.task, config.T);
  const dims = { inputDim: task.inputDim, units: config.units, outputDim: task.outputDim };
  const { params, from } = startParams(
    config,
    options.resumeFrom,
    (json) => deserializeRnnParams(json, dims),
    () =>
      initRnnParams(
        dims,
        {
          kernel: config.kernelInitializer,
          recurrent: config.recurrentInitializer,
          bias: config.biasInitializer,
          output: config.outputInitializer,
        },
        config.seed,
      ),
  );
  const L = task.length;
  const act = config.activation;
  const ws = createRnnWorkspace(dims, L, Math.max(config.batchSize, config.probeSize));
  const evalWs = createRnnWorkspace(dims, L, evalRows(config), false);
  const grads = zerosLikeParams(dims);
  return createLoopTrainer(config, task, from, {
    params,
    pList: RNN_PARAM_NAMES.map((k) => params[k].data),
    gList: RNN_PARAM_NAMES.map((k) => grads[k].data),
    outputDim: dims.outputDim,
    parameterCount: rnnParamCount(dims),
    divergedAdvice:
      'Lower the learning rate, set clipNorm, or use a recurrent initializer with spectral radius near 1.',
    lossAndGrads(batch) {
      rnnForward(params, act, batch.x, batch.rows, ws, task.outputs);
      const loss = taskLoss(task, ws, batch, ws.dy);
      rnnBackward(params, act, batch.x, ws, ws.dy, { truncate: config.truncate, grads });
      return loss;
    },
    probe(batch) {
      rnnForward(params, act, batch.x, batch.rows, ws, task.outputs);
      const loss = taskLoss(task, ws, batch, ws.dy);
      // Always full BPTT: the probe measures the model's true ∂L/∂h_t, whatever window the
      // training gradient is truncated to.
      rnnBackward(params, act, batch.x, ws, ws.dy, { truncate: null, grads: null });
      return { loss, dhNorm: Array.from(ws.dhNorm) };
    },
    spectrum: () => rnnSpectrum(params.Whh),
    evalOutputs(batch) {
      rnnForward(params, act, batch.x, batch.rows, evalWs, task.outputs);
      return evalWs;
    },
    serialize: () => serializeRnnParams(params),
  });
}
