import { describe, expect, it } from 'vitest';
import { ConfigError, ShapeError } from '../errors.js';
import { createRng } from '../random/index.js';
import {
  type KerasGatedWeights,
  canonicalToKeras,
  canonicalToTorch,
  kerasToCanonical,
  kerasToTorch,
  torchToCanonical,
  torchToKeras,
} from './convert.js';
import { gatedForward } from './gated.js';
import { type GatedCell, type GatedParams, gateCount } from './gatedParams.js';
import { createGatedWorkspace } from './gatedWorkspace.js';

const sigmoid = (a: number) => 1 / (1 + Math.exp(-a));

function randomKeras(cell: GatedCell, d: number, n: number, seed: number): Required<KerasGatedWeights> {
  const rng = createRng(seed);
  const G = gateCount(cell);
  const arr = (shape: number[]) => ({
    shape,
    data: Float64Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal() * 0.7),
  });
  return {
    kernel: arr([d, G * n]),
    recurrent_kernel: arr([n, G * n]),
    bias: cell === 'lstm' ? arr([G * n]) : arr([2, G * n]),
  };
}

/**
 * Keras 3 semantics written from keras/src/layers/rnn/lstm.py and gru.py (REFERENCE.md §5),
 * row-vector convention: z = x·kernel + h·recurrent_kernel + bias, LSTM blocks i, f, c, o;
 * GRU (reset_after=True) blocks z, r, h, hh = tanh(x·W_h + b_h + r ⊙ (h·U_h + b'_h)),
 * h = z ⊙ h + (1 − z) ⊙ hh. One sequence; returns h_1..h_L.
 */
function kerasForward(cell: GatedCell, w: Required<KerasGatedWeights>, x: number[][]): number[][] {
  const G = gateCount(cell);
  const n = w.recurrent_kernel.shape[0]!;
  const d = w.kernel.shape[0]!;
  const Gn = G * n;
  let h = new Array<number>(n).fill(0);
  let c = new Array<number>(n).fill(0);
  const out: number[][] = [];
  for (const xt of x) {
    const xk = new Array<number>(Gn).fill(0);
    const hk = new Array<number>(Gn).fill(0);
    for (let col = 0; col < Gn; col++) {
      for (let m = 0; m < d; m++) xk[col] = xk[col]! + xt[m]! * w.kernel.data[m * Gn + col]!;
      for (let m = 0; m < n; m++) hk[col] = hk[col]! + h[m]! * w.recurrent_kernel.data[m * Gn + col]!;
    }
    const hn = new Array<number>(n);
    const cn = new Array<number>(n);
    for (let j = 0; j < n; j++) {
      if (cell === 'lstm') {
        const z = (k: number) => xk[k * n + j]! + hk[k * n + j]! + w.bias.data[k * n + j]!;
        const i = sigmoid(z(0));
        const f = sigmoid(z(1));
        cn[j] = f * c[j]! + i * Math.tanh(z(2));
        hn[j] = sigmoid(z(3)) * Math.tanh(cn[j]!);
      } else {
        const bi = (k: number) => w.bias.data[k * n + j]!;
        const br = (k: number) => w.bias.data[Gn + k * n + j]!;
        const z = sigmoid(xk[j]! + bi(0) + hk[j]! + br(0));
        const r = sigmoid(xk[n + j]! + bi(1) + hk[n + j]! + br(1));
        const hh = Math.tanh(xk[2 * n + j]! + bi(2) + r * (hk[2 * n + j]! + br(2)));
        hn[j] = z * h[j]! + (1 - z) * hh;
      }
    }
    h = hn;
    c = cn;
    out.push(h);
  }
  return out;
}

function ours(cell: GatedCell, p: GatedParams, x: number[][]): number[][] {
  const n = p.Whh.cols;
  const ws = createGatedWorkspace({ cell, inputDim: p.Wih.cols, units: n }, x.length, 1, false);
  gatedForward(p, Float64Array.from(x.flat()), 1, ws);
  return x.map((_, t) => Array.from(ws.h.subarray((t + 1) * n, (t + 2) * n)));
}

function maxDiff(a: number[][], b: number[][]): number {
  let m = 0;
  for (let t = 0; t < a.length; t++)
    for (let j = 0; j < a[t]!.length; j++) m = Math.max(m, Math.abs(a[t]![j]! - b[t]![j]!));
  return m;
}

describe('Keras <-> PyTorch converters', () => {
  for (const cell of ['lstm', 'gru'] as const) {
    it(`${cell}: Keras weights run through ortholab equal Keras' own equations (to 1e-14)`, () => {
      const w = randomKeras(cell, 3, 5, 1);
      const rng = createRng(2);
      const x = Array.from({ length: 7 }, () => Array.from({ length: 3 }, () => rng.normal()));
      expect(maxDiff(ours(cell, kerasToCanonical(cell, w), x), kerasForward(cell, w, x))).toBeLessThan(1e-14);
    });

    it(`${cell}: Keras -> canonical -> Keras and PyTorch -> canonical -> PyTorch are exact`, () => {
      const w = randomKeras(cell, 3, 4, 3);
      const back = canonicalToKeras(cell, kerasToCanonical(cell, w));
      for (const k of ['kernel', 'recurrent_kernel', 'bias'] as const) {
        expect(back[k].shape).toEqual(w[k].shape);
        expect(Array.from(back[k].data)).toEqual(Array.from(w[k].data));
      }
      const t = kerasToTorch(cell, w);
      const t2 = canonicalToTorch(cell, torchToCanonical(cell, t));
      for (const k of ['weight_ih_l0', 'weight_hh_l0', 'bias_ih_l0', 'bias_hh_l0'] as const) {
        expect(t2[k].shape).toEqual(t[k].shape);
        expect(Array.from(t2[k].data)).toEqual(Array.from(t[k].data));
      }
    });
  }

  it('GRU: Keras -> PyTorch -> Keras is exact; the Keras z block is PyTorch row block 1', () => {
    const w = randomKeras('gru', 2, 3, 4);
    const t = kerasToTorch('gru', w);
    expect(t.weight_hh_l0.shape).toEqual([9, 3]);
    // weight_hh_l0[3 + j, m] (z block, row j) = recurrent_kernel[m, j] (Keras z block, column j)
    for (let j = 0; j < 3; j++) {
      for (let m = 0; m < 3; m++) expect(t.weight_hh_l0.data[(3 + j) * 3 + m]).toBe(w.recurrent_kernel.data[m * 9 + j]);
      expect(t.bias_hh_l0.data[j]).toBe(w.bias.data[9 + 3 + j]); // r: Keras recurrent bias block 1
    }
    const back = torchToKeras('gru', t);
    for (const k of ['kernel', 'recurrent_kernel', 'bias'] as const)
      expect(Array.from(back[k].data)).toEqual(Array.from(w[k].data));
  });

  it('LSTM: PyTorch -> Keras sums the two biases; the function is unchanged (to 1e-14)', () => {
    const w = randomKeras('lstm', 3, 4, 5);
    const t = kerasToTorch('lstm', w);
    expect(Array.from(t.bias_hh_l0.data).every((v) => v === 0)).toBe(true);
    const rng = createRng(6);
    for (let i = 0; i < t.bias_hh_l0.data.length; i++) t.bias_hh_l0.data[i] = rng.normal();
    const k = torchToKeras('lstm', t);
    for (let i = 0; i < 16; i++) expect(k.bias.data[i]).toBe(t.bias_ih_l0.data[i]! + t.bias_hh_l0.data[i]!);
    const x = Array.from({ length: 6 }, () => Array.from({ length: 3 }, () => rng.normal()));
    expect(maxDiff(ours('lstm', torchToCanonical('lstm', t), x), kerasForward('lstm', k, x))).toBeLessThan(1e-14);
  });

  it('use_bias = False / bias = False convert to zero biases', () => {
    const w = randomKeras('lstm', 2, 2, 7);
    const p = kerasToCanonical('lstm', { kernel: w.kernel, recurrent_kernel: w.recurrent_kernel });
    expect(Array.from(p.bih.data).every((v) => v === 0)).toBe(true);
    const t = canonicalToTorch('lstm', p);
    const q = torchToCanonical('lstm', { weight_ih_l0: t.weight_ih_l0, weight_hh_l0: t.weight_hh_l0 });
    expect(Array.from(q.bhh.data).every((v) => v === 0)).toBe(true);
  });

  it('layouts that do not fit are refused with errors naming what fits', () => {
    const lstm = randomKeras('lstm', 3, 4, 8);
    const gru = randomKeras('gru', 3, 4, 9);
    const torchLstm = kerasToTorch('lstm', lstm);
    // a GRU's arrays given as an LSTM
    expect(() => kerasToCanonical('lstm', gru)).toThrow(ShapeError);
    expect(() => kerasToCanonical('lstm', gru)).toThrow(/fits a Keras GRU recurrent_kernel with 4 units/);
    // PyTorch's layout given as Keras'
    expect(() =>
      kerasToCanonical('lstm', {
        kernel: torchLstm.weight_ih_l0,
        recurrent_kernel: torchLstm.weight_hh_l0,
      }),
    ).toThrow(/fits a PyTorch LSTM weight_hh_l0 with 4 units/);
    expect(() =>
      torchToCanonical('gru', { weight_ih_l0: torchLstm.weight_ih_l0, weight_hh_l0: torchLstm.weight_hh_l0 }),
    ).toThrow(/fits a PyTorch LSTM weight_hh_l0 with 4 units/);
    // Keras GRU with reset_after = False
    expect(() => kerasToCanonical('gru', { ...gru, bias: { shape: [12], data: new Float64Array(12) } })).toThrow(
      ConfigError,
    );
    expect(() => kerasToCanonical('gru', { ...gru, bias: { shape: [12], data: new Float64Array(12) } })).toThrow(
      /reset_after=False.*\(2, 12\)/,
    );
    expect(() => kerasToCanonical('gru', gru, { resetAfter: false })).toThrow(/only reset_after=True/);
    // wrong kernel width, wrong bias, data/shape mismatch, half the PyTorch biases
    expect(() => kerasToCanonical('lstm', { ...lstm, kernel: { shape: [3, 12], data: new Float64Array(36) } })).toThrow(
      /kernel \(3, 12\) does not fit a Keras LSTM with 4 units: expected \(input_dim, 16\)/,
    );
    expect(() => kerasToCanonical('lstm', { ...lstm, bias: { shape: [2, 8], data: new Float64Array(16) } })).toThrow(
      /expected \(16,\)/,
    );
    expect(() => kerasToCanonical('lstm', { ...lstm, bias: { shape: [16], data: new Float64Array(15) } })).toThrow(
      /has shape \(16,\) but 15 values/,
    );
    expect(() =>
      torchToCanonical('lstm', {
        weight_ih_l0: torchLstm.weight_ih_l0,
        weight_hh_l0: torchLstm.weight_hh_l0,
        bias_ih_l0: torchLstm.bias_ih_l0,
      }),
    ).toThrow(/both bias_ih_l0 and bias_hh_l0/);
    // @ts-expect-error a cell that has no gates, as an untyped caller could pass
    expect(() => kerasToCanonical('rnn', lstm)).toThrow(/valid cells: lstm, gru/);
    expect(() => canonicalToKeras('gru', kerasToCanonical('lstm', lstm))).toThrow(/do not fit a canonical GRU/);
  });
});
