/**
 * The CLI run in-process as a user would run it: exit codes, one-line errors, files, JSON,
 * colours. Subprocess behaviour (real exit codes, TTY, Ctrl-C) is in cli-process.test.ts.
 */

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  compare,
  createRng,
  initMatrix,
  readMatrixJson,
  readNpy,
  sampleOrthogonal,
  writeNpy,
  writeSafetensors,
} from '../src/core/index.js';
import { decodeGif } from './helpers/gif.js';
import { runCli } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'ortholab-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const inDir = { cwd: dir };

/** An error run: the exit code, and stderr is exactly one line starting with the prefix. */
function expectOneLineError(r: { code: number; stdout: string; stderr: string }, code: number, pattern?: RegExp): void {
  expect(r.code, r.stderr).toBe(code);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines.length, r.stderr).toBe(1);
  expect(lines[0]).toMatch(/^ortholab: error: /);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  if (pattern) expect(lines[0]).toMatch(pattern);
}

describe('help, version, usage errors', () => {
  it('no arguments and --help print the command list (exit 0)', async () => {
    for (const argv of [[], ['--help'], ['help']]) {
      const r = await runCli(argv);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Commands:\n {2}fib/);
    }
    const v = await runCli(['--version']);
    expect(v.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('command --help shows options and examples', async () => {
    const r = await runCli(['powers', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--scale SCALE');
    expect(r.stdout).toContain('Examples:');
  });

  it('usage errors exit 2 with one line and a suggestion', async () => {
    expectOneLineError(await runCli(['spectrom']), 2, /unknown command 'spectrom'. Did you mean spectrum\?/);
    expectOneLineError(await runCli(['powers', '--init', 'orthogonal', '--stpes', '3']), 2, /Did you mean --steps\?/);
    expectOneLineError(await runCli(['init', 'orthogonal', '--shape', '3,x', '--out', 'W.npy']), 2, /--shape/);
    expectOneLineError(await runCli(['powers']), 2, /give a weight FILE or --init/);
    expectOneLineError(await runCli(['spectrum', 'W.npy', '--init', 'identity']), 2, /either FILE or --init/);
    expectOneLineError(await runCli(['init', 'orthogonal', '--shape', '3,3', '--out', 'W.txt']), 2, /\.npy or \.json/);
    expectOneLineError(
      await runCli(['init', 'identity', '--shape', '3,3', '--out', 'W.npy', '--param', 'seed=1']),
      2,
      /seed/,
    );
    // --out of train is a directory: a file-like name is refused before anything is created
    expectOneLineError(
      await runCli(['train', '--steps', '2', '--out', 'runs/copy/summary.json'], inDir),
      2,
      /--out takes a directory .* looks like a file name \(\.json\)/,
    );
    expectOneLineError(await runCli(['train', '--steps', '2', '--set', 'lrSchedule'], inDir), 2, /learningRate=3e-4/);
    expectOneLineError(await runCli(['train', '--steps', '2', '--set', 'lrSchedule=exp'], inDir), 2, /cosine/);
  });

  it('labels show seeds exactly, so a printed label reproduces the run', async () => {
    const r = await runCli(['spectrum', '--init', 'orthogonal', '--n', '4', '--seed', '1234567']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('orthogonal(seed=1234567)');
  });

  it('--debug adds the stack trace of runtime errors', async () => {
    const r = await runCli(['diagnose', 'missing.npy', '--debug'], inDir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^ortholab: error: cannot read 'missing.npy': no such file/);
    expect(r.stderr).toMatch(/\n\s+at /);
  });
});

describe('fib', () => {
  it('exact for small n, rounded past 2^53, JSON exact values as strings', async () => {
    const r = await runCli(['fib', '10']);
    expect(r.stdout).toContain('[[34, 55], [55, 89]]');
    const j = JSON.parse((await runCli(['fib', '100', '--json'])).stdout);
    expect(j.exact[0][1]).toBe('354224848179261915075');
    expect(j.methods.map((m: { method: string }) => m.method)).toEqual(['multiply', 'square', 'eigen']);
    expect(j.belowTwoPow53).toBe(false);
  });
});

describe('init', () => {
  it('writes the seeded matrix as .npy (float64 and float32) and .json, loadable and equal to the library', async () => {
    const r = await runCli(['init', 'orthogonal', '--shape', '6,6', '--seed', '1', '--out', 'W.npy'], inDir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^wrote W.npy \(/);
    const expected = initMatrix({ name: 'orthogonal', seed: 1 }, 6, 6);
    const nd = readNpy(new Uint8Array(readFileSync(join(dir, 'W.npy'))));
    expect(nd.shape).toEqual([6, 6]);
    expect(nd.dtype).toBe('float64');
    expect(Array.from(nd.data)).toEqual(Array.from(expected.data));

    await runCli(
      ['init', 'orthogonal', '--shape', '6,6', '--seed', '1', '--dtype', 'float32', '--out', 'W32.npy'],
      inDir,
    );
    const f32 = readNpy(new Uint8Array(readFileSync(join(dir, 'W32.npy'))));
    expect(f32.dtype).toBe('float32');
    expect(Array.from(f32.data)).toEqual(Array.from(Float32Array.from(expected.data)));

    await runCli(['init', 'orthogonal(gain=2)', '--shape', '3,5', '--seed', '4', '--out', 'W.json'], inDir);
    const m = readMatrixJson(readFileSync(join(dir, 'W.json'), 'utf8'));
    expect(Array.from(m.data)).toEqual(Array.from(initMatrix({ name: 'orthogonal', gain: 2, seed: 4 }, 3, 5).data));
  });

  it('--gain and --param set parameters; N-D shapes go to .npy; JSON output describes the file', async () => {
    const r = await runCli(
      [
        'init',
        'varianceScaling',
        '--param',
        'mode=fan_avg',
        '--param',
        'scale=2',
        '--shape',
        '4,3,3',
        '--out',
        'K.npy',
        '--json',
      ],
      inDir,
    );
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.shape).toEqual([4, 3, 3]);
    expect(j.config).toMatchObject({ name: 'varianceScaling', mode: 'fanAvg', scale: 2, seed: 0 });
    expect(readNpy(new Uint8Array(readFileSync(join(dir, 'K.npy')))).shape).toEqual([4, 3, 3]);
    const g = await runCli(
      ['init', 'identity', '--gain', '-0.5', '--shape', '2,2', '--out', 'I.json', '--json'],
      inDir,
    );
    expect(JSON.parse(g.stdout).config).toEqual({ name: 'identity', gain: -0.5 });
    expectOneLineError(
      await runCli(['init', 'identity(gain=2)', '--gain', '3', '--shape', '2,2', '--out', 'x.npy'], inDir),
      2,
      /given twice/,
    );
    expectOneLineError(await runCli(['init', 'orthogonal', '--shape', '2,2,2', '--out', 'x.json'], inDir), 2, /2-D/);
  });

  it('never overwrites without --force; --force replaces atomically', async () => {
    const argv = ['init', 'zeros', '--shape', '2,2', '--out', 'Z.npy'];
    expect((await runCli(argv, inDir)).code).toBe(0);
    expectOneLineError(await runCli(argv, inDir), 1, /already exists; pass --force/);
    expect((await runCli([...argv, '--force'], inDir)).code).toBe(0);
    mkdirSync(join(dir, 'adir'), { recursive: true });
    expectOneLineError(
      await runCli(['init', 'zeros', '--shape', '2,2', '--out', 'adir', '--force'], inDir),
      2,
      /\.npy or \.json/,
    );
    expectOneLineError(
      await runCli(['init', 'zeros', '--shape', '2,2', '--out', 'no/such/Z.npy'], inDir),
      1,
      /does not exist/,
    );
  });
});

describe('spectrum and diagnose on files', () => {
  it('spectrum of a .npy equals spectrum of the same --init', async () => {
    await runCli(['init', 'exploding', '--shape', '5,5', '--seed', '2', '--out', 'E.npy', '--force'], inDir);
    const a = JSON.parse((await runCli(['spectrum', 'E.npy', '--json'], inDir)).stdout);
    const b = JSON.parse(
      (await runCli(['spectrum', '--init', 'exploding', '--n', '5', '--seed', '2', '--json'])).stdout,
    );
    expect(a.eigenvalues).toEqual(b.eigenvalues);
    expect(a.spectralRadius).toBeCloseTo(1.19, 12);
    expect(a.regime).toBe('exploding');
    expect(a.source).toEqual({ file: 'E.npy', tensor: 'E' });
    for (const key of ['shape', 'singularValues', 'spectralRadius', 'regime']) expect(a).toHaveProperty(key);
  });

  it('diagnose reports gate-stacked LSTM weights gate by gate', async () => {
    const H = 6;
    const rng = createRng(5);
    const blocks = [0, 1, 2, 3].map(() => sampleOrthogonal(H, H, rng));
    const hh = new Float64Array(4 * H * H);
    blocks.forEach((b, g) => {
      hh.set(b.data, g * H * H);
    });
    const ih = initMatrix({ name: 'glorotUniform', seed: 1 }, 4 * H, 3);
    const bytes = writeSafetensors({
      'lstm.weight_hh_l0': { shape: [4 * H, H], data: hh },
      'lstm.weight_ih_l0': { shape: [4 * H, 3], data: ih.data },
      'lstm.bias_hh_l0': { shape: [4 * H], data: new Float64Array(4 * H) },
    });
    writeFileSync(join(dir, 'lstm.safetensors'), bytes);
    const r = await runCli(['diagnose', 'lstm.safetensors'], inDir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/gate i/);
    expect(r.stdout).toMatch(/gate-stacked \(pytorch-lstm\)/);
    expect(r.stdout).toMatch(/lstm.bias_hh_l0 +\(24,\) +float64 .*skipped: a vector/);
    const j = JSON.parse((await runCli(['diagnose', 'lstm.safetensors', '--json'], inDir)).stdout);
    const hhReport = j.tensors.find((t: { name: string }) => t.name === 'lstm.weight_hh_l0');
    expect(hhReport.gates.blocks.map((b: { gate: string }) => b.gate)).toEqual(['i', 'f', 'g', 'o']);
    for (const b of hhReport.gates.blocks) {
      expect(b.report.orthogonalityError).toBeLessThan(1e-13);
      expect(b.report.regime).toBe('bounded');
    }
    const none = JSON.parse(
      (await runCli(['diagnose', 'lstm.safetensors', '--gates', 'none', '--json'], inDir)).stdout,
    );
    expect(none.tensors[0].gates).toBeNull();
  });

  it('missing, directory, unknown extension, corrupt files: exit 1 with one clear line', async () => {
    mkdirSync(join(dir, 'd.npy'), { recursive: true });
    writeFileSync(join(dir, 'W.bin'), 'x');
    const good = writeNpy({ rows: 2, cols: 2, data: Float64Array.of(1, 2, 3, 4) });
    writeFileSync(join(dir, 'trunc.npy'), good.subarray(0, good.length - 5));
    // A well-formed header claiming 10^10 float64 entries (80 GB) over 64 bytes of data.
    let header = "{'descr': '<f8', 'fortran_order': False, 'shape': (100000, 100000), }";
    header = `${header}${' '.repeat(117 - header.length)}\n`;
    const huge = new Uint8Array(10 + header.length + 64);
    huge.set([0x93, ...new TextEncoder().encode('NUMPY'), 1, 0, header.length & 255, header.length >> 8]);
    huge.set(new TextEncoder().encode(header), 10);
    writeFileSync(join(dir, 'huge.npy'), huge);
    const cases: [string[], RegExp][] = [
      [['diagnose', 'nope.npy'], /no such file/],
      [['diagnose', 'd.npy'], /is a directory/],
      [['diagnose', 'W.bin'], /unknown extension '.bin'/],
      [['spectrum', 'trunc.npy'], /trunc|data|bytes/i],
      [['diagnose', 'huge.npy'], /\(100000, 100000\) has 10000000000 elements, above the limit/],
    ];
    for (const [argv, pattern] of cases) expectOneLineError(await runCli(argv, inDir), 1, pattern);
    // An unsupported dtype (complex128, written by NumPy) names the dtype and what to do.
    const c16 = fileURLToPath(new URL('./fixtures/npy/c16.npy', import.meta.url));
    expectOneLineError(await runCli(['diagnose', c16]), 1, /complex numbers \(dtype '<c16'\).*a\.real, a\.imag/);
  });
});

describe('powers', () => {
  it('JSON gives per-step norms from t = 0 (‖I‖_F = √n); GIF has steps + 1 frames at 20 fps', async () => {
    const r = await runCli(
      ['powers', '--init', 'orthogonal', '--n', '4', '--steps', '10', '--gif', 'o.gif', '--json'],
      inDir,
    );
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    const f = j.panels[0].norms.frobenius as number[];
    expect(f.length).toBe(11);
    for (const v of f) expect(v).toBeCloseTo(2, 12);
    const gif = decodeGif(new Uint8Array(readFileSync(join(dir, 'o.gif'))));
    expect(gif.frames.length).toBe(11);
    expect(gif.frames.every((fr) => fr.delayCs === 5)).toBe(true);
    expect(j.files[0]).toMatchObject({ path: 'o.gif' });
  });

  it('an overflowing run reports where, and the GIF still renders every frame', async () => {
    const r = await runCli(
      ['powers', '--init', 'constant(value=1000)', '--n', '3', '--steps', '200', '--gif', 'boom.gif', '--json'],
      inDir,
    );
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.panels[0].explodedAt).toBeGreaterThan(50);
    expect(decodeGif(new Uint8Array(readFileSync(join(dir, 'boom.gif')))).frames.length).toBe(201);
  });

  it('rejects a non-square file, wrong extensions and a --frame without --png', async () => {
    await runCli(['init', 'zeros', '--shape', '2,3', '--out', 'R.npy', '--force'], inDir);
    expectOneLineError(await runCli(['powers', 'R.npy'], inDir), 2, /needs a square matrix/);
    expectOneLineError(await runCli(['powers', '--init', 'identity', '--gif', 'x.png']), 2, /ending in .gif/);
    expectOneLineError(await runCli(['powers', '--init', 'identity', '--frame', '3']), 2, /--png/);
  });
});

describe('compare', () => {
  it('equals core compare and writes an SVG', async () => {
    const argv = [
      'compare',
      '--inits',
      'orthogonal,identity(gain=0.9)',
      '--n',
      '8',
      '--steps',
      '12',
      '--seeds',
      '2',
      '--seed',
      '5',
    ];
    const r = await runCli([...argv, '--workers', '0', '--json', '--svg', 'c.svg'], inDir);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    const core = compare([{ name: 'orthogonal' }, { name: 'identity', gain: 0.9 }], [5, 6], {
      n: 8,
      steps: 12,
      activation: 'linear',
    });
    expect(j.series.map((s: { logNorm: unknown }) => s.logNorm)).toEqual(core.series.map((s) => s.logNorm));
    const svg = readFileSync(join(dir, 'c.svg'), 'utf8');
    expect(svg).toMatch(/^<svg xmlns/);
    expect(svg).toContain('identity(gain=0.9)');
  });
});

describe('colour and terminals', () => {
  it('colours only on a TTY without NO_COLOR; never in JSON', async () => {
    const esc = new RegExp(`${String.fromCharCode(27)}\\[`);
    expect((await runCli(['spectrum', '--init', 'fibonacci'], { tty: true })).stdout).toMatch(esc);
    expect(
      (await runCli(['spectrum', '--init', 'fibonacci'], { tty: true, env: { NO_COLOR: '1' } })).stdout,
    ).not.toMatch(esc);
    expect((await runCli(['spectrum', '--init', 'fibonacci'])).stdout).not.toMatch(esc);
    expect((await runCli(['spectrum', '--init', 'fibonacci', '--json'], { tty: true })).stdout).not.toMatch(esc);
  });
});
