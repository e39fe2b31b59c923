/**
 * Steady-state CPU time of one solver call, for A/B comparisons between two checkouts on a busy
 * machine (issue 17): `reps` calls of eigSymmetric (with vectors) on the symmetric G + Gᵀ, or of
 * svd (with U, V) on G, G an n x n seeded Gaussian; prints the sorted per-call CPU times
 * (process.cpuUsage, ms) and their median. Early calls include V8's compilation, so read the
 * median of many calls, not the first ones. One thread (gemm's helpers are not started).
 *
 *   node --import tsx bench/steady.ts eig 512 15
 *   node --import tsx bench/steady.ts svd 256 31
 */

import { createRng, eigSymmetric, fillNormal, svd, zeros } from '../src/core/index.js';

const which = process.argv[2] ?? 'eig';
if (which !== 'eig' && which !== 'svd') throw new Error(`steady.ts: the first argument is eig or svd, got ${which}.`);
const n = Number(process.argv[3] ?? (which === 'eig' ? 512 : 256));
const reps = Number(process.argv[4] ?? 15);
if (!Number.isInteger(n) || n < 1 || !Number.isInteger(reps) || reps < 1) {
  throw new Error('steady.ts: n and reps are positive whole numbers.');
}
const a = zeros(n, n);
fillNormal(createRng(7), a.data);
if (which === 'eig') {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const s = a.data[i * n + j]! + a.data[j * n + i]!;
      a.data[i * n + j] = s;
      a.data[j * n + i] = s;
    }
  }
}
const times: number[] = [];
for (let r = 0; r < reps; r++) {
  const c0 = process.cpuUsage();
  if (which === 'eig') eigSymmetric(a);
  else svd(a);
  const c = process.cpuUsage(c0);
  times.push((c.user + c.system) / 1000);
}
times.sort((x, y) => x - y);
const median = times[(reps - 1) >> 1]!;
console.log(`${which} ${n}: median ${median.toFixed(1)} ms CPU; sorted ${times.map((t) => t.toFixed(1)).join(' ')}`);
