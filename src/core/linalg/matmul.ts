/**
 * Matrix products. `matmul` is the reference-correct i-k-j loop for now (row-major friendly);
 * a cache-blocked version replaces it in the linalg work of issue #2.
 */

import { ShapeError } from '../errors.js';
import type { Matrix } from './matrix.js';

/** C = A·B for A (m x k), B (k x n). */
export function matmul(a: Matrix, b: Matrix): Matrix {
  if (a.cols !== b.rows) {
    throw new ShapeError(
      `matmul: inner dimensions differ (${a.rows}x${a.cols} times ${b.rows}x${b.cols}); A.cols must equal B.rows.`,
    );
  }
  const m = a.rows;
  const k = a.cols;
  const n = b.cols;
  const A = a.data;
  const B = b.data;
  const C = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    const ci = i * n;
    for (let p = 0; p < k; p++) {
      const aip = A[i * k + p];
      if (aip === 0) continue;
      const bp = p * n;
      for (let j = 0; j < n; j++) C[ci + j] += aip * B[bp + j];
    }
  }
  return { rows: m, cols: n, data: C };
}

/** y = A·x for A (m x n), x of length n. */
export function matvec(a: Matrix, x: ArrayLike<number>): Float64Array {
  if (x.length !== a.cols) {
    throw new ShapeError(
      `matvec: vector has length ${x.length}, matrix is ${a.rows}x${a.cols}; the length must equal the column count.`,
    );
  }
  const y = new Float64Array(a.rows);
  const A = a.data;
  const n = a.cols;
  for (let i = 0; i < a.rows; i++) {
    let s = 0;
    const r = i * n;
    for (let j = 0; j < n; j++) s += A[r + j] * x[j];
    y[i] = s;
  }
  return y;
}
