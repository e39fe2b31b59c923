/**
 * Hessenberg reduction and eigvals at n = 512 and 1024: the unblocked pipelined dgehd2
 * (hessenberg.ts) against the blocked dgehrd/dlahr2 code (hessenbergBlocked.ts), and eigvals
 * (which uses the blocked code from n = 384) against NumPy (np.linalg.eigvals) and SciPy's
 * scipy.linalg.hessenberg (LAPACK dgehrd, OpenBLAS one thread), interleaved in one run. Cells
 * are wall median / wall min / CPU median (bench/lib.ts).
 *
 *   npm run bench -- hessenberg          (add --quick for n = 512 only)
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { type Matrix, createRng, eigvals, fillNormal, zeros } from '../src/core/index.js';
import { reduceToHessenberg } from '../src/core/linalg/hessenberg.js';
import { reduceToHessenbergBlocked } from '../src/core/linalg/hessenbergBlocked.js';
import { cell, loadLine, ratios, runNumpy, table, timeIt } from './lib.js';

const quick = process.argv.includes('--quick');
const sizes = quick ? [512] : [512, 1024];
const dir = mkdtempSync(join(os.tmpdir(), 'ortholab-hess-bench-'));

function gaussian(n: number, seed: number): Matrix {
  const a = zeros(n, n);
  fillNormal(createRng(seed), a.data);
  return a;
}

console.log(`start: ${loadLine()}`);
const out: string[][] = [];
for (const n of sizes) {
  const a = gaussian(n, 17 + n);
  const file = join(dir, `a${n}.json`);
  writeFileSync(file, JSON.stringify(Array.from(a.data)));
  const load = `import json; a = np.array(json.load(open(${JSON.stringify(file)}))).reshape(${n}, ${n})`;
  const opts = { runs: n >= 1024 ? 3 : 5, warmup: 1 };
  const unblocked = timeIt(() => reduceToHessenberg(a.data.slice(), n, new Float64Array(n - 2)), opts);
  const blocked = timeIt(() => reduceToHessenbergBlocked(a.data.slice(), n, new Float64Array(n - 2)), opts);
  const npHess = runNumpy(`${load}; import scipy.linalg`, 'scipy.linalg.hessenberg(a)', opts);
  const ours = timeIt(() => eigvals(a), opts);
  const np = runNumpy(load, 'np.linalg.eigvals(a)', opts);
  out.push([
    `hessenberg (no Q) ${n}`,
    cell(unblocked),
    cell(blocked),
    npHess === null ? '-' : cell(npHess),
    npHess === null ? '-' : ratios(blocked, npHess),
  ]);
  out.push([`eigvals ${n}`, '-', cell(ours), np === null ? '-' : cell(np), np === null ? '-' : ratios(ours, np)]);
}
rmSync(dir, { recursive: true, force: true });
console.log(table(['op', 'unblocked', 'ortholab', 'NumPy/SciPy', 'ortholab / NumPy'], out));
console.log(`end: ${loadLine()}`);
