import { afterAll, describe, expect, it } from 'vitest';
import {
  THREAD_MIN_WORK,
  gemmHelpersReady,
  gemmThreads,
  setThreadMinWork,
  stopGemmThreads,
} from '../core/linalg/gemmThreads.js';
import { runCli } from '../../test/helpers/cli.js';
import { UsageError } from './errors.js';
import { THREADS_ENV, resolveThreads } from './threads.js';

describe('resolveThreads', () => {
  it('takes the flag first, then ORTHOLAB_THREADS, then the core count', () => {
    expect(resolveThreads(3, { [THREADS_ENV]: '2' }, 8)).toBe(3);
    expect(resolveThreads(undefined, { [THREADS_ENV]: ' 2 ' }, 8)).toBe(2);
    expect(resolveThreads(undefined, {}, 8)).toBe(8);
    expect(resolveThreads(undefined, { [THREADS_ENV]: '' }, 6)).toBe(6);
    expect(resolveThreads(undefined, {}, 1000)).toBe(64);
  });

  it('names the variable and the allowed values when ORTHOLAB_THREADS is not a count', () => {
    for (const bad of ['0', 'two', '1.5', '-1', '65']) {
      expect(() => resolveThreads(undefined, { [THREADS_ENV]: bad }, 2)).toThrow(UsageError);
      expect(() => resolveThreads(undefined, { [THREADS_ENV]: bad }, 2)).toThrow(/ORTHOLAB_THREADS=.*1 to 64/);
    }
  });
});

describe('ortholab --threads', () => {
  afterAll(() => {
    stopGemmThreads();
    setThreadMinWork(THREAD_MIN_WORK);
  });

  it('prints the same numbers on one thread and on two', async () => {
    // A 300 x 300 orthogonal matrix: Householder QR, whose block updates go through gemm (every
    // product through the pool, however small).
    setThreadMinWork(0);
    const argv = ['spectrum', '--init', 'orthogonal', '--n', '300', '--seed', '4', '--all', '--json'];
    const one = await runCli([...argv, '--threads', '1']);
    expect(one.code).toBe(0);
    expect(gemmThreads()).toBe(1);
    await runCli(['fib', '3', '--threads', '2']);
    expect(gemmThreads()).toBe(2);
    const t0 = Date.now();
    while (gemmHelpersReady() < 1 && Date.now() - t0 < 50_000) await new Promise((r) => setTimeout(r, 20));
    const two = await runCli([...argv, '--threads', '2']);
    expect(two.code).toBe(0);
    expect(two.stdout).toBe(one.stdout);
  });

  it('rejects a bad count with exit code 2', async () => {
    const flag = await runCli(['fib', '3', '--threads', '0']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/--threads/);
    const env = await runCli(['fib', '3'], { env: { [THREADS_ENV]: 'lots' } });
    expect(env.code).toBe(2);
    expect(env.stderr).toMatch(/ORTHOLAB_THREADS="lots"/);
  });
});
