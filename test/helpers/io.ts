// Test helpers for src/core/io: fixture loading, expected-value decoding and a Python runner.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** Bytes of test/fixtures/<rel>. */
export function fixtureBytes(rel: string): Uint8Array {
  return new Uint8Array(readFileSync(FIXTURES + rel));
}

/** Parsed JSON of test/fixtures/<rel>. */
export function fixtureJson<T>(rel: string): T {
  return JSON.parse(readFileSync(FIXTURES + rel, 'utf8')) as T;
}

/** Manifest values: numbers as is, and "nan", "inf", "-inf", "-0" for what JSON cannot hold. */
export function decodeExpected(values: readonly (number | string)[]): Float64Array {
  return Float64Array.from(values, (v) => {
    if (typeof v === 'number') return v;
    const special = new Map([
      ['nan', Number.NaN],
      ['inf', Infinity],
      ['-inf', -Infinity],
      ['-0', -0],
    ]);
    const x = special.get(v);
    if (x === undefined) throw new Error(`bad manifest value ${v}`);
    return x;
  });
}

/** True when every entry has the same bits up to NaN payload (NaN matches NaN, -0 only -0). */
export function sameValues(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (!Object.is(a[k], b[k])) return false;
  return true;
}

/** True when python3 with NumPy can run (cross-check tests skip otherwise). */
export const HAS_NUMPY: boolean = (() => {
  try {
    return spawnSync('python3', ['-c', 'import numpy'], { stdio: 'ignore', timeout: 20_000 }).status === 0;
  } catch {
    return false;
  }
})();

/** Runs a Python script with `args`; returns stdout. Throws with stderr on failure. */
export function runPython(script: string, args: readonly string[] = [], input?: Uint8Array): string {
  return execFileSync('python3', ['-c', script, ...args], {
    input,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    timeout: 60_000,
  });
}
