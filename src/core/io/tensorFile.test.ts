import { describe, expect, it } from 'vitest';
import { fixtureBytes } from '../../../test/helpers/io.js';
import { FormatError, ShapeError } from '../errors.js';
import { fromArray } from '../linalg/matrix.js';
import { ndarrayToMatrix } from './ndarray.js';
import { writeNpy } from './npy.js';
import { readTensorFile } from './tensorFile.js';
import { encodeUtf8 } from './utf8.js';

describe('readTensorFile', () => {
  it('reads .npy under the file stem, case-insensitively, from a path', () => {
    const t = readTensorFile('runs/a/W_hh.NPY', writeNpy(fromArray([[1, 2]])));
    expect(t.map((x) => x.name)).toEqual(['W_hh']);
    expect(Array.from(t[0]!.array.data)).toEqual([1, 2]);
    expect(readTensorFile('C:\\w\\x.npy', fixtureBytes('npy/f8_3d.npy'))[0]!.array.shape).toEqual([2, 3, 4]);
  });

  it('reads the ≥2-D tensors of a .safetensors file in file order, dropping vectors and scalars', () => {
    const t = readTensorFile('model.safetensors', fixtureBytes('safetensors/mixed.safetensors'));
    expect(t.map((x) => x.name)).toEqual(['rnn.weight_hh_l0', 'f64', 'f16', 'bf16', 'u8', 'empty']);
    const all = readTensorFile('model.safetensors', fixtureBytes('safetensors/mixed.safetensors'), { minRank: 0 });
    expect(all.length).toBe(10);
  });

  it('reads .json matrices, with or without a byte order mark', () => {
    const text = encodeUtf8('[[1, 2], [3, 4]]');
    const bom = Uint8Array.from([0xef, 0xbb, 0xbf, ...text]);
    for (const b of [text, bom]) {
      const t = readTensorFile('w.json', b)[0]!;
      expect(ndarrayToMatrix(t.array)).toEqual(
        fromArray([
          [1, 2],
          [3, 4],
        ]),
      );
    }
  });

  it('lists the supported extensions for an unknown one and says what the bytes are', () => {
    const e1 = () => readTensorFile('weights.pt', Uint8Array.of(0x80, 0x02, 0x7d));
    expect(e1).toThrow(FormatError);
    expect(e1).toThrow(/unknown extension '\.pt'. Supported: \.npy, \.safetensors, \.json\. This is a Python pickle/);
    expect(() => readTensorFile('eye.npz', fixtureBytes('npy/eye.npz'))).toThrow(/\.npz archive/);
    expect(() => readTensorFile('noext', fixtureBytes('npy/f8_v1.npy'))).toThrow(/\(none\).*look like a \.npy/);
    const h5 = Uint8Array.of(0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a, 0);
    expect(() => readTensorFile('model.h5', h5)).toThrow(/HDF5.*get_weights/);
  });

  it('throws ShapeError when no array has the required rank', () => {
    expect(() => readTensorFile('b.npy', fixtureBytes('npy/f8_1d.npy'))).toThrow(ShapeError);
    expect(() => readTensorFile('b.npy', fixtureBytes('npy/f8_1d.npy'))).toThrow(/found: b \(5,\)/);
    expect(readTensorFile('b.npy', fixtureBytes('npy/f8_1d.npy'), { minRank: 1 }).length).toBe(1);
  });
});
