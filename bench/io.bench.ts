// Throughput of the file readers/writers on a 1024 x 1024 matrix (8 MiB as float64).
// Run: npm run bench -- io   (median of 7 runs per case, after 2 warm-up runs)
import { createRng, fillNormal } from '../src/core/index.js';
import { readNpy, readSafetensors, writeNpy, writeSafetensors } from '../src/core/io/index.js';
import { table, timeIt } from './lib.js';

const n = 1024;
const data = fillNormal(createRng(1), new Float64Array(n * n));
const shape = [n, n];

const median = (f: () => unknown): number => timeIt(f, { warmup: 2, runs: 7 }).median * 1000;

const f8 = writeNpy({ shape, data });
const f4 = writeNpy({ shape, data }, { dtype: 'float32' });
const st = writeSafetensors({ w: { shape, data } });
// Big-endian and Fortran-order variants exercise the DataView and reorder paths.
const big = f8.slice();
const hdr = f8.indexOf(0x3c, 10); // '<' of '<f8'
big[hdr] = 0x3e;
const fortran = f8.slice();
const fo = String.fromCharCode(...fortran.subarray(10, 80)).indexOf('False') + 10;
fortran.set([0x54, 0x72, 0x75, 0x65, 0x20], fo); // 'True '
// float16: a '<f2' file assembled by hand (writeNpy only writes float64/float32).
function rawNpy(descr: string, dims: number[], raw: Uint8Array): Uint8Array {
  let h = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${dims.join(', ')}), }`;
  h += `${' '.repeat(63 - ((10 + h.length) % 64))}\n`;
  const out = new Uint8Array(10 + h.length + raw.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, h.length & 0xff, h.length >> 8]);
  out.set(
    Array.from(h, (c) => c.charCodeAt(0)),
    10,
  );
  out.set(raw, 10 + h.length);
  return out;
}
const f2 = rawNpy(
  '<f2',
  shape,
  Uint8Array.from({ length: 2 * n * n }, (_, k) => (k % 2 ? 0x3c : k % 251)),
);

const rows: [string, number, number][] = [
  ['writeNpy float64', median(() => writeNpy({ shape, data })), f8.length],
  ['writeNpy float32', median(() => writeNpy({ shape, data }, { dtype: 'float32' })), f4.length],
  ['readNpy <f8 (C order)', median(() => readNpy(f8)), f8.length],
  ['readNpy <f4', median(() => readNpy(f4)), f4.length],
  ['readNpy >f8 (big endian)', median(() => readNpy(big)), big.length],
  ['readNpy <f8 Fortran order', median(() => readNpy(fortran)), fortran.length],
  ['readNpy <f2', median(() => readNpy(f2)), f2.length],
  ['writeSafetensors F64', median(() => writeSafetensors({ w: { shape, data } })), st.length],
  ['readSafetensors F64', median(() => readSafetensors(st)), st.length],
];
console.log(`1024 x 1024 float64 matrix, median of 7 runs\n`);
console.log(
  table(
    ['case', 'median', 'throughput'],
    rows.map(([name, ms, bytes]) => [
      name,
      `${ms.toFixed(2)} ms`,
      `${(bytes / 2 ** 20 / (ms / 1000)).toFixed(0)} MiB/s`,
    ]),
  ),
);
