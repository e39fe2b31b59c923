/**
 * Linear systems, inverse and determinant from the LU factorization (lu.ts).
 *
 * Singularity: `solve` and `inv` throw DomainError when A is singular to working precision,
 * meaning an exactly zero pivot or an estimated reciprocal condition number
 * rcond = 1/(‖A‖₁·‖A⁻¹‖₁) below machine epsilon (2.2e-16), where a solution would carry no
 * correct digits. ‖A⁻¹‖₁ is estimated with Hager's method as refined by Higham (Higham,
 * "FORTRAN codes for estimating the one-norm of a real or complex matrix", ACM TOMS 14, 1988;
 * LAPACK dgecon/dlacn2): a few O(n²) solves with A and Aᵀ, usually within a factor 3 of the
 * true value. `det` never throws for singular input: it returns 0 for an exactly zero pivot.
 */

import { DomainError, ShapeError, fmt } from '../errors.js';
import { type LuResult, checkSquare, lu, luSolveInPlace, luSolveTransposeVector } from './lu.js';
import { type Matrix, assertFinite, assertMatrix } from './matrix.js';

const EPS = 2 ** -52;

/**
 * x = A⁻¹b for square A (n x n) and b a vector of length n (returns a Float64Array) or an
 * n x k Matrix (returns an n x k Matrix). Throws ShapeError on mismatched shapes, DomainError
 * on non-finite entries or a matrix singular to working precision. Cost 2n³/3 + 2n²k flops.
 */
export function solve(a: Matrix, b: Matrix): Matrix;
export function solve(a: Matrix, b: ArrayLike<number>): Float64Array;
export function solve(a: Matrix, b: Matrix | ArrayLike<number>): Matrix | Float64Array {
  checkSquare('solve', a);
  const n = a.rows;
  const isMatrix = typeof b === 'object' && b !== null && 'data' in b && 'rows' in b;
  let k: number;
  let rhs: Float64Array;
  if (isMatrix) {
    assertMatrix('solve', b);
    if (b.rows !== n) {
      throw new ShapeError(
        `solve: A is ${n}x${n} but B is ${b.rows}x${b.cols}; B must have ${n} rows (one per equation).`,
      );
    }
    assertFinite('solve (right-hand side)', b);
    k = b.cols;
    rhs = b.data;
  } else {
    if (b === null || typeof b !== 'object' || typeof b.length !== 'number') {
      throw new ShapeError('solve: b must be a Matrix or an array/Float64Array of numbers.');
    }
    if (b.length !== n) {
      throw new ShapeError(`solve: A is ${n}x${n} but b has length ${b.length}; b must have length ${n}.`);
    }
    k = 1;
    rhs = Float64Array.from(b);
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(rhs[i])) {
        throw new DomainError(`solve: b[${i}] is ${fmt(rhs[i]!)}; all entries must be finite.`);
      }
    }
  }
  const f = factorNonsingular('solve', a);
  const x = new Float64Array(n * k);
  for (let i = 0; i < n; i++) x.set(rhs.subarray(f.perm[i]! * k, (f.perm[i]! + 1) * k), i * k);
  luSolveInPlace(f.lu, x, k);
  return isMatrix ? { rows: n, cols: k, data: x } : x;
}

/**
 * A⁻¹ for square A. Throws DomainError if A is singular to working precision (see the module
 * comment); 0 x 0 gives 0 x 0. Prefer `solve(a, b)` to `matmul(inv(a), b)`: it is cheaper and
 * more accurate. Cost 8n³/3 flops.
 */
export function inv(a: Matrix): Matrix {
  checkSquare('inv', a);
  const n = a.rows;
  const f = factorNonsingular('inv', a);
  const x = new Float64Array(n * n);
  for (let i = 0; i < n; i++) x[i * n + f.perm[i]!] = 1;
  luSolveInPlace(f.lu, x, n);
  return { rows: n, cols: n, data: x };
}

/**
 * det(A) = sign(P)·Π u_ii from the LU factorization. Exactly 0 (never -0) when a pivot is 0
 * (e.g. a zero row or two equal rows); for a numerically singular matrix it is tiny rather
 * than 0. det of the 0 x 0 matrix is 1 (the empty product), as in NumPy. The product can
 * overflow to ±Infinity or underflow to 0 for large n even when A is well conditioned.
 */
export function det(a: Matrix): number {
  checkSquare('det', a);
  const f = lu(a);
  const n = a.rows;
  let d: number = f.sign;
  for (let i = 0; i < n; i++) d *= f.lu.data[i * n + i]!;
  return d === 0 ? 0 : d; // never -0
}

/** LU of A, throwing DomainError (naming `fn`) if A is singular to working precision. */
function factorNonsingular(fn: string, a: Matrix): LuResult {
  const f = lu(a);
  const n = a.rows;
  for (let i = 0; i < n; i++) {
    if (f.lu.data[i * n + i] === 0) {
      throw new DomainError(
        `${fn}: the matrix is singular (pivot ${i} of its LU factorization is exactly 0), so A⁻¹ does not exist. Check the input; for least-squares problems use qr.`,
      );
    }
  }
  const rc = n === 0 ? 1 : rcondFromLu(a, f);
  if (!(rc >= EPS)) {
    throw new DomainError(
      `${fn}: the matrix is singular to working precision (estimated reciprocal condition number ${rc.toExponential(2)} < 2.2e-16), so a solution would have no correct digits. Check the input or regularize it.`,
    );
  }
  return f;
}

/** 1-norm: the largest absolute column sum. */
function norm1(a: Matrix): number {
  const { rows, cols, data } = a;
  const s = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) s[j] = s[j]! + Math.abs(data[i * cols + j]!);
  }
  let m = 0;
  for (let j = 0; j < cols; j++) if (s[j]! > m) m = s[j]!;
  return m;
}

/**
 * Estimated reciprocal condition number in the 1-norm, 1/(‖A‖₁·est‖A⁻¹‖₁), from PA = LU.
 * Returns 0 when ‖A⁻¹‖₁ overflows. Hager–Higham, at most 5 iterations plus Higham's
 * alternating-sign test vector.
 */
export function rcondFromLu(a: Matrix, f: LuResult): number {
  const n = a.rows;
  const anorm = norm1(a);
  if (anorm === 0) return 0;
  const solveVec = (v: Float64Array): Float64Array => {
    const x = new Float64Array(n);
    for (let i = 0; i < n; i++) x[i] = v[f.perm[i]!]!;
    luSolveInPlace(f.lu, x, 1);
    return x;
  };
  let x = new Float64Array(n).fill(1 / n);
  let est = 0;
  let lastJ = -1;
  for (let iter = 0; iter < 5; iter++) {
    const y = solveVec(x);
    let e = 0;
    for (let i = 0; i < n; i++) e += Math.abs(y[i]!);
    if (!Number.isFinite(e)) return 0;
    if (iter > 0 && e <= est) break;
    est = e;
    const xi = new Float64Array(n);
    for (let i = 0; i < n; i++) xi[i] = y[i]! >= 0 ? 1 : -1;
    const z = luSolveTransposeVector(f, xi);
    let j = 0;
    let zx = 0;
    for (let i = 0; i < n; i++) {
      if (Math.abs(z[i]!) > Math.abs(z[j]!)) j = i;
      zx += z[i]! * x[i]!;
    }
    if (Math.abs(z[j]!) <= zx || j === lastJ) break;
    lastJ = j;
    x = new Float64Array(n);
    x[j] = 1;
  }
  // Higham's extra test vector guards against the estimator's known bad cases.
  const alt = new Float64Array(n);
  for (let i = 0; i < n; i++) alt[i] = (i % 2 === 0 ? 1 : -1) * (1 + (n > 1 ? i / (n - 1) : 0));
  const y = solveVec(alt);
  let e2 = 0;
  for (let i = 0; i < n; i++) e2 += Math.abs(y[i]!);
  if (!Number.isFinite(e2)) return 0;
  est = Math.max(est, (2 * e2) / (3 * n));
  return 1 / (anorm * est);
}
