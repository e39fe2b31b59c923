/**
 * Before/after for a change under src/core: checks out `src/core` as it was at a base commit
 * (git archive into .tmp/gemm-ab/<commit>), imports it beside the working tree's, and times the
 * same calls on both in interleaved rounds (base, work, work, base, ...) so machine load hits
 * both alike: matmul 256/512, qr 512/1024 (explicit Q), eigSymmetric 512 (vectors), svd 256
 * (U, V) and eigvals 1024. Checks that both give the same bits, and reports median CPU and wall
 * times and their ratio. Written for the gemm packing change (docs/decisions/0031).
 *
 *   npx tsx bench/gemm-ab.ts <base commit> [rounds=5] [op ...]
 *
 * Not run by `npm run bench` (it needs the git history).
 */

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as Core from '../src/core/index.js';
import { loadLine, machineLine, median, table } from './lib.js';

type CoreApi = typeof Core;

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [base, roundsArg, ...only] = process.argv.slice(2);
if (base === undefined || !/^[0-9a-f]{4,40}$/.test(base)) {
  console.error('usage: npx tsx bench/gemm-ab.ts <base commit> [rounds=5] [op ...]');
  process.exit(2);
}
const rounds = Number(roundsArg ?? 5);

async function load(dir: string): Promise<CoreApi> {
  const mod: CoreApi = await import(pathToFileURL(join(dir, 'src/core/index.ts')).href);
  return mod;
}

const baseDir = join(root, '.tmp', 'gemm-ab', base);
if (!existsSync(join(baseDir, 'src'))) {
  mkdirSync(baseDir, { recursive: true });
  execFileSync('tar', ['-x', '-C', baseDir], {
    input: execFileSync('git', ['-C', root, 'archive', base, 'src/core'], { maxBuffer: 1 << 28 }),
  });
}
const versions: [string, CoreApi][] = [
  [base, await load(baseDir)],
  ['work tree', await load(root)],
];

function gaussian(lib: CoreApi, n: number, seed: number): Core.Matrix {
  const a = lib.zeros(n, n);
  lib.fillNormal(lib.createRng(seed), a.data);
  return a;
}

function symmetric(lib: CoreApi, n: number, seed: number): Core.Matrix {
  const g = gaussian(lib, n, seed);
  const s = lib.zeros(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) s.data[i * n + j] = (g.data[i * n + j]! + g.data[j * n + i]!) / 2;
  }
  return s;
}

/** Every Float64Array reachable in a result, in a fixed order (to compare the bits). */
function arrays(x: unknown, out: Float64Array[] = []): Float64Array[] {
  if (x instanceof Float64Array) out.push(x);
  else if (Array.isArray(x)) for (const y of x) arrays(y, out);
  else if (typeof x === 'object' && x !== null)
    for (const key of Object.keys(x).sort()) arrays(Reflect.get(x, key), out);
  return out;
}

function sameBits(a: unknown, b: unknown): boolean {
  const xs = arrays(a);
  const ys = arrays(b);
  if (xs.length !== ys.length || xs.length === 0) return false;
  return xs.every((x, i) => {
    const y = ys[i]!;
    if (x.length !== y.length) return false;
    const u = new Uint8Array(x.buffer, x.byteOffset, x.byteLength);
    const v = new Uint8Array(y.buffer, y.byteOffset, y.byteLength);
    return u.every((byte, j) => byte === v[j]);
  });
}

const tasks: [string, (lib: CoreApi) => () => unknown][] = [
  [
    'matmul 256',
    (lib) =>
      (
        (a, b) => () =>
          lib.matmul(a, b)
      )(gaussian(lib, 256, 1), gaussian(lib, 256, 2)),
  ],
  [
    'matmul 512',
    (lib) =>
      (
        (a, b) => () =>
          lib.matmul(a, b)
      )(gaussian(lib, 512, 1), gaussian(lib, 512, 2)),
  ],
  [
    'qr 512',
    (lib) =>
      (
        (a) => () =>
          lib.qr(a)
      )(gaussian(lib, 512, 1)),
  ],
  [
    'qr 1024',
    (lib) =>
      (
        (a) => () =>
          lib.qr(a)
      )(gaussian(lib, 1024, 1)),
  ],
  [
    'eigSymmetric 512',
    (lib) =>
      (
        (s) => () =>
          lib.eigSymmetric(s)
      )(symmetric(lib, 512, 3)),
  ],
  [
    'svd 256',
    (lib) =>
      (
        (a) => () =>
          lib.svd(a)
      )(gaussian(lib, 256, 4)),
  ],
  [
    'eigvals 1024',
    (lib) =>
      (
        (a) => () =>
          lib.eigvals(a)
      )(gaussian(lib, 1024, 5)),
  ],
];

function time(fn: () => unknown): [number, number] {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  fn();
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  const c = process.cpuUsage(c0);
  return [(c.user + c.system) / 1e3, wall];
}

console.log(`machine: ${machineLine()}\nstart: ${loadLine()}`);
const rows: string[][] = [];
for (const [name, make] of tasks) {
  if (only.length > 0 && !only.some((w) => name.includes(w))) continue;
  const fns = versions.map(([, lib]) => make(lib));
  const same = sameBits(fns[0]!(), fns[1]!()); // also the warm-up
  const cpu: number[][] = [[], []];
  const wall: number[][] = [[], []];
  for (let r = 0; r < rounds; r++) {
    for (const i of r % 2 === 0 ? [0, 1] : [1, 0]) {
      const [c, w] = time(fns[i]!);
      cpu[i]!.push(c);
      wall[i]!.push(w);
    }
  }
  const [c0, c1] = [median(cpu[0]!), median(cpu[1]!)];
  const [w0, w1] = [median(wall[0]!), median(wall[1]!)];
  rows.push([
    name,
    `${c0.toFixed(1)} (${w0.toFixed(1)})`,
    `${c1.toFixed(1)} (${w1.toFixed(1)})`,
    (c1 / c0).toFixed(3),
    (w1 / w0).toFixed(3),
    same ? 'yes' : 'NO',
  ]);
  console.log(`${name} done: ${loadLine()}`);
}
console.log(`end: ${loadLine()}\n`);
console.log(`Median CPU ms (median wall ms) over ${rounds} interleaved rounds; base = ${base}.\n`);
console.log(table(['op', 'base', 'work tree', 'CPU ratio', 'wall ratio', 'same bits'], rows));
