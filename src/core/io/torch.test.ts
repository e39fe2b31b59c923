// PyTorch zip files written by the real torch.save (scripts/fixtures/make_torch_fixtures.py):
// every tensor must match the generator's float64 values bit for bit, views included, and
// everything that is not a state dict must be refused by name.
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { patchStoredEntry } from '../../../test/helpers/zipPatch.js';
import { fixtureBytes, fixtureJson, sameValues } from '../../../test/helpers/io.js';
import { FormatError } from '../errors.js';
import { errorMessage } from '../guards.js';
import { encodeUtf8 } from './utf8.js';
import { readTorch } from './torch.js';
import { unpickle } from './pickle.js';

interface Manifest {
  files: Record<string, { tensors: { name: string; dtype: string; shape: number[]; values: number[] }[] }>;
}
const manifest = fixtureJson<Manifest>('models/torch_manifest.json');

describe('readTorch on torch.save fixtures', () => {
  it.each(Object.keys(manifest.files))('%s: names, dtypes, shapes and values bit for bit', (file) => {
    const got = readTorch(fixtureBytes(`models/${file}`), file);
    const want = manifest.files[file]!.tensors;
    expect(got.map((t) => t.name)).toEqual(want.map((t) => t.name));
    for (let k = 0; k < want.length; k++) {
      expect(got[k]!.array.dtype, want[k]!.name).toBe(want[k]!.dtype);
      expect(got[k]!.array.shape, want[k]!.name).toEqual(want[k]!.shape);
      expect(sameValues(got[k]!.array.data, Float64Array.from(want[k]!.values)), want[k]!.name).toBe(true);
    }
  });

  it('refuses a whole pickled nn.Module, naming its class', () => {
    expect(() => readTorch(fixtureBytes('models/torch_module.pt'), 'torch_module.pt')).toThrow(
      /torch\.nn\.modules\.rnn\.LSTM.*state_dict\(\)/s,
    );
  });

  it('refuses os.system without running it', () => {
    const err = (() => {
      try {
        readTorch(fixtureBytes('models/torch_evil.pt'), 'torch_evil.pt');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(FormatError);
    expect(errorMessage(err)).toMatch(/'posix\.system'|'os\.system'/);
  });

  it('refuses the legacy format with how to re-save', () => {
    expect(() => readTorch(fixtureBytes('models/torch_legacy.pt'), 'torch_legacy.pt')).toThrow(
      /legacy PyTorch file.*torch\.save\(torch\.load/s,
    );
  });

  it('a view reaching past its storage is a FormatError', () => {
    const bytes = fixtureBytes('models/torch_dtypes.pt');
    // 'strided' is base[1:, ::2]: its storage offset 6 follows the persistent id (BINPERSID, BININT1 6).
    const poke = (data: Uint8Array) => {
      const text = String.fromCharCode(...data);
      const off = text.indexOf('QK\x06', text.indexOf('strided'));
      expect(off).toBeGreaterThan(0);
      data[off + 2] = 100;
    };
    const corrupt = bytes.slice();
    poke(corrupt.subarray(0, 1000));
    expect(() => readTorch(corrupt, 'x.pt')).toThrow(/CRC-32/);
    expect(() => readTorch(patchStoredEntry(bytes, 'torch_dtypes/data.pkl', poke), 'x.pt')).toThrow(
      /tensor 'strided': the view \(4, 3\) with strides \(6, 2\) at offset 100 reaches element 122 of a storage of 30/,
    );
  });
});

describe('restricted unpickler', () => {
  const hooks = {
    globals: new Set(['collections.OrderedDict']),
    reduce: () => ({ kind: 'dict' as const, map: new Map() }),
    persistentLoad: () => null,
  };
  const pkl = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
  it('reads plain data', () => {
    // {'a': [1, -2, 3.5, 'x', None, True], 7: (b'\x01',)} in protocol 2
    const b = pkl(
      '\x80\x02}q\x00(X\x01\x00\x00\x00a](K\x01J\xfe\xff\xff\xffG@\x0c\x00\x00\x00\x00\x00\x00X\x01\x00\x00\x00xN\x88eK\x07C\x01\x01\x85u.',
    );
    const x = unpickle(b, 't', hooks);
    expect(x).toEqual({
      kind: 'dict',
      map: new Map<string | number, unknown>([
        ['a', { kind: 'list', items: [1, -2, 3.5, 'x', null, true] }],
        [7, { kind: 'tuple', items: [Uint8Array.of(1)] }],
      ]),
    });
  });
  it.each([
    ['GLOBAL os.system', 'cos\nsystem\n(X\x02\x00\x00\x00lstR.', /'os\.system'/],
    ['STACK_GLOBAL builtins.eval', '\x80\x04\x8c\x08builtins\x8c\x04eval\x93.', /'builtins\.eval'/],
    ['INST', '(i__main__\nX\n.', /opcode INST/],
    ['NEWOBJ', ')\x81.', /opcode NEWOBJ/],
    ['no STOP', '\x80\x02K\x01', /without a STOP/],
    ['memo miss', 'h\x05.', /memo entry 5/],
    ['pop on empty', '0.', /empty stack/],
  ])('%s is refused', (_, src, re) => {
    expect(() => unpickle(pkl(src), 't', hooks)).toThrow(re);
  });
  it('a list that holds itself many times is walked once, not exponentially', () => {
    // L = []; L.append(L) x 40 times; nested 40 deep via memo: a naive walk would visit 40^100 paths.
    let src = '\x80\x02]q\x00(';
    for (let k = 0; k < 40; k++) src += 'h\x00';
    src += 'e.';
    const x = unpickle(pkl(src), 't', hooks);
    expect(x).toMatchObject({ kind: 'list' });
    const zipped = zipSync({ 'a/data.pkl': [pkl(src), { level: 0 }] });
    expect(readTorch(zipped, 'self.pt')).toEqual([]);
  });

  it('APPENDS with 200,000 items (more than call arguments allow) reads', () => {
    const src = `\x80\x02](${'N'.repeat(200_000)}e.`;
    const x = unpickle(pkl(src), 't', hooks);
    if (x === null || typeof x !== 'object' || x instanceof Uint8Array || x.kind !== 'list') {
      throw new Error('expected a list');
    }
    expect(x.items).toHaveLength(200_000);
  });

  it('a stride-0 view of one element expanding to 2^30 values is refused before allocating', () => {
    const u = (t: string) => `X${String.fromCharCode(t.length)}\x00\x00\x00${t}`;
    const src =
      '\x80\x02ctorch._utils\n_rebuild_tensor_v2\n(' +
      `(${u('storage')}ctorch\nFloatStorage\n${u('0')}${u('cpu')}K\x01tQ` +
      'K\x00J\x00\x00\x00\x40\x85K\x00\x85\x89ccollections\nOrderedDict\n)RtR.';
    const zip = zipSync({ 'a/data.pkl': [pkl(src), { level: 0 }], 'a/data/0': [new Uint8Array(4), { level: 0 }] });
    expect(() => readTorch(zip, 'expand.pt')).toThrow(/views expand to more than 16777216 values/);
  });

  it('bare pickles are not torch files', () => {
    expect(() => readTorch(pkl('\x80\x02K\x01.'), 'p.pkl')).toThrow(/bare Python pickle/);
    expect(() => readTorch(encodeUtf8('hello world, not a zip file'), 'p.pt')).toThrow(FormatError);
  });
});
