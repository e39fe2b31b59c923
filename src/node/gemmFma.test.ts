/**
 * The relaxed-SIMD FMA kernel against the reference kernel. Node 20 has relaxed SIMD only behind
 * a V8 flag, which this file turns on (setFlagsFromString, before any module is validated);
 * where the engine still lacks it, the kernel switch must fall back to the reference.
 */

import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { afterAll, describe, expect, it } from 'vitest';
import { gemm, gemmKernel, setGemmKernel } from '../core/linalg/gemm.js';
import { gemmHelpersReady, setThreadMinWork, stopGemmThreads, THREAD_MIN_WORK } from '../core/linalg/gemmThreads.js';
import { hasRelaxedSimd } from '../core/linalg/simdGemm.js';
import { useGemmThreads } from './gemmThreads.js';
import { gaussianArray } from '../../test/linalg-helpers.js';

setFlagsFromString('--experimental-wasm-relaxed-simd');

const cpuHasFma = (() => {
  try {
    return /^flags\s*:.*\bfma\b/m.test(readFileSync('/proc/cpuinfo', 'utf8'));
  } catch {
    return false;
  }
})();

describe('FMA kernel (relaxed SIMD)', () => {
  afterAll(() => {
    setGemmKernel('simd');
    stopGemmThreads();
    setThreadMinWork(THREAD_MIN_WORK);
  });

  it('is found with WebAssembly.validate once the engine has relaxed SIMD', () => {
    expect(hasRelaxedSimd()).toBe(true);
    expect(setGemmKernel('fma')).toBe('fma');
    expect(gemmKernel()).toBe('fma');
    expect(setGemmKernel('simd')).toBe('simd');
  });

  it('agrees with the reference kernel within the dot-product error bound, and differs where the CPU fuses', () => {
    // C = op(A)·op(B) from zero: |fl(c) − c| ≤ γ_k·(|A||B|) for either kernel (Higham, Accuracy
    // and Stability of Numerical Algorithms, 3.1), so the two differ by at most 2·γ_k·(|A||B|).
    const u = 2 ** -53;
    let differing = 0;
    for (const [m, n, k] of [
      [37, 29, 300],
      [130, 131, 600],
    ] as const) {
      const a = gaussianArray(m * k, m);
      const b = gaussianArray(k * n, n);
      const absAB = new Float64Array(m * n);
      for (let i = 0; i < m; i++) {
        for (let p = 0; p < k; p++) {
          const aip = Math.abs(a[i * k + p]!);
          for (let j = 0; j < n; j++) absAB[i * n + j]! += aip * Math.abs(b[p * n + j]!);
        }
      }
      const product = (kind: 'simd' | 'fma'): Float64Array => {
        setGemmKernel(kind);
        const c = new Float64Array(m * n);
        gemm(false, false, m, n, k, 1, a, 0, k, b, 0, n, c, 0, n);
        return c;
      };
      const ref = product('simd');
      const fma = product('fma');
      const gamma = (k * u) / (1 - k * u);
      for (let i = 0; i < m * n; i++) {
        expect(Math.abs(fma[i]! - ref[i]!)).toBeLessThanOrEqual(2 * gamma * absAB[i]!);
        if (!Object.is(fma[i], ref[i])) differing++;
      }
    }
    if (cpuHasFma) expect(differing).toBeGreaterThan(0);
  });

  it('gives the same bits on one thread and on two', async () => {
    const [m, n, k] = [150, 70, 520];
    const a = gaussianArray(k * m, 1);
    const b = gaussianArray(n * k, 2);
    const product = (): Float64Array => {
      const c = gaussianArray(m * n, 3);
      gemm(true, true, m, n, k, -1.5, a, 0, m, b, 0, k, c, 0, n);
      return c;
    };
    setGemmKernel('fma');
    stopGemmThreads();
    const one = product();
    setThreadMinWork(0);
    expect(useGemmThreads(2)).toBe(2);
    const t0 = Date.now();
    while (gemmHelpersReady() < 1 && Date.now() - t0 < 50_000) await new Promise((r) => setTimeout(r, 20));
    expect(gemmHelpersReady()).toBe(1);
    const two = product();
    expect(two.every((v, i) => Object.is(v, one[i]))).toBe(true);
  });
});
