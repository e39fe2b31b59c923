/** Matrix norms. `norm2` (largest singular value) lives in svd.ts. */

import type { Matrix } from './matrix.js';

/** Frobenius norm sqrt(Σ a_ij²), scaled to avoid overflow and underflow. */
export function normFrobenius(a: Matrix): number {
  let scale = 0;
  let ssq = 1;
  const d = a.data;
  for (let k = 0; k < d.length; k++) {
    const v = d[k];
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
  let m = 0;
  const d = a.data;
  for (let k = 0; k < d.length; k++) {
    const v = Math.abs(d[k]);
    if (v > m || Number.isNaN(v)) m = v;
  }
  return m;
}
