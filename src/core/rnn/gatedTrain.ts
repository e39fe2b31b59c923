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
 * The readout (d_out x n, d_out ≤ 10 here) runs its three products, Y = H·W_hyᵀ + c,
 * dH = dY·W_hy and dW_hy = dYᵀ·H, on the gated kernel's strided product (gatedKernel.ts) in the
 * layer workspace's memory (its `extra` block; the states read in place), with the bits of the scalar loops they replaced (see readoutBackward).
 */

import { FormatError, ShapeError } from '../errors.js';
import { isRecord } from '../guards.js';
import { type Matrix, singularValues, transpose, zeros } from '../linalg/index.js';
import { draw } from '../init/index.js';
import { deriveSeed } from '../random/index.js';
import type { TrainConfig } from './config.js';
import type { GatedNetParams, SerializedGatedNetParams } from './events.js';
import { gatedBackward, gatedForward } from './gated.js';
import { initGatedParams } from './gatedInit.js';
import { GATE_NAMES, type GatedDims, gateCount, gatedParamCount, gatedParamShapes } from './gatedParams.js';
import { type GatedMemory, packPanels, stridedProduct } from './gatedKernel.js';
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
 * The readout's buffers for one trainer: y, dy, dH and the weight panels, in the layer
 * workspace's `extra` block: with WebAssembly SIMD that is the gated kernel's memory holding
 * the states (gatedKernel.ts), so the three products read h in place on the SIMD kernel like
 * the layer's and gatedBackward adds dH on the module; else plain arrays and the kernel's
 * JavaScript path (the same bits). Sized for `cap` rows of L steps.
 */
interface Readout {
  readonly mem: GatedMemory | null;
  /** W_hyᵀ in 4-column panels (B(k, j) = W_hy[j, k], `packPanels`), columns o.. zero. */
  readonly whyP: Float64Array;
  /** W_hy as it is, o x n (B(k, j) = W_hy[k, j] of dH = dY·W_hy). */
  readonly whyR: Float64Array;
  /** Outputs, R rows of ld entries (the loss reads the first o of each). */
  readonly y: Float64Array;
  /** ∂L/∂y, R rows of ld entries (the loss writes the first o of each; the rest stay 0). */
  readonly dy: Float64Array;
  /**
   * The row stride of y and dy: with the module o4 = 4⌈o/4⌉ (zero columns o..o4−1), so that the
   * products with o as m or p run in whole 4 x 4 tiles of the kernel (without padding the last
   * column or row runs in JavaScript, which cost about a millisecond per step at o = 9), and the
   * loss reads and writes these padded rows directly (no copies); without the module, o.
   */
  readonly ld: number;
  /** ∂L/∂h_t for t = 1..L, L x rows x n (what gatedBackward reads). */
  readonly dH: Float64Array;
  /** dW_hy as the product leaves it, o x n. */
  readonly gW: Float64Array;
}

function readoutSizes(n: number, o: number, L: number, cap: number) {
  const o4 = 4 * Math.ceil(o / 4);
  const sizes = {
    whyP: o4 * n,
    whyR: o * n,
    y: L * cap * o4,
    dy: L * cap * o4,
    dH: L * cap * n,
    gW: o4 * n,
  };
  // Each buffer starts 16-byte aligned (an even number of doubles before it).
  return { o4, sizes, total: Object.values(sizes).reduce((a, b) => a + b + (b % 2), 0) };
}

/** The readout in ws.extra (ws from createGatedWorkspace with readoutSizes(...).total extra). */
function createReadout(n: number, o: number, L: number, cap: number, ws: GatedWorkspace): Readout {
  const { o4, sizes, total } = readoutSizes(n, o, L, cap);
  const host = ws.extra;
  if (host.length < total)
    throw new ShapeError(`createReadout: the workspace has ${host.length} extra doubles, needs ${total}.`);
  const mem = ws.mem;
  let next = 0;
  const buf = (size: number): Float64Array => {
    const v = mem === null ? new Float64Array(size) : new Float64Array(host.buffer, host.byteOffset + 8 * next, size);
    next += size + (size % 2);
    return v;
  };
  // Rows padded to o4 only with the module (without, the products read y and dy as they are).
  const ld = mem === null ? o : o4;
  return {
    mem,
    whyP: buf(sizes.whyP),
    whyR: buf(sizes.whyR),
    y: buf(L * cap * ld),
    dy: buf(L * cap * ld),
    ld,
    dH: buf(sizes.dH),
    gW: buf(sizes.gW),
  };
}

/**
 * y = W_hy h_t + c for t = t0..L into y (row (t − t0)·rows + r of ldy ≥ o entries, the
 * columns from o zero), t0 = 1 ('all') or L ('last'), from the R states in H from hOff (R x n,
 * row-major). Each y[r, j] is one running sum c_j + W_hy[j, 0]·h_0 + W_hy[j, 1]·h_1 + ... (the
 * product's 'resume' mode on y filled with c), the order of a scalar loop from c_j over k.
 */
function readoutProduct(
  mem: GatedMemory | null,
  p: GatedNetParams,
  whyP: Float64Array,
  R: number,
  H: Float64Array,
  hOff: number,
  y: Float64Array,
  ldy: number,
): void {
  const n = p.Why.cols;
  const o = p.Why.rows;
  packPanels(n, o, p.Why.data, 0, n, 1, whyP, 0);
  const c = p.c.data;
  for (let r = 0; r < R; r++) {
    y.set(c, r * ldy);
    if (ldy > o) y.fill(0, r * ldy + o, (r + 1) * ldy);
  }
  stridedProduct(mem, 'resume', R, ldy, n, H, hOff, n, 1, whyP, 0, n, 4, y, 0, ldy);
}

/**
 * The training readout's forward on the states of the last forward pass on `ws` (read in place,
 * as backward reads them): `readoutProduct` into rd.y.
 */
function readoutForward(p: GatedNetParams, ws: GatedWorkspace, all: boolean, rd: Readout): void {
  const n = ws.dims.units;
  const L = ws.length;
  const rows = ws.rows;
  const t0 = all ? 1 : L;
  const R = (L - t0 + 1) * rows;
  readoutProduct(rd.mem, p, rd.whyP, R, ws.h, t0 * rows * n, rd.y, rd.ld);
}

/**
 * After `readoutForward` on the same workspace, with rd.dy = ∂L/∂y: rd.dH = ∂L/∂h_t for every
 * step (zero where no output reads h_t), and with g: dW_hy = dYᵀ·H, dc = Σ dy. Every entry is
 * one running sum from +0 in the order of the scalar loops it replaces (dH over j, dW_hy over
 * the rows (t, r), dc over the rows), so the bits are theirs; the zero terms those loops skipped
 * add ±0, which changes no sum that starts at +0.
 */
function readoutBackward(
  p: GatedNetParams,
  ws: GatedWorkspace,
  all: boolean,
  rd: Readout,
  g: GatedNetParams | null,
): void {
  const n = ws.dims.units;
  const o = p.Why.rows;
  const L = ws.length;
  const rows = ws.rows;
  const t0 = all ? 1 : L;
  const R = (L - t0 + 1) * rows;
  const { mem, dy: D, dH, ld } = rd;
  const H = ws.h;
  const hOff = t0 * rows * n;
  dH.fill(0, 0, (t0 - 1) * rows * n);
  rd.whyR.set(p.Why.data);
  // dH[t, r, k] = Σ_j dy[r, j]·W_hy[j, k]
  stridedProduct(mem, 'set', R, n, o, D, 0, ld, 1, rd.whyR, 0, 1, n, dH, (t0 - 1) * rows * n, n);
  if (g) {
    // dW_hy[j, k] = Σ_rows dy[r, j]·h[r, k] (rows o..ld−1 of the product: zero, not read)
    stridedProduct(mem, 'set', ld, n, R, D, 0, 1, ld, H, hOff, 1, n, rd.gW, 0, n);
    g.Why.data.set(rd.gW.subarray(0, o * n));
    const gc = g.c.data;
    gc.fill(0);
    for (let r = 0; r < R; r++) for (let j = 0; j < o; j++) gc[j] = gc[j]! + D[r * ld + j]!;
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
  const ws = createGatedWorkspace(dims, L, cap, true, readoutSizes(n, o, L, cap).total);
  const rd = createReadout(n, o, L, cap, ws);
  const out = { y: rd.y };
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

  const forward = (b: TaskBatch) => {
    gatedForward(params, b.x, b.rows, ws);
    readoutForward(params, ws, all, rd);
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
      forward(batch);
      const loss = taskLoss(task, out, batch, rd.dy, rd.ld);
      readoutBackward(params, ws, all, rd, grads);
      gatedBackward(params, batch.x, ws, rd.dH, { truncate: config.truncate, grads });
      return loss;
    },
    probe(batch) {
      forward(batch);
      const loss = taskLoss(task, out, batch, rd.dy, rd.ld);
      readoutBackward(params, ws, all, rd, null);
      // Always full BPTT: the probe measures the model's true gradients through time.
      gatedBackward(params, batch.x, ws, rd.dH, { truncate: null, grads: null });
      const gateNorm: Record<string, number[]> = {};
      GATE_NAMES[cell].forEach((name, g) => {
        gateNorm[name] = Array.from({ length: L }, (_, t) => ws.gateNorm[t * G + g]!);
      });
      return { loss, dhNorm: Array.from(ws.dhNorm), gateNorm };
    },
    spectrum: () => stackSpectrum(config, params),
    evalOutputs(batch) {
      gatedForward(params, batch.x, batch.rows, evalWs);
      const t0 = all ? 1 : L;
      // The kernel's JavaScript path (the states are in another memory): the same bits.
      readoutProduct(null, params, rd.whyP, (L - t0 + 1) * batch.rows, evalWs.h, t0 * batch.rows * n, evalOut.y, o);
      return evalOut;
    },
    serialize: () => serialize(params),
  });
}
