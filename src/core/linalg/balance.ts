/**
 * Balancing by diagonal similarity: B = D⁻¹·A·D with D = diag(d) made of powers of 2, chosen so
 * that row i and column i of B have comparable norms. B has the eigenvalues of A; an eigenvector
 * x of B gives D·x for A. Scaling only (no permutations), in the manner of LAPACK dgebal with
 * job 'S' and EISPACK balanc (Parlett & Reinsch, "Balancing a matrix for calculation of
 * eigenvalues and eigenvectors", Numer. Math. 13, 1969). Powers of 2 make the scaling exact.
 */

import { type Matrix, assertFinite, assertMatrix, assertSquare } from './matrix.js';

/** Result of `balance`: the balanced matrix and the diagonal of D. */
export interface BalanceResult {
  b: Matrix;
  d: Float64Array;
}

/** B = D⁻¹·A·D balanced, with D = diag(d). Does not mutate `a`. O(n²) per sweep, few sweeps. */
export function balance(a: Matrix): BalanceResult {
  assertMatrix('balance', a);
  assertSquare('balance', a);
  assertFinite('balance', a);
  const b = a.data.slice();
  const d = balanceInPlace(b, a.rows);
  return { b: { rows: a.rows, cols: a.cols, data: b }, d };
}

const RADIX = 2;
// Keep scale factors well inside the double range (dgebal's sfmin1/sfmax1 guards).
const SFMIN = 2 ** -900;
const SFMAX = 2 ** 900;

/**
 * In place: balances the n x n row-major `a` and returns d. Row and column norms are 1-norms
 * excluding the diagonal (the diagonal is invariant under diagonal similarity). A scaling of
 * index i is accepted when it reduces ‖row i‖ + ‖column i‖ by at least 5%; sweeps repeat until
 * none is accepted. The column sum is strided (once per index per sweep, O(n²) per sweep).
 */
export function balanceInPlace(a: Float64Array, n: number): Float64Array {
  const d = new Float64Array(n).fill(1);
  if (n < 2) return d;
  let changed = true;
  for (let sweep = 0; changed && sweep < 100; sweep++) {
    changed = false;
    for (let i = 0; i < n; i++) {
      let c = 0;
      let r = 0;
      const ri = i * n;
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        c += Math.abs(a[j * n + i]);
        r += Math.abs(a[ri + j]);
      }
      if (c === 0 || r === 0 || !Number.isFinite(c + r)) continue;
      let g = r / RADIX;
      let f = 1;
      const s = c + r;
      while (c < g && f < SFMAX) {
        f *= RADIX;
        c *= RADIX;
        r /= RADIX;
        g /= RADIX;
      }
      g = c / RADIX;
      while (g >= r && f > SFMIN) {
        f /= RADIX;
        c /= RADIX;
        g /= RADIX;
        r *= RADIX;
      }
      if (c + r >= 0.95 * s) continue;
      if (d[i] * f < SFMIN || d[i] * f > SFMAX) continue;
      d[i] *= f;
      changed = true;
      const g1 = 1 / f;
      for (let j = 0; j < n; j++) a[ri + j] *= g1;
      for (let j = 0; j < n; j++) a[j * n + i] *= f;
    }
  }
  return d;
}
