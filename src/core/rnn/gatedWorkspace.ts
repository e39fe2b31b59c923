/**
 * Preallocated, time-major buffers for a gated layer (lstm.ts, gru.ts), the same habit as the
 * vanilla cell's workspace (model.ts): the batch is the row index, slot t of a buffer holds step t
 * of every sequence, so the states of all steps form one contiguous block and the weight gradients
 * are single large products. Gate buffers hold each row as G·n values, gate block g (canonical
 * order, gatedParams.ts) at columns g·n .. g·n+n-1, which is the row layout of X·Wihᵀ.
 */

import { ShapeError } from '../errors.js';
import { type GatedMemory, createGatedMemory, panelProduct, stridedProduct } from './gatedKernel.js';
import { type GatedDims, checkGatedDims, checkGatedParams, gateCount, type GatedParams } from './gatedParams.js';

/** Buffers for one run: sequences of length `length`, up to `capacity` batch rows. */
export interface GatedWorkspace {
  readonly dims: GatedDims;
  readonly length: number;
  readonly capacity: number;
  /** States H_0..H_L, time-major: (L+1) x rows x n. */
  readonly h: Float64Array;
  /** LSTM cell states C_0..C_L, (L+1) x rows x n (length 0 for the GRU). */
  readonly c: Float64Array;
  /**
   * Gate activations per step t = 1..L at (t-1)·rows·G·n: LSTM [i, f, g, o] after their
   * nonlinearities; GRU [r, z, n] after theirs.
   */
  readonly gates: Float64Array;
  /** Per step, rows x n: LSTM tanh(c_t); GRU W_hn h_{t-1} + b_hn (what r multiplies). */
  readonly aux: Float64Array;
  /** ‖∂L/∂h_t‖_F over the batch for t = 1..L at index t-1 (total derivative), from backward. */
  readonly dhNorm: Float64Array;
  /**
   * ‖∂L/∂a_{g,t}‖_F over the batch of each gate's pre-activation, at (t-1)·G + g, from backward
   * (GRU n gate: the derivative w.r.t. W_in x + b_in + r ⊙ (W_hn h + b_hn)).
   */
  readonly gateNorm: Float64Array;
  /** Rows of the last forward pass (backward uses the same); 0 before the first. */
  rows: number;
  // Backward-only scratch (length 0 when created for forward only).
  /** LSTM: dL/d(pre-activations); GRU: dL/d(input projections X·Wihᵀ + bih). L x rows x G·n. */
  readonly dA: Float64Array;
  /** GRU: dL/d(recurrent projections H·Whhᵀ + bhh), L x rows x G·n (length 0 for the LSTM). */
  readonly dR: Float64Array;
  readonly dh: Float64Array;
  readonly dc: Float64Array;
  /** Backward: Whh in 4-column panels of the product dh = dA_t·Whh (gatedKernel.ts `packPanels`). */
  readonly whhCols: Float64Array;
  /** Backward: dWhh as the product leaves it (copied to the caller's gradient). */
  readonly dWhh: Float64Array;
  /** Backward: rows [1 | x_r] padded to a multiple of 4 columns, L·cap rows. */
  readonly xOnes: Float64Array;
  /** Backward: [dbih | dWih]ᵀ as the sums leave it, rows of G·n: row 0 dbih, row 1 + m column m of dWih. */
  readonly dWx: Float64Array;
  /** Backward, GRU: dbhh (G·n). */
  readonly dWhh1: Float64Array;
  /** Backward, LSTM: one step's sums of squares in two lanes (gatedPointwise.ts), 10 doubles. */
  readonly sums: Float64Array;
  // Forward scratch.
  readonly wihT: Float64Array;
  /** The inputs of the current pass, L x rows x d_in (in the kernel's memory; length 0 without one). */
  readonly xIn: Float64Array;
  /** Backward: a block of dRec and of h in 4-column panels for the dWhh product (gatedKernel.ts `panelProduct`). */
  readonly panA: Float64Array;
  readonly panB: Float64Array;
  /** The input-side bias rows of a forward pass: the LSTM's bih + bhh, the GRU's bih. */
  readonly bias: Float64Array;
  /** Forward: Whhᵀ in 4-column panels of the product A_t += H_{t-1}·Whhᵀ. */
  readonly whhRows: Float64Array;
  /** GRU: the recurrent projection of the current step, rows x G·n. */
  readonly rec: Float64Array;
  /** Backward, with the module: the constant 1 (the scale of `dh += dH_t` on the module). */
  readonly one: Float64Array;
  /**
   * `extra` doubles for the caller (the trainer's readout), in the same memory as h and dh, so
   * its products read the states in place and gatedBackward adds its dH on the module.
   */
  readonly extra: Float64Array;
  /**
   * The module instance whose memory holds h, c, gates, aux, dA, dR, dh, dc, rec and the packed
   * weights (gatedKernel.ts), or null: plain arrays and the JavaScript products, same bits.
   */
  readonly mem: GatedMemory | null;
}

/** Rows r of the weight-gradient products per block (dA block in L2: 128 rows x 4n x 8 bytes). */
const WEIGHT_BLOCK = 128;

/** The buffers that live in the kernel's memory when there is one. */
const IN_MEMORY = [
  'h',
  'c',
  'gates',
  'aux',
  'dA',
  'dR',
  'dh',
  'dc',
  'rec',
  'whhRows',
  'whhCols',
  'dWhh',
  'xOnes',
  'dWx',
  'dWhh1',
  'sums',
  'wihT',
  'xIn',
  'bias',
  'panA',
  'panB',
  'one',
  'extra',
] as const;
type InMemory = (typeof IN_MEMORY)[number];

/**
 * Buffers for one run, about (L+1)·cap·n·(3 + 2G) doubles for the LSTM with backward
 * (GRU: (L+1)·cap·n·(2 + 3G)), in one WebAssembly memory where the engine has SIMD
 * (gatedKernel.ts), plus `extra` doubles for the caller (`extra`). Allocate once and reuse
 * every step; forward and backward allocate nothing.
 */
export function createGatedWorkspace(
  dims: GatedDims,
  length: number,
  capacity: number,
  backward = true,
  extra = 0,
): GatedWorkspace {
  checkGatedDims('createGatedWorkspace', dims);
  for (const [name, v] of [
    ['length', length],
    ['capacity', capacity],
  ] as const) {
    if (!Number.isInteger(v) || v < 1)
      throw new ShapeError(`createGatedWorkspace: ${name} must be an integer >= 1, got ${v}.`);
  }
  if (!Number.isInteger(extra) || extra < 0)
    throw new ShapeError(`createGatedWorkspace: extra must be an integer >= 0, got ${extra}.`);
  const { cell, inputDim: d, units: n } = dims;
  const G = gateCount(cell);
  const Gn = G * n;
  const L = length;
  const cap = capacity;
  const lstm = cell === 'lstm';
  const bw = (size: number) => (backward ? size : 0);
  const panels = (p: number, kk: number) => 4 * Math.ceil(p / 4) * kk;
  const xw = 4 * Math.ceil((d + 1) / 4);
  // The buffers the products touch, in one block: sizes in doubles, each start 16-byte aligned.
  const sizes: Record<InMemory, number> = {
    h: (L + 1) * cap * n,
    c: lstm ? (L + 1) * cap * n : 0,
    gates: L * cap * Gn,
    aux: L * cap * n,
    dA: bw(L * cap * Gn),
    dR: bw(lstm ? 0 : L * cap * Gn),
    dh: bw(cap * n),
    dc: bw(lstm ? cap * n : 0),
    rec: lstm ? 0 : cap * Gn,
    whhRows: panels(Gn, n),
    whhCols: bw(panels(n, Gn)),
    dWhh: bw(Gn * n),
    xOnes: bw(L * cap * xw),
    dWx: bw(Gn * xw),
    dWhh1: bw(lstm ? 0 : Gn),
    sums: bw(lstm ? 10 : 0),
    wihT: d * Gn,
    xIn: L * cap * d,
    bias: Gn,
    panA: bw(Gn * WEIGHT_BLOCK),
    panB: bw(4 * Math.ceil(n / 4) * WEIGHT_BLOCK),
    one: bw(1),
    extra,
  };
  let total = 0;
  for (const key of IN_MEMORY) total += sizes[key] + (sizes[key] % 2);
  const mem = createGatedMemory(8 * total);
  let next = 0;
  const view = (key: InMemory): Float64Array => {
    const size = sizes[key];
    if (mem === null) return new Float64Array(key === 'xIn' ? 0 : size);
    const v = new Float64Array(mem.buffer, 8 * next, size);
    next += size + (size % 2);
    return v;
  };
  return {
    dims: { cell, inputDim: d, units: n },
    length: L,
    capacity: cap,
    h: view('h'),
    c: view('c'),
    gates: view('gates'),
    aux: view('aux'),
    dhNorm: new Float64Array(L),
    gateNorm: new Float64Array(L * G),
    rows: 0,
    dA: view('dA'),
    dR: view('dR'),
    dh: view('dh'),
    dc: view('dc'),
    whhCols: view('whhCols'),
    dWhh: view('dWhh'),
    xOnes: view('xOnes'),
    dWx: view('dWx'),
    dWhh1: view('dWhh1'),
    sums: view('sums'),
    wihT: view('wihT'),
    xIn: view('xIn'),
    bias: view('bias'),
    panA: view('panA'),
    panB: view('panB'),
    whhRows: view('whhRows'),
    rec: view('rec'),
    one: view('one').fill(1),
    extra: view('extra'),
    mem,
  };
}

/** Shared argument checks of the forward passes; returns the rows x n slot size. */
export function checkForwardArgs(
  fn: string,
  p: GatedParams,
  x: Float64Array,
  rows: number,
  ws: GatedWorkspace,
  h0: Float64Array | undefined,
  c0: Float64Array | undefined,
): number {
  checkGatedParams(fn, ws.dims, p);
  const { inputDim: d, units: n } = ws.dims;
  const L = ws.length;
  if (!Number.isInteger(rows) || rows < 1 || rows > ws.capacity) {
    throw new ShapeError(`${fn}: rows must be an integer in 1..${ws.capacity} (the workspace capacity), got ${rows}.`);
  }
  if (x.length < L * rows * d) {
    throw new ShapeError(`${fn}: x has ${x.length} entries, expected L·rows·d_in = ${L * rows * d}.`);
  }
  const slot = rows * n;
  if (h0 !== undefined && h0.length !== slot) {
    throw new ShapeError(`${fn}: h0 has ${h0.length} entries, expected rows·n = ${slot}.`);
  }
  if (c0 !== undefined && c0.length !== slot) {
    throw new ShapeError(`${fn}: c0 has ${c0.length} entries, expected rows·n = ${slot}.`);
  }
  return slot;
}

/** Shared argument checks of the backward passes. */
export function checkBackwardArgs(
  fn: string,
  p: GatedParams,
  ws: GatedWorkspace,
  dH: Float64Array,
  grads: GatedParams | null | undefined,
): void {
  checkGatedParams(fn, ws.dims, p);
  if (grads) checkGatedParams(`${fn} (grads)`, ws.dims, grads);
  if (ws.dA.length === 0) throw new ShapeError(`${fn}: the workspace was created with backward = false.`);
  if (ws.rows === 0) throw new ShapeError(`${fn}: run the forward pass on this workspace first.`);
  const need = ws.length * ws.rows * ws.dims.units;
  if (dH.length < need) {
    throw new ShapeError(`${fn}: dH has ${dH.length} entries, expected L·rows·n = ${need} (dL/dh_t for t = 1..L).`);
  }
}

/**
 * Writes the weight gradients shared by both cells: dWhh = Σ_t dRec_tᵀ H_{t-1},
 * dbhh = Σ dRec, dWih = Σ dIn_tᵀ X_t (sparse in X), dbih = Σ dIn. For the LSTM dRec = dIn = dA.
 * Cost G·n·L·rows·(n + nnz(x_t)); no allocation.
 */
export function gatedWeightGradients(
  x: Float64Array,
  ws: GatedWorkspace,
  dIn: Float64Array,
  dRec: Float64Array,
  g: GatedParams,
): void {
  const { inputDim: d, units: n } = ws.dims;
  const Gn = gateCount(ws.dims.cell) * n;
  const R = ws.length * ws.rows;
  const xw = 4 * Math.ceil((d + 1) / 4);
  // [1 | x_r] per row r (the padding columns stay 0), so that one product gives dbih and dWih.
  const X1 = ws.xOnes;
  for (let r = 0; r < R; r++) {
    const o = r * xw;
    X1[o] = 1;
    for (let m = 0; m < d; m++) X1[o + 1 + m] = x[r * d + m]!;
  }
  // In blocks of WEIGHT_BLOCK rows r (steps x batch rows), each block of dIn/dRec still in cache
  // for its second use:
  //   dWhh[g, j] = Σ_r dRec[r, g]·H_prev[r, j]   (a product, A = dRec by columns, B = rows of h),
  //   [dbih | dWih]ᵀ[m, g] = Σ_r X1[r, m]·dIn[r, g],   GRU: dbhh[g] = Σ_r 1·dRec[r, g],
  // the last two in the module as sparse row additions (only the nonzero x of a one-hot input),
  // else as products with A = X1 by columns. Every entry is one running sum from +0 in the order
  // r = 0, 1, ..., so the bits are those of the plain sums; the zero entries of a sparse x add
  // ±0 products, which change no finite sum.
  const sep = dIn !== dRec;
  const mem = ws.mem;
  const sparse = mem !== null && dIn.buffer === mem.buffer && dRec.buffer === mem.buffer;
  if (sparse) {
    ws.dWx.fill(0);
    if (sep) ws.dWhh1.fill(0);
  }
  for (let r0 = 0; r0 < R; r0 += WEIGHT_BLOCK) {
    const kb = Math.min(R, r0 + WEIGHT_BLOCK) - r0;
    const mode = r0 === 0 ? 'set' : 'resume';
    if (sparse && Gn % 4 === 0 && n % 4 === 0) {
      // dRec and h rows of the block copied into 4-column panels, so that the kernel reads both
      // sequentially (by columns of dRec it read 32 bytes per 2 KiB stride: 1.5x slower).
      mem.packPanels4(kb, Gn, dRec.byteOffset + 8 * r0 * Gn, 8 * Gn, ws.panA.byteOffset);
      mem.packPanels4(kb, n, ws.h.byteOffset + 8 * r0 * n, 8 * n, ws.panB.byteOffset);
      panelProduct(mem, mode, Gn, n, kb, ws.panA, ws.panB, ws.dWhh, 0, n);
    } else {
      stridedProduct(mem, mode, Gn, n, kb, dRec, r0 * Gn, 1, Gn, ws.h, r0 * n, 1, n, ws.dWhh, 0, n);
    }
    if (sparse) {
      const x1 = X1.byteOffset + 8 * r0 * xw;
      const dw = ws.dWx.byteOffset;
      mem.addScaledRows(kb, d + 1, Gn, x1, 8 * xw, dw, 0, 8 * Gn, dIn.byteOffset + 8 * r0 * Gn, 8 * Gn, 0);
      if (sep)
        mem.addScaledRows(kb, 1, Gn, x1, 8 * xw, ws.dWhh1.byteOffset, 0, 0, dRec.byteOffset + 8 * r0 * Gn, 8 * Gn, 0);
    } else {
      stridedProduct(mem, mode, d + 1, Gn, kb, X1, r0 * xw, 1, xw, dIn, r0 * Gn, 1, Gn, ws.dWx, 0, Gn);
      if (sep) stridedProduct(mem, mode, 1, Gn, kb, X1, r0 * xw, 1, xw, dRec, r0 * Gn, 1, Gn, ws.dWhh1, 0, Gn);
    }
  }
  g.Whh.data.set(ws.dWhh);
  const Wih = g.Wih.data;
  const bih = g.bih.data;
  const bhh = g.bhh.data;
  const dWx = ws.dWx;
  for (let j = 0; j < Gn; j++) {
    bih[j] = dWx[j]!;
    for (let m = 0; m < d; m++) Wih[j * d + m] = dWx[(1 + m) * Gn + j]!;
    bhh[j] = sep ? ws.dWhh1[j]! : bih[j]!;
  }
}
