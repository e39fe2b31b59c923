/**
 * Gated layers on the command line: `init --cell` files checked against PyTorch itself (the
 * committed fixture of scripts/fixtures/gated_layer_torch.py: PyTorch loaded these very files
 * with load_state_dict(strict=True) and ran them), the seeding rule across commands, and
 * `train --cell` with its usage errors.
 */

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type GatedCell,
  type WeightArray,
  canonicalToKeras,
  createGatedWorkspace,
  draw,
  gatedForward,
  initGatedParams,
  readNpy,
  readSafetensors,
  torchToCanonical,
} from '../src/core/index.js';
import { runCli } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'ortholab-cli-gated-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const root = fileURLToPath(new URL('..', import.meta.url));

interface TorchCase {
  name: string;
  file: string;
  argv: string[];
  cell: GatedCell;
  units: number;
  input: number;
  T: number;
  B: number;
  x: number[];
  out: number[];
  h_n: number[];
  c_n: number[] | null;
}
const fixture = JSON.parse(readFileSync(join(root, 'test/fixtures/gated-layer/gated-layer-torch.json'), 'utf8')) as {
  cases: TorchCase[];
};

function expectOneLineError(r: { code: number; stdout: string; stderr: string }, pattern: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trimEnd().split('\n').length, r.stderr).toBe(1);
  expect(r.stderr).toMatch(pattern);
}

/** max |a − b| / max |b|. */
function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let d = 0;
  let m = 0;
  for (let i = 0; i < b.length; i++) {
    d = Math.max(d, Math.abs(a[i]! - b[i]!));
    m = Math.max(m, Math.abs(b[i]!));
  }
  return d / m;
}

describe('init --cell --framework pytorch: the files PyTorch loaded, and its forward on them', () => {
  for (const c of fixture.cases) {
    it(`${c.name}: the command writes the committed file byte for byte; our forward on it equals torch's to 1e-12`, async () => {
      const committed = readFileSync(join(root, c.file));
      const out = join(dir, `${c.name}.safetensors`);
      const argv = [...c.argv.slice(0, c.argv.indexOf('--out')), '--out', out];
      const r = await runCli(argv, { cwd: dir });
      expect(r.code, r.stderr).toBe(0);
      expect(Buffer.compare(readFileSync(out), committed)).toBe(0);

      const tensors = readSafetensors(new Uint8Array(committed));
      const w = (k: string): WeightArray => {
        const t = tensors.tensors[k]!;
        return { shape: t.shape, data: t.data };
      };
      const p = torchToCanonical(c.cell, {
        weight_ih_l0: w('weight_ih_l0'),
        weight_hh_l0: w('weight_hh_l0'),
        bias_ih_l0: w('bias_ih_l0'),
        bias_hh_l0: w('bias_hh_l0'),
      });
      const ws = createGatedWorkspace({ cell: c.cell, inputDim: c.input, units: c.units }, c.T, c.B, false);
      // torch's x (T, B, K) row-major is our time-major layout as is.
      gatedForward(p, Float64Array.from(c.x), c.B, ws);
      const slot = c.B * c.units;
      const ours = ws.h.subarray(slot, (c.T + 1) * slot);
      expect(relErr(ours, c.out)).toBeLessThan(1e-12);
      expect(relErr(ws.h.subarray(c.T * slot, (c.T + 1) * slot), c.h_n)).toBeLessThan(1e-12);
      if (c.c_n !== null) expect(relErr(ws.c.subarray(c.T * slot, (c.T + 1) * slot), c.c_n)).toBeLessThan(1e-12);
    });
  }
});

describe('init --cell: the seeding rule and the Keras layout', () => {
  it('the Keras recurrent_kernel of a kerasDefault LSTM is `init orthogonal --shape N,4N` with the same seed', async () => {
    const layer = join(dir, 'keras-lstm.safetensors');
    const mat = join(dir, 'rk.npy');
    const a = await runCli(
      ['init', '--cell', 'lstm', '--framework', 'keras', '--units', '6', '--input', '3', '--seed', '5', '--out', layer],
      { cwd: dir },
    );
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdout).toContain('set_weights([kernel, recurrent_kernel, bias])');
    const b = await runCli(['init', 'orthogonal', '--shape', '6,24', '--seed', '5', '--out', mat], { cwd: dir });
    expect(b.code, b.stderr).toBe(0);
    const file = readSafetensors(new Uint8Array(readFileSync(layer)));
    expect(Object.keys(file.tensors)).toEqual(['kernel', 'recurrent_kernel', 'bias']);
    expect(file.tensors.recurrent_kernel!.shape).toEqual([6, 24]);
    expect(Array.from(file.tensors.recurrent_kernel!.data)).toEqual(
      Array.from(readNpy(new Uint8Array(readFileSync(mat))).data),
    );
    expect(Array.from(file.tensors.recurrent_kernel!.data)).toEqual(Array.from(draw('orthogonal', [6, 24], 5)));
    // The whole file is the core's Keras conversion of the same parameters.
    const k = canonicalToKeras('lstm', initGatedParams({ cell: 'lstm', inputDim: 3, units: 6 }, 'kerasDefault', 5));
    expect(Array.from(file.tensors.kernel!.data)).toEqual(Array.from(k.kernel.data));
    expect(Array.from(file.tensors.bias!.data)).toEqual(Array.from(k.bias.data));
    // diagnose analyses the file gate by gate.
    const d = await runCli(['diagnose', layer, '--json']);
    expect(d.code, d.stderr).toBe(0);
    expect(d.stdout).toContain('keras-lstm');
  });

  it('--json reports the per-gate spectrum; whole-matrix orthogonal: stack orthonormal, blocks not', async () => {
    const r = await runCli(
      ['init', '--cell', 'gru', '--framework', 'pytorch', '--gated-init', 'pytorchOrthogonal', '--units', '16'].concat([
        '--input',
        '2',
        '--out',
        join(dir, 'g.safetensors'),
        '--json',
      ]),
    );
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.tensors.map((t: { name: string }) => t.name)).toEqual([
      'weight_ih_l0',
      'weight_hh_l0',
      'bias_ih_l0',
      'bias_hh_l0',
    ]);
    expect(doc.stackDefect).toBeLessThan(1e-12);
    expect(doc.gates.map((g: { gate: string }) => g.gate)).toEqual(['r', 'z', 'n']);
    for (const g of doc.gates) expect(g.sigmaMax).toBeLessThan(1);
  });

  it('usage errors name what fits (exit 2)', async () => {
    const o = join(dir, 'e.safetensors');
    expectOneLineError(await runCli(['init', 'orthogonal', '--out', 'W.npy']), /--shape is required/);
    expectOneLineError(await runCli(['init', '--shape', '2,2', '--out', 'W.npy']), /missing NAME/);
    expectOneLineError(
      await runCli(['init', '--cell', 'lstm', '--units', '4', '--out', o]),
      /needs --framework, --input: --framework keras\|pytorch/,
    );
    expectOneLineError(
      await runCli([
        'init',
        '--cell',
        'lstm',
        '--framework',
        'keras',
        '--units',
        '4',
        '--input',
        '2',
        '--out',
        'x.npy',
      ]),
      /must end in .safetensors/,
    );
    expectOneLineError(
      await runCli([
        'init',
        '--cell',
        'gru',
        '--framework',
        'keras',
        '--units',
        '4',
        '--input',
        '2',
        '--shape',
        '4,12',
      ]),
      /--out is required|--shape applies to one matrix/,
    );
    expectOneLineError(
      await runCli([
        'init',
        '--cell',
        'gru',
        '--framework',
        'keras',
        '--units',
        '4',
        '--input',
        '2',
        '--shape',
        '4,12',
        '--out',
        o,
      ]),
      /--shape applies to one matrix/,
    );
    expectOneLineError(await runCli(['init', 'orthogonal', '--cell', 'lstm', '--out', o]), /not by NAME/);
    expectOneLineError(
      await runCli(['init', 'orthogonal', '--shape', '2,2', '--units', '3', '--out', 'W.npy']),
      /--units applies to a whole layer: add --cell lstm or --cell gru/,
    );
    expectOneLineError(
      await runCli(['init', '--cell', 'lstm', '--framework', 'tf', '--units', '4', '--input', '2', '--out', o]),
      /--framework/,
    );
  });
});

describe('spectrum --gates', () => {
  it('reports the per-gate numbers of a layer file, the same in either framework layout', async () => {
    const reports = [];
    for (const framework of ['keras', 'pytorch'] as const) {
      const f = join(dir, `spec-${framework}.safetensors`);
      const w = await runCli(
        ['init', '--cell', 'gru', '--framework', framework, '--gated-init', 'pytorchOrthogonal'].concat([
          '--units',
          '8',
          '--input',
          '2',
          '--seed',
          '3',
          '--out',
          f,
        ]),
      );
      expect(w.code, w.stderr).toBe(0);
      const r = await runCli(['spectrum', f, '--gates', 'auto', '--json']);
      expect(r.code, r.stderr).toBe(0);
      reports.push(JSON.parse(r.stdout));
    }
    const [k, p] = reports;
    expect(k.layout).toBe('keras-gru');
    expect(p.layout).toBe('pytorch-gru');
    expect(p.stackDefect).toBeLessThan(1e-13);
    // Keras' block is the transpose of PyTorch's (and the GRU's blocks are reordered): same numbers per gate.
    for (let g = 0; g < 3; g++) {
      expect(k.gates[g].gate).toBe(p.gates[g].gate);
      expect(Math.abs(k.gates[g].sigmaMax - p.gates[g].sigmaMax)).toBeLessThan(1e-13);
      expect(Math.abs(k.gates[g].spectralRadius - p.gates[g].spectralRadius)).toBeLessThan(1e-12);
    }
    expectOneLineError(
      await runCli([
        'spectrum',
        join(dir, 'spec-pytorch.safetensors'),
        '--gates',
        'keras-lstm',
        '--tensor',
        'weight_hh_l0',
      ]),
      /--gates keras-lstm does not fit weight_hh_l0: \(24, 8\) fits pytorch-gru \(8 units\)/,
    );
    expectOneLineError(
      await runCli(['spectrum', '--init', 'orthogonal', '--gates', 'auto']),
      /--gates reads a gate-stacked weight FILE/,
    );
  });
});

describe('train --cell', () => {
  it('runs an LSTM with JSON lines: the start event carries the per-gate spectrum, probes the per-gate norms', async () => {
    const r = await runCli([
      'train',
      '--cell',
      'lstm',
      '--task',
      'adding',
      '--T',
      '4',
      '--units',
      '4',
      '--steps',
      '2',
      '--set',
      'testSize=4',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const events = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const start = events.find((e) => e.type === 'start');
    expect(start.config.cell).toBe('lstm');
    expect(start.config.gatedInit).toBe('kerasDefault');
    expect(start.gates.gates.map((g: { gate: string }) => g.gate)).toEqual(['i', 'f', 'g', 'o']);
    const probe = events.find((e) => e.type === 'probe');
    expect(Object.keys(probe.gateNorm)).toEqual(['i', 'f', 'g', 'o']);
    expect(events.at(-1).type).toBe('summary');
  });

  it('usage errors name what fits (exit 2)', async () => {
    expectOneLineError(await runCli(['train', '--cell', 'gru', '--init', 'identity']), /--init applies to --cell rnn/);
    expectOneLineError(
      await runCli(['train', '--cell', 'gru', '--activation', 'relu']),
      /--activation applies to --cell rnn; a gru uses tanh and sigmoid/,
    );
    expectOneLineError(
      await runCli(['train', '--cell', 'lstm', '--compare-inits', 'kerasDefault,orthogonal']),
      /with --cell lstm, compare the gated schemes; 'orthogonal' is not one/,
    );
    expectOneLineError(await runCli(['train', '--gated-init', 'glorot']), /--gated-init applies to --cell lstm or gru/);
    expectOneLineError(
      await runCli(['train', '--compare-inits', 'kerasDefault']),
      /unknown initializer 'kerasDefault'/,
    );
    expectOneLineError(await runCli(['train', '--cell', 'lstm', '--set', 'gatedInit=glorot']), /--gated-init/);
  });
});
