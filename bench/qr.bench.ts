/**
 * QR with an explicit Q of an n x n Gaussian matrix (n = 256, 512, 1024): ortholab's blocked
 * compact-WY Householder QR vs the unblocked Householder code it is built from (dgeqr2 +
 * dorg2r equivalents, same file set) vs ml-matrix (QrDecomposition + orthogonalMatrix +
 * upperTriangularMatrix) vs NumPy np.linalg.qr (LAPACK dgeqrf + dorgqr, single-threaded).
 * Median of runs; GFLOP/s counts the textbook 8n³/3 flops of R plus explicit Q.
 * `npm run bench -- qr` (add `--quick` after the name to skip n = 1024).
 */

import { Matrix as MlMatrix, QrDecomposition } from 'ml-matrix';
import { type Matrix, createRng, fillNormal, qr, zeros } from '../src/core/index.js';
import { geqr2, org2r } from '../src/core/linalg/householder.js';
import { cell, loadLine, ratios, runNumpy, table, timeIt } from './lib.js';

function gaussian(n: number, seed: number): Matrix {
  const a = zeros(n, n);
  fillNormal(createRng(seed), a.data);
  return a;
}

/** The unblocked reference: level-2 Householder QR and backward accumulation of Q. */
function qrUnblocked(a: Matrix): { q: Float64Array; r: Float64Array } {
  const n = a.rows;
  const w = a.data.slice();
  const tau = new Float64Array(n);
  geqr2(n, n, w, n, 0, tau);
  const q = new Float64Array(n * n);
  org2r(n, n, n, w, n, tau, q);
  return { q, r: w };
}

const quick = process.argv.includes('--quick');
const sizes = quick ? [256, 512] : [256, 512, 1024];
console.log(`start: ${loadLine()}`);
const rows: string[][] = [];
for (const n of sizes) {
  const a = gaussian(n, 1);
  const runs = n <= 512 ? 7 : 5;
  const ours = timeIt(() => qr(a), { runs, warmup: 2 });
  const unblocked = timeIt(() => qrUnblocked(a), { runs: n <= 512 ? 5 : 3, warmup: 1 });
  const ma = new MlMatrix(Array.from({ length: n }, (_, i) => Array.from(a.data.subarray(i * n, (i + 1) * n))));
  const ml = timeIt(
    () => {
      const d = new QrDecomposition(ma);
      return [d.orthogonalMatrix, d.upperTriangularMatrix];
    },
    { runs: 3, warmup: n <= 512 ? 1 : 0 },
  );
  const np = runNumpy(`rng = np.random.default_rng(0); a = rng.standard_normal((${n}, ${n}))`, 'np.linalg.qr(a)', {
    runs: 9,
    warmup: 2,
  });
  const f = (8 / 3) * n ** 3;
  rows.push([
    String(n),
    cell(ours, f),
    cell(unblocked, f),
    cell(ml, f),
    np ? cell(np, f) : 'n/a',
    np ? ratios(ours, np) : 'n/a',
    ratios(unblocked, ours),
    ratios(ml, ours),
  ]);
}
console.log(
  `QR with explicit Q (thin = full for square), n x n Gaussian. Cells: wall median / wall min / CPU median (GFLOP/s at 8n³/3 and the wall median); ratios likewise. ${loadLine()}\n`,
);
console.log(
  table(
    [
      'n',
      'ortholab qr',
      'unblocked Householder',
      'ml-matrix',
      'NumPy',
      'ours / NumPy',
      'unblocked / ours',
      'ml-matrix / ours',
    ],
    rows,
  ),
);
