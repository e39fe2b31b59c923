// Cross-checks against NumPy itself (python3 + numpy; skipped cleanly when unavailable):
// files written by writeNpy/writeSafetensors are read by Python with identical values, and
// files NumPy writes with random content, dtypes, byte orders, orders and versions are read
// by readNpy with identical values. Float16 is checked exhaustively (all 65536 patterns).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HAS_NUMPY, runPython, sameValues } from '../../../test/helpers/io.js';
import { isArrayOf, isNumberArray, isRecord } from '../guards.js';
import { createRng, fillNormal } from '../random/index.js';
import { readNpy, writeNpy } from './npy.js';
import { writeSafetensors } from './safetensors.js';

const dir = HAS_NUMPY ? mkdtempSync(join(tmpdir(), 'ortholab-npy-')) : '';
afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

function f64FromHex(hex: string): Float64Array {
  const b = new Uint8Array(hex.length / 2);
  for (let k = 0; k < b.length; k++) b[k] = Number.parseInt(hex.slice(2 * k, 2 * k + 2), 16);
  return new Float64Array(b.buffer);
}

const LOAD = `
import sys, io, json, numpy as np
out = []
for path in sys.argv[1:]:
    raw = open(path, 'rb').read()
    a = np.load(path)
    buf = io.BytesIO(); np.save(buf, a)
    out.append({'shape': list(a.shape), 'dtype': a.dtype.str, 'hex': np.ascontiguousarray(a, dtype='<f8').tobytes().hex(),
                'same_bytes_as_np_save': buf.getvalue() == raw})
print(json.dumps(out))
`;

describe.skipIf(!HAS_NUMPY)('NumPy reads what writeNpy writes', () => {
  it('float64 bit-exact, float32 rounded to nearest, and byte-identical to np.save', () => {
    const rng = createRng(11);
    const shapes = [[], [1], [7], [3, 5], [1, 64], [2, 3, 4], [0, 3], [4, 0, 2]];
    const cases: { path: string; data: Float64Array; shape: number[]; dtype: 'float64' | 'float32' }[] = [];
    for (const shape of shapes) {
      for (const dtype of ['float64', 'float32'] as const) {
        const n = shape.reduce((a, b) => a * b, 1);
        const data = fillNormal(rng, new Float64Array(n)).map((x) => x * 10 ** (Math.round(x * 3) * 10));
        if (n >= 3) data.set([-0, 1e-310, 2 ** -149 * 0.75], 0); // -0, f64 subnormal, f32 round-to-subnormal
        const path = join(dir, `w_${shape.join('x')}_${dtype}.npy`);
        // allowOverflow: the data reach 1e±60, and beyond ±3.4e38 float32 must give ±Infinity as NumPy's astype.
        writeFileSync(path, writeNpy({ shape, data }, { dtype, allowOverflow: true }));
        cases.push({ path, data, shape, dtype });
      }
    }
    const got: unknown = JSON.parse(
      runPython(
        LOAD,
        cases.map((c) => c.path),
      ),
    );
    const isLoaded = (
      x: unknown,
    ): x is { shape: number[]; dtype: string; hex: string; same_bytes_as_np_save: boolean } =>
      isRecord(x) &&
      isNumberArray(x.shape) &&
      typeof x.dtype === 'string' &&
      typeof x.hex === 'string' &&
      typeof x.same_bytes_as_np_save === 'boolean';
    if (!isArrayOf(got, isLoaded))
      throw new Error(`unexpected output from NumPy: ${JSON.stringify(got).slice(0, 200)}`);
    cases.forEach((c, k) => {
      expect(got[k]!.shape).toEqual(c.shape);
      expect(got[k]!.dtype).toBe(c.dtype === 'float64' ? '<f8' : '<f4');
      expect(got[k]!.same_bytes_as_np_save).toBe(true);
      const want = c.dtype === 'float64' ? c.data : c.data.map(Math.fround);
      expect(sameValues(f64FromHex(got[k]!.hex), want)).toBe(true);
    });
  });
});

const WRITE = `
import sys, os, json, numpy as np
from numpy.lib import format as F
rng = np.random.default_rng(int(sys.argv[2]))
d = sys.argv[1]
cases = []
dtypes = ['<f8','>f8','<f4','>f4','<f2','>f2','|i1','|u1','<i2','>u2','<i4','>i4','<u4','<i8','>i8','<u8','|b1']
for k in range(60):
    dt = dtypes[k % len(dtypes)]
    rank = int(rng.integers(0, 5))
    shape = tuple(int(s) for s in rng.integers(0 if k % 7 == 0 else 1, 5, size=rank))
    x = rng.standard_normal(shape) * 10.0 ** rng.integers(-3, 4, size=shape)
    if np.dtype(dt).kind in 'iu':
        info = np.iinfo(np.dtype(dt))
        x = rng.integers(info.min, info.max, size=shape, dtype=np.dtype(dt).newbyteorder('='), endpoint=True)
    a = np.asarray(x).astype(dt)
    if k % 3 == 1:
        a = np.asfortranarray(a)
    version = [(1, 0), (2, 0), (3, 0)][k % 3]
    path = os.path.join(d, f'np_{k}.npy')
    with open(path, 'wb') as f:
        F.write_array(f, a, version=version)
    exact = np.ascontiguousarray(a).ravel()
    if exact.dtype.kind in 'iu':
        vals = [float(int(v)) for v in exact.tolist()]  # Python's int -> float is correctly rounded
        ref = np.array(vals, dtype='<f8')
    else:
        ref = np.ascontiguousarray(a, dtype='<f8').ravel()
    cases.append({'path': path, 'shape': list(a.shape), 'fortran': bool(a.flags.f_contiguous and not a.flags.c_contiguous and a.ndim > 1),
                  'hex': ref.tobytes().hex()})
print(json.dumps(cases))
`;

describe.skipIf(!HAS_NUMPY)('readNpy reads what NumPy writes', () => {
  it('60 random arrays: all dtypes, both byte orders, C and Fortran order, versions 1-3, ranks 0-4', () => {
    const cases: unknown = JSON.parse(runPython(WRITE, [dir, '5']));
    const isWritten = (x: unknown): x is { path: string; shape: number[]; fortran: boolean; hex: string } =>
      isRecord(x) &&
      typeof x.path === 'string' &&
      isNumberArray(x.shape) &&
      typeof x.fortran === 'boolean' &&
      typeof x.hex === 'string';
    if (!isArrayOf(cases, isWritten))
      throw new Error(`unexpected output from NumPy: ${JSON.stringify(cases).slice(0, 200)}`);
    let fortran = 0;
    for (const c of cases) {
      const nd = readNpy(new Uint8Array(readFileSync(c.path)));
      expect(nd.shape).toEqual(c.shape);
      if (c.fortran) {
        expect(nd.fortranOrder).toBe(true);
        fortran++;
      }
      expect(sameValues(nd.data, f64FromHex(c.hex)), c.path).toBe(true);
    }
    expect(fortran).toBeGreaterThan(5);
  });

  it('float16: all 65536 bit patterns match numpy.float16 -> float64', () => {
    runPython(
      `import sys, numpy as np
a = np.arange(65536, dtype='<u2').view('<f2')
np.save(sys.argv[1] + '/all_f2.npy', a)
np.save(sys.argv[1] + '/all_f2_as_f8.npy', a.astype('<f8'))`,
      [dir],
    );
    const f2 = readNpy(new Uint8Array(readFileSync(join(dir, 'all_f2.npy'))));
    const f8 = readNpy(new Uint8Array(readFileSync(join(dir, 'all_f2_as_f8.npy'))));
    expect(f2.dtype).toBe('float16');
    expect(sameValues(f2.data, f8.data)).toBe(true);
  });
});

describe.skipIf(!HAS_NUMPY)(
  'Python reads what writeSafetensors writes (format parsed by hand with struct/json)',
  () => {
    it('F64 and F32 tensors and metadata', () => {
      const w = fillNormal(createRng(4), new Float64Array(12));
      for (const dtype of ['float64', 'float32'] as const) {
        const path = join(dir, `t_${dtype}.safetensors`);
        writeFileSync(
          path,
          writeSafetensors({ 'rnn.weight_hh_l0': { shape: [4, 3], data: w } }, { k: 'v' }, { dtype }),
        );
        const out: unknown = JSON.parse(
          runPython(
            `import sys, json, struct, numpy as np
raw = open(sys.argv[1], 'rb').read()
n = struct.unpack('<Q', raw[:8])[0]
h = json.loads(raw[8:8 + n])
e = h['rnn.weight_hh_l0']
dt = {'F64': '<f8', 'F32': '<f4'}[e['dtype']]
a = np.frombuffer(raw[8 + n + e['data_offsets'][0]:8 + n + e['data_offsets'][1]], dtype=dt).reshape(e['shape'])
print(json.dumps({'meta': h['__metadata__'], 'shape': list(a.shape), 'hex': a.astype('<f8').tobytes().hex(), 'end': e['data_offsets'][1] + 8 + n == len(raw)}))`,
            [path],
          ),
        );
        if (!isRecord(out) || !isNumberArray(out.shape) || typeof out.hex !== 'string') {
          throw new Error(`unexpected output from NumPy: ${JSON.stringify(out).slice(0, 200)}`);
        }
        expect(out.meta).toEqual({ k: 'v' });
        expect(out.shape).toEqual([4, 3]);
        expect(out.end).toBe(true);
        expect(sameValues(f64FromHex(out.hex), dtype === 'float64' ? w : w.map(Math.fround))).toBe(true);
      }
    });
  },
);
