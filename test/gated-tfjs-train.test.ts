/**
 * The TF.js adapter's initializers as the initializers of tf.layers.lstm / tf.layers.gru (CPU
 * backend, float32): a layer built with them starts from exactly ortholab's arrays (the seeding
 * rule: the recurrent kernel (n, G·n) is `draw(spec, [n, G·n], seed)`, the kernel uses
 * deriveSeed(seed, 'Wih'), so a TF.js LSTM with these initializers is ortholab's kerasDefault
 * layer rounded to float32), and a tiny model with such a layer trains.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { deriveSeed, draw, gateCount, initGatedKeras } from '../src/core/index.js';
import { tfInitializer } from '../src/tfjs/index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const n = 6;
const d = 3;
const L = 5;
const f32 = (a: ArrayLike<number>) => Array.from(Float32Array.from(a));

describe('ortholab initializers in tf.layers.lstm / gru', () => {
  for (const cell of ['lstm', 'gru'] as const) {
    const G = gateCount(cell);
    const make = cell === 'lstm' ? tf.layers.lstm : tf.layers.gru;

    it(`${cell}: the recurrent kernel is ortholab's draw for the same spec, seed and shape; the layer is kerasDefault`, () => {
      for (const spec of [{ name: 'orthogonal' }, { name: 'orthogonal', gates: G, gateAxis: 'cols' }] as const) {
        const layer = make({
          units: n,
          inputShape: [L, d],
          kernelInitializer: tfInitializer({ name: 'glorotUniform', seed: deriveSeed(5, 'Wih') }),
          recurrentInitializer: tfInitializer({ ...spec, seed: 5 }),
          ...(cell === 'lstm' ? { unitForgetBias: true } : {}),
        });
        const model = tf.sequential({ layers: [layer] });
        const weights = model.layers[0]!.getWeights();
        const kernel = weights[0]!;
        const recurrent = weights[1]!;
        const bias = weights[2]!;
        expect(recurrent.shape).toEqual([n, G * n]);
        expect(Array.from(recurrent.dataSync())).toEqual(f32(draw(spec, [n, G * n], 5)));
        if (spec.gates === undefined) {
          // Keras' default layer as ortholab builds it (gatedInit kerasDefault, seed 5).
          const k = initGatedKeras({ cell, inputDim: d, units: n }, 'kerasDefault', 5);
          expect(Array.from(kernel.dataSync())).toEqual(f32(k.kernel.data));
          expect(Array.from(recurrent.dataSync())).toEqual(f32(k.recurrent_kernel.data));
          // TF.js' GRU has reset_after = False and a (3n,) bias; the LSTM's is Keras' (4n,).
          if (cell === 'lstm') expect(Array.from(bias.dataSync())).toEqual(f32(k.bias.data));
        }
        model.dispose();
      }
    });

    it(`${cell}: a tiny model with ortholab's initializers trains (finite, decreasing loss; the recurrent kernel moves)`, async () => {
      const model = tf.sequential();
      model.add(
        make({
          units: n,
          inputShape: [L, d],
          kernelInitializer: tfInitializer({ name: 'glorotUniform', seed: 1 }),
          recurrentInitializer: tfInitializer({ name: 'orthogonal', seed: 2 }),
        }),
      );
      model.add(tf.layers.dense({ units: 1, kernelInitializer: tfInitializer({ name: 'glorotUniform', seed: 3 }) }));
      model.compile({ optimizer: tf.train.adam(0.02), loss: 'meanSquaredError' });
      const before = Array.from(model.layers[0]!.getWeights()[1]!.dataSync());
      // Target: the sum of the first feature over the sequence (needs memory of every step).
      const xs = Array.from({ length: 32 * L * d }, (_, i) => Math.sin(1.7 * i + 0.3));
      const ys = Array.from({ length: 32 }, (_, b) => {
        let s = 0;
        for (let t = 0; t < L; t++) s += xs[(b * L + t) * d]!;
        return s / L;
      });
      const x = tf.tensor3d(xs, [32, L, d]);
      const y = tf.tensor2d(ys, [32, 1]);
      const hist = await model.fit(x, y, { epochs: 8, batchSize: 32, verbose: 0, shuffle: false });
      const losses = hist.history.loss as number[];
      expect(losses.every(Number.isFinite)).toBe(true);
      expect(losses[losses.length - 1]).toBeLessThan(losses[0]!);
      const after = Array.from(model.layers[0]!.getWeights()[1]!.dataSync());
      expect(after).not.toEqual(before);
      tf.dispose([x, y]);
      model.dispose();
    });
  }
});
