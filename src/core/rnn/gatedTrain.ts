/**
 * A gated layer's part of a training run (cell 'lstm' or 'gru'), for the loop shared with the
 * vanilla cell (loop.ts: same tasks, streams, losses, optimizers, clipping, schedule, events,
 * checkpoints and resume rules) with an LSTM/GRU (lstm.ts, gru.ts, canonical layout of gatedParams.ts) in place of the
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
import { isRecord } from '../guards.js';
import { type Matrix, singularValues, transpose, zeros } from '../linalg/index.js';
import { draw } from '../init/index.js';
import { deriveSeed } from '../random/index.js';
import type { TrainConfig } from './config.js';
import type { GatedNetParams, SerializedGatedNetParams } from './events.js';
import { gatedBackward, gatedForward } from './gated.js';
import { initGatedParams } from './gatedInit.js';
import { GATE_NAMES, type GatedDims, gateCount, gatedParamCount, gatedParamShapes } from './gatedParams.js';
import { type GatedWorkspace, createGatedWorkspace } from './gatedWorkspace.js';
import { gatedSpectrum } from './gateSpectrum.js';
import { createLoopTrainer, evalRows, startParams } from './loop.js';
import { matrixFromJson } from './params.js';
import { type TaskBatch, makeTask, taskLoss } from './tasks.js';
import type { Trainer } from './train.js';

/** Parameter names of a gated run, in canonical order (optimizer slots, serialization). */
export const GATED_NET_PARAM_NAMES = ['Wih', 'Whh', 'bih', 'bhh', 'Why', 'c'] as const;
type Name = (typeof GATED_NET_PARAM_NAMES)[number];

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
  if (!isRecord(json)) {
    throw new FormatError(`Gated-run parameters must be an object with keys ${GATED_NET_PARAM_NAMES.join(', ')}.`);
  }
  const read = (name: Name): Matrix => {
    const [r, c] = shapes[name];
    const m = matrixFromJson(json[name], [r, c]);
    if (m === undefined) {
      throw new FormatError(
        `Gated-run parameter "${name}" is missing or malformed: expected {rows: ${r}, cols: ${c}, data: number[${r * c}]}.`,
      );
    }
    return m;
  };
  // In GATED_NET_PARAM_NAMES order, so the first malformed one is reported.
  return {
    Wih: read('Wih'),
    Whh: read('Whh'),
    bih: read('bih'),
    bhh: read('bhh'),
    Why: read('Why'),
    c: read('c'),
  };
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
        let s = p.c.data[j]!;
        const w = j * n;
        for (let k = 0; k < n; k++) s += W[w + k]! * ws.h[h + k]!;
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
        const e = dy[yo + j]!;
        if (e === 0) continue;
        const w = j * n;
        for (let k = 0; k < n; k++) dH[d + k] = dH[d + k]! + e * W[w + k]!;
        if (g) {
          for (let k = 0; k < n; k++) g.Why.data[w + k] = g.Why.data[w + k]! + e * ws.h[h + k]!;
          g.c.data[j] = g.c.data[j]! + e;
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
export function createGatedTrainer(config: TrainConfig, options: { readonly resumeFrom?: unknown } = {}): Trainer {
  const cell = config.cell === 'gru' ? 'gru' : 'lstm';
  const task = makeTask(config.task, config.T);
  const dims: GatedDims = { cell, inputDim: task.inputDim, units: config.units };
  const o = task.outputDim;
  const all = task.outputs === 'all';
  const shapes = shapesOf(dims, o);
  const { params, from } = startParams(
    config,
    options.resumeFrom,
    (json) => deserialize(json, shapes),
    () => initGatedNet(dims, o, config),
  );
  const L = task.length;
  const n = config.units;
  const G = gateCount(cell);
  const cap = Math.max(config.batchSize, config.probeSize);
  const ws = createGatedWorkspace(dims, L, cap);
  const y = new Float64Array(L * cap * o);
  const dy = new Float64Array(L * cap * o);
  const dH = new Float64Array(L * cap * n);
  const out = { y };
  const grads: GatedNetParams = {
    Wih: zeros(...shapes.Wih),
    Whh: zeros(...shapes.Whh),
    bih: zeros(...shapes.bih),
    bhh: zeros(...shapes.bhh),
    Why: zeros(...shapes.Why),
    c: zeros(...shapes.c),
  };
  const evalWs = createGatedWorkspace(dims, L, evalRows(config), false);
  const evalOut = { y: new Float64Array(L * evalRows(config) * o) };

  const forward = (w: GatedWorkspace, b: TaskBatch, target: Float64Array) => {
    gatedForward(params, b.x, b.rows, w);
    readoutForward(params, w, b.rows, all, target);
  };

  return createLoopTrainer(config, task, from, {
    params,
    pList: GATED_NET_PARAM_NAMES.map((k) => params[k].data),
    gList: GATED_NET_PARAM_NAMES.map((k) => grads[k].data),
    outputDim: o,
    parameterCount: gatedParamCount(dims) + o * (n + 1),
    gates: () => gatedSpectrum(cell, params),
    divergedAdvice: 'Lower the learning rate or set clipNorm.',
    lossAndGrads(batch) {
      forward(ws, batch, y);
      const loss = taskLoss(task, out, batch, dy);
      readoutBackward(params, ws, all, dy, dH, grads);
      gatedBackward(params, batch.x, ws, dH, { truncate: config.truncate, grads });
      return loss;
    },
    probe(batch) {
      forward(ws, batch, y);
      const loss = taskLoss(task, out, batch, dy);
      readoutBackward(params, ws, all, dy, dH, null);
      // Always full BPTT: the probe measures the model's true gradients through time.
      gatedBackward(params, batch.x, ws, dH, { truncate: null, grads: null });
      const gateNorm: Record<string, number[]> = {};
      GATE_NAMES[cell].forEach((name, g) => {
        gateNorm[name] = Array.from({ length: L }, (_, t) => ws.gateNorm[t * G + g]!);
      });
      return { loss, dhNorm: Array.from(ws.dhNorm), gateNorm };
    },
    spectrum: () => stackSpectrum(config, params),
    evalOutputs(batch) {
      forward(evalWs, batch, evalOut.y);
      return evalOut;
    },
    serialize: () => serialize(params),
  });
}
