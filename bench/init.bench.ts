/**
 * Orthogonal initialization: ortholab (through its TF.js adapter, as a user would call it)
 * against TF.js' own `tf.initializers.orthogonal` on the cpu and wasm backends, same shapes,
 * one run. TF.js runs in child processes (bench/tfjs-orthogonal-child.ts) killed at a time
 * limit, since its synchronous kernels take minutes on large shapes.
 *
 * Usage: npm run bench -- init            (or: npx tsx bench/init.bench.ts [--limit 60] [--repeats 5])
 */
import { spawnSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs';
import { tfInitializer } from '../src/tfjs/index.js';
import { machineLine, median, table } from './lib.js';

const args = process.argv.slice(2);
const limitS = Number(args[args.indexOf('--limit') + 1] ?? 60) || 60;
const repeats = Number(args[args.indexOf('--repeats') + 1] ?? 5) || 5;
const shapes: [number, number][] = [
  [256, 256],
  [512, 2048],
  [1024, 1024],
];

async function ortholabSeconds(shape: [number, number]): Promise<number[]> {
  await tf.setBackend('cpu');
  const out: number[] = [];
  tfInitializer({ name: 'orthogonal', seed: 0 }).apply([8, 8]).dispose();
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    const t = tfInitializer({ name: 'orthogonal', seed: r + 1 }).apply(shape);
    await t.data();
    out.push((performance.now() - t0) / 1000);
    t.dispose();
  }
  return out;
}

function tfjsSeconds(backend: 'cpu' | 'wasm', shape: [number, number], reps: number): number[] | null {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'bench/tfjs-orthogonal-child.ts', backend, String(shape[0]), String(shape[1]), String(reps)],
    { encoding: 'utf8', timeout: limitS * 1000 * reps + 20_000, killSignal: 'SIGKILL' },
  );
  if (r.status !== 0 || !r.stdout.trim()) return null;
  const line = r.stdout.trim().split('\n').pop() as string;
  return (JSON.parse(line) as { seconds: number[] }).seconds;
}

console.log(`machine: ${machineLine()}, @tensorflow/tfjs ${tf.version.tfjs}`);
console.log(
  `ortholab: median of ${repeats}; TF.js: median of up to 3 runs, each process killed after ${limitS} s per run\n`,
);
const rows: string[][] = [];
for (const shape of shapes) {
  const ours = median(await ortholabSeconds(shape));
  const results: Record<string, number | null> = {};
  for (const backend of ['wasm', 'cpu'] as const) {
    // One probe run first; repeat only if it is quick.
    const probe = tfjsSeconds(backend, shape, 1);
    if (probe === null) {
      results[backend] = null;
      continue;
    }
    const more = probe[0]! < 5 ? (tfjsSeconds(backend, shape, 2) ?? []) : [];
    results[backend] = median([...probe, ...more]);
  }
  const finite = Object.values(results).filter((v): v is number => v !== null);
  const fastest = finite.length ? Math.min(...finite) : null;
  const fmt = (v: number | null) => (v === null ? `> ${limitS} (killed)` : v.toFixed(3));
  const ratio = fastest === null ? `> ${(limitS / ours).toFixed(0)}x` : `${(fastest / ours).toFixed(1)}x`;
  rows.push([`[${shape.join(', ')}]`, ours.toFixed(3), fmt(results.wasm ?? null), fmt(results.cpu ?? null), ratio]);
}
console.log(table(['shape', 'ortholab (s)', 'TF.js wasm (s)', 'TF.js cpu (s)', 'speed-up vs fastest TF.js'], rows));
