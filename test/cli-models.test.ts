/**
 * `ortholab diagnose` and `spectrum` on model files written by the real tools: the per-layer,
 * per-gate numbers in --json equal NumPy's (computed by the fixture generators on the same
 * arrays), the text report names every layer and gate, and refusals exit 1 with one line.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { fixtureJson } from './helpers/io.js';

const cwd = fileURLToPath(new URL('./fixtures/models/', import.meta.url));

interface GateExpect {
  layer: number | string;
  direction: string;
  kernel: string;
  gate: string;
  sigma_max: number;
  sigma_min: number;
  orth_err: number;
  rho: number | null;
}
interface JsonReport {
  singularValues: number[];
  spectralRadius: number | null;
  orthogonalityError: number;
}
interface JsonOut {
  format: string;
  layers: {
    name: string;
    class: string;
    units: number;
    direction: string;
    kernels: { role: string; gates: { gate: string; report: JsonReport }[] }[];
  }[];
}

const torchM = fixtureJson<{ files: Record<string, { gates: GateExpect[] }> }>('models/torch_manifest.json');
const kerasM = fixtureJson<Record<string, { gates: GateExpect[] }>>('models/keras_manifest.json');
const tfjsM = fixtureJson<{ gates: GateExpect[] }>('models/tfjs_manifest.json');

const cases: [string, string, GateExpect[], (n: string) => string][] = [
  ['torch_lstm.pt', 'pytorch', torchM.files['torch_lstm.pt']!.gates, (n) => n.replace(/^l/, '')],
  ['torch_gru.pt', 'pytorch', torchM.files['torch_gru.pt']!.gates, (n) => n.replace(/^l/, '')],
  ['keras3_model.keras', 'keras3', kerasM['keras3_model.keras']!.gates, (n) => n],
  ['keras2_model.h5', 'keras2', kerasM['keras2_model.h5']!.gates, (n) => n],
  ['tfjs_model/model.json', 'tfjs', tfjsM.gates, (n) => n],
];

const near = (a: number, b: number, s: number) => Math.abs(a - b) <= 1e-12 * Math.max(1, s);

describe('diagnose MODEL --json matches NumPy per layer and gate', () => {
  it.each(cases)('%s', async (file, format, want, key) => {
    const r = await runCli(['diagnose', file, '--json'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as JsonOut;
    expect(out.format).toBe(format);
    for (const e of want) {
      const l = out.layers.find((x) => key(x.name) === String(e.layer) && x.direction === e.direction);
      const g = l?.kernels.find((k) => k.role === e.kernel)?.gates.find((x) => x.gate === e.gate)?.report;
      const label = `${e.layer} ${e.direction} ${e.kernel} ${e.gate}`;
      expect(g, label).toBeDefined();
      if (!g) continue;
      const sv = g.singularValues;
      expect(near(sv[0]!, e.sigma_max, e.sigma_max), label).toBe(true);
      expect(near(sv[sv.length - 1]!, e.sigma_min, e.sigma_max), label).toBe(true);
      expect(near(g.orthogonalityError, e.orth_err, e.sigma_max ** 2), label).toBe(true);
      if (e.rho === null) expect(g.spectralRadius).toBeNull();
      else expect(near(g.spectralRadius ?? Number.NaN, e.rho, e.sigma_max), label).toBe(true);
    }
  });
});

describe('diagnose MODEL text', () => {
  it('lists every layer, direction and gate of a PyTorch GRU', async () => {
    const r = await runCli(['diagnose', 'torch_gru.pt'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/PyTorch state dict, 16 arrays, 4 recurrent layers/);
    for (const layer of ['l0', 'l1']) {
      for (const dir of ['fwd', 'bwd']) {
        for (const gate of ['r', 'z', 'n']) {
          expect(r.stdout).toMatch(
            new RegExp(`^${layer}\\s+${dir}\\s+GRU\\(4\\)\\s+recurrent\\s+${gate}\\s+\\(4, 4\\)`, 'm'),
          );
        }
      }
    }
    expect(r.stdout).toMatch(/gates r, z, n along rows/);
  });
  it('names Keras gates i, f, c, o along columns', async () => {
    const r = await runCli(['diagnose', 'keras3_model.keras'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^bidirectional\s+bwd\s+LSTM\(3\)\s+recurrent\s+c\s+\(3, 3\)/m);
    expect(r.stdout).toMatch(/gates z, r, h along cols/);
  });
});

describe('refusals exit 1 with one clear line', () => {
  it.each([
    ['torch_module.pt', /'torch\.nn\.modules\.rnn\.LSTM'.*model\.state_dict\(\)/],
    ['torch_evil.pt', /'posix\.system'/],
    ['torch_legacy.pt', /legacy PyTorch file/],
    ['tfjs_quantized/model.json', /quantized to uint8/],
  ])('%s', async (file, pattern) => {
    const r = await runCli(['diagnose', file], { cwd });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^ortholab: error: /);
    expect(lines[0]).toMatch(pattern);
  });
});

describe('spectrum MODEL --tensor NAME', () => {
  it('reads one array of a TF.js model with its shards', async () => {
    const r = await runCli(['spectrum', 'tfjs_model/model.json', '--tensor', 'simple_rnn/recurrent_kernel', '--json'], {
      cwd,
    });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as JsonReport & { source: { tensor: string } };
    expect(out.source.tensor).toBe('simple_rnn/recurrent_kernel');
    const e = tfjsM.gates.find((g) => g.layer === 'simple_rnn' && g.kernel === 'recurrent');
    expect(near(out.spectralRadius ?? Number.NaN, e?.rho ?? Number.NaN, 1)).toBe(true);
  });
  it('names the arrays when --tensor is wrong', async () => {
    const r = await runCli(['spectrum', 'torch_rnn.pt', '--tensor', 'nope'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no array named 'nope'.*weight_hh_l0 \(4, 4\)/);
  });
});
