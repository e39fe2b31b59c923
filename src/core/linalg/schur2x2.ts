/**
 * The real Schur form of a 2x2 block, standardized (LAPACK dlanv2): the kernel the Francis
 * iteration uses to split off 1x1 and 2x2 blocks, and the source of complex pairs.
 */

import { hypot2 } from './reflectors.js';

const ULP = Number.EPSILON;

/**
 * Schur factorization of a real 2x2 matrix [[a, b], [c, d]] in standardized form
 * (Bai & Demmel, "On swapping diagonal blocks in real Schur form", 1993; LAPACK dlanv2):
 * [[a, b], [c, d]] = [[cs, −sn], [sn, cs]]·[[aa, bb], [cc, dd]]·[[cs, sn], [−sn, cs]] where
 * either cc = 0 (real eigenvalues aa, dd) or aa = dd and bb·cc < 0 (eigenvalues aa ± i·√(−bb·cc)).
 * Writes out = [aa, bb, cc, dd, rt1r, rt1i, rt2r, rt2i, cs, sn]; rt1i >= 0 >= rt2i.
 */
export function standardize2x2(a: number, b: number, c: number, d: number, out: Float64Array): void {
  let cs = 1;
  let sn = 0;
  if (c === 0) {
    // already upper triangular
  } else if (b === 0) {
    // swap rows and columns
    cs = 0;
    sn = 1;
    const t = d;
    d = a;
    a = t;
    b = -c;
    c = 0;
  } else if (a - d === 0 && Math.sign(b) !== Math.sign(c)) {
    // already standardized complex block
  } else {
    const temp = a - d;
    let p = 0.5 * temp;
    const bcmax = Math.max(Math.abs(b), Math.abs(c));
    const bcmis = Math.min(Math.abs(b), Math.abs(c)) * Math.sign(b) * Math.sign(c);
    const scale = Math.max(Math.abs(p), bcmax);
    let z = (p / scale) * p + (bcmax / scale) * bcmis;
    if (z >= 4 * ULP) {
      // Real eigenvalues: rotate to upper triangular form.
      z = p + Math.sign(p || 1) * Math.sqrt(scale) * Math.sqrt(z);
      a = d + z;
      d = d - (bcmax / z) * bcmis;
      const tau = hypot2(c, z);
      cs = z / tau;
      sn = c / tau;
      b = b - c;
      c = 0;
    } else {
      // Complex or nearly equal real eigenvalues: make the diagonal entries equal.
      const sigma = b + c;
      const tau = hypot2(sigma, temp);
      cs = Math.sqrt(0.5 * (1 + Math.abs(sigma) / tau));
      sn = -(p / (tau * cs)) * Math.sign(sigma || 1);
      // [aa bb; cc dd] = [a b; c d]·[cs −sn; sn cs]
      const aa = a * cs + b * sn;
      const bb = -a * sn + b * cs;
      const cc = c * cs + d * sn;
      const dd = -c * sn + d * cs;
      // [a b; c d] = [cs sn; −sn cs]·[aa bb; cc dd]
      a = aa * cs + cc * sn;
      b = bb * cs + dd * sn;
      c = -aa * sn + cc * cs;
      d = -bb * sn + dd * cs;
      const mid = 0.5 * (a + d);
      a = mid;
      d = mid;
      if (c !== 0) {
        if (b !== 0) {
          if (Math.sign(b) === Math.sign(c)) {
            // Real eigenvalues after all: reduce to upper triangular form.
            const sab = Math.sqrt(Math.abs(b));
            const sac = Math.sqrt(Math.abs(c));
            p = Math.sign(c) * sab * sac;
            const t = 1 / Math.sqrt(Math.abs(b + c));
            a = mid + p;
            d = mid - p;
            b = b - c;
            c = 0;
            const cs1 = sab * t;
            const sn1 = sac * t;
            const tmp = cs * cs1 - sn * sn1;
            sn = cs * sn1 + sn * cs1;
            cs = tmp;
          }
        } else {
          b = -c;
          c = 0;
          const tmp = cs;
          cs = -sn;
          sn = tmp;
        }
      }
    }
  }
  out[0] = a;
  out[1] = b;
  out[2] = c;
  out[3] = d;
  out[4] = a;
  out[6] = d;
  if (c === 0) {
    out[5] = 0;
    out[7] = 0;
  } else {
    const im = Math.sqrt(Math.abs(b)) * Math.sqrt(Math.abs(c));
    out[5] = im;
    out[7] = -im;
  }
  out[8] = cs;
  out[9] = sn;
}
