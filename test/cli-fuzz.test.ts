/**
 * Fuzzing the file path of the CLI: seeded corrupt .npy, .safetensors and .json files (byte
 * flips, truncations, inserted bytes, header edits claiming huge shapes, wrong lengths,
 * unsupported dtypes) fed to `diagnose` and `spectrum`. Every run must end with exit 0 or a
 * one-line error naming the problem (exit 1), never a crash, a stack trace or an
 * "unexpected" error class.
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type Rng,
  createRng,
  initMatrix,
  randInt,
  writeMatrixJson,
  writeNpy,
  writeSafetensors,
} from '../src/core/index.js';
import { runCli } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'ortholab-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const enc = new TextEncoder();

/** Uniform integer in [lo, hi) (hi > lo). */
const between = (rng: Rng, lo: number, hi: number) => lo + randInt(rng, Math.max(1, hi - lo));

function mutate(bytes: Uint8Array, rng: Rng): Uint8Array {
  const b = bytes.slice();
  switch (between(rng, 0, 4)) {
    case 0: // flip a few bytes, biased to the header
      for (let k = 0; k < 1 + between(rng, 0, 4); k++)
        b[between(rng, 0, Math.min(b.length, 160))] = between(rng, 0, 256);
      return b;
    case 1: // truncate
      return b.subarray(0, between(rng, 0, b.length));
    case 2: {
      // insert junk
      const at = between(rng, 0, b.length);
      const junk = Uint8Array.from({ length: 1 + between(rng, 0, 16) }, () => between(rng, 0, 256));
      const out = new Uint8Array(b.length + junk.length);
      out.set(b.subarray(0, at));
      out.set(junk, at);
      out.set(b.subarray(at), at + junk.length);
      return out;
    }
    default: {
      // edit the header text: shapes, dtypes, offsets
      const text = new TextDecoder('latin1').decode(b);
      const edits: [RegExp, string][] = [
        [/\(\d+, \d+\)/, '(4000000000, 4000000000)'],
        [/\(\d+, \d+\)/, '(7, 3)'],
        [/\(\d+, \d+\)/, '(-2, 3)'],
        [/<f8/, '<c16'],
        [/<f8/, '|O'],
        [/<f8/, '>f2'],
        [/"F64"/, '"C64"'],
        [/"F64"/, '"F8_E8M0"'],
        [/"shape":\[\d+,\d+\]/, '"shape":[9999999,9999999]'],
        [/"data_offsets":\[\d+,\d+\]/, '"data_offsets":[0,99999999999]'],
        [/"data_offsets":\[\d+,\d+\]/, '"data_offsets":[8,4]'],
      ];
      const [re, rep] = edits[between(rng, 0, edits.length)]!;
      const edited = text.replace(re, rep);
      return Uint8Array.from(edited, (c) => c.charCodeAt(0) & 255);
    }
  }
}

describe('CLI file fuzzing', () => {
  it('corrupt weight files give exit 0 or one clear line (exit 1), never a crash', async () => {
    const rng = createRng(2024);
    const w = initMatrix({ name: 'orthogonal', seed: 1 }, 4, 4);
    const seeds: [string, Uint8Array][] = [
      ['npy', writeNpy(w)],
      ['npy', writeNpy(w, { dtype: 'float32' })],
      [
        'safetensors',
        writeSafetensors({ 'rnn.weight_hh_l0': { shape: [16, 4], data: new Float64Array(64).fill(0.1) }, b: w }),
      ],
      ['json', enc.encode(writeMatrixJson(w))],
    ];
    const seen = new Set<string>();
    for (let k = 0; k < 240; k++) {
      const [ext, base] = seeds[k % seeds.length]!;
      const name = `f${k}.${ext}`;
      writeFileSync(join(dir, name), mutate(base, rng));
      const r = await runCli([k % 2 ? 'diagnose' : 'spectrum', name], { cwd: dir });
      expect([0, 1, 2], `${name}: ${r.stderr}`).toContain(r.code);
      if (r.code !== 0) {
        const lines = r.stderr.trimEnd().split('\n');
        expect(lines, `${name}: ${r.stderr}`).toHaveLength(1);
        expect(lines[0]).toMatch(/^ortholab: error: \S/);
        expect(lines[0], name).not.toMatch(/\(unexpected |rerun with --debug|undefined|\[object/);
        seen.add(lines[0]!.replace(/\d+/g, 'N').slice(0, 60));
      }
    }
    // The mutations reach many different checks, not one generic failure.
    if (process.env.SHOW_FUZZ) console.log([...seen].join('\n'));
    expect(seen.size).toBeGreaterThan(12);
  });
});
