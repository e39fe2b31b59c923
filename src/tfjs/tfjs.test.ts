/**
 * Integration with the real @tensorflow/tfjs package on its CPU backend: the adapter's
 * initializers build simpleRNN/LSTM/GRU layers, a model trains a few steps, saves to a memory
 * handler and loads back with the same initializer configs and weights.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { getInitializer, isRecord } from '../core/index.js';
import { TF_INITIALIZER_CLASSES, tfInitializer } from './index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('ortholab/tfjs', () => {
  it('has a registered TF.js class for every ortholab initializer', () => {
    expect(Object.keys(TF_INITIALIZER_CLASSES).length).toBeGreaterThanOrEqual(20);
    expect(TF_INITIALIZER_CLASSES.orthogonal.className).toBe('OrtholabOrthogonal');
  });

  it('apply() returns the same float32 values as the core initializer', () => {
    const t = tfInitializer({ name: 'orthogonal', gain: 2, seed: 3 }).apply([6, 4]);
    expect(t.shape).toEqual([6, 4]);
    expect(t.dtype).toBe('float32');
    const want = Float32Array.from(getInitializer({ name: 'orthogonal', gain: 2, seed: 3 }).values([6, 4]));
    expect(Array.from(t.dataSync())).toEqual(Array.from(want));
    t.dispose();
  });

  it('unseeded instances draw fresh values on each call; seeded ones repeat', () => {
    const u = tfInitializer('glorot_uniform');
    const a = u.apply([3, 3]).dataSync();
    const b = u.apply([3, 3]).dataSync();
    expect(Array.from(a)).not.toEqual(Array.from(b));
    const s = tfInitializer({ name: 'glorotUniform', seed: 0 });
    expect(Array.from(s.apply([3, 3]).dataSync())).toEqual(Array.from(s.apply([3, 3]).dataSync()));
  });

  it('initializes simpleRNN, LSTM (gate by gate) and GRU layers', () => {
    for (const [make, gates] of [
      [tf.layers.simpleRNN, 1],
      [tf.layers.lstm, 4],
      [tf.layers.gru, 3],
    ] as const) {
      const layer = make({
        units: 8,
        inputShape: [5, 3],
        kernelInitializer: tfInitializer({ name: 'glorotUniform', seed: 1 }),
        recurrentInitializer: tfInitializer({ name: 'orthogonal', gates, seed: 2 }),
      });
      const model = tf.sequential({ layers: [layer] });
      const recurrent = model.layers[0]!.getWeights()[1]!;
      expect(recurrent.shape).toEqual([8, 8 * gates]);
      // Each 8x8 gate block is orthogonal to float32 precision.
      const w = recurrent.as2D(8, 8 * gates).arraySync();
      for (let g = 0; g < gates; g++) {
        for (let i = 0; i < 8; i++) {
          for (let j = 0; j < 8; j++) {
            let dot = 0;
            for (let k = 0; k < 8; k++) dot += w[k]![g * 8 + i]! * w[k]![g * 8 + j]!;
            expect(Math.abs(dot - (i === j ? 1 : 0))).toBeLessThan(1e-5);
          }
        }
      }
      model.dispose();
    }
  });

  it('a model trains, saves to memory and loads back with the same initializer config', async () => {
    const model = tf.sequential();
    model.add(
      tf.layers.simpleRNN({
        units: 6,
        inputShape: [4, 2],
        kernelInitializer: tfInitializer({ name: 'glorotUniform', seed: 5 }),
        recurrentInitializer: tfInitializer({ name: 'orthogonal', gain: 0.9, seed: 6 }),
      }),
    );
    model.add(tf.layers.dense({ units: 1, kernelInitializer: tfInitializer({ name: 'heNormal', seed: 7 }) }));
    model.compile({ optimizer: tf.train.sgd(0.05), loss: 'meanSquaredError' });
    const x = tf.tensor3d(
      Array.from({ length: 16 * 4 * 2 }, (_, i) => Math.sin(i)),
      [16, 4, 2],
    );
    const y = tf.tensor2d(
      Array.from({ length: 16 }, (_, i) => Math.cos(i)),
      [16, 1],
    );
    const hist = await model.fit(x, y, { epochs: 5, batchSize: 16, verbose: 0 });
    const losses = (hist.history.loss ?? []).map((v) => (typeof v === 'number' ? v : Number.NaN));
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses[4]).toBeLessThan(losses[0]!);

    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const topo = JSON.stringify(saved?.modelTopology);
    expect(topo).toContain('OrtholabOrthogonal');
    expect(topo).toContain('"gain":0.9');
    if (saved === undefined) throw new Error('the save handler was not called');
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved));
    const recurrentInit = loaded.layers[0]!.getConfig().recurrentInitializer;
    if (!isRecord(recurrentInit)) throw new Error('the layer config has no recurrentInitializer object');
    expect(recurrentInit.className).toBe('OrtholabOrthogonal');
    expect(recurrentInit.config).toEqual({ gain: 0.9, gates: 1, gateAxis: 'cols', seed: 6 });
    const before = model.getWeights().map((w) => Array.from(w.dataSync()));
    const after = loaded.getWeights().map((w) => Array.from(w.dataSync()));
    expect(after).toEqual(before);
    tf.dispose([x, y]);
  });
});

describe('ortholab/tfjs in Node (node.ts, the entry package.json maps for Node)', () => {
  it('exports the very objects of the adapter, plus the error for a missing peer dependency', async () => {
    const node = await import('./node.js');
    const adapter = await import('./index.js');
    const names = Object.keys(node).filter((k) => k !== 'MissingPeerDependencyError');
    expect(names.sort()).toEqual(Object.keys(adapter).sort());
    const fromAdapter = new Map(Object.entries(adapter));
    for (const [k, v] of Object.entries(node))
      if (k !== 'MissingPeerDependencyError') expect(v).toBe(fromAdapter.get(k));
  });
});
