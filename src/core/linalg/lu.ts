/**
 * LU factorization with partial (row) pivoting, PA = LU, and the triangular solves built on it.
 *
 * Algorithm: right-looking blocked LU (Golub & Van Loan, Matrix Computations 4th ed., 3.2.11 and
 * 3.4; LAPACK dgetrf/dgetf2). Row-major friendly: each NB-column panel is factored by row axpys,
 * row interchanges swap whole contiguous rows at once (so L is stored in the final row order, as
 * LAPACK's dlaswp leaves it), U12 = L11⁻¹A12 is a row-oriented forward substitution and the
 * trailing update A22 -= L21·U12 runs on the packed gemm engine. Partial pivoting is backward
 * stable in practice (growth factor ≤ 2^(n-1), tiny for all but contrived inputs).
 */

import { ShapeError } from '../errors.js';
import { gemm } from './gemm.js';
import { type Matrix, assertFinite, assertMatrix } from './matrix.js';

const NB = 32;

export interface LuResult {
  /** L (unit lower, diagonal not stored) strictly below the diagonal, U on and above it. */
  lu: Matrix;
  /** Row i of PA is row perm[i] of A. */
  perm: Int32Array;
  /** Parity of the permutation: det(P). */
  sign: 1 | -1;
}

/** Throws ShapeError naming `fn` unless `a` is a square Matrix (0 x 0 allowed). */
export function checkSquare(fn: string, a: Matrix): void {
  assertMatrix(fn, a);
  if (a.rows !== a.cols) {
    throw new ShapeError(`${fn} needs a square matrix, got ${a.rows}x${a.cols}. For rectangular matrices use qr.`);
  }
}

/**
 * PA = LU for a square n x n matrix with finite entries (DomainError otherwise). A singular
 * matrix is factored too (a zero pivot leaves its column of L at zero, as LAPACK); `det` then
 * returns 0 and `solve`/`inv` throw. 0 x 0 gives an empty factorization with sign 1.
 * Cost 2n³/3 flops.
 */
export function lu(a: Matrix): LuResult {
  checkSquare('lu', a);
  assertFinite('lu', a);
  const n = a.rows;
  const w = a.data.slice();
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  const sign = getrf(n, w, perm);
  return { lu: { rows: n, cols: n, data: w }, perm, sign };
}

/** In-place blocked LU of the n x n row-major `w`; records the row order in perm, returns det(P). */
function getrf(n: number, w: Float64Array, perm: Int32Array): 1 | -1 {
  let sign: 1 | -1 = 1;
  for (let j0 = 0; j0 < n; j0 += NB) {
    const jb = Math.min(NB, n - j0);
    const je = j0 + jb;
    for (let j = j0; j < je; j++) {
      let p = j;
      let best = Math.abs(w[j * n + j]!);
      for (let i = j + 1; i < n; i++) {
        const v = Math.abs(w[i * n + j]!);
        if (v > best) {
          best = v;
          p = i;
        }
      }
      if (p !== j) {
        swapRows(w, n, p, j);
        const t = perm[p]!;
        perm[p] = perm[j]!;
        perm[j] = t;
        sign = sign === 1 ? -1 : 1;
      }
      const piv = w[j * n + j]!;
      if (piv === 0) continue; // the whole column below is zero: nothing to eliminate
      const rj = j * n;
      for (let i = j + 1; i < n; i++) {
        const ri = i * n;
        const l = w[ri + j]! / piv;
        w[ri + j] = l;
        if (l === 0) continue;
        for (let c = j + 1; c < je; c++) w[ri + c] = w[ri + c]! - l * w[rj + c]!;
      }
    }
    if (je < n) {
      // U12 := L11⁻¹·A12 (unit lower triangular, forward substitution by rows).
      for (let i = j0 + 1; i < je; i++) {
        const ri = i * n;
        for (let l = j0; l < i; l++) {
          const f = w[ri + l]!;
          if (f === 0) continue;
          const rl = l * n;
          for (let c = je; c < n; c++) w[ri + c] = w[ri + c]! - f * w[rl + c]!;
        }
      }
      // A22 -= L21·U12. The three blocks are disjoint parts of w.
      gemm(false, false, n - je, n - je, jb, -1, w, je * n + j0, n, w, j0 * n + je, n, w, je * n + je, n);
    }
  }
  return sign;
}

function swapRows(w: Float64Array, n: number, p: number, q: number): void {
  const rp = p * n;
  const rq = q * n;
  for (let c = 0; c < n; c++) {
    const t = w[rp + c]!;
    w[rp + c] = w[rq + c]!;
    w[rq + c] = t;
  }
}

/**
 * Solves A·X = B in place given PA = LU: `x` (n x k, row stride k) must hold the rows of B
 * already permuted (row i = row perm[i] of B). Blocked: each NB-row block first subtracts the
 * contribution of the solved blocks with one gemm, then substitutes within the block.
 * 2n²k flops. Divides by the diagonal of U as is (the caller rules out zero pivots).
 */
export function luSolveInPlace(f: Matrix, x: Float64Array, k: number): void {
  const n = f.rows;
  const w = f.data;
  if (k === 1) {
    luSolveVectorInPlace(n, w, x);
    return;
  }
  // Forward: L·Y = PB, L unit lower triangular.
  for (let i0 = 0; i0 < n; i0 += NB) {
    const ie = Math.min(i0 + NB, n);
    if (i0 > 0) gemm(false, false, ie - i0, k, i0, -1, w, i0 * n, n, x, 0, k, x, i0 * k, k);
    for (let i = i0 + 1; i < ie; i++) {
      for (let l = i0; l < i; l++) axpyRow(x, i * k, -w[i * n + l]!, l * k, k);
    }
  }
  // Backward: U·X = Y.
  for (let ie = n; ie > 0; ie -= NB) {
    const i0 = Math.max(0, ie - NB);
    if (ie < n) gemm(false, false, ie - i0, k, n - ie, -1, w, i0 * n + ie, n, x, ie * k, k, x, i0 * k, k);
    for (let i = ie - 1; i >= i0; i--) {
      for (let l = i + 1; l < ie; l++) axpyRow(x, i * k, -w[i * n + l]!, l * k, k);
      const d = w[i * n + i]!;
      const r = i * k;
      for (let c = 0; c < k; c++) x[r + c] = x[r + c]! / d;
    }
  }
}

/** One right-hand side: substitution by dot products along the rows of L and U. 2n² flops. */
function luSolveVectorInPlace(n: number, w: Float64Array, x: Float64Array): void {
  for (let i = 1; i < n; i++) {
    const r = i * n;
    let s = x[i]!;
    for (let l = 0; l < i; l++) s -= w[r + l]! * x[l]!;
    x[i] = s;
  }
  for (let i = n - 1; i >= 0; i--) {
    const r = i * n;
    let s = x[i]!;
    for (let l = i + 1; l < n; l++) s -= w[r + l]! * x[l]!;
    x[i] = s / w[r + i]!;
  }
}

/** x[dst..dst+k) += s · x[src..src+k). */
function axpyRow(x: Float64Array, dst: number, s: number, src: number, k: number): void {
  if (s === 0) return;
  for (let c = 0; c < k; c++) x[dst + c] = x[dst + c]! + s * x[src + c]!;
}

/**
 * Solves Aᵀ·x = b in place given PA = LU (Aᵀ = Uᵀ·Lᵀ·P): Uᵀ z = b, Lᵀ y = z, x = Pᵀy.
 * Used by the condition estimator. 2n² flops.
 */
export function luSolveTransposeVector(f: LuResult, b: Float64Array): Float64Array {
  const n = f.lu.rows;
  const w = f.lu.data;
  const z = b.slice();
  for (let i = 0; i < n; i++) {
    z[i] = z[i]! / w[i * n + i]!;
    const zi = z[i]!;
    if (zi === 0) continue;
    const ri = i * n;
    for (let j = i + 1; j < n; j++) z[j] = z[j]! - w[ri + j]! * zi;
  }
  for (let i = n - 1; i >= 0; i--) {
    const zi = z[i]!;
    if (zi === 0) continue;
    const ri = i * n;
    for (let j = 0; j < i; j++) z[j] = z[j]! - w[ri + j]! * zi;
  }
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[f.perm[i]!] = z[i]!;
  return x;
}
