import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { decodeExpected, fixtureBytes, fixtureJson, sameValues } from '../../../test/helpers/io.js';
import { ConfigError, DomainError, FormatError, ShapeError } from '../errors.js';
import { isArrayBufferLike } from '../guards.js';
import { fromArray } from '../linalg/matrix.js';
import { createRng } from '../random/index.js';
import { fillNormal } from '../random/samplers.js';
import { type NdArray, fortranToC } from './ndarray.js';
import { readNpy, writeNpy } from './npy.js';

interface ManifestEntry {
  file: string;
  shape: number[];
  dtype: string;
  fortranOrder: boolean;
  version: [number, number];
  rounded: number;
  values: (number | string)[];
}

const manifest = fixtureJson<ManifestEntry[]>('npy/manifest.json');

/** A .npy file from a header string and raw data bytes (version 1.0, no padding rules). */
function npy(header: string, data: Uint8Array = new Uint8Array(0), version = [1, 0]): Uint8Array {
  const h = Array.from(header, (c) => c.charCodeAt(0));
  const lenBytes = version[0] === 1 ? [h.length & 0xff, h.length >> 8] : [h.length & 0xff, h.length >> 8, 0, 0];
  return Uint8Array.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version[0], version[1], ...lenBytes, ...h, ...data]);
}

function f8(...xs: number[]): Uint8Array {
  return new Uint8Array(Float64Array.from(xs).buffer);
}

function formatErrorOf(f: () => unknown): FormatError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(FormatError);
    if (e instanceof FormatError) return e;
  }
  throw new Error('expected a FormatError, nothing was thrown');
}

describe('readNpy on files written by NumPy (test/fixtures/npy, scripts/fixtures/make_npy_fixtures.py)', () => {
  it.each(manifest.map((m) => [m.file, m] as const))('%s', (_file, m) => {
    const nd = readNpy(fixtureBytes(`npy/${m.file}`));
    expect(nd.shape).toEqual(m.shape);
    expect(nd.dtype).toBe(m.dtype);
    expect(nd.fortranOrder).toBe(m.fortranOrder);
    expect(nd.rounded ?? 0).toBe(m.rounded);
    // Exact: every stored value is representable in float64 except rounded int64, which JSON.parse
    // rounds to nearest exactly like the reader.
    expect(sameValues(nd.data, decodeExpected(m.values))).toBe(true);
  });

  it('covers versions 1.0, 2.0, 3.0, big endian, Fortran order, 0-d, 1-d, 3-d and all dtypes', () => {
    const versions = new Set(manifest.map((m) => m.version.join('.')));
    expect(versions).toEqual(new Set(['1.0', '2.0', '3.0']));
    const dtypes = new Set(manifest.map((m) => m.dtype));
    for (const d of ['float16', 'float32', 'float64', 'int8', 'int16', 'int32', 'int64', 'bool']) {
      expect(dtypes.has(d)).toBe(true);
    }
    for (const d of ['uint8', 'uint16', 'uint32', 'uint64']) expect(dtypes.has(d)).toBe(true);
    const ranks = new Set(manifest.map((m) => m.shape.length));
    expect(ranks).toEqual(new Set([0, 1, 2, 3]));
    expect(manifest.some((m) => m.fortranOrder && m.shape.length === 3)).toBe(true);
  });

  it('rejects NumPy files it does not support, naming the dtype', () => {
    expect(formatErrorOf(() => readNpy(fixtureBytes('npy/c16.npy'))).message).toMatch(/complex.*unsupported/);
    expect(formatErrorOf(() => readNpy(fixtureBytes('npy/structured.npy'))).message).toMatch(/structured/);
    expect(formatErrorOf(() => readNpy(fixtureBytes('npy/unicode.npy'))).message).toMatch(/strings/);
    expect(formatErrorOf(() => readNpy(fixtureBytes('npy/object.npy'))).message).toMatch(/objects/);
    const npz = formatErrorOf(() => readNpy(fixtureBytes('npy/eye.npz'))).message;
    expect(npz).toMatch(/\.npz archive/);
    expect(npz).toMatch(/unzip/);
  });
});

describe('writeNpy', () => {
  it('writes exactly the bytes numpy.save writes', () => {
    const x = Float64Array.from({ length: 6 }, (_, k) => k / 7);
    expect(writeNpy({ shape: [2, 3], data: x })).toEqual(fixtureBytes('npy/save_f8_2x3.npy'));
    expect(writeNpy({ rows: 2, cols: 3, data: x })).toEqual(fixtureBytes('npy/save_f8_2x3.npy'));
    expect(writeNpy({ shape: [2, 3], data: x }, { dtype: 'float32' })).toEqual(fixtureBytes('npy/save_f4_2x3.npy'));
    expect(writeNpy({ shape: [3], data: Float64Array.of(0, 1, 2) })).toEqual(fixtureBytes('npy/save_f8_1d.npy'));
    expect(writeNpy({ shape: [], data: Float64Array.of(0.5) })).toEqual(fixtureBytes('npy/save_f8_scalar.npy'));
    expect(writeNpy({ shape: [0, 5], data: new Float64Array(0) })).toEqual(fixtureBytes('npy/save_f8_0x5.npy'));
    expect(writeNpy({ shape: [12345, 0], data: new Float64Array(0) })).toEqual(fixtureBytes('npy/save_f8_12345x0.npy'));
  });

  it('aligns the data to 64 bytes and ends the header with a newline, for ranks 0..8', () => {
    for (let rank = 0; rank <= 8; rank++) {
      const shape = Array.from({ length: rank }, (_, k) => (k % 3) + 1);
      const n = shape.reduce((a, b) => a * b, 1);
      const bytes = writeNpy({ shape, data: new Float64Array(n) });
      const hlen = bytes[8]! | (bytes[9]! << 8);
      expect((10 + hlen) % 64).toBe(0);
      expect(bytes[10 + hlen - 1]).toBe(0x0a);
      expect(bytes.length).toBe(10 + hlen + 8 * n);
    }
  });

  it('round-trips float64 bit-exactly and float32 as Math.fround, for ranks 0..4', () => {
    const rng = createRng(7);
    for (const shape of [[], [5], [3, 4], [2, 3, 4], [2, 1, 3, 2], [0, 4]]) {
      const n = shape.reduce((a, b) => a * b, 1);
      const data = fillNormal(rng, new Float64Array(n));
      if (n > 2) data.set([Number.NaN, -0], 0);
      const back = readNpy(writeNpy({ shape, data }));
      expect(back.shape).toEqual(shape);
      expect(sameValues(back.data, data)).toBe(true);
      const b32 = readNpy(writeNpy({ shape, data }, { dtype: 'float32' }));
      expect(b32.dtype).toBe('float32');
      expect(sameValues(b32.data, data.map(Math.fround))).toBe(true);
    }
  });

  it('float32: refuses finite values beyond the float32 range, naming the first entry, unless allowOverflow', () => {
    const data = Float64Array.from([1, -2, 3e38, 1e300, -1e300, 5]);
    expect(() => writeNpy({ shape: [2, 3], data }, { dtype: 'float32' })).toThrow(DomainError);
    expect(() => writeNpy({ shape: [2, 3], data }, { dtype: 'float32' })).toThrow(
      /writeNpy: entry \(1, 0\) is 1e\+300, beyond the float32 range .* would become Infinity\. Write float64 \(the default\), rescale the data, or pass \{allowOverflow: true\}/,
    );
    const back = readNpy(writeNpy({ shape: [2, 3], data }, { dtype: 'float32', allowOverflow: true }));
    expect(Array.from(back.data)).toEqual([
      1,
      -2,
      Math.fround(3e38),
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      5,
    ]);
    // Values that round down to the largest float32, and values already infinite or NaN, pass.
    const edge = Float64Array.from([3.4028235677973362e38, Number.POSITIVE_INFINITY, Number.NaN]);
    expect(Array.from(readNpy(writeNpy({ shape: [3], data: edge }, { dtype: 'float32' })).data)).toEqual([
      3.4028234663852886e38,
      Number.POSITIVE_INFINITY,
      Number.NaN,
    ]);
    expect(() => writeNpy({ shape: [1], data: Float64Array.of(3.4028235677973366e38) }, { dtype: 'float32' })).toThrow(
      /entry \[0\]/,
    );
    // float64 never narrows.
    expect(readNpy(writeNpy({ shape: [1], data: Float64Array.of(1e300) })).data[0]).toBe(1e300);
  });

  it('rejects a shape that does not match the data and an unknown dtype', () => {
    expect(() => writeNpy({ shape: [2, 2], data: new Float64Array(3) })).toThrow(ShapeError);
    expect(() => writeNpy({ shape: [-1], data: new Float64Array(0) })).toThrow(ShapeError);
    // @ts-expect-error a dtype the writer does not offer
    expect(() => writeNpy(fromArray([[1]]), { dtype: 'int8' })).toThrow(ConfigError);
  });
});

describe('readNpy validation', () => {
  const ok = "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }";

  it('reads a hand-made file, from an ArrayBuffer and from a view with a byte offset', () => {
    const file = npy(ok, f8(1.5, -2));
    expect(Array.from(readNpy(file).data)).toEqual([1.5, -2]);
    expect(Array.from(readNpy(file.slice().buffer).data)).toEqual([1.5, -2]);
    const big = new Uint8Array(file.length + 13);
    big.set(file, 13);
    expect(Array.from(readNpy(big.subarray(13)).data)).toEqual([1.5, -2]);
    expect(Array.from(readNpy(new DataView(big.buffer, 13)).data)).toEqual([1.5, -2]);
    // A Node Buffer view into a larger (pooled) buffer, whose slice() is a view, not a copy.
    const pooled = Buffer.from(big).subarray(13);
    expect(pooled.byteOffset).toBeGreaterThan(0);
    expect(Array.from(readNpy(pooled).data)).toEqual([1.5, -2]);
    const foreign: unknown = runInNewContext(`new ArrayBuffer(${file.length})`); // another realm, like a worker's
    if (!isArrayBufferLike(foreign)) throw new Error('expected an ArrayBuffer from the other realm');
    expect(foreign instanceof ArrayBuffer).toBe(false);
    new Uint8Array(foreign).set(file);
    expect(Array.from(readNpy(foreign).data)).toEqual([1.5, -2]);
    // @ts-expect-error a string instead of bytes, as an untyped caller could pass
    expect(() => readNpy('not bytes')).toThrow(/Uint8Array or an ArrayBuffer, got String/);
  });

  it('accepts whitespace, key order, Python 2 long suffixes and double quotes', () => {
    const h = '  {"shape": (1L, 2L), "fortran_order": True, "descr": "<f8"}\n';
    expect(readNpy(npy(h, f8(3, 4))).shape).toEqual([1, 2]);
  });

  it('accepts exactly the header padding bytes numpy.load accepts (test/fixtures/npy/padding.json)', () => {
    // Made by scripts/fixtures/npy_padding_numpy.py: space, \t, \n, \f, \r and '#' (a comment);
    // not \x0b or \x00, which Python's tokenizer rejects.
    const { accepted, numpy } = fixtureJson<{ accepted: number[]; numpy: string }>('npy/padding.json');
    expect(numpy).toBe('2.4.6');
    expect(accepted).toEqual([9, 10, 12, 13, 32, 35]);
    for (let b = 0; b < 256; b++) {
      const npad = (64 - ((10 + ok.length + 1) % 64)) % 64;
      const file = npy(`${ok}${String.fromCharCode(b).repeat(npad)}\n`, f8(1.5, -2));
      if (accepted.includes(b)) expect(Array.from(readNpy(file).data), `byte ${b}`).toEqual([1.5, -2]);
      else expect(formatErrorOf(() => readNpy(file)).message, `byte ${b}`).toMatch(/not a valid Python literal/);
    }
  });

  it('rejects bad magic, versions and truncated prefixes', () => {
    expect(formatErrorOf(() => readNpy(new Uint8Array([1, 2, 3]))).message).toMatch(/magic/);
    expect(formatErrorOf(() => readNpy(npy(ok, f8(1, 2), [4, 0]))).message).toMatch(
      /version 4\.0.*1\.0, 2\.0 and 3\.0/,
    );
    expect(formatErrorOf(() => readNpy(npy(ok, f8(1, 2), [1, 1]))).message).toMatch(/version 1\.1/);
    expect(formatErrorOf(() => readNpy(npy(ok).subarray(0, 9))).message).toMatch(/truncated/);
  });

  it('rejects headers that are not the expected dict', () => {
    const cases: [string, RegExp][] = [
      ["['descr', '<f8']", /not a dict/],
      ["{'descr': '<f8', 'fortran_order': False}", /no 'shape' key/],
      ["{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'x': 1}", /unexpected key/],
      ["{'descr': '<f8', 'fortran_order': 0, 'shape': (2,)}", /fortran_order/],
      ["{'descr': '<f8', 'fortran_order': False, 'shape': [2]}", /must be a tuple/],
      ["{'descr': '<f8', 'fortran_order': False, 'shape': (2)}", /must be a tuple/],
      ["{'descr': '<f8', 'fortran_order': False, 'shape': (-2,)}", /negative/],
      ["{'descr': '<f8', 'fortran_order': False, 'shape': ('2',)}", /must be integers/],
      ["{'descr': '<f8', 'fortran_order': False, 'shape': (2.0,)}", /integer/],
      ["{'descr': '<f8', 'fortran_order': False, 'shape': (2,), ", /Python literal/],
      ["{'descr': '<f8', 'fortran_order': False, 'shape': __import__('os')}", /Python literal/],
      ["{'descr': 8, 'fortran_order': False, 'shape': (2,)}", /dtype string/],
      ["{'descr': '=f8', 'fortran_order': False, 'shape': (2,)}", /byte order/],
      ["{'descr': '<f3', 'fortran_order': False, 'shape': (2,)}", /not supported/],
      ["{'descr': '<f16', 'fortran_order': False, 'shape': (2,)}", /extended precision/],
      ["{'descr': '<M8[ns]', 'fortran_order': False, 'shape': (2,)}", /not supported/],
    ];
    for (const [h, re] of cases) expect(formatErrorOf(() => readNpy(npy(h, f8(1, 2)))).message).toMatch(re);
  });

  it('rejects data that is shorter or longer than the shape says', () => {
    expect(formatErrorOf(() => readNpy(npy(ok, f8(1)))).message).toMatch(/truncated.*needs 16 data bytes.*has 8/);
    expect(formatErrorOf(() => readNpy(npy(ok, f8(1, 2, 3)))).message).toMatch(/8 extra bytes/);
  });

  it('rejects lying headers before allocating: huge shapes, huge header lengths', () => {
    const huge = "{'descr': '<f8', 'fortran_order': False, 'shape': (100000, 100000, 100000), }";
    expect(formatErrorOf(() => readNpy(npy(huge, f8(1)))).message).toMatch(/above the limit/);
    const digits = "{'descr': '<f8', 'fortran_order': False, 'shape': (123456789012345678901234567890,), }";
    expect(formatErrorOf(() => readNpy(npy(digits, f8(1)))).message).toMatch(/above the limit/);
    // shape (40000, 40000) of bool is 1.6 GB of claimed data with 2 bytes present: a mismatch, not an allocation.
    const big = "{'descr': '|b1', 'fortran_order': False, 'shape': (40000, 40000), }";
    expect(formatErrorOf(() => readNpy(npy(big, new Uint8Array(2)))).message).toMatch(/truncated/);
    // a version 2.0 header length of 4 GiB
    const v2 = npy(ok, f8(1, 2), [2, 0]);
    v2.set([0xff, 0xff, 0xff, 0xff], 8);
    expect(formatErrorOf(() => readNpy(v2)).message).toMatch(/header length 4294967295 bytes is above the limit/);
    expect(formatErrorOf(() => readNpy(npy(ok, f8(1, 2)), { maxElements: 1 })).message).toMatch(/limit of 1/);
  });

  it('rejects a version 3.0 header that is not UTF-8', () => {
    const good = npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), } # \u00e9", f8(1), [3, 0]);
    // Latin-1 0xE9 alone is invalid UTF-8; as UTF-8 the same character is C3 A9.
    expect(formatErrorOf(() => readNpy(good)).message).toMatch(/UTF-8/);
  });
});

describe('fortranToC', () => {
  it('matches index arithmetic for a rank-4 array', () => {
    const shape = [2, 3, 1, 4];
    const n = 24;
    const f = Float64Array.from({ length: n }, (_, k) => k);
    const c = fortranToC(f, shape);
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 3; j++)
        for (let l = 0; l < 4; l++) {
          const fi = i + 2 * (j + 3 * (0 + 1 * l));
          const ci = ((i * 3 + j) * 1 + 0) * 4 + l;
          expect(c[ci]).toBe(f[fi]);
        }
  });

  it('is the transpose for rank 2', () => {
    const nd: NdArray = readNpy(fixtureBytes('npy/f8_fortran.npy'));
    const c = readNpy(fixtureBytes('npy/f8_v1.npy'));
    expect(sameValues(nd.data, c.data)).toBe(true);
  });
});
