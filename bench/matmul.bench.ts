/**
 * Square matmul C = A·B at n = 128, 256, 512: ortholab (packed gemm) vs a plain i-k-j triple
 * loop vs ml-matrix's mmul vs NumPy (single-threaded OpenBLAS). Median of runs; GFLOP/s = 2n³/t.
 */

import { Matrix as MlMatrix } from 'ml-matrix';
import { type Matrix, createRng, fillNormal, matmul, zeros } from '../src/core/index.js';
import { cell, loadLine, ratios, runNumpy, table, timeIt } from './lib.js';

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
      const aip = A[i * n + p];
      for (let j = 0; j < n; j++) C[i * n + j] += aip * B[p * n + j];
    }
  }
  return C;
}

const toMl = (a: Matrix): MlMatrix =>
  new MlMatrix(Array.from({ length: a.rows }, (_, i) => Array.from(a.data.subarray(i * a.cols, (i + 1) * a.cols))));

console.log(`start: ${loadLine()}`);
const rows: string[][] = [];
for (const n of [128, 256, 512]) {
  const a = gaussian(n, 1);
  const b = gaussian(n, 2);
  const runs = n <= 256 ? 9 : 5;
  const ours = timeIt(() => matmul(a, b), { runs, warmup: 3 });
  const loop = timeIt(() => tripleLoop(a, b), { runs, warmup: 2 });
  const ma = toMl(a);
  const mb = toMl(b);
  const ml = timeIt(() => ma.mmul(mb), { runs, warmup: 2 });
  const np = runNumpy(
    `rng = np.random.default_rng(0); a = rng.standard_normal((${n}, ${n})); b = rng.standard_normal((${n}, ${n}))`,
    'a @ b',
    { runs: 9, warmup: 3 },
  );
  const f = 2 * n ** 3;
  rows.push([
    String(n),
    cell(ours, f),
    cell(loop, f),
    cell(ml, f),
    np ? cell(np, f) : 'n/a',
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
      'ortholab',
      'triple loop (i-k-j)',
      'ml-matrix mmul',
      'NumPy',
      'loop / ours',
      'ml-matrix / ours',
      'ours / NumPy',
    ],
    rows,
  ),
);
