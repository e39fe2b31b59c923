// Robustness: corrupt, truncated and hostile inputs must fail with FormatError (or ShapeError
// from readTensorFile's rank filter), never another exception type, never an allocation larger
// than the input justifies. Inputs are generated with a seeded Rng, so failures reproduce.
import { describe, expect, it } from 'vitest';
import { fixtureBytes } from '../../../test/helpers/io.js';
import { FormatError, ShapeError } from '../errors.js';
import { errorMessage } from '../guards.js';
import { type Rng, createRng, randInt } from '../random/index.js';
import { readMatrixJson } from './matrixJson.js';
import { readNpy } from './npy.js';
import { readSafetensors } from './safetensors.js';
import { readTensorFile } from './tensorFile.js';
import { encodeUtf8 } from './utf8.js';

type Reader = (b: Uint8Array) => number; // returns the number of float64 entries allocated

const readers = {
  npy: (b) => readNpy(b).data.length,
  safetensors: (b) => {
    const f = readSafetensors(b);
    return f.names.reduce((s, n) => s + f.tensors[n]!.data.length, 0);
  },
  'tensor file (.json)': (b) => readTensorFile('m.json', b).reduce((s, t) => s + t.array.data.length, 0),
} satisfies Record<string, Reader>;

/** Runs `read`; a failure must be a FormatError/ShapeError; a success must allocate ≤ 1 entry per input byte. */
function check(read: Reader, b: Uint8Array, label: string): boolean {
  let n: number;
  try {
    n = read(b);
  } catch (e) {
    if (!(e instanceof FormatError || e instanceof ShapeError)) {
      const kind = e instanceof Error ? e.constructor.name : typeof e;
      throw new Error(`${label}: expected FormatError, got ${kind}: ${errorMessage(e)}`);
    }
    expect(e.message.length).toBeGreaterThan(20);
    return false;
  }
  expect(n).toBeLessThanOrEqual(b.length);
  return true;
}

function mutate(rng: Rng, src: Uint8Array, headerEnd: number): Uint8Array {
  const b = src.slice();
  const flips = 1 + randInt(rng, 4);
  for (let k = 0; k < flips; k++) {
    // Three quarters of the mutations hit the header, where the parsing logic is.
    const at = randInt(rng, 4) === 0 ? randInt(rng, b.length) : randInt(rng, Math.min(headerEnd, b.length));
    const mode = randInt(rng, 3);
    if (mode === 0) b[at] = randInt(rng, 256);
    else if (mode === 1) b[at] = b[at]! ^ (1 << randInt(rng, 8));
    else
      b[at] = [0x00, 0xff, 0x7f, 0x80, 0x27, 0x28, 0x29, 0x2c, 0x3a, 0x7b, 0x7d, 0x5b, 0x5d, 0x22, 0x39][
        randInt(rng, 15)
      ]!;
  }
  return b;
}

const samples: [string, Reader, Uint8Array, number][] = [
  ['f8_v1.npy', readers.npy, fixtureBytes('npy/f8_v1.npy'), 128],
  ['f8_v3.npy', readers.npy, fixtureBytes('npy/f8_v3.npy'), 128],
  ['f2.npy', readers.npy, fixtureBytes('npy/f2.npy'), 128],
  ['f8_3d_fortran.npy', readers.npy, fixtureBytes('npy/f8_3d_fortran.npy'), 128],
  ['i8.npy', readers.npy, fixtureBytes('npy/i8.npy'), 128],
  ['mixed.safetensors', readers.safetensors, fixtureBytes('safetensors/mixed.safetensors'), 700],
  ['matrix.json', readers['tensor file (.json)'], encodeUtf8('{"shape": [2, 2], "data": [1, -2.5e-3, 3, 4]}'), 60],
  ['rows.json', readers['tensor file (.json)'], encodeUtf8('[[1, 2.5], [-3, 4e10]]'), 30],
];

describe('truncation at every byte offset', () => {
  it.each(samples.map((s) => [s[0], s] as const))('%s', (name, [, read, bytes]) => {
    for (let len = 0; len < bytes.length; len++) {
      const ok = check(read, bytes.subarray(0, len), `${name}[0:${len}]`);
      // A strict prefix of a binary file is never a valid file (JSON text may be, e.g. before a newline).
      if (!name.endsWith('.json')) expect(ok, `${name}[0:${len}] was accepted`).toBe(false);
    }
    expect(check(read, bytes, name)).toBe(true);
  });
});

describe('random byte mutations (seeded)', () => {
  it.each(samples.map((s) => [s[0], s] as const))('%s: 1500 mutants', (name, [, read, bytes, headerEnd]) => {
    const rng = createRng(0xf022 + name.length);
    for (let t = 0; t < 1500; t++) check(read, mutate(rng, bytes, headerEnd), `${name} mutant ${t}`);
  });

  it('reaches both outcomes: some mutants are accepted, most are rejected', () => {
    const rng = createRng(99);
    let ok = 0;
    let total = 0;
    for (const [, read, bytes, headerEnd] of samples) {
      for (let t = 0; t < 200; t++, total++) if (check(read, mutate(rng, bytes, headerEnd), 'mutant')) ok++;
    }
    expect(ok).toBeGreaterThan(total / 100); // 46 of 1600 with this seed
    expect(total - ok).toBeGreaterThan(total / 2);
  });
});

/** A .npy v1 file with the given header text and data bytes. */
function npy(header: string, dataLen: number): Uint8Array {
  const h = encodeUtf8(header);
  const b = new Uint8Array(10 + h.length + dataLen);
  b.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, h.length & 0xff, h.length >> 8]);
  b.set(h, 10);
  return b;
}

function st(header: string, dataLen: number): Uint8Array {
  const h = encodeUtf8(header);
  const b = new Uint8Array(8 + h.length + dataLen);
  new DataView(b.buffer).setUint32(0, h.length, true);
  b.set(h, 8);
  return b;
}

describe('hostile headers', () => {
  it('npy headers claiming huge or odd shapes are rejected without allocating', () => {
    const rng = createRng(77);
    const dims = ['0', '1', '7', '65536', '2147483648', '4294967297', '9007199254740993', '1'.repeat(40), '-1', 'True'];
    for (let t = 0; t < 400; t++) {
      const rank = randInt(rng, 6);
      const shape = Array.from({ length: rank }, () => dims[randInt(rng, dims.length)]);
      const descr = ['<f8', '>f4', '|b1', '<i8', '<f2', '|u1'][randInt(rng, 6)];
      const tuple = rank === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
      check(
        readers.npy,
        npy(
          `{'descr': '${descr}', 'fortran_order': ${randInt(rng, 2) ? 'True' : 'False'}, 'shape': ${tuple}, }`,
          randInt(rng, 64),
        ),
        tuple,
      );
    }
  });

  it('safetensors headers with random shapes, offsets and dtypes fail cleanly or tile the data', () => {
    const rng = createRng(78);
    const dtypes = ['F64', 'F32', 'F16', 'BF16', 'I64', 'U8', 'BOOL', 'F8_E4M3', 'C64', 'X'];
    const nums = [0, 1, 2, 4, 8, 16, 24, 2 ** 31, 2 ** 53, 2 ** 64, -8, 1.5];
    for (let t = 0; t < 1500; t++) {
      const entries: string[] = [];
      const count = randInt(rng, 4);
      for (let k = 0; k < count; k++) {
        const shape = Array.from({ length: randInt(rng, 3) }, () => nums[randInt(rng, 6)]);
        const begin = nums[randInt(rng, nums.length)]!;
        const end = randInt(rng, 2) ? begin + 8 * randInt(rng, 3) : nums[randInt(rng, nums.length)];
        const name = randInt(rng, 5) === 0 ? 'dup' : `t${k}`;
        entries.push(
          `"${name}": {"dtype": "${dtypes[randInt(rng, dtypes.length)]}", "shape": [${shape}], "data_offsets": [${begin}, ${end}]}`,
        );
      }
      const dataLen = 8 * randInt(rng, 4);
      check(readers.safetensors, st(`{${entries.join(', ')}}`, dataLen), `header ${t}`);
    }
  });

  it('a safetensors header length of 2^64 - 1 and of 100 MB + 1 are rejected before reading', () => {
    const b = st('{}', 0);
    b.fill(0xff, 0, 8);
    check(readers.safetensors, b, 'max u64');
    new DataView(b.buffer).setUint32(0, 100_000_001, true);
    new DataView(b.buffer).setUint32(4, 0, true);
    expect(() => readSafetensors(b)).toThrow(FormatError);
  });

  it('invalid UTF-8 in a safetensors or .npy 3.0 header is a FormatError', () => {
    const s = st('{"x\u00ff": {}}', 0);
    s[11] = 0xc0; // overlong lead byte
    expect(() => readSafetensors(s)).toThrow(/not valid UTF-8/);
    const n = npy("{'descr': '<f8', 'fortran_order': False, 'shape': (), }", 8);
    n[6] = 3; // version 3.0 reads a uint32 length and UTF-8 text
    n.copyWithin(12, 10);
    n.set([0x3e, 0, 0, 0], 8);
    n[20] = 0xff;
    expect(() => readNpy(n)).toThrow(FormatError);
  });

  it('deeply nested JSON and Python literals are FormatErrors, not stack overflows', () => {
    const deep = `{"a": ${'['.repeat(200_000)}${']'.repeat(200_000)}}`;
    expect(() => readSafetensors(st(deep, 0))).toThrow(FormatError);
    expect(() => readMatrixJson(`[${'['.repeat(200_000)}`)).toThrow(FormatError);
    const pyDeep = `{'descr': ${'('.repeat(50_000)}`;
    expect(() => readNpy(npy(pyDeep, 0))).toThrow(/nests containers/);
  });
});
