/**
 * A vanilla (Elman) RNN and its exact backpropagation through time, batched.
 *
 *   h_t = f(W_xh x_t + W_hh h_{t-1} + b),   y_t = W_hy h_t + c,   t = 1..L,  h_0 = 0,
 *
 * f ∈ {linear, tanh, relu}. Column-vector convention as written: W_xh is n x d_in, W_hh n x n,
 * b n x 1, W_hy d_out x n, c d_out x 1 (see params.ts). In the buffers the batch is the row
 * index: H_t is rows x n and H_t = f(X_t W_xhᵀ + H_{t-1} W_hhᵀ + 1 bᵀ).
 *
 * Buffers are time-major and preallocated per run (`createRnnWorkspace`): slot t of `h` holds
 * H_t at offset t·rows·n, so the "previous states" H_0..H_{L-1} and the "outputs' states"
 * H_1..H_L are each one contiguous (L·rows) x n block and the weight gradients are single
 * large products (dW_hh = Σ_t dA_tᵀ H_{t-1} = dAᵀ H_prev).
 *
 * Cost per sequence batch: forward L·rows·n·(n + nnz(x_t) + d_out), backward about twice that.
 * Backward rules (Werbos 1990; Goodfellow, Bengio & Courville, Deep Learning, 10.2.2):
 *   dH_t = dY_t W_hy + dA_{t+1} W_hh,   dA_t = dH_t ⊙ f'(A_t),
 *   dW_hh = Σ dA_tᵀ H_{t-1}, dW_xh = Σ dA_tᵀ X_t, db = Σ dA_tᵀ 1, dW_hy = Σ dY_tᵀ H_t, dc = Σ dY_tᵀ 1.
 * f' is read off h itself: tanh' = 1 - h², relu' = [h > 0] (subgradient 0 at the kink), linear' = 1.
 */

import { ShapeError } from '../errors.js';
import { addSparseRowsTimes, gemmABt, transposeInto } from './kernels.js';
import type { RnnDims, RnnParams } from './params.js';

/** Hidden nonlinearities: the same names as the dynamics module (one spelling everywhere). */
export { ACTIVATIONS, type Activation } from '../dynamics/activation.js';
import type { Activation } from '../dynamics/activation.js';

/** Which steps produce an output: every step (per-step losses) or only the last. */
export type OutputSteps = 'all' | 'last';

/** Preallocated buffers for sequences of length `length` and up to `capacity` batch rows. */
export interface RnnWorkspace {
  readonly dims: RnnDims;
  readonly length: number;
  readonly capacity: number;
  /** States H_0..H_L, time-major: (L+1) x rows x n. */
  readonly h: Float64Array;
  /** Outputs: L x rows x d_out ('all') or rows x d_out ('last'). */
  readonly y: Float64Array;
  /** Gradient of the loss w.r.t. `y`, same layout; written by the loss functions. */
  readonly dy: Float64Array;
  /** ‖∂L/∂h_t‖_F over the batch for t = 1..L at index t-1, filled by `rnnBackward`. */
  readonly dhNorm: Float64Array;
  /** Rows and output mode of the last forward pass (backward uses the same). */
  rows: number;
  outputs: OutputSteps;
  // Backward-only scratch (length 0 when the workspace was created for forward only).
  readonly dA: Float64Array;
  readonly dh: Float64Array;
  readonly dAT: Float64Array;
  readonly hT: Float64Array;
  readonly dyT: Float64Array;
  readonly whhT: Float64Array;
  readonly whyT: Float64Array;
  readonly wxhT: Float64Array;
  readonly gxT: Float64Array;
}

/**
 * Buffers for one run: about (4L + 3)·capacity·n doubles with `backward`, (L+1)·capacity·n
 * without. Allocate once and reuse every step (the training loop allocates nothing per step).
 */
export function createRnnWorkspace(dims: RnnDims, length: number, capacity: number, backward = true): RnnWorkspace {
  for (const [name, v] of [
    ['length', length],
    ['capacity', capacity],
    ['inputDim', dims.inputDim],
    ['units', dims.units],
    ['outputDim', dims.outputDim],
  ] as const) {
    if (!Number.isInteger(v) || v < 1)
      throw new ShapeError(`createRnnWorkspace: ${name} must be an integer >= 1, got ${v}.`);
  }
  const { inputDim: d, units: n, outputDim: o } = dims;
  const L = length;
  const cap = capacity;
  const b = (size: number) => new Float64Array(backward ? size : 0);
  return {
    dims: { inputDim: d, units: n, outputDim: o },
    length: L,
    capacity: cap,
    h: new Float64Array((L + 1) * cap * n),
    y: new Float64Array(L * cap * o),
    dy: new Float64Array(L * cap * o),
    dhNorm: new Float64Array(L),
    rows: 0,
    outputs: 'all',
    dA: b(L * cap * n),
    dh: b(cap * n),
    dAT: b(L * cap * n),
    hT: b((L + 1) * cap * n),
    dyT: b(L * cap * o),
    whhT: b(n * n),
    whyT: b(n * o),
    wxhT: new Float64Array(d * n),
    gxT: b(d * n),
  };
}

function checkParams(fn: string, p: RnnParams, ws: RnnWorkspace): void {
  const { inputDim: d, units: n, outputDim: o } = ws.dims;
  const want: [string, { rows: number; cols: number; data: Float64Array }, number, number][] = [
    ['Wxh', p.Wxh, n, d],
    ['Whh', p.Whh, n, n],
    ['b', p.b, n, 1],
    ['Why', p.Why, o, n],
    ['c', p.c, o, 1],
  ];
  for (const [name, m, r, c] of want) {
    if (m.rows !== r || m.cols !== c || m.data.length !== r * c) {
      throw new ShapeError(`${fn}: ${name} is ${m.rows}x${m.cols}, the workspace expects ${r}x${c}.`);
    }
  }
}

/**
 * Forward pass over `rows` sequences. `x` holds the inputs time-major, L x rows x d_in
 * (x_t of sequence i at ((t-1)·rows + i)·d_in). Writes `ws.h` (with H_0 = 0, or `h0`,
 * rows x n) and `ws.y`. Cost L·rows·n·(n + nnz(x_t) + d_out); no allocation.
 */
export function rnnForward(
  p: RnnParams,
  activation: Activation,
  x: Float64Array,
  rows: number,
  ws: RnnWorkspace,
  outputs: OutputSteps = 'all',
  h0?: Float64Array,
): void {
  checkParams('rnnForward', p, ws);
  const { inputDim: d, units: n, outputDim: o } = ws.dims;
  const L = ws.length;
  if (!Number.isInteger(rows) || rows < 1 || rows > ws.capacity) {
    throw new ShapeError(
      `rnnForward: rows must be an integer in 1..${ws.capacity} (the workspace capacity), got ${rows}.`,
    );
  }
  if (x.length < L * rows * d) {
    throw new ShapeError(`rnnForward: x has ${x.length} entries, expected L·rows·d_in = ${L * rows * d}.`);
  }
  ws.rows = rows;
  ws.outputs = outputs;
  const H = ws.h;
  const slot = rows * n;
  if (h0) {
    if (h0.length !== slot) throw new ShapeError(`rnnForward: h0 has ${h0.length} entries, expected rows·n = ${slot}.`);
    H.set(h0, 0);
  } else {
    H.fill(0, 0, slot);
  }
  transposeInto(n, d, p.Wxh.data, 0, d, ws.wxhT, 0, n);
  const bias = p.b.data;
  const W = p.Whh.data;
  for (let t = 1; t <= L; t++) {
    const off = t * slot;
    for (let i = 0; i < rows; i++) H.set(bias, off + i * n);
    addSparseRowsTimes(rows, d, n, x, (t - 1) * rows * d, ws.wxhT, n, H, off, n);
    gemmABt(rows, n, n, H, off - slot, n, W, 0, n, H, off, n, true);
    activate(activation, H, off, off + slot);
  }
  const Y = ws.y;
  const first = outputs === 'all' ? 1 : L;
  const outRows = (L - first + 1) * rows;
  gemmABt(outRows, o, n, H, first * slot, n, p.Why.data, 0, n, Y, 0, o, false);
  const cb = p.c.data;
  for (let r = 0; r < outRows; r++) for (let k = 0; k < o; k++) Y[r * o + k] = Y[r * o + k]! + cb[k]!;
}

function activate(f: Activation, H: Float64Array, from: number, to: number): void {
  if (f === 'tanh') for (let k = from; k < to; k++) H[k] = Math.tanh(H[k]!);
  else if (f === 'relu') for (let k = from; k < to; k++) H[k] = Math.max(H[k]!, 0); // NaN propagates
}

/** Options of `rnnBackward`. */
export interface RnnBackwardOptions {
  /**
   * Truncated BPTT window k (null or undefined: full BPTT). The states h_k, h_2k, ... are
   * treated as constants, so no gradient crosses a chunk boundary: the exact gradient of the
   * loss with the chunks' starting states frozen (Williams & Peng 1990, BPTT(k, k) summed
   * over the sequence).
   */
  truncate?: number | null;
  /** Where to write the parameter gradients (overwritten); null skips them (probe only). */
  grads?: RnnParams | null;
}

/**
 * Backward pass for the last `rnnForward` on this workspace, given dL/dy in `dy` (layout of
 * `ws.y`). Writes ‖∂L/∂h_t‖_F into `ws.dhNorm` and, if `grads` is given, every parameter's
 * gradient. Cost about 2·L·rows·n² with gradients, L·rows·n² without; no allocation.
 */
export function rnnBackward(
  p: RnnParams,
  activation: Activation,
  x: Float64Array,
  ws: RnnWorkspace,
  dy: Float64Array,
  options: RnnBackwardOptions = {},
): void {
  checkParams('rnnBackward', p, ws);
  if (ws.dA.length === 0) throw new ShapeError('rnnBackward: the workspace was created with backward = false.');
  const { inputDim: d, units: n, outputDim: o } = ws.dims;
  const L = ws.length;
  const rows = ws.rows;
  if (rows === 0) throw new ShapeError('rnnBackward: run rnnForward on this workspace first.');
  const slot = rows * n;
  const k = options.truncate ?? 0;
  const grads = options.grads ?? null;
  const H = ws.h;
  const dA = ws.dA;
  const dh = ws.dh;
  const all = ws.outputs === 'all';
  transposeInto(n, n, p.Whh.data, 0, n, ws.whhT, 0, n);
  transposeInto(o, n, p.Why.data, 0, n, ws.whyT, 0, o);
  dh.fill(0, 0, slot);
  for (let t = L; t >= 1; t--) {
    if (all || t === L) {
      const yOff = all ? (t - 1) * rows * o : 0;
      gemmABt(rows, n, o, dy, yOff, o, ws.whyT, 0, o, dh, 0, n, true);
    }
    const hOff = t * slot;
    const aOff = (t - 1) * slot;
    ws.dhNorm[t - 1] = derivative(activation, dh, H, hOff, dA, aOff, slot);
    if (t > 1 && (k === 0 || (t - 1) % k !== 0)) {
      gemmABt(rows, n, n, dA, aOff, n, ws.whhT, 0, n, dh, 0, n, false);
    } else {
      dh.fill(0, 0, slot);
    }
  }
  if (grads) weightGradients(x, ws, dy, grads, all, d, n, o, L, rows);
}

/** dA[aOff + q] = dh[q]·f'(h[hOff + q]) for q < count; returns ‖dh‖₂. One loop per activation. */
function derivative(
  f: Activation,
  dh: Float64Array,
  H: Float64Array,
  hOff: number,
  dA: Float64Array,
  aOff: number,
  count: number,
): number {
  let ss = 0;
  if (f === 'tanh') {
    for (let q = 0; q < count; q++) {
      const g = dh[q]!;
      const h = H[hOff + q]!;
      ss += g * g;
      dA[aOff + q] = g * (1 - h * h);
    }
  } else if (f === 'relu') {
    for (let q = 0; q < count; q++) {
      const g = dh[q]!;
      ss += g * g;
      dA[aOff + q] = H[hOff + q]! > 0 ? g : 0;
    }
  } else {
    for (let q = 0; q < count; q++) {
      const g = dh[q]!;
      ss += g * g;
      dA[aOff + q] = g;
    }
  }
  return Math.sqrt(ss);
}

function weightGradients(
  x: Float64Array,
  ws: RnnWorkspace,
  dy: Float64Array,
  g: RnnParams,
  all: boolean,
  d: number,
  n: number,
  o: number,
  L: number,
  rows: number,
): void {
  const R = L * rows; // stacked (time, batch) rows
  const ldh = (L + 1) * rows;
  transposeInto(R, n, ws.dA, 0, n, ws.dAT, 0, R);
  transposeInto(ldh, n, ws.h, 0, n, ws.hT, 0, ldh);
  // dW_hh[j, k] = Σ_r dA[r, j] H_prev[r, k]
  gemmABt(n, n, R, ws.dAT, 0, R, ws.hT, 0, ldh, g.Whh.data, 0, n, false);
  // db[j] = Σ_r dA[r, j]
  const gb = g.b.data;
  for (let j = 0; j < n; j++) {
    let s = 0;
    const row = j * R;
    for (let r = 0; r < R; r++) s += ws.dAT[row + r]!;
    gb[j] = s;
  }
  // dW_xh = dAᵀ X, accumulated sparsely as its transpose (X is usually one-hot).
  const gxT = ws.gxT;
  gxT.fill(0);
  const dA = ws.dA;
  for (let r = 0; r < R; r++) {
    const xr = r * d;
    const ar = r * n;
    for (let m = 0; m < d; m++) {
      const v = x[xr + m]!;
      if (v === 0) continue;
      const gm = m * n;
      for (let j = 0; j < n; j++) gxT[gm + j] = gxT[gm + j]! + v * dA[ar + j]!;
    }
  }
  transposeInto(d, n, gxT, 0, n, g.Wxh.data, 0, d);
  // dW_hy[o, k] = Σ dY[r, o] H_out[r, k], H_out = states 1..L ('all') or L ('last').
  const outRows = all ? R : rows;
  const firstCol = all ? rows : L * rows;
  transposeInto(outRows, o, dy, 0, o, ws.dyT, 0, outRows);
  gemmABt(o, n, outRows, ws.dyT, 0, outRows, ws.hT, firstCol, ldh, g.Why.data, 0, n, false);
  const gc = g.c.data;
  for (let q = 0; q < o; q++) {
    let s = 0;
    const row = q * outRows;
    for (let r = 0; r < outRows; r++) s += ws.dyT[row + r]!;
    gc[q] = s;
  }
}
