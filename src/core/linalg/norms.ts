/** Matrix norms. `norm2` (largest singular value) lives in svd.ts. */

import { type Matrix, assertMatrix } from './matrix.js';

/**
 * Frobenius norm sqrt(Σ a_ij²), without overflow or underflow. Fast path: the plain sum of
 * squares, kept when it is finite and at least 2^-900 (then no square overflowed, and squares
 * that underflowed are below n·2^-1022, far under one ulp of the sum). Otherwise (huge or tiny
 * entries, NaN) the scaled sum of squares of LAPACK's dnrm2, which never overflows.
 */
export function normFrobenius(a: Matrix): number {
  assertMatrix('normFrobenius', a);
  const d = a.data;
  let s0 = 0;
  let s1 = 0;
  const n2 = d.length - (d.length % 2);
  for (let k = 0; k < n2; k += 2) {
    s0 += d[k]! * d[k]!;
    s1 += d[k + 1]! * d[k + 1]!;
  }
  if (n2 < d.length) s0 += d[n2]! * d[n2]!;
  const sum = s0 + s1;
  if (sum >= TINY_SUM && sum < Number.POSITIVE_INFINITY) return Math.sqrt(sum);
  return scaledNorm(d);
}

const TINY_SUM = 2 ** -900;

function scaledNorm(d: Float64Array): number {
  let scale = 0;
  let ssq = 1;
  for (let k = 0; k < d.length; k++) {
    const v = d[k]!;
    if (v !== 0) {
      const av = Math.abs(v);
      if (scale < av) {
        ssq = 1 + ssq * (scale / av) * (scale / av);
        scale = av;
      } else {
        ssq += (av / scale) * (av / scale);
      }
    }
  }
  return scale * Math.sqrt(ssq);
}

/** Largest absolute entry max |a_ij| (0 for an empty matrix; NaN if any entry is NaN). */
export function normMaxAbs(a: Matrix): number {
  assertMatrix('normMaxAbs', a);
  let m = 0;
  const d = a.data;
  for (let k = 0; k < d.length; k++) {
    const v = Math.abs(d[k]!);
    if (v > m || Number.isNaN(v)) m = v;
  }
  return m;
}
