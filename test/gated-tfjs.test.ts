/**
 * ortholab's gated cells against TF.js layers (@tensorflow/tfjs, CPU backend, float32), on the
 * same weights in Keras' layout (kernel, recurrent_kernel, bias) passed through kerasToCanonical.
 * Weights and inputs are rounded to float32 first, so the only difference left is TF.js' float32
 * arithmetic: outputs must agree to 1e-5 absolute (|h| < 1; float32 eps is 6e-8 and each entry
 * sums d + n ≤ 10 products per step over T = 6 steps; measured 5e-8 LSTM, 1.2e-7 GRU).
 *
 * TF.js 4.x's GRU implements only reset_after = False (`resetAfter: true` throws, asserted below),
 * a different function from PyTorch's and Keras' default. The two coincide when the candidate's
 * recurrent block U_h is diagonal and its recurrent bias is 0 ((r ⊙ h)·U_h = r ⊙ (h·U_h)), so the
 * GRU check uses such weights: it still pins the gate order z, r, h, the kernel layout and
 * h = z ⊙ h + (1 − z) ⊙ hh against TF.js. The full reset_after = True GRU is checked against
 * PyTorch (src/core/rnn/gated.torch.test.ts) and Keras' equations (convert.test.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type GatedCell,
  type KerasGatedWeights,
  createGatedWorkspace,
  createRng,
  gatedForward,
  kerasToCanonical,
} from '../src/core/index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const T = 6;
const B = 2;
const d = 3;
const n = 4;

/** Runs ours (float64) on float32-rounded weights and inputs x (time-major); returns [B, T, n] batch-major. */
function ours(cell: GatedCell, w: Required<KerasGatedWeights>, x: Float64Array): Float64Array {
  const p = kerasToCanonical(cell, w);
  const ws = createGatedWorkspace({ cell, inputDim: d, units: n }, T, B, false);
  gatedForward(p, x, B, ws);
  const out = new Float64Array(B * T * n);
  for (let t = 0; t < T; t++) {
    for (let i = 0; i < B; i++) {
      for (let j = 0; j < n; j++) out[(i * T + t) * n + j] = ws.h[((t + 1) * B + i) * n + j]!;
    }
  }
  return out;
}

function tfjsForward(layer: tf.layers.Layer, w: Required<KerasGatedWeights>, x: Float64Array): Float32Array {
  const model = tf.sequential();
  model.add(layer);
  const tensors = [w.kernel, w.recurrent_kernel, w.bias].map((a) => tf.tensor(Float32Array.from(a.data), [...a.shape]));
  layer.setWeights(tensors);
  const xb = new Float32Array(B * T * d);
  for (let t = 0; t < T; t++) {
    for (let i = 0; i < B; i++) for (let m = 0; m < d; m++) xb[(i * T + t) * d + m] = x[(t * B + i) * d + m]!;
  }
  const xs = tf.tensor3d(xb, [B, T, d]);
  const y = model.predict(xs) as tf.Tensor;
  const out = y.dataSync() as Float32Array;
  for (const t of [...tensors, xs, y]) t.dispose();
  model.dispose();
  return out;
}

function random(seed: number) {
  const rng = createRng(seed);
  const f32 = (len: number, s: number) => Float64Array.from({ length: len }, () => Math.fround(s * rng.normal()));
  return { f32, x: f32(T * B * d, 1) };
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe('gated cells against TF.js layers (float32)', () => {
  it('LSTM: tf.layers.lstm (sigmoid recurrent activation) agrees to float32 precision', () => {
    const { f32, x } = random(1);
    const w = {
      kernel: { shape: [d, 4 * n], data: f32(d * 4 * n, 0.8) },
      recurrent_kernel: { shape: [n, 4 * n], data: f32(n * 4 * n, 0.8) },
      bias: { shape: [4 * n], data: f32(4 * n, 0.5) },
    };
    const layer = tf.layers.lstm({
      units: n,
      returnSequences: true,
      recurrentActivation: 'sigmoid',
      inputShape: [T, d],
    });
    const theirs = tfjsForward(layer, w, x);
    const mine = ours('lstm', w, x);
    expect(Math.max(...mine.map(Math.abs))).toBeGreaterThan(0.1);
    expect(maxDiff(mine, theirs)).toBeLessThan(1e-5);
  });

  it('GRU: TF.js refuses resetAfter: true', () => {
    expect(() =>
      tf.layers.gru({ units: n, resetAfter: true } as unknown as Parameters<typeof tf.layers.gru>[0]),
    ).toThrow(/reset_after/);
  });

  it('GRU: with a diagonal candidate block, tf.layers.gru (reset_after = False) computes the same function', () => {
    const { f32, x } = random(2);
    const rk = f32(n * 3 * n, 0.8);
    // Candidate block (columns 2n..3n) diagonal: (r ⊙ h)·U_h = r ⊙ (h·U_h).
    for (let m = 0; m < n; m++) for (let j = 0; j < n; j++) if (m !== j) rk[m * 3 * n + 2 * n + j] = 0;
    const inputBias = f32(3 * n, 0.5);
    const recBias = f32(3 * n, 0.5);
    recBias.fill(0, 2 * n); // the candidate's recurrent bias sits inside r ⊙ (...) only with reset_after
    const kernel = { shape: [d, 3 * n], data: f32(d * 3 * n, 0.8) };
    const recurrent_kernel = { shape: [n, 3 * n], data: rk };
    // reset_after = True form (ours): bias (2, 3n) = [input; recurrent].
    const after = {
      kernel,
      recurrent_kernel,
      bias: { shape: [2, 3 * n], data: Float64Array.from([...inputBias, ...recBias]) },
    };
    // reset_after = False form (TF.js): one bias (3n) = input + recurrent, exact in float64 for
    // float32 summands, then rounded to float32 by TF.js (≤ 6e-8 relative).
    const before = {
      kernel,
      recurrent_kernel,
      bias: { shape: [3 * n], data: inputBias.map((v, k) => v + recBias[k]!) },
    };
    const layer = tf.layers.gru({
      units: n,
      returnSequences: true,
      recurrentActivation: 'sigmoid',
      inputShape: [T, d],
    });
    const theirs = tfjsForward(layer, before, x);
    const mine = ours('gru', after, x);
    expect(Math.max(...mine.map(Math.abs))).toBeGreaterThan(0.1);
    expect(maxDiff(mine, theirs)).toBeLessThan(1e-5);
    // Not vacuous: with the gate blocks z and r swapped the outputs differ by far more.
    const swapped = Float64Array.from(kernel.data);
    for (let m = 0; m < d; m++) {
      for (let j = 0; j < n; j++) {
        swapped[m * 3 * n + j] = kernel.data[m * 3 * n + n + j]!;
        swapped[m * 3 * n + n + j] = kernel.data[m * 3 * n + j]!;
      }
    }
    const wrong = ours('gru', { ...after, kernel: { shape: kernel.shape, data: swapped } }, x);
    expect(maxDiff(wrong, theirs)).toBeGreaterThan(1e-2);
  });
});
