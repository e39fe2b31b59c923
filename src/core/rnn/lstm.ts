/**
 * The LSTM layer and its exact backpropagation through time, batched, float64, in the canonical
 * layout of gatedParams.ts (PyTorch's: gates i, f, g, o as row blocks of Wih, Whh, bih, bhh).
 *
 *   a_t = Wih x_t + bih + Whh h_{t-1} + bhh       (G·n = 4n pre-activations)
 *   i = σ(a_i), f = σ(a_f), g = tanh(a_g), o = σ(a_o)
 *   c_t = f ⊙ c_{t-1} + i ⊙ g,   h_t = o ⊙ tanh(c_t),   h_0 = c_0 = 0 unless given.
 *
 * This is `torch.nn.LSTM` (one layer, no projection) and Keras 3's `LSTM` (gates i, f, c, o in
 * the same order, bias = bih + bhh; convert.ts) with tanh/sigmoid. In the buffers the batch is
 * the row index (A_t = X_t Wihᵀ + H_{t-1} Whhᵀ + 1(bih + bhh)ᵀ), time-major (gatedWorkspace.ts).
 * Each step is the sparse-aware input projection of that step, one rows x 4n x n product on
 * the workspace's in-place SIMD kernel (gatedKernel.ts; Whh packed once per pass) and an
 * elementwise pass; the backward's weight gradients are products over all steps at the end.
 *
 * Backward (Hochreiter & Schmidhuber 1997 with the forget gate of Gers et al. 2000; the rules
 * are the chain rule through the equations above), with dh = ∂L/∂h_t total and dc carried:
 *   dc ← dc + dh ⊙ o ⊙ (1 − tanh²c_t)
 *   da_o = dh ⊙ tanh c_t ⊙ o(1−o),  da_i = dc ⊙ g ⊙ i(1−i),  da_g = dc ⊙ i ⊙ (1−g²),
 *   da_f = dc ⊙ c_{t-1} ⊙ f(1−f),   ∂L/∂c_{t-1} = dc ⊙ f,     ∂L/∂h_{t-1} = dA_t Whh (+ dL/dh_{t-1} direct)
 *   dWhh = Σ dA_tᵀ H_{t-1}, dWih = Σ dA_tᵀ X_t, dbih = dbhh = Σ dA_t.
 * Cost per batch: forward L·rows·4n·(n + nnz(x_t)), backward about twice that.
 */

import { ConfigError } from '../errors.js';
import type { GatedParams } from './gatedParams.js';
import { type GatedWorkspace, checkBackwardArgs, checkForwardArgs, gatedWeightGradients } from './gatedWorkspace.js';
import { copyRows, packPanels, stridedProduct } from './gatedKernel.js';
import { lstmBackwardJs, lstmForwardJs } from './gatedPointwise.js';
import { addSparseRowsTimes, transposeInto } from './kernels.js';

/** Initial states for a forward pass (rows x n each, row-major); zero when omitted. */
export interface GatedForwardOptions {
  readonly h0?: Float64Array;
  /** LSTM only. */
  readonly c0?: Float64Array;
}

/** Options of the backward passes. */
export interface GatedBackwardOptions {
  /**
   * Truncated BPTT window k (null or undefined: full BPTT). The states at t = k, 2k, ...
   * (h and, for the LSTM, c) are treated as constants, so no gradient crosses a chunk boundary:
   * exactly what `torch` computes when the sequence is run in chunks of k steps with
   * `(h.detach(), c.detach())` passed between chunks and the chunks' losses summed.
   */
  readonly truncate?: number | null;
  /** Where to write the parameter gradients (overwritten); null skips them (probe only). */
  readonly grads?: GatedParams | null;
  /** LSTM: ∂L/∂c_L (rows x n), for losses that read the final cell state; zero when omitted. */
  readonly dcLast?: Float64Array;
}

function assertCell(fn: string, ws: GatedWorkspace, cell: 'lstm' | 'gru'): void {
  if (ws.dims.cell !== cell) {
    throw new ConfigError(
      `${fn}: the workspace was created for a ${ws.dims.cell.toUpperCase()}; use ${ws.dims.cell}Forward/${ws.dims.cell}Backward or gatedForward/gatedBackward.`,
    );
  }
}

/** Throws ShapeError unless `truncate` is null/undefined or an integer >= 1. */
export function checkTruncate(fn: string, k: number | null | undefined): number {
  if (k === null || k === undefined) return 0;
  if (!Number.isInteger(k) || k < 1) {
    throw new ConfigError(`${fn}: truncate must be an integer >= 1 or null (full BPTT), got ${k}.`);
  }
  return k;
}

/**
 * Forward pass over `rows` sequences: `x` time-major, L x rows x d_in (x_t of sequence i at
 * ((t-1)·rows + i)·d_in). Writes `ws.h`, `ws.c`, `ws.gates` (i, f, g, o) and `ws.aux` (tanh c_t).
 * No allocation.
 */
export function lstmForward(
  p: GatedParams,
  x: Float64Array,
  rows: number,
  ws: GatedWorkspace,
  options: GatedForwardOptions = {},
): void {
  assertCell('lstmForward', ws, 'lstm');
  const slot = checkForwardArgs('lstmForward', p, x, rows, ws, options.h0, options.c0);
  const { inputDim: d, units: n } = ws.dims;
  const Gn = 4 * n;
  const L = ws.length;
  ws.rows = rows;
  const H = ws.h;
  const C = ws.c;
  if (options.h0) H.set(options.h0, 0);
  else H.fill(0, 0, slot);
  if (options.c0) C.set(options.c0, 0);
  else C.fill(0, 0, slot);
  const A = ws.gates;
  const bias = ws.bias;
  const bih = p.bih.data;
  const bhh = p.bhh.data;
  for (let j = 0; j < Gn; j++) bias[j] = bih[j]! + bhh[j]!;
  transposeInto(Gn, d, p.Wih.data, 0, d, ws.wihT, 0, Gn);
  // The inputs in the kernel's memory, for its sparse input projection (same bits as addSparseRowsTimes).
  if (ws.mem !== null) ws.xIn.set(x.subarray(0, L * rows * d));
  // B(k, j) = Whh[j, k] of the step products A_t += H_{t-1}·Whhᵀ, packed once per pass.
  packPanels(n, Gn, p.Whh.data, 0, n, 1, ws.whhRows, 0);
  const T = ws.aux;
  for (let t = 1; t <= L; t++) {
    const gOff = (t - 1) * rows * Gn;
    const prev = (t - 1) * slot;
    const cur = t * slot;
    // A_t = (bih + bhh) + X_t·Wihᵀ + H_{t-1}·Whhᵀ, in that order per entry; step by step so
    // that A_t is still in cache for the product and the gates.
    if (ws.mem !== null) {
      // bias rows and the sparse projection in one pass per row (the copy-then-add's bits)
      const xt = ws.xIn.byteOffset + 8 * (t - 1) * rows * d;
      const a8 = A.byteOffset + 8 * gOff;
      ws.mem.biasScaledRows(rows, d, Gn, xt, 8 * d, a8, 8 * Gn, bias.byteOffset, ws.wihT.byteOffset, 8 * Gn);
    } else {
      copyRows(rows, Gn, bias, A, gOff, Gn);
      addSparseRowsTimes(rows, d, Gn, x, (t - 1) * rows * d, ws.wihT, Gn, A, gOff, Gn);
    }
    stridedProduct(ws.mem, 'add', rows, Gn, n, H, prev, n, 1, ws.whhRows, 0, n, 4, A, gOff, Gn);
    // The gates' nonlinearities and the cell update (gatedPointwise.ts), in the module's
    // f64x2 lanes where the workspace has one, else in JavaScript: the same bits.
    const mem = ws.mem;
    if (mem !== null) {
      const c8 = C.byteOffset;
      mem.lstmForward(
        rows,
        n,
        A.byteOffset + 8 * gOff,
        c8 + 8 * prev,
        c8 + 8 * cur,
        T.byteOffset + 8 * prev,
        H.byteOffset + 8 * cur,
      );
    } else {
      lstmForwardJs(rows, n, A, gOff, C, prev, cur, T, H);
    }
  }
}

/**
 * Backward pass for the last `lstmForward` on this workspace. `dH` holds ∂L/∂h_t for
 * t = 1..L (the loss's direct dependence, time-major L x rows x n, layout of slots 1..L of
 * `ws.h`). Writes `ws.dhNorm`, `ws.gateNorm` and, with `grads`, every parameter gradient.
 * Cost about 2·L·rows·4n·n with gradients; no allocation.
 */
export function lstmBackward(
  p: GatedParams,
  x: Float64Array,
  ws: GatedWorkspace,
  dH: Float64Array,
  options: GatedBackwardOptions = {},
): void {
  assertCell('lstmBackward', ws, 'lstm');
  checkBackwardArgs('lstmBackward', p, ws, dH, options.grads);
  const k = checkTruncate('lstmBackward', options.truncate);
  const { units: n } = ws.dims;
  const Gn = 4 * n;
  const L = ws.length;
  const rows = ws.rows;
  const slot = rows * n;
  const { gates: A, aux: T, c: C, dA, dh, dc } = ws;
  if (options.dcLast !== undefined && options.dcLast.length !== slot) {
    throw new ConfigError(`lstmBackward: dcLast has ${options.dcLast.length} entries, expected rows·n = ${slot}.`);
  }
  // B(k, j) = Whh[k, j] of the step products dh = dA_t·Whh, packed once per pass.
  packPanels(Gn, n, p.Whh.data, 0, 1, n, ws.whhCols, 0);
  dh.fill(0, 0, slot);
  if (options.dcLast) dc.set(options.dcLast, 0);
  else dc.fill(0, 0, slot);
  for (let t = L; t >= 1; t--) {
    const dOff = (t - 1) * slot;
    const gOff = (t - 1) * rows * Gn;
    const prev = (t - 1) * slot;
    // dh ← ∂L/∂h_t (total), then the elementwise pass (gatedPointwise.ts) and the norms from
    // its lane sums.
    // On the module when dH shares its memory (the trainer's readout): dh + 1·dH_t, and 1·v = v
    // exactly, so the same bits as the loop.
    const m1 = ws.mem;
    if (m1 !== null && dH.buffer === m1.buffer && ws.one.length === 1) {
      m1.addScaledRows(1, 1, slot, ws.one.byteOffset, 0, dh.byteOffset, 0, 0, dH.byteOffset + 8 * dOff, 0, 0);
    } else {
      for (let q = 0; q < slot; q++) dh[q] = dh[q]! + dH[dOff + q]!;
    }
    const mem = ws.mem;
    const S = ws.sums;
    if (mem !== null) {
      mem.lstmBackward(
        rows,
        n,
        A.byteOffset + 8 * gOff,
        dA.byteOffset + 8 * gOff,
        T.byteOffset + 8 * prev,
        C.byteOffset + 8 * prev,
        dh.byteOffset,
        dc.byteOffset,
        S.byteOffset,
      );
    } else {
      lstmBackwardJs(rows, n, A, dA, gOff, T, C, prev, dh, dc, S);
    }
    ws.dhNorm[t - 1] = Math.sqrt(S[0]! + S[1]!);
    for (let g = 0; g < 4; g++) ws.gateNorm[(t - 1) * 4 + g] = Math.sqrt(S[2 + 2 * g]! + S[3 + 2 * g]!);
    if (t > 1 && (k === 0 || (t - 1) % k !== 0)) {
      stridedProduct(ws.mem, 'set', rows, n, Gn, dA, gOff, Gn, 1, ws.whhCols, 0, Gn, 4, dh, 0, n);
    } else {
      dh.fill(0, 0, slot);
      dc.fill(0, 0, slot);
    }
  }
  if (options.grads) gatedWeightGradients(x, ws, dA, dA, options.grads);
}

export { assertCell as assertGatedCell };
