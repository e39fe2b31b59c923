/**
 * Eigen and singular value solvers at n = 64, 128, 256 (and eig/eigvals at 512): ortholab vs
 * ml-matrix (EigenvalueDecomposition, SingularValueDecomposition) vs NumPy (LAPACK via
 * OpenBLAS, one thread). Every library gets the same seeded Gaussian matrices (NumPy reads them
 * from a temporary JSON file). Cells are wall median / wall min / CPU median of several runs
 * after warm-up (bench/lib.ts); ratios likewise. Mins and CPU times suffer less from other
 * load on the shared machine.
 *
 *   npm run bench -- eig            (add --quick to skip n = 256 and 512)
 *   npm run bench -- eig --only eigSymmetric   (only the rows whose op contains the word)
 *   npm run bench -- eig --threads 2   (gemm on two threads, NumPy's BLAS on two threads; CPU
 *                                       times then add up both threads)
 *   npm run bench -- eig --large       (also eigvals at n = 1024, the multishift QR's target;
 *                                       about a minute more)
 *
 * ml-matrix is imported only after ortholab has been timed: loading a CommonJS package through
 * tsx detaches an ArrayBuffer, after which V8 guards every typed-array access and our kernels
 * run ~18% slower (see bench/qr.bench.ts and docs/decisions/0004).
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
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
import { useGemmThreads } from '../src/node/gemmThreads.js';
import { type Timing, cell, loadLine, ratios, runNumpy, table, timeIt } from './lib.js';
import { benchThreads } from './threadsOption.js';

const quick = process.argv.includes('--quick');
const large = process.argv.includes('--large');
const threads = await benchThreads(process.argv);
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt >= 0 ? (process.argv[onlyAt + 1] ?? '') : '';
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
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) s.data[i * n + j] = a.data[i * n + j]! + a.data[j * n + i]!;
  return s;
}

/** NumPy setup code that loads `a` exactly (the same doubles as the JS side). */
function npLoad(a: Matrix, name: string): string {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(Array.from(a.data)));
  return `import json; a = np.array(json.load(open(${JSON.stringify(file)}))).reshape(${a.rows}, ${a.cols})`;
}

/** One benchmark row; `ml` is filled in the second phase. */
interface Row {
  op: string;
  n: number;
  ours: Timing;
  np: Timing | null;
  ml: Timing | null;
  /** What ml-matrix runs for this row, or null when it has no counterpart. */
  mlOp: 'evd' | 'evdSym' | 'svdValues' | 'svd' | null;
  input: Matrix;
}

console.log(`start: ${loadLine()}; ortholab's gemm and NumPy's BLAS on ${threads} thread(s)`);
const rows: Row[] = [];
const runsFor = (n: number): number => (n <= 64 ? 15 : 11);

// Phase 1: ortholab and NumPy.
for (const n of sizes) {
  const a = gaussian(n, n);
  const s = symmetrize(a);
  const runs = runsFor(n);
  const loadA = npLoad(a, `a${n}`);
  const loadS = npLoad(s, `s${n}`);
  const add = (op: string, mlOp: Row['mlOp'], input: Matrix, fn: () => unknown, npStmt: string, load: string) => {
    if (!op.includes(only)) return;
    rows.push({
      op,
      n,
      input,
      mlOp,
      ours: timeIt(fn, { runs, warmup: 3 }),
      np: runNumpy(load, npStmt, { runs, warmup: 2 }, threads),
      ml: null,
    });
  };
  add('eigvals', 'evd', a, () => eigvals(a), 'np.linalg.eigvals(a)', loadA);
  // ml-matrix always computes vectors: its eigvals row is the same call.
  add('eig (vectors)', null, a, () => eig(a), 'np.linalg.eig(a)', loadA);
  add('eigSymmetric values', null, s, () => eigSymmetric(s, { vectors: false }), 'np.linalg.eigvalsh(a)', loadS);
  add('eigSymmetric (vectors)', 'evdSym', s, () => eigSymmetric(s), 'np.linalg.eigh(a)', loadS);
  add('singularValues', 'svdValues', a, () => singularValues(a), 'np.linalg.svd(a, compute_uv=False)', loadA);
  add('svd (vectors)', 'svd', a, () => svd(a), 'np.linalg.svd(a, full_matrices=False)', loadA);
}
if (!quick) {
  const a = gaussian(512, 512);
  const s = symmetrize(a);
  const load = npLoad(a, 'a512');
  const loadS = npLoad(s, 's512');
  for (const [op, fn, stmt, ld] of [
    ['eig (vectors)', () => eig(a), 'np.linalg.eig(a)', load],
    ['eigvals', () => eigvals(a), 'np.linalg.eigvals(a)', load],
    ['eigSymmetric values', () => eigSymmetric(s, { vectors: false }), 'np.linalg.eigvalsh(a)', loadS],
    ['eigSymmetric (vectors)', () => eigSymmetric(s), 'np.linalg.eigh(a)', loadS],
  ] as const) {
    if (!op.includes(only)) continue;
    rows.push({
      op,
      n: 512,
      input: op.startsWith('eigSymmetric') ? s : a,
      mlOp: null,
      ours: timeIt(fn, { runs: 7, warmup: 2 }),
      np: runNumpy(ld, stmt, { runs: 7, warmup: 2 }, threads),
      ml: null,
    });
  }
}
if (large && 'eigvals'.includes(only)) {
  const a = gaussian(1024, 1024);
  const load = npLoad(a, 'a1024');
  rows.push({
    op: 'eigvals',
    n: 1024,
    input: a,
    mlOp: null,
    ours: timeIt(() => eigvals(a), { runs: 5, warmup: 1 }),
    np: runNumpy(load, 'np.linalg.eigvals(a)', { runs: 5, warmup: 1 }, threads),
    ml: null,
  });
}
rmSync(dir, { recursive: true, force: true });

// Phase 2: ml-matrix (imported only now, see the header).
const { EigenvalueDecomposition, Matrix: MlMatrix, SingularValueDecomposition } = await import('ml-matrix');
const toMl = (a: Matrix) =>
  new MlMatrix(Array.from({ length: a.rows }, (_, i) => Array.from(a.data.subarray(i * a.cols, (i + 1) * a.cols))));
for (const r of rows) {
  if (r.mlOp === null) continue;
  const m = toMl(r.input);
  const runs = r.n <= 128 ? 9 : 5;
  const fn = {
    evd: () => new EigenvalueDecomposition(m),
    evdSym: () => new EigenvalueDecomposition(m, { assumeSymmetric: true }),
    svdValues: () =>
      new SingularValueDecomposition(m, { computeLeftSingularVectors: false, computeRightSingularVectors: false }),
    svd: () => new SingularValueDecomposition(m),
  }[r.mlOp];
  r.ml = timeIt(fn, { runs, warmup: 1 });
}

console.log(`end: ${loadLine()}`);
useGemmThreads(1);
console.log(
  '\nn x n Gaussian (symmetric rows: G + Gᵀ), same matrices for every library; wall median / wall min / CPU median\n',
);
console.log(
  table(
    [
      'op',
      'n',
      'ortholab',
      'ml-matrix',
      `NumPy (${threads} thread${threads === 1 ? '' : 's'})`,
      'ml-matrix / ortholab',
      'ortholab / NumPy',
    ],
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
