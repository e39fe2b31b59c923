/**
 * The CLI at the edges (issue 11): inputs a command cannot take (exit 2, advice in command-line
 * terms, no internal function names), special file systems, the precision of stored data,
 * gate stacking inferred from shapes, and reuse of a train --out folder with other settings.
 */

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { initMatrix, writeNpy } from '../src/core/index.js';
import { runCli } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'ortholab-edges-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const inDir = { cwd: dir };

function save(name: string, shape: number[], data: ArrayLike<number>): void {
  writeFileSync(join(dir, name), writeNpy({ shape, data: Float64Array.from(data) }));
}

/** Exit code, empty stdout, exactly one `ortholab: error:` line matching `pattern`. */
async function expectError(argv: string[], code: number, pattern: RegExp): Promise<string> {
  const r = await runCli(argv, inDir);
  expect(r.code, r.stderr).toBe(code);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^ortholab: error: /);
  expect(lines[0]).toMatch(pattern);
  return lines[0]!;
}

/** Bits of the float16 nearest to x (round half to even; normal and subnormal range). */
function float16Bits(x: number): number {
  const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  const a = Math.abs(x);
  if (a < 2 ** -14) return sign | Math.round(a / 2 ** -24);
  let e = Math.floor(Math.log2(a));
  let m = a / 2 ** e - 1;
  let q = Math.round(m * 1024);
  if (q === 1024) {
    q = 0;
    e++;
  }
  m = q;
  return sign | ((e + 15) << 10) | m;
}

/** A .npy file of float16 values (descr '<f2'), C order. */
function float16Npy(shape: number[], data: ArrayLike<number>): Uint8Array {
  let header = `{'descr': '<f2', 'fortran_order': False, 'shape': (${shape.join(', ')}), }`;
  const total = 10 + header.length + 1;
  header += `${' '.repeat((64 - (total % 64)) % 64)}\n`;
  const out = new Uint8Array(10 + header.length + data.length * 2);
  out.set([0x93, ...new TextEncoder().encode('NUMPY'), 1, 0, header.length & 0xff, header.length >> 8]);
  out.set(new TextEncoder().encode(header), 10);
  const view = new DataView(out.buffer);
  for (let i = 0; i < data.length; i++) view.setUint16(10 + header.length + 2 * i, float16Bits(data[i]!), true);
  return out;
}

/** A .safetensors file with one bfloat16 array W (round half to even from float32). */
function bfloat16Safetensors(shape: number[], data: ArrayLike<number>): Uint8Array {
  const bits = new Uint16Array(data.length);
  const f = new Float32Array(1);
  const u = new Uint32Array(f.buffer);
  for (let i = 0; i < data.length; i++) {
    f[0] = data[i]!;
    const lower = u[0]! & 0xffff;
    let upper = u[0]! >>> 16;
    if (lower > 0x8000 || (lower === 0x8000 && upper & 1)) upper++;
    bits[i] = upper;
  }
  const json = JSON.stringify({ W: { dtype: 'BF16', shape, data_offsets: [0, data.length * 2] } });
  const head = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + head.length + data.length * 2);
  new DataView(out.buffer).setBigUint64(0, BigInt(head.length), true);
  out.set(head, 8);
  out.set(new Uint8Array(bits.buffer), 8 + head.length);
  return out;
}

describe('inputs a command cannot take: exit 2, what is wrong and what to do', () => {
  save('vec.npy', [4], [1, 2, 3, 4]);
  save('t3.npy', [2, 3, 3], new Array(18).fill(0.5));
  save('empty.npy', [0, 0], []);
  save('nan.npy', [2, 2], [1, Number.NaN, 0, 1]);
  save('sq32.npy', [32, 32], initMatrix({ name: 'identity' }, 32, 32).data);

  it('a vector, a 3-D array, an empty array and NaN entries all exit 2 for spectrum and powers', async () => {
    for (const cmd of ['spectrum', 'powers']) {
      await expectError([cmd, 'vec.npy'], 2, /vec\.npy is a vector of shape \(4,\) .* needs a 2-D weight matrix/);
      await expectError([cmd, 'empty.npy'], 2, /empty\.npy is empty \(shape \(0, 0\)\)/);
      const nan = await expectError(
        [cmd, 'nan.npy'],
        2,
        /nan\.npy: entry \(0, 1\) is NaN; a weight matrix must have finite entries/,
      );
      expect(nan).not.toMatch(/matrixReport|propagate/);
    }
  });

  it('a 3-D array: the advice is the --flatten option, and --flatten works', async () => {
    const line = await expectError(['spectrum', 't3.npy'], 2, /t3\.npy is 3-D, shape \(2, 3, 3\)/);
    expect(line).toMatch(/Add --flatten keras to read it as \(6, 3\) .* or --flatten pytorch for \(2, 9\)/);
    expect(line).not.toMatch(/\{flatten/);
    // (6, 3) is not square: the next, different, usage error
    await expectError(
      ['spectrum', 't3.npy', '--flatten', 'keras'],
      2,
      /t3\.npy is 6x3; this command needs a square matrix/,
    );
    save('t3sq.npy', [2, 1, 2], [0, 1, 1, 0]);
    const r = await runCli(['spectrum', 't3sq.npy', '--flatten', 'keras', '--json'], inDir);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).shape).toEqual([2, 2]);
    expect(JSON.parse(r.stdout).regime).toBe('bounded');
  });

  it('diagnose lists a 3-D array as skipped, or analyses it with --flatten', async () => {
    const skipped = await runCli(['diagnose', 't3.npy', '--json'], inDir);
    expect(JSON.parse(skipped.stdout).tensors[0].note).toMatch(/skipped: 3-D/);
    const flat = await runCli(['diagnose', 't3.npy', '--flatten', 'keras', '--json'], inDir);
    const t = JSON.parse(flat.stdout).tensors[0];
    expect(t.report.shape).toEqual([6, 3]);
    expect(t.note).toMatch(/read as \(6, 3\) \(flatten keras\)/);
  });

  it('writing under /proc or /sys is a clear runtime error (exit 1), never a hang', async () => {
    await expectError(
      ['train', '--T', '5', '--units', '4', '--steps', '5', '--out', '/proc/runs'],
      1,
      /proc pseudo file system/,
    );
    const line = await expectError(
      ['init', 'orthogonal', '--shape', '4,4', '--out', '/proc/x.npy'],
      1,
      /cannot create 'x\.npy' in '\/proc'/,
    );
    expect(line).not.toMatch(/no such file/);
  });
});

describe('regimes know the precision of the stored data', () => {
  const q = initMatrix({ name: 'orthogonal', seed: 1 }, 64, 64);

  it('an orthogonal matrix stored as float16 is bounded, within float16 precision (not exploding)', async () => {
    writeFileSync(join(dir, 'q16.npy'), float16Npy([64, 64], q.data));
    const r = await runCli(['spectrum', 'q16.npy', '--json'], inDir);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.dtype).toBe('float16');
    expect(Math.abs(j.spectralRadius - 1)).toBeGreaterThan(1e-6); // rounding moved it off 1 ...
    expect(j.regime).toBe('bounded'); // ... by less than float16 rounding can
    expect(j.withinPrecision.format).toBe('float16');
    expect(j.explanation).toContain('bounded, within float16 precision');
  });

  it('and as bfloat16 (safetensors) it is not vanishing', async () => {
    writeFileSync(join(dir, 'q.safetensors'), bfloat16Safetensors([64, 64], q.data));
    const r = await runCli(['spectrum', 'q.safetensors', '--json'], inDir);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.dtype).toBe('bfloat16');
    expect(j.regime).toBe('bounded');
    expect(j.explanation).toContain('within bfloat16 precision');
  });

  it("gain 1.0001 says '1.0001 > 1' and how fast it grows, never '1 > 1'", async () => {
    const r = await runCli(['spectrum', '--init', 'orthogonal(gain=1.0001)', '--n', '8']);
    expect(r.stdout).toMatch(
      /exploding: Spectral radius 1\.0001 > 1: .*factor of about 1\.0001 per step, doubling about every 6,93\d steps/,
    );
    expect(r.stdout).not.toMatch(/\b1 > 1\b|factor of about 1 per/);
  });
});

describe('gate-stacked weights', () => {
  it('init orthogonal(gates=4) --shape 64,256 then diagnose: gates assumed from the shape, per-gate results', async () => {
    expect((await runCli(['init', 'orthogonal(gates=4)', '--shape', '64,256', '--out', 'K.json'], inDir)).code).toBe(0);
    const r = await runCli(['diagnose', 'K.json'], inDir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/K: assumed gate-stacked \(keras-lstm\) from its shape \(64, 256\)/);
    expect(r.stdout).toMatch(/--gates none/);
    const j = JSON.parse((await runCli(['diagnose', 'K.json', '--json'], inDir)).stdout);
    const g = j.tensors[0].gates;
    expect(g.assumed).toBe(true);
    expect(g.blocks.map((b: { gate: string }) => b.gate)).toEqual(['i', 'f', 'c', 'o']);
    for (const b of g.blocks) {
      expect(b.report.orthogonalityError).toBeLessThan(1e-12);
      expect(b.report.regime).toBe('bounded');
    }
    const none = JSON.parse((await runCli(['diagnose', 'K.json', '--gates', 'none', '--json'], inDir)).stdout);
    expect(none.tensors[0].gates).toBeNull();
  });

  it('--gates on a shape it cannot fit is a usage error naming the shapes it fits', async () => {
    await expectError(
      ['diagnose', 'sq32.npy', '--gates', 'pytorch-lstm'],
      2,
      /--gates pytorch-lstm fits matrices of shape \(4H, H\) .* but sq32\.npy is \(32, 32\)/,
    );
  });
});

describe('train --out DIR with other settings', () => {
  const base = ['train', '--task', 'adding', '--T', '4', '--units', '3', '--steps', '3', '--set', 'testSize=8'];

  it('same settings resume; other settings are refused (exit 2) unless --force, which replaces them', async () => {
    expect((await runCli([...base, '--out', 'R'], inDir)).code).toBe(0);
    const summary = readFileSync(join(dir, 'R/summary.json'), 'utf8');
    const again = await runCli([...base, '--out', 'R'], inDir);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/"finished":1/);
    const other = [...base.slice(0, 4), '5', ...base.slice(5)];
    await expectError([...other, '--out', 'R'], 2, /'R' holds the results of other settings \(T 4 → 5\).*--force/);
    expect(readFileSync(join(dir, 'R/summary.json'), 'utf8')).toBe(summary);
    const forced = await runCli([...other, '--out', 'R', '--force'], inDir);
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(join(dir, 'R/summary.json'), 'utf8')).not.toBe(summary);
  });
});

describe('init --dtype float32 and values beyond its range', () => {
  it('is a usage error in command-line terms, and no file is written', async () => {
    const line = await expectError(
      ['init', 'constant(value=1e300)', '--shape', '2,2', '--dtype', 'float32', '--out', 'big32.npy'],
      2,
      /beyond the float32 range .* Use --dtype float64/,
    );
    expect(line).not.toMatch(/allowOverflow|writeNpy/);
    expect(() => readFileSync(join(dir, 'big32.npy'))).toThrow();
  });
});
