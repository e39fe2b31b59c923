/**
 * What each optimization step bought: checks out `src/core` as it was at each commit below
 * (git archive into .tmp/qr-steps/<commit>), then times that version's matmul (n = 512) and qr
 * with explicit Q (n = 512 and 1024) in interleaved rounds, so machine load hits every version
 * alike. Reports the median CPU time (and the median wall time) per version.
 *
 *   npx tsx bench/qr-steps.ts [rounds=5]
 *
 * Not run by `npm run bench` (it needs the git history and takes a few minutes).
 */

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRng, fillNormal, zeros, type Matrix } from '../src/core/index.js';
import { loadLine, machineLine, median, table } from './lib.js';

const STEPS: [string, string][] = [
  ['ec9718c', 'unblocked Householder (dgeqr2 + dorg2r); matmul = i-k-j triple loop'],
  ['2749902', 'blocked compact WY, NB = 32; packed gemm, 4x4 micro-kernel'],
  ['fcdaf60', 'two-level panels (64/16), orgqr skips zero/identity blocks; 4x3 kernel, int32 index arithmetic'],
  ['ee90c14', 'T·W by gemm instead of level-2 loops'],
  ['90d870b', 'orgqr reuses the T factors of geqrf'],
  ['30a4c12', 'triangular products on strips that skip T’s zeros'],
];

type Qr = (a: Matrix) => unknown;
type Mm = (a: Matrix, b: Matrix) => Matrix;

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const rounds = Number(process.argv[2] ?? 5);

async function load(commit: string): Promise<{ qr: Qr; matmul: Mm }> {
  const dir = join(root, '.tmp', 'qr-steps', commit);
  if (!existsSync(join(dir, 'src'))) {
    mkdirSync(dir, { recursive: true });
    const tar = execFileSync('git', ['-C', root, 'archive', commit, 'src/core']);
    execFileSync('tar', ['-x', '-C', dir], { input: tar });
  }
  const qrMod = (await import(pathToFileURL(join(dir, 'src/core/linalg/qr.ts')).href)) as { qr: Qr };
  const mmMod = (await import(pathToFileURL(join(dir, 'src/core/linalg/matmul.ts')).href)) as { matmul: Mm };
  return { qr: qrMod.qr, matmul: mmMod.matmul };
}

function gaussian(n: number, seed: number): Matrix {
  const a = zeros(n, n);
  fillNormal(createRng(seed), a.data);
  return a;
}

function time(fn: () => unknown): [number, number] {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  fn();
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const c = process.cpuUsage(c0);
  return [(c.user + c.system) / 1e6, wall];
}

const versions = await Promise.all(STEPS.map(([c]) => load(c)));
const tasks: [string, number, (v: { qr: Qr; matmul: Mm }) => () => unknown][] = [];
const a512 = gaussian(512, 1);
const b512 = gaussian(512, 2);
const a1024 = gaussian(1024, 1);
tasks.push(['matmul 512', 2 * 512 ** 3, (v) => () => v.matmul(a512, b512)]);
tasks.push(['qr 512', (8 / 3) * 512 ** 3, (v) => () => v.qr(a512)]);
tasks.push(['qr 1024', (8 / 3) * 1024 ** 3, (v) => () => v.qr(a1024)]);

console.log(`machine: ${machineLine()}\nstart: ${loadLine()}`);
const cells: string[][] = STEPS.map(([c, what]) => [c, what]);
for (const [, flops, make] of tasks) {
  const fns = versions.map(make);
  for (const f of fns) f(); // warm-up
  const cpu: number[][] = fns.map(() => []);
  const wall: number[][] = fns.map(() => []);
  for (let r = 0; r < rounds; r++) {
    fns.forEach((f, i) => {
      const [c, w] = time(f);
      cpu[i]!.push(c);
      wall[i]!.push(w);
    });
  }
  fns.forEach((_, i) => {
    const c = median(cpu[i]!);
    cells[i]!.push(
      `${(c * 1e3).toFixed(0)} ms (${(median(wall[i]!) * 1e3).toFixed(0)}), ${(flops / c / 1e9).toFixed(2)} GF/s`,
    );
  });
}
console.log(`end: ${loadLine()}\n`);
console.log('Median CPU time (median wall time), GFLOP/s at the CPU median; interleaved rounds.\n');
console.log(table(['commit', 'step', 'matmul 512', 'qr 512 (explicit Q)', 'qr 1024 (explicit Q)'], cells));
