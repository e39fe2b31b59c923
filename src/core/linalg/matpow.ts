/**
 * Integer matrix powers A^t by repeated squaring (binary powering; Knuth, TAOCP vol. 2,
 * 4.6.3): about log2(t) squarings plus one product per set bit of t, each an n³ gemm, so
 * A^64 costs 6 products instead of 63. Integer matrices stay exact while every intermediate
 * entry is below 2^53 (F^10 = [[34, 55], [55, 89]] exactly).
 */

import { DomainError, fmt } from '../errors.js';
import { checkSquare } from './lu.js';
import { matmul } from './matmul.js';
import { type Matrix, assertFinite, identity } from './matrix.js';

/**
 * A^t for a square matrix A (n x n, finite entries) and an integer t ≥ 0; A^0 = I (also for
 * A = 0). Negative or fractional t throw DomainError: for A^-t use matpow(inv(a), t). Entries
 * may overflow to ±Infinity for large t when the spectral radius exceeds 1; that is the result,
 * not an error. O(n³·log t).
 */
export function matpow(a: Matrix, t: number): Matrix {
  checkSquare('matpow', a);
  if (typeof t !== 'number' || !Number.isSafeInteger(t) || t < 0) {
    const shown = typeof t === 'number' ? fmt(t) : String(t);
    throw new DomainError(
      `matpow: the exponent must be an integer >= 0, got ${shown}. For negative powers use matpow(inv(a), ${
        typeof t === 'number' && Number.isInteger(t) && t < 0 ? -t : 'k'
      }); fractional powers need an eigendecomposition.`,
    );
  }
  assertFinite('matpow', a);
  let result: Matrix | null = null;
  let base = a;
  let e = t;
  while (e > 0) {
    if (e % 2 === 1) result = result === null ? base : matmul(result, base);
    e = Math.floor(e / 2);
    if (e > 0) base = matmul(base, base);
  }
  return result === null
    ? identity(a.rows)
    : result === a
      ? { rows: a.rows, cols: a.cols, data: a.data.slice() }
      : result;
}
