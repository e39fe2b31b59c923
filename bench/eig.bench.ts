/**
 * Eigen and singular value solvers at n = 64, 128, 256 (and eig at 512): ortholab vs ml-matrix
 * (EigenvalueDecomposition, SingularValueDecomposition) vs NumPy (LAPACK via OpenBLAS, one
 * thread). Every library gets the same seeded Gaussian matrices (NumPy reads them from a
 * temporary JSON file). Median and min of several runs after warm-up; ratios of medians
 * (and, in parentheses, of mins, which suffer less from other load on the machine).
 *
 *   npm run bench -- eig            (add --quick to skip n = 256 and 512)
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { EigenvalueDecomposition, Matrix as MlMatrix, SingularValueDecomposition } from 'ml-matrix';
import {
  type Matrix,
  createRng,
  eig,
  eigSymmetric,
  eigvals,
  fillNormal,
  singularValues,
  svd,
  zeros,
} from '../src/core/index.js';
import { type Timing, cell, loadLine, ratios, runNumpy, table, timeIt } from './lib.js';

const quick = process.argv.includes('--quick');
const sizes = quick ? [64, 128] : [64, 128, 256];
const dir = mkdtempSync(join(os.tmpdir(), 'ortholab-eig-bench-'));

function gaussian(n: number, seed: number): Matrix {
  const a = zeros(n, n);
  fillNormal(createRng(seed), a.data);
  return a;
}

function symmetrize(a: Matrix): Matrix {
  const n = a.rows;
  const s = zeros(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) s.data[i * n + j] = a.data[i * n + j] + a.data[j * n + i];
  return s;
}

const toMl = (a: Matrix): MlMatrix =>
  new MlMatrix(Array.from({ length: a.rows }, (_, i) => Array.from(a.data.subarray(i * a.cols, (i + 1) * a.cols))));

/** NumPy setup code that loads `a` exactly (the same doubles as the JS side). */
function npLoad(a: Matrix, name: string): string {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(Array.from(a.data)));
  return `import json; a = np.array(json.load(open(${JSON.stringify(file)}))).reshape(${a.rows}, ${a.cols})`;
}

interface Row {
  op: string;
  n: number;
  ours: Timing;
  ml: Timing | null;
  np: Timing | null;
}
console.log(`start: ${loadLine()}`);
const rows: Row[] = [];
const runsFor = (n: number): number => (n <= 64 ? 15 : n <= 128 ? 9 : 7);

for (const n of sizes) {
  const a = gaussian(n, n);
  const s = symmetrize(a);
  const runs = runsFor(n);
  const ma = toMl(a);
  const mlS = toMl(s);
  const loadA = npLoad(a, `a${n}`);
  const loadS = npLoad(s, `s${n}`);
  const mlRuns = Math.max(3, Math.min(runs, n <= 128 ? 9 : 5));

  rows.push({
    op: 'eigvals',
    n,
    ours: timeIt(() => eigvals(a), { runs, warmup: 3 }),
    ml: timeIt(() => new EigenvalueDecomposition(ma), { runs: mlRuns, warmup: 1 }),
    np: runNumpy(loadA, 'np.linalg.eigvals(a)', { runs, warmup: 2 }),
  });
  rows.push({
    op: 'eig (vectors)',
    n,
    ours: timeIt(() => eig(a), { runs, warmup: 2 }),
    ml: null, // same call as the eigvals row: ml-matrix always computes vectors
    np: runNumpy(loadA, 'np.linalg.eig(a)', { runs, warmup: 2 }),
  });
  rows.push({
    op: 'eigSymmetric values',
    n,
    ours: timeIt(() => eigSymmetric(s, { vectors: false }), { runs, warmup: 3 }),
    ml: null,
    np: runNumpy(loadS, 'np.linalg.eigvalsh(a)', { runs, warmup: 2 }),
  });
  rows.push({
    op: 'eigSymmetric (vectors)',
    n,
    ours: timeIt(() => eigSymmetric(s), { runs, warmup: 2 }),
    ml: timeIt(() => new EigenvalueDecomposition(mlS, { assumeSymmetric: true }), { runs: mlRuns, warmup: 1 }),
    np: runNumpy(loadS, 'np.linalg.eigh(a)', { runs, warmup: 2 }),
  });
  rows.push({
    op: 'singularValues',
    n,
    ours: timeIt(() => singularValues(a), { runs, warmup: 3 }),
    ml: timeIt(
      () =>
        new SingularValueDecomposition(ma, { computeLeftSingularVectors: false, computeRightSingularVectors: false }),
      { runs: mlRuns, warmup: 1 },
    ),
    np: runNumpy(loadA, 'np.linalg.svd(a, compute_uv=False)', { runs, warmup: 2 }),
  });
  rows.push({
    op: 'svd (vectors)',
    n,
    ours: timeIt(() => svd(a), { runs, warmup: 2 }),
    ml: timeIt(() => new SingularValueDecomposition(ma), { runs: mlRuns, warmup: 1 }),
    np: runNumpy(loadA, 'np.linalg.svd(a, full_matrices=False)', { runs, warmup: 2 }),
  });
}
if (!quick) {
  const a = gaussian(512, 512);
  rows.push({
    op: 'eig (vectors)',
    n: 512,
    ours: timeIt(() => eig(a), { runs: 3, warmup: 1 }),
    ml: null,
    np: runNumpy(npLoad(a, 'a512'), 'np.linalg.eig(a)', { runs: 5, warmup: 1 }),
  });
  rows.push({
    op: 'eigvals',
    n: 512,
    ours: timeIt(() => eigvals(a), { runs: 5, warmup: 1 }),
    ml: null,
    np: runNumpy(npLoad(a, 'a512'), 'np.linalg.eigvals(a)', { runs: 5, warmup: 1 }),
  });
}
rmSync(dir, { recursive: true, force: true });

console.log(`end: ${loadLine()}`);
console.log('\nn x n Gaussian (symmetric rows: G + Gᵀ), the same matrices for every library; median / min\n');
console.log(
  table(
    ['op', 'n', 'ortholab', 'ml-matrix', 'NumPy (1 thread)', 'ml-matrix / ortholab', 'ortholab / NumPy'],
    rows.map((r) => [
      r.op,
      String(r.n),
      cell(r.ours),
      r.ml === null ? '—' : cell(r.ml),
      r.np === null ? 'n/a' : cell(r.np),
      r.ml === null ? '—' : ratios(r.ml, r.ours),
      r.np === null ? 'n/a' : ratios(r.ours, r.np),
    ]),
  ),
);
