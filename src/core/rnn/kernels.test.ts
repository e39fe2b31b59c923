import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WHOLE_K_MAX, setGemmKernel } from '../linalg/gemm.js';
import { createRng } from '../random/index.js';
import { addSparseRowsTimes, gemmABt, transposeInto } from './kernels.js';

function rand(n: number, seed: number): Float64Array {
  const g = createRng(seed);
  return Float64Array.from({ length: n }, () => g.next() - 0.5);
}

describe.each(['simd', 'js'] as const)('gemmABt on the %s gemm kernel', (kernel) => {
  beforeAll(() => {
    setGemmKernel(kernel);
  });
  afterAll(() => {
    setGemmKernel('simd');
  });
  // Odd shapes exercise the 2 x 4 block remainders; offsets and leading dimensions exercise slicing.
  // The larger ones run on linalg's SIMD kernel when it is on (m·p·k ≥ 4096): the RNN's shapes,
  // k beyond one KC = 256 block (dW over T·batch rows), and k > WHOLE_K_MAX (JavaScript again).
  for (const [m, p, k] of [
    [1, 1, 1],
    [2, 4, 3],
    [3, 5, 7],
    [5, 3, 1],
    [8, 9, 16],
    [7, 13, 5],
    [12, 8, 33],
    [13, 6, 2],
    [32, 128, 128],
    [9, 130, 300],
    [64, 64, 2240],
    [5, 3, WHOLE_K_MAX + 1],
  ] as const) {
    it(`matches the naive triple loop for ${m}x${k} · (${p}x${k})ᵀ, overwrite and accumulate`, () => {
      const lda = k + 2;
      const ldb = k + 1;
      const ldc = p + 3;
      const A = rand(3 + m * lda, 1);
      const B = rand(2 + p * ldb, 2);
      const C0 = rand(5 + m * ldc, 3);
      const C = C0.slice();
      gemmABt(m, p, k, A, 3, lda, B, 2, ldb, C, 5, ldc, false);
      const D = C0.slice();
      gemmABt(m, p, k, A, 3, lda, B, 2, ldb, D, 5, ldc, true);
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < p; j++) {
          let s = 0;
          for (let q = 0; q < k; q++) s += A[3 + i * lda + q]! * B[2 + j * ldb + q]!;
          // Bit-identical to one running sum over k (the kernel's documented order), for every
          // block shape; this keeps seeded training results independent of the blocking.
          expect(C[5 + i * ldc + j]).toBe(s);
          expect(D[5 + i * ldc + j]).toBe(C0[5 + i * ldc + j]! + s);
        }
        // entries outside the p columns of each row are untouched
        for (let j = p; j < ldc && 5 + i * ldc + j < C.length; j++)
          expect(C[5 + i * ldc + j]).toBe(C0[5 + i * ldc + j]);
      }
      for (let q = 0; q < 5; q++) expect(C[q]).toBe(C0[q]);
    });
  }
});

describe('transposeInto and addSparseRowsTimes', () => {
  it('transposes a 37 x 45 block with strides (crosses tile boundaries)', () => {
    const In = rand(2 + 37 * 50, 4);
    const Out = new Float64Array(1 + 45 * 40);
    transposeInto(37, 45, In, 2, 50, Out, 1, 40);
    for (let r = 0; r < 37; r++) for (let c = 0; c < 45; c++) expect(Out[1 + c * 40 + r]).toBe(In[2 + r * 50 + c]);
  });
  it('adds X·W skipping zeros, equal to the dense product', () => {
    const rows = 4;
    const xc = 3;
    const w = 5;
    const X = rand(rows * xc, 5).map((v, i) => (i % 2 === 0 ? 0 : v));
    const W = rand(xc * 7, 6);
    const C = rand(rows * 6, 7);
    const C0 = C.slice();
    addSparseRowsTimes(rows, xc, w, X, 0, W, 7, C, 0, 6);
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < w; j++) {
        let s = C0[r * 6 + j]!;
        for (let m = 0; m < xc; m++) s += X[r * xc + m]! * W[m * 7 + j]!;
        expect(C[r * 6 + j]).toBeCloseTo(s, 14);
      }
      expect(C[r * 6 + 5]).toBe(C0[r * 6 + 5]);
    }
  });
});
