/**
 * Square matmul C = A·B at n = 128, 256, 512: ortholab (packed gemm on its WebAssembly SIMD
 * kernel, and on its JavaScript kernel, which gives the same bits) vs a plain i-k-j triple
 * loop vs ml-matrix's mmul vs NumPy (single-threaded OpenBLAS). Median of runs; GFLOP/s = 2n³/t.
 * ml-matrix is imported after ortholab is timed (see the note in qr.bench.ts).
 */

import { type Matrix, createRng, fillNormal, matmul, zeros } from '../src/core/index.js';
import { setGemmKernel } from '../src/core/linalg/gemm.js';
import { type Timing, cell, loadLine, ratios, runNumpy, table, timeIt } from './lib.js';

function gaussian(n: number, seed: number): Matrix {
  const a = zeros(n, n);
  fillNormal(createRng(seed), a.data);
  return a;
}

function tripleLoop(a: Matrix, b: Matrix): Float64Array {
  const n = a.rows;
  const A = a.data;
  const B = b.data;
  const C = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < n; p++) {
      const aip = A[i * n + p]!;
      for (let j = 0; j < n; j++) C[i * n + j] = C[i * n + j]! + aip * B[p * n + j]!;
    }
  }
  return C;
}

console.log(`start: ${loadLine()}`);
const measured: { n: number; ours: Timing; js: Timing; loop: Timing; np: Timing | null }[] = [];
for (const n of [128, 256, 512]) {
  const a = gaussian(n, 1);
  const b = gaussian(n, 2);
  const runs = n <= 256 ? 9 : 5;
  if (setGemmKernel('simd') !== 'simd') console.log('note: no WebAssembly SIMD here; both columns use the JS kernel');
  const ours = timeIt(() => matmul(a, b), { runs, warmup: 3 });
  setGemmKernel('js');
  const js = timeIt(() => matmul(a, b), { runs, warmup: 3 });
  setGemmKernel('simd');
  const loop = timeIt(() => tripleLoop(a, b), { runs, warmup: 2 });
  const np = runNumpy(
    `rng = np.random.default_rng(0); a = rng.standard_normal((${n}, ${n})); b = rng.standard_normal((${n}, ${n}))`,
    'a @ b',
    { runs: 9, warmup: 3 },
  );
  measured.push({ n, ours, js, loop, np });
}
const { Matrix: MlMatrix } = await import('ml-matrix');
const toMl = (a: Matrix) =>
  new MlMatrix(Array.from({ length: a.rows }, (_, i) => Array.from(a.data.subarray(i * a.cols, (i + 1) * a.cols))));
const rows: string[][] = [];
for (const { n, ours, js, loop, np } of measured) {
  const ma = toMl(gaussian(n, 1));
  const mb = toMl(gaussian(n, 2));
  const ml = timeIt(() => ma.mmul(mb), { runs: n <= 256 ? 9 : 5, warmup: 2 });
  const f = 2 * n ** 3;
  rows.push([
    String(n),
    cell(ours, f),
    cell(js, f),
    cell(loop, f),
    cell(ml, f),
    np ? cell(np, f) : 'n/a',
    ratios(js, ours),
    ratios(loop, ours),
    ratios(ml, ours),
    np ? ratios(ours, np) : 'n/a',
  ]);
}
console.log(
  `matmul C = A·B, n x n Gaussian. Cells: wall median / wall min / CPU median (GFLOP/s at the wall median); ratios likewise. ${loadLine()}\n`,
);
console.log(
  table(
    [
      'n',
      'ortholab (SIMD kernel)',
      'ortholab JS kernel',
      'triple loop (i-k-j)',
      'ml-matrix mmul',
      'NumPy',
      'JS kernel / ours',
      'loop / ours',
      'ml-matrix / ours',
      'ours / NumPy',
    ],
    rows,
  ),
);
