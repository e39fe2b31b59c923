/** Small reference implementations and fixture loading for the linear-algebra tests. */

import { readFileSync } from 'node:fs';
import type { Matrix } from '../src/core/linalg/matrix.js';

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
