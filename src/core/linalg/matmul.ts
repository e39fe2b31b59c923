/**
 * Matrix products. The level-3 products run on the packed, cache-blocked engine in gemm.ts
 * (about 17.5 GFLOP/s on one thread in Node 20 at n = 512 to 1024, 82 % of the f64x2 peak;
 * bench/RESULTS.md), writing C without reading it (gemm's beta = 0). Inputs are never
 * modified; non-finite entries propagate by IEEE 754 rules (0·NaN = NaN, no skipping).
 */

import { ShapeError } from '../errors.js';
import { gemm } from './gemm.js';
import { type Matrix, allocEntries, assertMatrix } from './matrix.js';

const shape = (x: Matrix): string => `${x.rows}x${x.cols}`;

/** C = A·B for A (m x k), B (k x n). O(mnk). */
export function matmul(a: Matrix, b: Matrix): Matrix {
  checkPair('matmul', a, b, 'cols', 'rows', 'A.cols must equal B.rows');
  const c = allocEntries('matmul', a.rows, b.cols);
  gemm(false, false, a.rows, b.cols, a.cols, 1, a.data, 0, a.cols, b.data, 0, b.cols, c, 0, b.cols, 0);
  return { rows: a.rows, cols: b.cols, data: c };
}

/**
 * out = A·B in place of `out` (m x n), returning `out`. `out` may share storage with A or B
 * (e.g. `matmulInto(w, w, x)`): the product is then formed in a temporary and copied.
 */
export function matmulInto(out: Matrix, a: Matrix, b: Matrix): Matrix {
  checkPair('matmulInto', a, b, 'cols', 'rows', 'A.cols must equal B.rows');
  assertMatrix('matmulInto', out, 'out');
  if (out.rows !== a.rows || out.cols !== b.cols) {
    throw new ShapeError(
      `matmulInto: out is ${shape(out)} but A·B is ${a.rows}x${b.cols} (A ${shape(a)}, B ${shape(b)}); allocate out with zeros(${a.rows}, ${b.cols}).`,
    );
  }
  const aliased = out.data.buffer === a.data.buffer || out.data.buffer === b.data.buffer;
  const c = aliased ? new Float64Array(out.data.length) : out.data; // beta = 0: not read, no zeroing
  gemm(false, false, a.rows, b.cols, a.cols, 1, a.data, 0, a.cols, b.data, 0, b.cols, c, 0, b.cols, 0);
  if (aliased) out.data.set(c);
  return out;
}

/** C = Aᵀ·B for A (k x m), B (k x n): the m x n matrix of column inner products. O(mnk). */
export function matmulTransA(a: Matrix, b: Matrix): Matrix {
  checkPair('matmulTransA', a, b, 'rows', 'rows', 'A.rows must equal B.rows for Aᵀ·B');
  const c = allocEntries('matmulTransA', a.cols, b.cols);
  gemm(true, false, a.cols, b.cols, a.rows, 1, a.data, 0, a.cols, b.data, 0, b.cols, c, 0, b.cols, 0);
  return { rows: a.cols, cols: b.cols, data: c };
}

/** C = A·Bᵀ for A (m x k), B (n x k): the m x n matrix of row inner products. O(mnk). */
export function matmulTransB(a: Matrix, b: Matrix): Matrix {
  checkPair('matmulTransB', a, b, 'cols', 'cols', 'A.cols must equal B.cols for A·Bᵀ');
  const c = allocEntries('matmulTransB', a.rows, b.rows);
  gemm(false, true, a.rows, b.rows, a.cols, 1, a.data, 0, a.cols, b.data, 0, b.cols, c, 0, b.rows, 0);
  return { rows: a.rows, cols: b.rows, data: c };
}

/** y = A·x for A (m x n), x of length n. O(mn); four rows at a time. */
export function matvec(a: Matrix, x: ArrayLike<number>): Float64Array {
  assertMatrix('matvec', a, 'A');
  checkVector('matvec', a, x, a.cols, 'the column count');
  const m = a.rows;
  const n = a.cols;
  const A = a.data;
  const y = new Float64Array(m);
  let i = 0;
  for (; i + 3 < m; i += 4) {
    const r0 = i * n;
    const r1 = r0 + n;
    const r2 = r1 + n;
    const r3 = r2 + n;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let j = 0; j < n; j++) {
      const xj = x[j]!;
      s0 += A[r0 + j]! * xj;
      s1 += A[r1 + j]! * xj;
      s2 += A[r2 + j]! * xj;
      s3 += A[r3 + j]! * xj;
    }
    y[i] = s0;
    y[i + 1] = s1;
    y[i + 2] = s2;
    y[i + 3] = s3;
  }
  for (; i < m; i++) {
    let s = 0;
    const r = i * n;
    for (let j = 0; j < n; j++) s += A[r + j]! * x[j]!;
    y[i] = s;
  }
  return y;
}

/** y = Aᵀ·x for A (m x n), x of length m (so y has length n). O(mn); streams rows of A. */
export function matTvec(a: Matrix, x: ArrayLike<number>): Float64Array {
  assertMatrix('matTvec', a, 'A');
  checkVector('matTvec', a, x, a.rows, 'the row count');
  const m = a.rows;
  const n = a.cols;
  const A = a.data;
  const y = new Float64Array(n);
  let i = 0;
  for (; i + 3 < m; i += 4) {
    const r0 = i * n;
    const r1 = r0 + n;
    const r2 = r1 + n;
    const r3 = r2 + n;
    const x0 = x[i]!;
    const x1 = x[i + 1]!;
    const x2 = x[i + 2]!;
    const x3 = x[i + 3]!;
    for (let j = 0; j < n; j++) y[j] = y[j]! + (x0 * A[r0 + j]! + x1 * A[r1 + j]! + x2 * A[r2 + j]! + x3 * A[r3 + j]!);
  }
  for (; i < m; i++) {
    const r = i * n;
    const xi = x[i]!;
    for (let j = 0; j < n; j++) y[j] = y[j]! + xi * A[r + j]!;
  }
  return y;
}

function checkPair(fn: string, a: Matrix, b: Matrix, dimA: 'rows' | 'cols', dimB: 'rows' | 'cols', rule: string): void {
  assertMatrix(fn, a, 'A');
  assertMatrix(fn, b, 'B');
  if (a[dimA] !== b[dimB]) {
    throw new ShapeError(`${fn}: shapes ${shape(a)} (A) and ${shape(b)} (B) do not fit; ${rule}.`);
  }
}

function checkVector(fn: string, a: Matrix, x: ArrayLike<number>, len: number, what: string): void {
  if (x === null || typeof x !== 'object' || typeof x.length !== 'number') {
    throw new ShapeError(`${fn}: x must be an array or Float64Array of length ${len}.`);
  }
  if (x.length !== len) {
    throw new ShapeError(
      `${fn}: vector has length ${x.length}, matrix is ${shape(a)}; the length must equal ${what} (${len}).`,
    );
  }
}
