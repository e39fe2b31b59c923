/**
 * `npm run bench [-- name ...]`: runs every bench/*.bench.ts in turn (or only those whose name
 * contains one of the arguments, e.g. `npm run bench -- qr`), each in a fresh Node process so
 * one benchmark's JIT state and heap do not affect the next. Flags (`--quick`, `--reps 3`) are
 * passed to every benchmark instead; a word right after a flag is taken as its value, so put
 * names first: `npm run bench -- rnn --backends wasm --reps 3`. Prints the date and machine line first.
 */

import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { machineLine, numpy } from './lib.js';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const all = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort();
// A bare word right after a flag is that flag's value (`--backends wasm`), not a name.
const isValue = (i: number): boolean => i > 0 && args[i - 1]!.startsWith('--') && !args[i - 1]!.includes('=');
const wanted = args.filter((a, i) => !a.startsWith('--') && !isValue(i));
const flags = args.filter((a, i) => a.startsWith('--') || isValue(i));
const files = wanted.length === 0 ? all : all.filter((f) => wanted.some((w) => f.includes(w)));
if (files.length === 0) {
  console.error(`No benchmark matches ${wanted.join(', ')}; available: ${all.join(', ')}.`);
  process.exit(2);
}

const np = numpy();
console.log(`# ortholab benchmarks, ${new Date().toISOString().slice(0, 10)}`);
console.log(`machine: ${machineLine()}`);
console.log(np ? `NumPy ${np.version}, BLAS ${np.blas}, 1 thread` : 'NumPy: not available (skipped)');
let failed = 0;
for (const f of files) {
  console.log(`\n## ${f}\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(here, f), ...flags], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.error(`${f} failed with exit code ${r.status}`);
  }
}
process.exit(failed === 0 ? 0 : 1);
