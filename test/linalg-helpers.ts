/** Small reference implementations and fixture loading for the linear-algebra tests. */

import { readFileSync } from 'node:fs';
import { gemm } from '../src/core/linalg/gemm.js';
import type { Matrix } from '../src/core/linalg/matrix.js';
import { createRng } from '../src/core/random/rng.js';
import { fillNormal } from '../src/core/random/samplers.js';

/** Machine epsilon of float64, 2^-52. */
export const EPS = 2 ** -52;

/** The textbook triple loop (i-j-p, dot products), the oracle for the blocked gemm. */
export function naiveMatmul(a: Matrix, b: Matrix): Matrix {
  const m = a.rows;
  const k = a.cols;
  const n = b.cols;
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a.data[i * k + p]! * b.data[p * n + j]!;
      c[i * n + j] = s;
    }
  }
  return { rows: m, cols: n, data: c };
}

/** |A|·|B| entrywise: the scale of the rounding error bound |fl(AB) - AB| ≤ γ_k·|A|·|B|. */
export function absMatmul(a: Matrix, b: Matrix): Matrix {
  const abs = (x: Matrix): Matrix => ({ rows: x.rows, cols: x.cols, data: x.data.map(Math.abs) });
  return naiveMatmul(abs(a), abs(b));
}

/** Largest entrywise ratio |x - y| / bound (0/0 counts as 0). */
export function maxRatio(x: Matrix, y: Matrix, bound: Matrix): number {
  let worst = 0;
  for (let i = 0; i < x.data.length; i++) {
    const d = Math.abs(x.data[i]! - y.data[i]!);
    if (d === 0) continue;
    worst = Math.max(worst, d / bound.data[i]!);
  }
  return worst;
}

export interface LinalgFixtures {
  numpy: string;
  det: { name: string; a: number[][]; det: number }[];
  qr: { name: string; a: number[][]; q: number[][]; r: number[][] }[];
  qrFormula: { m: number; n: number; rdiag: number[]; rrow0: number[]; qcol0: number[] }[];
  solve: { name: string; a: number[][]; b: number[][]; x: number[][] }[];
}

/** test/fixtures/linalg.json, written by scripts/fixtures/linalg.py (NumPy). */
export function linalgFixtures(): LinalgFixtures {
  return JSON.parse(readFileSync(new URL('./fixtures/linalg.json', import.meta.url), 'utf8')) as LinalgFixtures;
}

/** n standard normal draws from `seed` (a flat array for the gemm tests). */
export function gaussianArray(n: number, seed: number): Float64Array {
  const x = new Float64Array(n);
  fillNormal(createRng(seed), x);
  return x;
}

/**
 * C += 0.75·op(A)·op(B) on sub-blocks with offsets (7, 11, 13) and padded row strides, all from
 * seeded normals; returns C's whole array (padding included), for bit comparisons of gemm paths.
 */
export function paddedGemm(
  m: number,
  n: number,
  k: number,
  transA: boolean,
  transB: boolean,
  seed: number,
): Float64Array {
  const lda = (transA ? m : k) + 3;
  const ldb = (transB ? k : n) + 2;
  const ldc = n + 5;
  const a = gaussianArray(7 + (transA ? k : m) * lda, seed);
  const b = gaussianArray(11 + (transB ? n : k) * ldb, seed + 1);
  const c = gaussianArray(13 + m * ldc, seed + 2);
  gemm(transA, transB, m, n, k, 0.75, a, 7, lda, b, 11, ldb, c, 13, ldc);
  return c;
}
