import { describe, expect, it } from 'vitest';
import { ConfigError, ShapeError } from '../errors.js';
import { orthogonalValues } from '../init/index.js';
import { matmul } from '../linalg/matmul.js';
import { type Matrix, identity, transpose } from '../linalg/matrix.js';
import { normMaxAbs } from '../linalg/norms.js';
import { sub } from '../linalg/matrix.js';
import { createRng } from '../random/index.js';
import { GATE_LAYOUTS, guessGateLayout, splitGates } from './gates.js';
import { ndarrayToMatrix } from './ndarray.js';
import { writeSafetensors } from './safetensors.js';
import { readTensorFile } from './tensorFile.js';

/** A (rows x cols) matrix whose entry (i, j) encodes its position as 1000·i + j. */
function indexed(rows: number, cols: number): Matrix {
  return {
    rows,
    cols,
    data: Float64Array.from({ length: rows * cols }, (_, k) => 1000 * Math.floor(k / cols) + (k % cols)),
  };
}

describe('splitGates', () => {
  it('splits PyTorch row stacking into (H, H) blocks i, f, g, o in order', () => {
    const h = 3;
    const w = indexed(4 * h, h);
    const blocks = splitGates(w, GATE_LAYOUTS['pytorch-lstm']);
    expect(blocks.map((b) => b.name)).toEqual(['i', 'f', 'g', 'o']);
    blocks.forEach((b, g) => {
      expect([b.matrix.rows, b.matrix.cols]).toEqual([h, h]);
      for (let i = 0; i < h; i++)
        for (let j = 0; j < h; j++) expect(b.matrix.data[i * h + j]).toBe(1000 * (g * h + i) + j);
    });
  });

  it('splits Keras column stacking, and a Keras block is the transpose of the PyTorch block', () => {
    const h = 4;
    const torch = indexed(3 * h, h);
    const keras = transpose(torch); // (H, 3H): the same weights in Keras orientation
    const a = splitGates(torch, { kind: 'gru', gates: 3, axis: 'rows' });
    const b = splitGates(keras, { kind: 'gru', gates: 3, axis: 'cols' });
    expect(a.map((x) => x.name)).toEqual(['r', 'z', 'n']);
    expect(b.map((x) => x.name)).toEqual(['z', 'r', 'h']);
    for (let g = 0; g < 3; g++) expect(transpose(b[g]!.matrix)).toEqual(a[g]!.matrix);
  });

  it('concatenating the blocks gives back the matrix (custom layout, non-square blocks)', () => {
    const w = indexed(5, 6);
    const parts = splitGates(w, { kind: 'custom', gates: 3, axis: 'cols', names: ['a', 'b', 'c'] });
    for (let i = 0; i < 5; i++) {
      const row = parts.flatMap((p) => Array.from(p.matrix.data.subarray(i * 2, i * 2 + 2)));
      expect(row).toEqual(Array.from(w.data.subarray(i * 6, i * 6 + 6)));
    }
    expect(splitGates(w, { kind: 'custom', gates: 1, axis: 'rows' })[0]).toEqual({ name: 'gate0', matrix: w });
  });

  it('rejects inconsistent layouts and indivisible shapes', () => {
    const w = indexed(8, 2);
    expect(() => splitGates(w, { kind: 'lstm', gates: 3, axis: 'rows' })).toThrow(ConfigError);
    expect(() => splitGates(w, { kind: 'custom', gates: 0, axis: 'rows' })).toThrow(ConfigError);
    // @ts-expect-error an axis outside the union, as an untyped caller could pass
    expect(() => splitGates(w, { kind: 'custom', gates: 2, axis: 'diag' })).toThrow(ConfigError);
    expect(() => splitGates(w, { kind: 'custom', gates: 2, axis: 'rows', names: ['x'] })).toThrow(ConfigError);
    expect(() => splitGates(w, { kind: 'lstm', gates: 4, axis: 'cols' })).toThrow(ShapeError);
    expect(() => splitGates(w, { kind: 'lstm', gates: 4, axis: 'cols' })).toThrow(/PyTorch stacks gates along rows/);
  });
});

describe('guessGateLayout', () => {
  it('recognises PyTorch recurrent weights by name and shape', () => {
    expect(guessGateLayout('weight_hh_l0', [512, 128])).toMatchObject({
      kind: 'lstm',
      axis: 'rows',
      hidden: 128,
      framework: 'pytorch',
    });
    expect(guessGateLayout('encoder.rnn.weight_hh_l1_reverse', [384, 128])).toMatchObject({
      kind: 'gru',
      axis: 'rows',
      hidden: 128,
    });
    expect(guessGateLayout('weight_hh_l0', [128, 128])).toBe(null); // vanilla RNN: nothing to split
    expect(guessGateLayout('weight_hh_l0', [512, 64])).toBe(null); // LSTM with proj_size: unsure
    expect(guessGateLayout('weight_ih_l0', [512, 128])).toBe(null);
    expect(guessGateLayout('weight_hh_l0x', [512, 128])).toBe(null);
  });

  it('recognises Keras recurrent kernels by name and shape', () => {
    expect(guessGateLayout('lstm/lstm_cell/recurrent_kernel:0', [32, 128])).toMatchObject({
      kind: 'lstm',
      axis: 'cols',
      hidden: 32,
      names: ['i', 'f', 'c', 'o'],
    });
    expect(guessGateLayout('gru.recurrent_kernel', [32, 96])).toMatchObject({
      kind: 'gru',
      axis: 'cols',
      names: ['z', 'r', 'h'],
    });
    expect(guessGateLayout('recurrent_kernel', [32, 32])).toBe(null);
    expect(guessGateLayout('kernel', [32, 128])).toBe(null);
  });

  it('returns null for non-2-D or empty shapes; its result drives splitGates', () => {
    expect(guessGateLayout('weight_hh_l0', [4, 1, 1])).toBe(null);
    expect(guessGateLayout('weight_hh_l0', [0, 0])).toBe(null);
    const layout = guessGateLayout('weight_hh_l0', [8, 2])!;
    expect(splitGates(indexed(8, 2), layout).map((b) => b.matrix.rows)).toEqual([2, 2, 2, 2]);
  });
});

describe('end to end: gate-wise orthogonal weights survive a file round trip and split back', () => {
  it.each([
    ['weight_hh_l0', 'rows', [4 * 16, 16]],
    ['lstm/recurrent_kernel:0', 'cols', [16, 4 * 16]],
  ] as const)('%s (%s)', (name, gateAxis, shape) => {
    const data = orthogonalValues(shape, createRng(9), 1, 4, gateAxis);
    const file = writeSafetensors({ [name]: { shape, data }, bias: { shape: [64], data: new Float64Array(64) } });
    const t = readTensorFile('lstm.safetensors', file)[0]!;
    expect(t.name).toBe(name);
    const layout = guessGateLayout(t.name, t.array.shape);
    expect(layout).toMatchObject({ kind: 'lstm', hidden: 16 });
    const blocks = splitGates(ndarrayToMatrix(t.array), layout!);
    for (const b of blocks) {
      // Each gate block is orthogonal to within a few n·eps (n = 16).
      const qtq = matmul(transpose(b.matrix), b.matrix);
      expect(normMaxAbs(sub(qtq, identity(16)))).toBeLessThan(16 * 16 * Number.EPSILON);
    }
  });
});
