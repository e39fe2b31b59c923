// Throughput of the file readers/writers on a 1024 x 1024 matrix (8 MiB as float64).
// Run: npx tsx bench/io.ts   (prints the median of 7 runs per case, after 2 warm-up runs)
import { createRng, fillNormal } from '../src/core/index.js';
import { readNpy, readSafetensors, writeNpy, writeSafetensors } from '../src/core/io/index.js';

const n = 1024;
const data = fillNormal(createRng(1), new Float64Array(n * n));
const shape = [n, n];

function median(f: () => unknown, runs = 7): number {
  for (let k = 0; k < 2; k++) f();
  const t: number[] = [];
  for (let k = 0; k < runs; k++) {
    const t0 = performance.now();
    f();
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  return t[Math.floor(runs / 2)];
}

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
// float16: build a valid '<f2' file by hand from the f8 header layout.
const f2 = writeNpy({ shape: [n * n / 4], data: new Float64Array(n * n / 4) });
f2[hdr] = 0x3c;
f2[hdr + 2] = 0x32; // '<f2': the data length (2 MiB) of n·n float16 equals that of n·n/4 float64
const f2Hdr = String.fromCharCode(...f2.subarray(10, 120));
const f2Fixed = f2Hdr.replace(`(${(n * n) / 4},)`, `(${n}, ${n})`.padEnd(`(${(n * n) / 4},)`.length, ' '));
f2.set(Array.from(f2Fixed, (c) => c.charCodeAt(0)), 10);

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
console.log(`1024 x 1024, node ${process.version}, median of 7 runs`);
for (const [name, ms, bytes] of rows) {
  console.log(`${name.padEnd(28)} ${ms.toFixed(2).padStart(8)} ms  ${(bytes / 2 ** 20 / (ms / 1000)).toFixed(0).padStart(6)} MiB/s`);
}
