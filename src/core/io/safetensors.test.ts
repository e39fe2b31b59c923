import { describe, expect, it } from 'vitest';
import { decodeExpected, fixtureBytes, fixtureJson, sameValues } from '../../../test/helpers/io.js';
import { ConfigError, DomainError, FormatError } from '../errors.js';
import { errorMessage } from '../guards.js';
import { fromArray } from '../linalg/matrix.js';
import { readSafetensors, writeSafetensors } from './safetensors.js';
import { encodeUtf8 } from './utf8.js';

interface Manifest {
  file: string;
  metadata: Record<string, string>;
  tensors: { name: string; dtype: string; shape: number[]; values: (number | string)[] }[];
}

const manifest = fixtureJson<Manifest>('safetensors/manifest.json');

/** A safetensors file from a header object (or raw JSON text) and data bytes. */
function st(header: unknown, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const json = encodeUtf8(typeof header === 'string' ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

function messageOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(FormatError);
    return errorMessage(e);
  }
  throw new Error('expected a FormatError, nothing was thrown');
}

const f64 = (...xs: number[]) => new Uint8Array(Float64Array.from(xs).buffer);

describe('readSafetensors on the fixture (scripts/fixtures/make_safetensors_fixtures.py)', () => {
  const file = readSafetensors(fixtureBytes(`safetensors/${manifest.file}`));

  it('reads the metadata and every tensor in file order', () => {
    expect({ ...file.metadata }).toEqual(manifest.metadata);
    expect(file.names).toEqual(manifest.tensors.map((t) => t.name));
  });

  it.each(manifest.tensors.map((t) => [t.name, t] as const))('%s', (name, t) => {
    const nd = file.tensors[name]!;
    expect(nd.shape).toEqual(t.shape);
    expect(sameValues(nd.data, decodeExpected(t.values))).toBe(true);
  });

  it('decodes F16 and BF16 subnormals, infinities and NaN', () => {
    const f16 = file.tensors.f16!.data;
    expect(f16[2]).toBe(2 ** -24);
    expect(f16[7]).toBe(Infinity);
    expect(Number.isNaN(f16[9])).toBe(true);
    const bf16 = file.tensors.bf16!.data;
    expect(bf16[2]).toBe(2 ** -133);
    expect(bf16[5]).toBe(1);
    expect(bf16[10]).toBe(-Infinity);
    expect(file.tensors.i64!.rounded).toBe(1);
  });
});

describe('writeSafetensors', () => {
  it('round-trips F64 bit-exactly and F32 as Math.fround, with metadata', () => {
    const a = Float64Array.of(0.1, -0, Number.NaN, 1e-310, -3.5, 2 ** 70);
    const bytes = writeSafetensors(
      { w: { shape: [2, 3], data: a }, m: fromArray([[1, 2]]), s: { shape: [], data: Float64Array.of(7) } },
      { note: 'hi ✓' },
    );
    const back = readSafetensors(bytes);
    expect(back.names).toEqual(['w', 'm', 's']);
    expect(sameValues(back.tensors.w!.data, a)).toBe(true);
    expect(back.tensors.m!.shape).toEqual([1, 2]);
    expect(back.tensors.s!.shape).toEqual([]);
    expect(back.metadata?.note).toBe('hi ✓');
    const b32 = readSafetensors(writeSafetensors({ w: { shape: [6], data: a } }, null, { dtype: 'float32' }));
    expect(b32.tensors.w!.dtype).toBe('float32');
    expect(sameValues(b32.tensors.w!.data, a.map(Math.fround))).toBe(true);
  });

  it('pads the header to 8 bytes and accepts names like __proto__', () => {
    const bytes = writeSafetensors({ __proto__x: fromArray([[1]]), ['__proto__']: fromArray([[2]]) });
    const n = new DataView(bytes.buffer).getUint32(0, true);
    expect(n % 8).toBe(0);
    const back = readSafetensors(bytes);
    expect(Object.getPrototypeOf(back.tensors)).toBe(null);
    expect(back.names.length).toBe(2);
  });

  it('rejects the reserved name, non-string metadata and unknown dtypes', () => {
    expect(() => writeSafetensors({ __metadata__: fromArray([[1]]) })).toThrow(ConfigError);
    // @ts-expect-error a number as metadata value, as an untyped caller could pass
    expect(() => writeSafetensors({}, { a: 1 })).toThrow(ConfigError);
    // @ts-expect-error a dtype the writer does not offer
    expect(() => writeSafetensors({}, null, { dtype: 'float16' })).toThrow(ConfigError);
  });
});

describe('writeSafetensors float32 range', () => {
  it('refuses finite values beyond the float32 range, naming the tensor and entry, unless allowOverflow', () => {
    const w = fromArray([
      [1, 2],
      [3, -1e39],
    ]);
    expect(() => writeSafetensors({ ok: fromArray([[1]]), w }, null, { dtype: 'float32' })).toThrow(DomainError);
    expect(() => writeSafetensors({ w }, null, { dtype: 'float32' })).toThrow(
      /writeSafetensors: entry \(1, 1\) of tensor "w" is -1e\+39, beyond the float32 range .* would become -Infinity.*\{allowOverflow: true\}/,
    );
    const back = readSafetensors(writeSafetensors({ w }, null, { dtype: 'float32', allowOverflow: true }));
    expect(Array.from(back.tensors.w!.data)).toEqual([1, 2, 3, Number.NEGATIVE_INFINITY]);
    expect(Array.from(readSafetensors(writeSafetensors({ w })).tensors.w!.data)).toEqual([1, 2, 3, -1e39]);
  });
});

describe('readSafetensors validation', () => {
  const entry = (dtype: string, shape: number[], b: number, e: number) => ({ dtype, shape, data_offsets: [b, e] });

  it('reads a minimal file and the empty file {}', () => {
    const f = readSafetensors(st({ a: entry('F64', [2], 0, 16) }, f64(1, 2)));
    expect(Array.from(f.tensors.a!.data)).toEqual([1, 2]);
    expect(f.metadata).toBe(null);
    expect(readSafetensors(st({})).names).toEqual([]);
  });

  it('rejects short files, huge or truncated header lengths and non-object headers', () => {
    expect(messageOf(() => readSafetensors(new Uint8Array(5)))).toMatch(/shorter than the 8-byte/);
    const huge = st({});
    huge.set([0, 0, 0, 0, 1, 0, 0, 0], 0);
    expect(messageOf(() => readSafetensors(huge))).toMatch(/says 4294967296 bytes/);
    expect(messageOf(() => readSafetensors(st({}).subarray(0, 9)))).toMatch(/only 1 follow/);
    expect(messageOf(() => readSafetensors(st('[1, 2]')))).toMatch(/start with '\{'/);
    expect(messageOf(() => readSafetensors(st(' {}')))).toMatch(/start with '\{'/);
    expect(messageOf(() => readSafetensors(st('{"a": ')))).toMatch(/not valid JSON/);
    const bad = st('{"\u00e9": 1}');
    bad[10] = 0xff; // break the UTF-8 of é
    expect(messageOf(() => readSafetensors(bad))).toMatch(/not valid UTF-8/);
  });

  it('rejects malformed entries', () => {
    const cases: [unknown, RegExp][] = [
      [{ a: 5 }, /must be an object/],
      [{ a: entry('F128', [1], 0, 16) }, /dtype 'F128' is not supported.*Supported: F64/],
      [{ a: entry('C64', [1], 0, 8) }, /Complex tensors are unsupported/],
      [{ a: { dtype: 'F64', shape: 2, data_offsets: [0, 16] } }, /shape must be a list/],
      [{ a: entry('F64', [-2], 0, 16) }, /non-negative integers/],
      [{ a: entry('F64', [1.5], 0, 16) }, /non-negative integers/],
      [{ a: { dtype: 'F64', shape: [2], data_offsets: [0] } }, /data_offsets must be/],
      [{ a: entry('F64', [2], 8, 0) }, /do not lie within/],
      [{ a: entry('F64', [2], 0, 24) }, /do not lie within/],
      [{ a: entry('F64', [1], 0, 16) }, /needs 8 bytes but data_offsets \[0, 16\] span 16/],
      [{ a: entry('F64', [2 ** 40, 2 ** 40], 0, 16) }, /above the limit/],
      [{ __metadata__: { k: 1 }, a: entry('F64', [2], 0, 16) }, /__metadata__ value for "k" is number/],
      [{ __metadata__: [1], a: entry('F64', [2], 0, 16) }, /__metadata__ must be an object/],
    ];
    for (const [h, re] of cases) expect(messageOf(() => readSafetensors(st(h, f64(1, 2))))).toMatch(re);
  });

  it('requires the tensors to tile the data: overlaps, holes and trailing bytes are errors', () => {
    const overlap = { a: entry('F64', [2], 0, 16), b: entry('F64', [1], 8, 16) };
    expect(messageOf(() => readSafetensors(st(overlap, f64(1, 2))))).toMatch(/overlap/);
    const hole = { a: entry('F64', [1], 8, 16) };
    expect(messageOf(() => readSafetensors(st(hole, f64(1, 2))))).toMatch(/bytes 0\.\.8 belong to no tensor/);
    const trailing = { a: entry('F64', [1], 0, 8) };
    expect(messageOf(() => readSafetensors(st(trailing, f64(1, 2))))).toMatch(/8 bytes after the last tensor/);
    // A duplicate key: JSON.parse keeps the last entry, leaving the first one's bytes uncovered.
    const dup =
      '{"a": {"dtype": "F64", "shape": [1], "data_offsets": [0, 8]}, "a": {"dtype": "F64", "shape": [1], "data_offsets": [8, 16]}}';
    expect(messageOf(() => readSafetensors(st(dup, f64(1, 2))))).toMatch(/duplicate tensor name/);
  });

  it('accepts zero-size tensors anywhere in the tiling', () => {
    const h = { z: entry('F32', [0, 3], 0, 0), a: entry('F64', [2], 0, 16), y: entry('BOOL', [0], 16, 16) };
    const f = readSafetensors(st(h, f64(1, 2)));
    expect(f.tensors.z!.shape).toEqual([0, 3]);
    expect(f.tensors.y!.data.length).toBe(0);
  });

  it('hints at the real format of a non-safetensors file', () => {
    expect(messageOf(() => readSafetensors(fixtureBytes('npy/f8_v1.npy')))).toMatch(/look like a \.npy/);
  });
});
