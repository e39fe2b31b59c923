import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FormatError, ShapeError, fromArray, writeNpy, writeSafetensors } from '../../src/core/index.js';
import { squareMatricesFromFile, squareMatricesFromFiles } from './weights.js';

describe('squareMatricesFromFile', () => {
  it('reads a square .npy as one candidate, exactly', () => {
    const W = fromArray([
      [0, 1],
      [1, 1],
    ]);
    const r = squareMatricesFromFile('fib.npy', writeNpy(W), 512);
    expect(r.candidates).toHaveLength(1);
    expect(r.candidates[0]!.label).toBe('fib (2×2)');
    expect(Array.from(r.candidates[0]!.matrix.data)).toEqual([0, 1, 1, 1]);
  });

  it('splits a PyTorch LSTM weight_hh into four square gates and skips what is not square', () => {
    const H = 3;
    const stacked = { rows: 4 * H, cols: H, data: Float64Array.from({ length: 4 * H * H }, (_, k) => k) };
    const other = { rows: 2, cols: 5, data: new Float64Array(10) };
    const bytes = writeSafetensors({ 'rnn.weight_hh_l0': stacked, 'fc.weight': other });
    const r = squareMatricesFromFile('model.safetensors', bytes, 512);
    expect(r.candidates.map((c) => c.label)).toEqual([
      'rnn.weight_hh_l0 [pytorch lstm gate i] (3×3)',
      'rnn.weight_hh_l0 [pytorch lstm gate f] (3×3)',
      'rnn.weight_hh_l0 [pytorch lstm gate g] (3×3)',
      'rnn.weight_hh_l0 [pytorch lstm gate o] (3×3)',
    ]);
    expect(Array.from(r.candidates[1]!.matrix.data)).toEqual([9, 10, 11, 12, 13, 14, 15, 16, 17]);
    expect(r.skipped).toEqual(['fc.weight (2, 5): not square (Wᵗ needs n×n)']);
  });

  it('fails with a clear typed error: no square matrix, too large, unknown format', () => {
    const wide = { rows: 2, cols: 3, data: new Float64Array(6) };
    expect(() => squareMatricesFromFile('w.npy', writeNpy(wide), 512)).toThrow(ShapeError);
    expect(() =>
      squareMatricesFromFile('w.npy', writeNpy({ rows: 4, cols: 4, data: new Float64Array(16) }), 3),
    ).toThrow(/larger than 3×3/);
    expect(() => squareMatricesFromFile('w.pt', new Uint8Array([1, 2, 3]), 512)).toThrow(FormatError);
  });
});

describe('squareMatricesFromFiles (model files)', () => {
  it('offers each recurrent gate block of a PyTorch GRU, in the r, z, n order', () => {
    const r = squareMatricesFromFiles([pick('torch_gru.pt')], 512);
    expect(r.candidates.map((c) => c.label).slice(0, 4)).toEqual([
      'l0 GRU gate r (4×4)',
      'l0 GRU gate z (4×4)',
      'l0 GRU gate n (4×4)',
      'l0 backward GRU gate r (4×4)',
    ]);
    expect(r.candidates).toHaveLength(12);
  });

  it('reads a TF.js model.json dropped with its shards, and says which shard is missing', async () => {
    const files = [
      pick('tfjs_model/model.json'),
      pick('tfjs_model/group1-shard1of2.bin'),
      pick('tfjs_model/group1-shard2of2.bin'),
    ];
    const r = squareMatricesFromFiles(files, 512);
    expect(r.candidates.map((c) => c.label)).toContain('simple_rnn SimpleRNN gate h (5×5)');
    expect(r.candidates.map((c) => c.label)).toContain('bidirectional backward LSTM gate c (3×3)');
    expect(() => squareMatricesFromFiles(files.slice(0, 2), 512)).toThrow(/shard 'group1-shard2of2.bin' is missing/);
  });

  it('refuses a pickled whole model and two unrelated files', () => {
    expect(() => squareMatricesFromFiles([pick('torch_module.pt')], 512)).toThrow(FormatError);
    const a = { name: 'a.npy', bytes: writeNpy(fromArray([[1]])) };
    expect(() => squareMatricesFromFiles([a, a], 512)).toThrow(/2 files were given/);
  });
});

/** A fixture as a picked file (named by its base name, as a browser gives it). */
function pick(rel: string): { name: string; bytes: Uint8Array } {
  const bytes = new Uint8Array(readFileSync(new URL(`../../test/fixtures/models/${rel}`, import.meta.url)));
  return { name: rel.split('/').pop() ?? rel, bytes };
}
