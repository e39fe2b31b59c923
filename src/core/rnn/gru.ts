/**
 * The GRU layer and its exact backpropagation through time, batched, float64, in the canonical
 * layout of gatedParams.ts (PyTorch's: gates r, z, n as row blocks of Wih, Whh, bih, bhh).
 *
 *   u_t = Wih x_t + bih,   v_t = Whh h_{t-1} + bhh          (3n each)
 *   r = σ(u_r + v_r),  z = σ(u_z + v_z),  n = tanh(u_n + r ⊙ v_n)
 *   h_t = (1 − z) ⊙ n + z ⊙ h_{t-1},   h_0 = 0 unless given.
 *
 * This is `torch.nn.GRU` (one layer) and Keras 3's `GRU` with reset_after = True (its default),
 * whose gates z, r, h are the same with the blocks reordered and whose (2, 3n) bias is
 * [bih; bhh] (convert.ts). h_t is evaluated as n + z ⊙ (h_{t-1} − n), PyTorch's form (same
 * value up to rounding). The recurrent projection v_t is kept per step (`ws.aux` holds v_n),
 * since r multiplies it inside the candidate.
 *
 * Backward (chain rule through the equations above), with dh = ∂L/∂h_t total:
 *   da_n = dh ⊙ (1−z) ⊙ (1−n²),  da_z = dh ⊙ (h_{t-1} − n) ⊙ z(1−z),  da_r = da_n ⊙ v_n ⊙ r(1−r)
 *   du = [da_r, da_z, da_n],  dv = [da_r, da_z, da_n ⊙ r],  ∂L/∂h_{t-1} = dh ⊙ z + dv_t Whh
 *   dWih = Σ du_tᵀ X_t, dbih = Σ du_t, dWhh = Σ dv_tᵀ H_{t-1}, dbhh = Σ dv_t.
 * Cost per batch: forward L·rows·3n·(n + nnz(x_t)), backward about twice that.
 */

import type { GatedParams } from './gatedParams.js';
import { type GatedWorkspace, checkBackwardArgs, checkForwardArgs, gatedWeightGradients } from './gatedWorkspace.js';
import { copyRows, packPanels, sigmoidRun, stridedProduct, tanhRun } from './gatedKernel.js';
import { addSparseRowsTimes, transposeInto } from './kernels.js';
import { type GatedBackwardOptions, type GatedForwardOptions, assertGatedCell, checkTruncate } from './lstm.js';
import { ConfigError } from '../errors.js';

/**
 * Forward pass over `rows` sequences: `x` time-major, L x rows x d_in. Writes `ws.h`,
 * `ws.gates` (r, z, n) and `ws.aux` (v_n = W_hn h_{t-1} + b_hn). No allocation.
 */
export function gruForward(
  p: GatedParams,
  x: Float64Array,
  rows: number,
  ws: GatedWorkspace,
  options: GatedForwardOptions = {},
): void {
  assertGatedCell('gruForward', ws, 'gru');
  if (options.c0 !== undefined) throw new ConfigError('gruForward: a GRU has no cell state; pass h0 only.');
  const slot = checkForwardArgs('gruForward', p, x, rows, ws, options.h0, undefined);
  const { inputDim: d, units: n } = ws.dims;
  const Gn = 3 * n;
  const L = ws.length;
  ws.rows = rows;
  const H = ws.h;
  if (options.h0) H.set(options.h0, 0);
  else H.fill(0, 0, slot);
  const U = ws.gates;
  const bih = p.bih.data;
  const bhh = p.bhh.data;
  transposeInto(Gn, d, p.Wih.data, 0, d, ws.wihT, 0, Gn);
  // The inputs in the kernel's memory, for its sparse input projection (same bits as addSparseRowsTimes).
  if (ws.mem !== null) {
    ws.xIn.set(x.subarray(0, L * rows * d));
    ws.bias.set(bih);
  }
  // B(k, j) = Whh[j, k] of the step products A_t += H_{t-1}·Whhᵀ, packed once per pass.
  packPanels(n, Gn, p.Whh.data, 0, n, 1, ws.whhRows, 0);
  const V = ws.rec;
  const Vn = ws.aux;
  for (let t = 1; t <= L; t++) {
    const gOff = (t - 1) * rows * Gn;
    const prev = (t - 1) * slot;
    const cur = t * slot;
    // U_t = bih + X_t·Wihᵀ, step by step so that it is still in cache for the gates.
    if (ws.mem !== null) {
      // bias rows and the sparse projection in one pass per row (the copy-then-add's bits)
      const xt = ws.xIn.byteOffset + 8 * (t - 1) * rows * d;
      const u8 = U.byteOffset + 8 * gOff;
      ws.mem.biasScaledRows(rows, d, Gn, xt, 8 * d, u8, 8 * Gn, ws.bias.byteOffset, ws.wihT.byteOffset, 8 * Gn);
    } else {
      copyRows(rows, Gn, bih, U, gOff, Gn);
      addSparseRowsTimes(rows, d, Gn, x, (t - 1) * rows * d, ws.wihT, Gn, U, gOff, Gn);
    }
    for (let i = 0; i < rows; i++) V.set(bhh, i * Gn);
    stridedProduct(ws.mem, 'add', rows, Gn, n, H, prev, n, 1, ws.whhRows, 0, n, 4, V, 0, Gn);
    for (let i = 0; i < rows; i++) {
      const base = gOff + i * Gn;
      const vb = i * Gn;
      const q0 = i * n;
      // r, z = sigmoid(U + V), n = tanh(U_n + r ⊙ v_n), the nonlinearities over runs in place
      // (gatedActivations.ts; in the module's lanes where U is in its memory).
      for (let j = 0; j < 2 * n; j++) U[base + j] = U[base + j]! + V[vb + j]!;
      sigmoidRun(ws.mem, U, base, 2 * n);
      for (let j = 0; j < n; j++) U[base + 2 * n + j] = U[base + 2 * n + j]! + U[base + j]! * V[vb + 2 * n + j]!;
      tanhRun(ws.mem, U, base + 2 * n, n);
      for (let j = 0; j < n; j++) {
        const z = U[base + n + j]!;
        const nn = U[base + 2 * n + j]!;
        Vn[prev + q0 + j] = V[vb + 2 * n + j]!;
        H[cur + q0 + j] = nn + z * (H[prev + q0 + j]! - nn);
      }
    }
  }
}

/**
 * Backward pass for the last `gruForward` on this workspace; `dH` = ∂L/∂h_t for t = 1..L
 * (time-major L x rows x n). Writes `ws.dhNorm`, `ws.gateNorm` and, with `grads`, every
 * parameter gradient. Cost about 2·L·rows·3n·n with gradients; no allocation.
 */
export function gruBackward(
  p: GatedParams,
  x: Float64Array,
  ws: GatedWorkspace,
  dH: Float64Array,
  options: GatedBackwardOptions = {},
): void {
  assertGatedCell('gruBackward', ws, 'gru');
  checkBackwardArgs('gruBackward', p, ws, dH, options.grads);
  if (options.dcLast !== undefined)
    throw new ConfigError('gruBackward: a GRU has no cell state; dcLast does not apply.');
  const k = checkTruncate('gruBackward', options.truncate);
  const { units: n } = ws.dims;
  const Gn = 3 * n;
  const L = ws.length;
  const rows = ws.rows;
  const slot = rows * n;
  const { gates: U, aux: Vn, h: H, dA, dR, dh } = ws;
  // B(k, j) = Whh[k, j] of the step products dh = dA_t·Whh, packed once per pass.
  packPanels(Gn, n, p.Whh.data, 0, 1, n, ws.whhCols, 0);
  dh.fill(0, 0, slot);
  for (let t = L; t >= 1; t--) {
    const dOff = (t - 1) * slot;
    const gOff = (t - 1) * rows * Gn;
    const prev = (t - 1) * slot;
    let sh = 0;
    let sr = 0;
    let sz = 0;
    let sn = 0;
    for (let i = 0; i < rows; i++) {
      const base = gOff + i * Gn;
      const q0 = i * n;
      for (let j = 0; j < n; j++) {
        const q = q0 + j;
        const r = U[base + j]!;
        const z = U[base + n + j]!;
        const nn = U[base + 2 * n + j]!;
        const gh = dh[q]! + dH[dOff + q]!;
        sh += gh * gh;
        const an = gh * (1 - z) * (1 - nn * nn);
        const az = gh * (H[prev + q]! - nn) * z * (1 - z);
        const ar = an * Vn[prev + q]! * r * (1 - r);
        dA[base + j] = ar;
        dA[base + n + j] = az;
        dA[base + 2 * n + j] = an;
        dR[base + j] = ar;
        dR[base + n + j] = az;
        dR[base + 2 * n + j] = an * r;
        sr += ar * ar;
        sz += az * az;
        sn += an * an;
        dh[q] = gh * z;
      }
    }
    ws.dhNorm[t - 1] = Math.sqrt(sh);
    const gn = (t - 1) * 3;
    ws.gateNorm[gn] = Math.sqrt(sr);
    ws.gateNorm[gn + 1] = Math.sqrt(sz);
    ws.gateNorm[gn + 2] = Math.sqrt(sn);
    if (t > 1 && (k === 0 || (t - 1) % k !== 0)) {
      stridedProduct(ws.mem, 'add', rows, n, Gn, dR, gOff, Gn, 1, ws.whhCols, 0, Gn, 4, dh, 0, n);
    } else {
      dh.fill(0, 0, slot);
    }
  }
  if (options.grads) gatedWeightGradients(x, ws, dA, dR, options.grads);
}
