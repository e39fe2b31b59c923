// Model files written by the real tools (scripts/fixtures/make_torch_fixtures.py,
// make_keras_fixtures.py, make-tfjs-fixtures.ts): every array bit for bit as the generator
// wrote it, each recurrent layer found with its class, units and direction, and per gate the
// σ range, ρ and ‖W_gᵀW_g − I‖_F that NumPy computed on the same arrays.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fixtureBytes, fixtureJson, sameValues } from '../../../test/helpers/io.js';
import { diagnoseLayers } from '../report/modelDiagnosis.js';
import { FormatError } from '../errors.js';
import { type ModelFile, modelFileKind, readModelFile } from './modelFile.js';

interface GateExpect {
  layer: number | string;
  direction: string;
  kernel: 'recurrent' | 'input';
  gate: string;
  shape: number[];
  sigma_max: number;
  sigma_min: number;
  orth_err: number;
  rho: number | null;
}
interface Weight {
  name: string;
  shape: number[];
  values: number[];
}

const MODELS = fileURLToPath(new URL('../../../test/fixtures/models/', import.meta.url));
const torchM = fixtureJson<{ files: Record<string, { class?: string; tensors: Weight[]; gates?: GateExpect[] }> }>(
  'models/torch_manifest.json',
);
const kerasM = fixtureJson<Record<string, { weights: Weight[]; gates: GateExpect[] }>>('models/keras_manifest.json');
const tfjsM = fixtureJson<{ weights: Weight[]; gates: GateExpect[] }>('models/tfjs_manifest.json');

function tfjsFile(dir: string): ModelFile {
  const companions = new Map<string, Uint8Array>();
  for (const f of readdirSync(`${MODELS}${dir}`))
    if (f.endsWith('.bin')) companions.set(f, new Uint8Array(readFileSync(`${MODELS}${dir}/${f}`)));
  return readModelFile('model.json', fixtureBytes(`models/${dir}/model.json`), { companions });
}

function expectArrays(m: ModelFile, want: Weight[]): void {
  const byName = new Map(m.tensors.map((t) => [t.name, t]));
  for (const w of want) {
    const t = byName.get(w.name);
    expect(t, w.name).toBeDefined();
    expect(t?.array.shape, w.name).toEqual(w.shape);
    expect(sameValues(t?.array.data ?? new Float64Array(), Float64Array.from(w.values)), w.name).toBe(true);
  }
}

const close = (got: number, want: number, scale: number) => Math.abs(got - want) <= 1e-12 * Math.max(1, scale);

/** Compares diagnose's per-gate numbers with NumPy's, matching layers by name (or torch layer index) and direction. */
function expectGates(m: ModelFile, want: GateExpect[], layerKey: (name: string) => string): void {
  const ds = diagnoseLayers(m.layers, m.tensors);
  let checked = 0;
  for (const e of want) {
    const d = ds.find((x) => layerKey(x.layer.name) === String(e.layer) && x.layer.direction === e.direction);
    expect(d, `${e.layer} ${e.direction}`).toBeDefined();
    const k = d?.kernels.find((x) => x.role === e.kernel);
    const g = k?.gates.find((x) => x.gate === e.gate);
    const r = g?.report;
    expect(r, `${e.layer} ${e.direction} ${e.kernel} ${e.gate}`).toBeTruthy();
    if (!r) continue;
    const label = `${e.layer} ${e.direction} ${e.kernel} gate ${e.gate}`;
    expect(r.shape, label).toEqual(e.shape);
    const sv = r.singularValues;
    expect(close(sv[0]!, e.sigma_max, e.sigma_max), `${label} σ_max ${sv[0]} vs ${e.sigma_max}`).toBe(true);
    expect(
      close(sv[sv.length - 1]!, e.sigma_min, e.sigma_max),
      `${label} σ_min ${sv[sv.length - 1]} vs ${e.sigma_min}`,
    ).toBe(true);
    expect(
      close(r.orthogonalityError, e.orth_err, e.sigma_max ** 2),
      `${label} orth ${r.orthogonalityError} vs ${e.orth_err}`,
    ).toBe(true);
    if (e.rho === null) expect(r.spectralRadius, label).toBeNull();
    else
      expect(
        close(r.spectralRadius ?? Number.NaN, e.rho, e.sigma_max),
        `${label} ρ ${r.spectralRadius} vs ${e.rho}`,
      ).toBe(true);
    checked++;
  }
  expect(checked).toBe(want.length);
  // Every gate of every layer is covered by the expectations, no more, no less.
  expect(ds.reduce((s, d) => s + d.kernels.reduce((t, k) => t + k.gates.length, 0), 0)).toBe(want.length);
}

describe('PyTorch state dicts', () => {
  it.each(['torch_lstm.pt', 'torch_gru.pt', 'torch_rnn.pt'])('%s: layers, gates and NumPy numbers', (file) => {
    const m = readModelFile(file, fixtureBytes(`models/${file}`));
    const spec = torchM.files[file]!;
    expect(m.format).toBe('pytorch');
    expectArrays(m, spec.tensors);
    expect(m.layers.map((l) => [l.name, l.className, l.units, l.direction])).toEqual([
      ['l0', spec.class, 4, 'forward'],
      ['l0', spec.class, 4, 'backward'],
      ['l1', spec.class, 4, 'forward'],
      ['l1', spec.class, 4, 'backward'],
    ]);
    const gateNames: Record<string, string[]> = { LSTM: ['i', 'f', 'g', 'o'], GRU: ['r', 'z', 'n'], RNN: ['h'] };
    const names = spec.class === undefined ? undefined : gateNames[spec.class];
    expect(names).toBeDefined();
    for (const l of m.layers) for (const k of l.kernels) expect(k.layout.names).toEqual(names);
    expectGates(m, spec.gates ?? [], (n) => n.replace(/^l/, ''));
  });

  it('a nested checkpoint finds the LSTM under its prefix', () => {
    const m = readModelFile('torch_checkpoint.pt', fixtureBytes('models/torch_checkpoint.pt'));
    expect(m.layers.map((l) => l.name)).toEqual(['model.l0', 'model.l0', 'model.l1', 'model.l1']);
  });
});

describe('Keras', () => {
  it('reads an HDF5 file from a Node Buffer view with a byte offset (whose slice() is a view, not a copy)', () => {
    const bytes = fixtureBytes('models/keras2_model.h5');
    const padded = Buffer.alloc(bytes.length + 13);
    padded.set(bytes, 13);
    const plain = readModelFile('keras2_model.h5', bytes);
    const viewed = readModelFile('keras2_model.h5', padded.subarray(13));
    const values = (m: typeof plain) => m.tensors.map((t) => [t.name, Array.from(t.array.data)]);
    expect(values(viewed)).toEqual(values(plain));
    expect(plain.tensors.length).toBeGreaterThan(0);
  });

  it.each(['keras3_model.keras', 'keras2_model.h5'])('%s: layers, gates and NumPy numbers', (file) => {
    const m = readModelFile(file, fixtureBytes(`models/${file}`));
    const spec = kerasM[file]!;
    expectArrays(
      m,
      spec.weights.map((w) => ({ ...w, name: file.endsWith('.h5') ? w.name : w.name })),
    );
    expect(
      m.layers.map((l) => [l.name, l.className, l.units, l.direction, l.kernels[0]!.layout.names.join('')]),
    ).toEqual([
      ['lstm', 'LSTM', 4, 'forward', 'ifco'],
      ['gru', 'GRU', 4, 'forward', 'zrh'],
      ['simple_rnn', 'SimpleRNN', 5, 'forward', 'h'],
      ['bidirectional', 'LSTM', 3, 'forward', 'ifco'],
      ['bidirectional', 'LSTM', 3, 'backward', 'ifco'],
    ]);
    expectGates(m, spec.gates, (n) => n);
  });
});

describe('Keras 3.0-3.5 layout (no name attributes)', () => {
  it('finds two LSTMs by saving_lib naming (lstm, lstm_1), not by layer name', () => {
    const m = readModelFile('keras3_v33.keras', fixtureBytes('models/keras3_v33.keras'));
    const spec = kerasM['keras3_v33.keras']!;
    expectArrays(m, spec.weights);
    expect(m.layers.map((l) => [l.name, l.units, l.kernels[0]!.tensor])).toEqual([
      ['encoder', 3, 'layers/lstm/cell/vars/1'],
      ['decoder', 2, 'layers/lstm_1/cell/vars/1'],
    ]);
    expectGates(m, spec.gates, (n) => n);
  });
});

describe('TF.js', () => {
  it('model.json with two shards: layers, gates and NumPy numbers', () => {
    const m = tfjsFile('tfjs_model');
    expect(m.format).toBe('tfjs');
    expectArrays(m, tfjsM.weights);
    expect(m.layers.map((l) => [l.name, l.className, l.units, l.direction])).toEqual([
      ['lstm', 'LSTM', 4, 'forward'],
      ['gru', 'GRU', 4, 'forward'],
      ['simple_rnn', 'SimpleRNN', 5, 'forward'],
      ['bidirectional', 'LSTM', 3, 'forward'],
      ['bidirectional', 'LSTM', 3, 'backward'],
    ]);
    expectGates(m, tfjsM.gates, (n) => n);
  });

  it('refuses quantized weights and missing or short shards', () => {
    expect(() => tfjsFile('tfjs_quantized')).toThrow(/quantized to uint8/);
    const json = fixtureBytes('models/tfjs_model/model.json');
    expect(() => readModelFile('model.json', json)).toThrow(/shard 'group1-shard1of2.bin' is missing/);
    const one = fixtureBytes('models/tfjs_model/group1-shard1of2.bin');
    const companions = new Map([
      ['group1-shard1of2.bin', one],
      ['group1-shard2of2.bin', one.subarray(0, 100)],
    ]);
    expect(() => readModelFile('model.json', json, { companions })).toThrow(
      /hold 1132 bytes, but their weights need 2064/,
    );
  });
});

describe('dispatch', () => {
  it('tells model files from tensor files', () => {
    expect(modelFileKind('m.pt', new Uint8Array())).toBe('pytorch');
    expect(modelFileKind('m.bin', fixtureBytes('models/torch_lstm.pt'))).toBe('pytorch');
    expect(modelFileKind('weights', fixtureBytes('models/keras2_model.h5'))).toBe('keras2');
    expect(modelFileKind('model.json', fixtureBytes('models/tfjs_model/model.json'))).toBe('tfjs');
    expect(modelFileKind('m.json', new TextEncoder().encode('[[1, 2], [3, 4]]'))).toBeNull();
    expect(modelFileKind('w.npy', new Uint8Array())).toBeNull();
  });
  it('an HDF5 file that is not a Keras model says so', () => {
    expect(() => readModelFile('x.keras', fixtureBytes('models/torch_lstm.pt'))).toThrow(FormatError);
  });
});
