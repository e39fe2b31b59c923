/**
 * Eigen and singular value solvers at n = 64, 128, 256 (and eig at 512): ortholab vs ml-matrix
 * (EigenvalueDecomposition, SingularValueDecomposition) vs NumPy (LAPACK via OpenBLAS, one
 * thread). Every library gets the same seeded Gaussian matrices (NumPy reads them from a
 * temporary JSON file). Median of several runs after warm-up; ratios are median/median.
 *
 *   npx tsx bench/eig.bench.ts [--quick]
 *
 * The timing helpers below mirror bench/lib.ts of the linalg-qr branch (same names and
 * signatures) until that file is merged; then they are replaced by an import.
 */

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
  ours: number;
  ml: number | null;
  np: number | null;
}
const rows: Row[] = [];
const runsFor = (n: number): number => (n <= 64 ? 15 : n <= 128 ? 9 : 7);

for (const n of sizes) {
  const a = gaussian(n, n);
  const s = symmetrize(a);
  const runs = runsFor(n);
  const ma = toMl(a);
  const ms = toMl(s);
  const loadA = npLoad(a, `a${n}`);
  const loadS = npLoad(s, `s${n}`);
  const mlRuns = Math.max(3, Math.min(runs, n <= 128 ? 9 : 5));

  rows.push({
    op: 'eigvals',
    n,
    ours: timeIt(() => eigvals(a), { runs, warmup: 3 }).median,
    ml: timeIt(() => new EigenvalueDecomposition(ma), { runs: mlRuns, warmup: 1 }).median,
    np: runNumpy(loadA, 'np.linalg.eigvals(a)', { runs, warmup: 2 })?.median ?? null,
  });
  rows.push({
    op: 'eig (vectors)',
    n,
    ours: timeIt(() => eig(a), { runs, warmup: 2 }).median,
    ml: null, // same call as the eigvals row: ml-matrix always computes vectors
    np: runNumpy(loadA, 'np.linalg.eig(a)', { runs, warmup: 2 })?.median ?? null,
  });
  rows.push({
    op: 'eigSymmetric values',
    n,
    ours: timeIt(() => eigSymmetric(s, { vectors: false }), { runs, warmup: 3 }).median,
    ml: null,
    np: runNumpy(loadS, 'np.linalg.eigvalsh(a)', { runs, warmup: 2 })?.median ?? null,
  });
  rows.push({
    op: 'eigSymmetric (vectors)',
    n,
    ours: timeIt(() => eigSymmetric(s), { runs, warmup: 2 }).median,
    ml: timeIt(() => new EigenvalueDecomposition(ms, { assumeSymmetric: true }), { runs: mlRuns, warmup: 1 }).median,
    np: runNumpy(loadS, 'np.linalg.eigh(a)', { runs, warmup: 2 })?.median ?? null,
  });
  rows.push({
    op: 'singularValues',
    n,
    ours: timeIt(() => singularValues(a), { runs, warmup: 3 }).median,
    ml: timeIt(
      () =>
        new SingularValueDecomposition(ma, { computeLeftSingularVectors: false, computeRightSingularVectors: false }),
      { runs: mlRuns, warmup: 1 },
    ).median,
    np: runNumpy(loadA, 'np.linalg.svd(a, compute_uv=False)', { runs, warmup: 2 })?.median ?? null,
  });
  rows.push({
    op: 'svd (vectors)',
    n,
    ours: timeIt(() => svd(a), { runs, warmup: 2 }).median,
    ml: timeIt(() => new SingularValueDecomposition(ma), { runs: mlRuns, warmup: 1 }).median,
    np: runNumpy(loadA, 'np.linalg.svd(a, full_matrices=False)', { runs, warmup: 2 })?.median ?? null,
  });
}
if (!quick) {
  const a = gaussian(512, 512);
  rows.push({
    op: 'eig (vectors)',
    n: 512,
    ours: timeIt(() => eig(a), { runs: 3, warmup: 1 }).median,
    ml: null,
    np: runNumpy(npLoad(a, 'a512'), 'np.linalg.eig(a)', { runs: 5, warmup: 1 })?.median ?? null,
  });
  rows.push({
    op: 'eigvals',
    n: 512,
    ours: timeIt(() => eigvals(a), { runs: 5, warmup: 1 }).median,
    ml: null,
    np: runNumpy(npLoad(a, 'a512'), 'np.linalg.eigvals(a)', { runs: 5, warmup: 1 })?.median ?? null,
  });
}
rmSync(dir, { recursive: true, force: true });

console.log(`machine: ${machineLine()}`);
console.log(
  table(
    ['op', 'n', 'ortholab', 'ml-matrix', 'NumPy (1 thread)', 'ml-matrix / ortholab', 'ortholab / NumPy'],
    rows.map((r) => [
      r.op,
      String(r.n),
      msFmt(r.ours),
      r.ml === null ? '—' : msFmt(r.ml),
      r.np === null ? 'n/a' : msFmt(r.np),
      r.ml === null ? '—' : ratio(r.ml / r.ours),
      r.np === null ? 'n/a' : ratio(r.ours / r.np),
    ]),
  ),
);

// ---- helpers mirroring bench/lib.ts (linalg-qr branch) ----

interface Timing {
  median: number;
  min: number;
  times: number[];
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((p, q) => p - q);
  const h = s.length >> 1;
  return s.length % 2 === 1 ? s[h] : 0.5 * (s[h - 1] + s[h]);
}

function timeIt(fn: () => unknown, options: { warmup?: number; runs?: number } = {}): Timing {
  const warmup = options.warmup ?? 2;
  const runs = options.runs ?? 5;
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return { median: median(times), min: Math.min(...times), times };
}

function runNumpy(setup: string, stmt: string, options: { warmup?: number; runs?: number } = {}): Timing | null {
  const warmup = options.warmup ?? 2;
  const runs = options.runs ?? 5;
  const script = [
    'import json, time, numpy as np',
    setup,
    `def _f():\n    ${stmt}`,
    `for _ in range(${warmup}): _f()`,
    '_t = []',
    `for _ in range(${runs}):\n    _s = time.perf_counter(); _f(); _t.append(time.perf_counter() - _s)`,
    'print(json.dumps(_t))',
  ].join('\n');
  const env = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  const r = spawnSync('python3', ['-c', script], { env, encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) return null;
  const times = JSON.parse(r.stdout) as number[];
  return { median: median(times), min: Math.min(...times), times };
}

function machineLine(): string {
  let cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) cpu = m[1].trim();
  } catch {
    // not Linux
  }
  return `${cpu}, ${os.cpus().length} logical CPUs, Node ${process.version}, ${process.platform} ${process.arch}`;
}

function table(headers: readonly string[], body: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...body.map(line)].join('\n');
}

function msFmt(seconds: number): string {
  return `${Number((seconds * 1e3).toPrecision(3))} ms`;
}

function ratio(x: number): string {
  return `${Number(x.toPrecision(2))}x`;
}
