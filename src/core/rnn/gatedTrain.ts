/**
 * The training loop for a gated layer (cell 'lstm' or 'gru'): the vanilla loop of train.ts
 * (same tasks, streams, losses, optimizers, clipping, schedule, events, checkpoints and resume
 * rules) with an LSTM/GRU (lstm.ts, gru.ts, canonical layout of gatedParams.ts) in place of the
 * Elman cell, and the same linear readout y_t = W_hy h_t + c.
 *
 * Parameters of a run seeded `seed`: the layer by the `gatedInit` scheme under the seeding rule
 * (gatedInit.ts: the recurrent matrix in its framework's shape drawn with `seed` itself, the
 * others with deriveSeed(seed, 'Wih' | 'bih' | 'bhh')), the readout as the vanilla cell's,
 * W_hy = draw(outputInitializer, [n, d_out], deriveSeed(seed, 'Why'))ᵀ and c = 0. The data come
 * from the same forks of createRng(seed) ('train-data', 'test-data', 'probe'), so a gated and a
 * vanilla run with the same seed see the same sequences.
 *
 * Events differ from the vanilla cell's only by additions: the start event carries the per-gate
 * spectrum (`gates`), probe events the per-gate pre-activation gradient norms through time
 * (`gateNorm`), and spectrum events describe the G·n x n stack (see events.ts).
 *
 * The readout is d_out x n with d_out ≤ 10 here, so its forward and backward are plain loops
 * (cost L·rows·n·d_out, small beside the recurrence's L·rows·G·n·n).
 */

import { FormatError } from '../errors.js';
import { type Matrix, singularValues, transpose, zeros } from '../linalg/index.js';
import { draw } from '../init/index.js';
import { Rng, type RngState, createRng, deriveSeed, fork } from '../random/index.js';
import { type TrainConfig, learningRateAt } from './config.js';
import type { GatedNetParams, RnnMetrics, SerializedGatedNetParams, TrainEvent, TrainerState } from './events.js';
import { gatedBackward, gatedForward } from './gated.js';
import { initGatedParams } from './gatedInit.js';
import { GATE_NAMES, type GatedDims, gateCount, gatedParamCount, gatedParamShapes } from './gatedParams.js';
import { type GatedWorkspace, createGatedWorkspace } from './gatedWorkspace.js';
import { gatedSpectrum } from './gateSpectrum.js';
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
import { checkResumable } from './resume.js';
import { type TaskBatch, makeTask, taskAccuracy, taskLoss } from './tasks.js';
import type { Trainer } from './train.js';

/** Parameter names of a gated run, in canonical order (optimizer slots, serialization). */
export const GATED_NET_PARAM_NAMES = ['Wih', 'Whh', 'bih', 'bhh', 'Why', 'c'] as const;
type Name = (typeof GATED_NET_PARAM_NAMES)[number];

/** Rows per chunk when evaluating the test set (as train.ts). */
const EVAL_CHUNK = 128;

function shapesOf(dims: GatedDims, outputDim: number): Record<Name, [number, number]> {
  return { ...gatedParamShapes(dims), Why: [outputDim, dims.units], c: [outputDim, 1] };
}

/** Fresh parameters of a gated run seeded `seed` (see the file comment for the rule). */
export function initGatedNet(
  dims: GatedDims,
  outputDim: number,
  config: Pick<TrainConfig, 'gatedInit' | 'outputInitializer' | 'seed'>,
): GatedNetParams {
  const layer = initGatedParams(dims, config.gatedInit, config.seed);
  const n = dims.units;
  const Why = transpose({
    rows: n,
    cols: outputDim,
    data: draw(config.outputInitializer, [n, outputDim], deriveSeed(config.seed, 'Why')),
  });
  return { ...layer, Why, c: zeros(outputDim, 1) };
}

function serialize(p: GatedNetParams): SerializedGatedNetParams {
  const s = (m: Matrix) => ({ rows: m.rows, cols: m.cols, data: Array.from(m.data) });
  return { Wih: s(p.Wih), Whh: s(p.Whh), bih: s(p.bih), bhh: s(p.bhh), Why: s(p.Why), c: s(p.c) };
}

function deserialize(json: unknown, shapes: Record<Name, [number, number]>): GatedNetParams {
  if (json === null || typeof json !== 'object') {
    throw new FormatError(`Gated-run parameters must be an object with keys ${GATED_NET_PARAM_NAMES.join(', ')}.`);
  }
  const out: Partial<Record<Name, Matrix>> = {};
  for (const name of GATED_NET_PARAM_NAMES) {
    const m = (json as Record<string, unknown>)[name] as { rows?: unknown; cols?: unknown; data?: unknown } | undefined;
    const [r, c] = shapes[name];
    const ok =
      m !== null &&
      typeof m === 'object' &&
      m.rows === r &&
      m.cols === c &&
      Array.isArray(m.data) &&
      m.data.length === r * c &&
      m.data.every((v) => typeof v === 'number');
    if (!ok) {
      throw new FormatError(
        `Gated-run parameter "${name}" is missing or malformed: expected {rows: ${r}, cols: ${c}, data: number[${r * c}]}.`,
      );
    }
    out[name] = { rows: r, cols: c, data: Float64Array.from(m.data as number[]) };
  }
  return out as GatedNetParams;
}

/**
 * y = W_hy h_t + c for t = 1..L ('all': L x rows x o) or t = L only ('last': rows x o), reading
 * the states H_t (time-major, slot t at t·rows·n) of the last forward pass.
 */
function readoutForward(p: GatedNetParams, ws: GatedWorkspace, rows: number, all: boolean, y: Float64Array): void {
  const n = ws.dims.units;
  const o = p.Why.rows;
  const W = p.Why.data;
  const L = ws.length;
  const t0 = all ? 1 : L;
  for (let t = t0; t <= L; t++) {
    for (let r = 0; r < rows; r++) {
      const h = (t * rows + r) * n;
      const yo = ((t - t0) * rows + r) * o;
      for (let j = 0; j < o; j++) {
        let s = p.c.data[j];
        const w = j * n;
        for (let k = 0; k < n; k++) s += W[w + k] * ws.h[h + k];
        y[yo + j] = s;
      }
    }
  }
}

/** dH = ∂L/∂h_t for every step (zero where no output reads h_t), dW_hy = Σ dyᵀ h, dc = Σ dy. */
function readoutBackward(
  p: GatedNetParams,
  ws: GatedWorkspace,
  all: boolean,
  dy: Float64Array,
  dH: Float64Array,
  g: GatedNetParams | null,
): void {
  const n = ws.dims.units;
  const o = p.Why.rows;
  const W = p.Why.data;
  const L = ws.length;
  const rows = ws.rows;
  const t0 = all ? 1 : L;
  dH.fill(0, 0, L * rows * n);
  if (g) {
    g.Why.data.fill(0);
    g.c.data.fill(0);
  }
  for (let t = t0; t <= L; t++) {
    for (let r = 0; r < rows; r++) {
      const h = (t * rows + r) * n;
      const d = ((t - 1) * rows + r) * n;
      const yo = ((t - t0) * rows + r) * o;
      for (let j = 0; j < o; j++) {
        const e = dy[yo + j];
        if (e === 0) continue;
        const w = j * n;
        for (let k = 0; k < n; k++) dH[d + k] += e * W[w + k];
        if (g) {
          for (let k = 0; k < n; k++) g.Why.data[w + k] += e * ws.h[h + k];
          g.c.data[j] += e;
        }
      }
    }
  }
}

/** The spectrum event's numbers for a G·n x n stack (see events.ts). */
function stackSpectrum(config: TrainConfig, p: GatedNetParams) {
  const cell = config.cell === 'gru' ? 'gru' : 'lstm';
  const report = gatedSpectrum(cell, p);
  let sv: number[];
  try {
    sv = Array.from(singularValues(p.Whh));
  } catch {
    sv = new Array<number>(p.Whh.cols).fill(Number.NaN);
  }
  return {
    spectralRadius: Math.max(...report.gates.map((g) => g.spectralRadius)),
    singularValues: sv,
    eigenvalues: { re: [], im: [] },
    gates: report.gates,
    stackDefect: report.stackDefect,
  };
}

/** A trainer for `config` with cell 'lstm' or 'gru' (createTrainer dispatches here). */
export function createGatedTrainer(config: TrainConfig, options: { resumeFrom?: TrainerState } = {}): Trainer {
  const cell = config.cell === 'gru' ? 'gru' : 'lstm';
  const task = makeTask(config.task, config.T);
  const dims: GatedDims = { cell, inputDim: task.inputDim, units: config.units };
  const o = task.outputDim;
  const all = task.outputs === 'all';
  const root = createRng(config.seed);
  const shapes = shapesOf(dims, o);
  const sizes = GATED_NET_PARAM_NAMES.map((k) => shapes[k][0] * shapes[k][1]);
  const from = options.resumeFrom;
  let params: GatedNetParams;
  let opt: OptimizerState;
  let trainRng: Rng;
  let step: number;
  if (from) {
    checkResumable(config, from);
    params = deserialize(from.params, shapes);
    opt = deserializeOptimizerState(from.optimizer, config.optimizer, sizes);
    trainRng = Rng.fromState(from.trainRng);
    step = from.step;
  } else {
    params = initGatedNet(dims, o, config);
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
  const n = config.units;
  const G = gateCount(cell);
  const cap = Math.max(config.batchSize, config.probeSize);
  const ws = createGatedWorkspace(dims, L, cap);
  const y = new Float64Array(L * cap * o);
  const dy = new Float64Array(L * cap * o);
  const dH = new Float64Array(L * cap * n);
  const out = { y };
  const batch = task.createBatch(config.batchSize);
  const grads: GatedNetParams = {
    Wih: zeros(...shapes.Wih),
    Whh: zeros(...shapes.Whh),
    bih: zeros(...shapes.bih),
    bhh: zeros(...shapes.bhh),
    Why: zeros(...shapes.Why),
    c: zeros(...shapes.c),
  };
  const pList = GATED_NET_PARAM_NAMES.map((k) => params[k].data);
  const gList = GATED_NET_PARAM_NAMES.map((k) => grads[k].data);
  const probe = task.createBatch(config.probeSize);
  task.sampleInto(fork(root, 'probe'), probe);
  // The fixed test set as the RNG state at the start of each chunk (as train.ts).
  const testRng = fork(root, 'test-data');
  const test: { rows: number; rng: RngState }[] = [];
  const chunkBuffers = new Map<number, TaskBatch>();
  for (let left = config.testSize; left > 0; left -= EVAL_CHUNK) {
    const rows = Math.min(EVAL_CHUNK, left);
    test.push({ rows, rng: testRng.state() });
    if (!chunkBuffers.has(rows)) chunkBuffers.set(rows, task.createBatch(rows));
    task.sampleInto(testRng, chunkBuffers.get(rows) as TaskBatch);
  }
  const evalCap = Math.min(EVAL_CHUNK, config.testSize);
  const evalWs = createGatedWorkspace(dims, L, evalCap, false);
  const evalOut = { y: new Float64Array(L * evalCap * o) };

  const forward = (w: GatedWorkspace, b: TaskBatch, target: Float64Array) => {
    gatedForward(params, b.x, b.rows, w);
    readoutForward(params, w, b.rows, all, target);
  };

  const evaluate = (): RnnMetrics => {
    let total = 0;
    let rows = 0;
    let correct = 0;
    let counted = 0;
    for (const chunk of test) {
      const b = chunkBuffers.get(chunk.rows) as TaskBatch;
      task.sampleInto(Rng.fromState(chunk.rng), b);
      forward(evalWs, b, evalOut.y);
      total += taskLoss(task, evalOut, b, null) * b.rows;
      rows += b.rows;
      const acc = taskAccuracy(task, evalOut, b);
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
    params: serialize(params),
    optimizer: serializeOptimizerState(opt),
    trainRng: trainRng.state(),
  });

  function probeEvent(): TrainEvent {
    forward(ws, probe, y);
    const loss = taskLoss(task, out, probe, dy);
    readoutBackward(params, ws, all, dy, dH, null);
    // Always full BPTT: the probe measures the model's true gradients through time.
    gatedBackward(params, probe.x, ws, dH, { truncate: null, grads: null });
    const gateNorm: Record<string, number[]> = {};
    GATE_NAMES[cell].forEach((name, g) => {
      gateNorm[name] = Array.from({ length: L }, (_, t) => ws.gateNorm[t * G + g]);
    });
    return { type: 'probe', step, loss, dhNorm: Array.from(ws.dhNorm), gateNorm };
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
    if (due(config.spectrumEvery)) yield { type: 'spectrum', step, ...stackSpectrum(config, params) };
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
      outputDim: o,
      parameterCount: gatedParamCount(dims) + o * (n + 1),
      baseline: task.baseline,
      gates: gatedSpectrum(cell, params),
    };
    if (step === 0 && !from) yield* periodic(true);
    while (step < config.steps) {
      const s = step + 1;
      task.sampleInto(trainRng, batch);
      forward(ws, batch, y);
      const loss = taskLoss(task, out, batch, dy);
      readoutBackward(params, ws, all, dy, dH, grads);
      gatedBackward(params, batch.x, ws, dH, { truncate: config.truncate, grads });
      const gradNorm = globalNorm(gList);
      if (!Number.isFinite(loss) || !Number.isFinite(gradNorm)) {
        const what = Number.isFinite(loss) ? `gradient norm is ${gradNorm}` : `loss is ${loss}`;
        yield {
          type: 'diverged',
          step: s,
          loss,
          gradNorm,
          message: `Training diverged at step ${s}: the ${what}; the update was not applied. Lower the learning rate or set clipNorm.`,
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
