import { setFlagsFromString } from 'node:v8';
import { afterAll, describe, expect, it } from 'vitest';
import { gemm, setGemmKernel } from './gemm.js';
import { hasRelaxedSimd } from './simdGemm.js';
import { gaussianArray } from '../../../test/linalg-helpers.js';

// Node 20 has relaxed SIMD (gemm's 'fma' kernel) only behind this flag; it must be set before
// the first module that uses it is compiled. This file runs in its own process (pool 'forks').
setFlagsFromString('--experimental-wasm-relaxed-simd');

const identical = (x: Float64Array, y: Float64Array): boolean => x.every((v, i) => Object.is(v, y[i]));

describe("gemm's beta = 0 on the fma kernel", () => {
  afterAll(() => {
    setGemmKernel('simd');
  });

  it('has the relaxed-SIMD kernel once the flag is set', () => {
    expect(hasRelaxedSimd()).toBe(true);
    expect(setGemmKernel('fma')).toBe('fma');
  });

  // A fused multiply-add whose exact result is a negative number too small for a subnormal
  // rounds to −0 (IEEE 754 §6.3), so an fma accumulator CAN be −0, unlike a multiply then an
  // add from +0. Adding it to a zero C gives +0; storing it would give −0.
  it('gives the bits of beta = 1 on a zero C, also where every product underflows to −0', () => {
    setGemmKernel('fma');
    const [m, n, k] = [16, 12, 4];
    const a = new Float64Array(m * k).fill(-1e-200);
    const b = new Float64Array(k * n).fill(1e-200);
    const zero = new Float64Array(m * n);
    const nan = new Float64Array(m * n).fill(Number.NaN);
    gemm(false, false, m, n, k, 1, a, 0, k, b, 0, n, zero, 0, n);
    gemm(false, false, m, n, k, 1, a, 0, k, b, 0, n, nan, 0, n, 0);
    expect(Object.is(zero[0], 0)).toBe(true);
    expect(identical(nan, zero)).toBe(true);
  });

  it('gives the bits of beta = 1 on a zero C for ordinary products (two k blocks, edge tiles)', () => {
    setGemmKernel('fma');
    const [m, n, k] = [37, 29, 300];
    const a = gaussianArray(m * k, 3);
    const b = gaussianArray(k * n, 4);
    const zero = new Float64Array(m * n);
    const nan = new Float64Array(m * n).fill(Number.NaN);
    gemm(false, true, m, n, k, -0.75, a, 0, k, b, 0, k, zero, 0, n);
    gemm(false, true, m, n, k, -0.75, a, 0, k, b, 0, k, nan, 0, n, 0);
    expect(identical(nan, zero)).toBe(true);
  });
});
