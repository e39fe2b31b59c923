/**
 * Dynamics against the same computation in NumPy (single-threaded BLAS), one run:
 * - powers: W^0..W^64 for n = 256 with per-step Frobenius norm, max |entry| and spectral norm
 *   (ortholab `powers(W, 64)`; NumPy: 64 products, np.linalg.norm(., 'fro'), abs().max(),
 *   np.linalg.norm(., 2)); also without the spectral norm;
 * - gradient norms: n = 128, T = 1000, the Jacobian products ∂h_T/∂h_t of a linear recurrence
 *   with their Frobenius norms (ortholab `gradientNorms(W, {steps: 1000})`; NumPy: the same
 *   backward loop P = P @ W with np.linalg.norm per step, plus the final singular values).
 * Usage: npm run bench -- dynamics
 */
import { gradientNorms, initMatrix, powers } from '../src/core/index.js';
import { ms, ratio, runNumpy, table, timeIt } from './lib.js';

const W256 = initMatrix({ name: 'orthogonal', seed: 1 }, 256, 256);
const W128 = initMatrix({ name: 'orthogonal', seed: 2 }, 128, 128);
const opts = { warmup: 1, runs: 5 };

const cases = [
  {
    name: 'powers n=256, 64 steps, all norms',
    ours: () => powers(W256, 64),
    setup: 'rng = np.random.default_rng(1); w, _ = np.linalg.qr(rng.standard_normal((256, 256)))',
    stmt: [
      'p = np.eye(256); frames = [p]; fro = [np.linalg.norm(p)]; mx = [abs(p).max()]; sp = [np.linalg.norm(p, 2)]',
      'for t in range(64):',
      '        p = w @ p; frames.append(p); fro.append(np.linalg.norm(p)); mx.append(abs(p).max()); sp.append(np.linalg.norm(p, 2))',
    ].join('\n    '),
  },
  {
    name: 'powers n=256, 64 steps, no spectral norm',
    ours: () => powers(W256, 64, { spectral: false }),
    setup: 'rng = np.random.default_rng(1); w, _ = np.linalg.qr(rng.standard_normal((256, 256)))',
    stmt: [
      'p = np.eye(256); frames = [p]; fro = [np.linalg.norm(p)]; mx = [abs(p).max()]',
      'for t in range(64):',
      '        p = w @ p; frames.append(p); fro.append(np.linalg.norm(p)); mx.append(abs(p).max())',
    ].join('\n    '),
  },
  {
    name: 'gradient norms n=128, T=1000',
    ours: () => gradientNorms(W128, { steps: 1000 }),
    setup: 'rng = np.random.default_rng(2); w, _ = np.linalg.qr(rng.standard_normal((128, 128)))',
    stmt: [
      'p = np.eye(128); g = np.ones(128) / np.sqrt(128); fro = []; vec = []',
      'for t in range(1000):',
      '        g = w.T @ g; vec.append(np.linalg.norm(g)); p = p @ w; fro.append(np.linalg.norm(p))',
      's = np.linalg.svd(p, compute_uv=False)',
    ].join('\n    '),
  },
];

const rows: string[][] = [];
for (const c of cases) {
  const ours = timeIt(c.ours, opts);
  const np = runNumpy(c.setup, c.stmt, opts);
  rows.push([c.name, ms(ours.median), np ? ms(np.median) : 'n/a', np ? ratio(ours.median / np.median) : 'n/a']);
}
console.log(table(['case', 'ortholab (median)', 'NumPy 1 thread (median)', 'ortholab / NumPy'], rows));
