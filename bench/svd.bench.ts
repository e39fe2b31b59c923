/**
 * The SVD against NumPy at the sizes (issue 17): svd with U, V at 256 and 512 and
 * singular values at 256 and 512, on the same seeded Gaussian matrices (NumPy reads them from a
 * temporary JSON file). Each row times ortholab's svd (divide and conquer, blocked reduction),
 * the earlier all-QR path (svdReference) and NumPy (dgesdd, one thread) in the same run; cells
 * are wall median / wall min / CPU median (bench/lib.ts).
 *
 *   npm run bench -- svd            (add --quick for 256 only)
 *   npm run bench -- svd --threads 2   (gemm on two threads, NumPy's BLAS on two threads; CPU
 *                                       times then add up both threads)
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { type Matrix, createRng, fillNormal, singularValues, svd, zeros } from '../src/core/index.js';
import { svdReference } from '../src/core/linalg/svd.js';
import { useGemmThreads } from '../src/node/gemmThreads.js';
import { cell, loadLine, ratios, runNumpy, table, timeIt } from './lib.js';
import { benchThreads } from './threadsOption.js';

const quick = process.argv.includes('--quick');
const threads = await benchThreads(process.argv);
const sizes = quick ? [256] : [256, 512];
const dir = mkdtempSync(join(os.tmpdir(), 'ortholab-svd-bench-'));

function gaussian(n: number, seed: number): Matrix {
  const a = zeros(n, n);
  fillNormal(createRng(seed), a.data);
  return a;
}

console.log(`start: ${loadLine()}; ortholab's gemm and NumPy's BLAS on ${threads} thread(s)`);
const rows: string[][] = [];
for (const n of sizes) {
  const a = gaussian(n, 17 + n);
  const file = join(dir, `a${n}.json`);
  writeFileSync(file, JSON.stringify(Array.from(a.data)));
  const load = `import json; a = np.array(json.load(open(${JSON.stringify(file)}))).reshape(${n}, ${n})`;
  const runs = n <= 256 ? 9 : 5;
  // V8 tiers the solver's hot functions up over its first several calls (bench/steady.ts's
  // sorted times show calls 1-6 at 1.5-8x the steady time at n = 256); 2 warm-up calls left
  // those in the timed runs. NumPy's compiled LAPACK needs none, but gets the same count.
  const warmup = n <= 256 ? 8 : 3;
  for (const [op, fast, ref, stmt] of [
    [
      'singularValues',
      () => singularValues(a),
      () => svdReference(a, { vectors: false }),
      'np.linalg.svd(a, compute_uv=False)',
    ],
    ['svd (vectors)', () => svd(a), () => svdReference(a), 'np.linalg.svd(a, full_matrices=False)'],
  ] as const) {
    const ours = timeIt(fast, { runs, warmup });
    const old = timeIt(ref, { runs: Math.min(runs, 5), warmup: 1 });
    const np = runNumpy(load, stmt, { runs, warmup }, threads);
    rows.push([
      op,
      String(n),
      cell(ours),
      cell(old),
      np === null ? 'n/a' : cell(np),
      ratios(old, ours),
      np === null ? 'n/a' : ratios(ours, np),
    ]);
  }
}
rmSync(dir, { recursive: true, force: true });
console.log(`end: ${loadLine()}`);
useGemmThreads(1);
console.log('\nn x n Gaussian; wall median / wall min / CPU median\n');
console.log(
  table(
    [
      'op',
      'n',
      'ortholab',
      'ortholab, old QR path',
      `NumPy (${threads} thread${threads === 1 ? '' : 's'})`,
      'old / new',
      'ortholab / NumPy',
    ],
    rows,
  ),
);
