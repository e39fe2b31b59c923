/**
 * Singular values (and optionally vectors) of an upper bidiagonal matrix B (diagonal d,
 * superdiagonal e) by the implicit-shift QR iteration of Golub & Kahan with the refinements
 * of Demmel & Kahan ("Accurate singular values of bidiagonal matrices", SIAM J. Sci. Stat.
 * Comput. 11, 1990): a zero-shift sweep when the shift would spoil relative accuracy, chasing
 * the bulge from the larger end of the block, and relative convergence tests; 2x2 blocks are
 * finished by an exact 2x2 SVD. Golub & Van Loan, Matrix Computations, 4th ed., 8.6.3;
 * the structure follows LAPACK dbdsqr.
 *
 * Vectors are carried as rows of Uᵀ and Vᵀ, so rotations combine contiguous rows; the
 * rotations of a sweep are recorded and applied afterwards as one chain per factor
 * (`rotationChain`, LAPACK dlasr's job), which loads and stores each entry once per sweep.
 */

import { ConvergenceError } from '../errors.js';
import { SAFMIN, hypot2, rotateRows, rotationChain } from './reflectors.js';
import { singularValues2x2, svd2x2 } from './svd2x2.js';

const EPS = Number.EPSILON;
/** dbdsqr's tolerance multiplier max(10, min(100, ε^(-1/8))). */
const TOL = Math.max(10, Math.min(100, EPS ** -0.125)) * EPS;
const MAXITR = 6;

/** Scratch for the 2x2 kernels: [ssmin, ssmax, snr, csr, snl, csl] or [c, s, r]. */
const out6 = new Float64Array(6);

/**
 * Diagonalizes B in place: afterwards d holds the singular values (with signs; the caller makes
 * them positive) and e is zero. `ut` (n x utCols) and `vt` (n x vtCols) are updated as
 * Uᵀ ← L·Uᵀ and Vᵀ ← R·Vᵀ for every left/right rotation, so that A = U·B·Vᵀ is preserved.
 * Returns the number of sweeps; throws ConvergenceError past `maxSweeps`.
 */
export function bidiagonalQR(
  d: Float64Array,
  e: Float64Array,
  n: number,
  ut: Float64Array | null,
  utCols: number,
  vt: Float64Array | null,
  vtCols: number,
  maxSweeps: number,
  fn: string,
): number {
  if (n <= 1) return 0;
  // Rotations of the current sweep: rot.uc/us for Uᵀ, rot.vc/vs for Vᵀ, indexed by row.
  const rot: Rotations = {
    uc: new Float64Array(n),
    us: new Float64Array(n),
    vc: new Float64Array(n),
    vs: new Float64Array(n),
  };
  // Absolute threshold from an estimate of the smallest singular value (dbdsqr).
  let sminoa = Math.abs(d[0]!);
  if (sminoa !== 0) {
    let mu = sminoa;
    for (let i = 1; i < n; i++) {
      mu = Math.abs(d[i]!) * (mu / (mu + Math.abs(e[i - 1]!)));
      sminoa = Math.min(sminoa, mu);
      if (sminoa === 0) break;
    }
  }
  sminoa /= Math.sqrt(n);
  const thresh = Math.max(TOL * sminoa, MAXITR * n * n * SAFMIN);

  let sweeps = 0;
  let m = n - 1;
  let oldll = -1;
  let oldm = -1;
  let idir = 0;
  outer: while (m > 0) {
    // Find the unreduced block ll..m (e[ll-1] negligible or ll = 0).
    let ll = m - 1;
    for (; ll >= 0; ll--) if (Math.abs(e[ll]!) <= thresh) break;
    if (ll >= 0) {
      e[ll] = 0;
      if (ll === m - 1) {
        m--;
        continue;
      }
    }
    ll++;
    if (ll === m - 1) {
      svd2x2(d[m - 1]!, e[m - 1]!, d[m]!, out6);
      d[m - 1] = out6[1]!;
      e[m - 1] = 0;
      d[m] = out6[0]!;
      if (vt !== null) rotateRows(vt, vtCols, m - 1, m, out6[3]!, out6[2]!);
      if (ut !== null) rotateRows(ut, utCols, m - 1, m, out6[5]!, out6[4]!);
      m -= 2;
      continue;
    }
    // A new block: chase from the larger end (better relative accuracy for graded matrices).
    if (ll > oldm || m < oldll) idir = Math.abs(d[ll]!) >= Math.abs(d[m]!) ? 1 : 2;
    // Relative convergence tests, which also estimate the smallest singular value sminl.
    let sminl: number;
    if (idir === 1) {
      if (Math.abs(e[m - 1]!) <= TOL * Math.abs(d[m]!)) {
        e[m - 1] = 0;
        continue;
      }
      let mu = Math.abs(d[ll]!);
      sminl = mu;
      for (let j = ll; j < m; j++) {
        if (Math.abs(e[j]!) <= TOL * mu) {
          e[j] = 0;
          continue outer;
        }
        mu = Math.abs(d[j + 1]!) * (mu / (mu + Math.abs(e[j]!)));
        sminl = Math.min(sminl, mu);
      }
    } else {
      if (Math.abs(e[ll]!) <= TOL * Math.abs(d[ll]!)) {
        e[ll] = 0;
        continue;
      }
      let mu = Math.abs(d[m]!);
      sminl = mu;
      for (let j = m - 1; j >= ll; j--) {
        if (Math.abs(e[j]!) <= TOL * mu) {
          e[j] = 0;
          continue outer;
        }
        mu = Math.abs(d[j]!) * (mu / (mu + Math.abs(e[j]!)));
        sminl = Math.min(sminl, mu);
      }
    }
    oldll = ll;
    oldm = m;
    if (sweeps >= maxSweeps) {
      throw new ConvergenceError(
        `${fn}: the bidiagonal QR iteration did not converge within ${sweeps} sweeps (maxIterations). Raise maxIterations, or check the matrix for extreme scaling.`,
        sweeps,
      );
    }
    sweeps++;
    let smax = 0;
    for (let j = ll; j <= m; j++) smax = Math.max(smax, Math.abs(d[j]!));
    for (let j = ll; j < m; j++) smax = Math.max(smax, Math.abs(e[j]!));
    // Shift: the smaller singular value of the 2x2 at the far end, unless it is negligible
    // relative to the block, in which case a zero shift keeps tiny singular values accurate.
    let shift = 0;
    if (!(n * TOL * (sminl / smax) <= Math.max(EPS, 0.01 * TOL))) {
      let sll: number;
      if (idir === 1) {
        sll = Math.abs(d[ll]!);
        shift = singularValues2x2(d[m - 1]!, e[m - 1]!, d[m]!, out6);
      } else {
        sll = Math.abs(d[m]!);
        shift = singularValues2x2(d[ll]!, e[ll]!, d[ll + 1]!, out6);
      }
      if (sll > 0 && (shift / sll) ** 2 < EPS) shift = 0;
    }
    if (idir === 1) {
      if (shift === 0) zeroShiftDown(d, e, ll, m, rot);
      else shiftedDown(d, e, ll, m, shift, rot);
      if (Math.abs(e[m - 1]!) <= thresh) e[m - 1] = 0;
    } else {
      if (shift === 0) zeroShiftUp(d, e, ll, m, rot);
      else shiftedUp(d, e, ll, m, shift, rot);
      if (Math.abs(e[ll]!) <= thresh) e[ll] = 0;
    }
    // Down sweeps rotate rows (i, i+1) for i = ll..m−1; up sweeps rows (i, i−1) for i = m..ll+1.
    if (ut !== null) rotationChain(ut, utCols, ll, m, rot.uc, rot.us, idir === 2);
    if (vt !== null) rotationChain(vt, vtCols, ll, m, rot.vc, rot.vs, idir === 2);
  }
  return sweeps;
}

/** The rotations of one sweep, by row index: (uc, us) for Uᵀ, (vc, vs) for Vᵀ. */
interface Rotations {
  uc: Float64Array;
  us: Float64Array;
  vc: Float64Array;
  vs: Float64Array;
}

/** Demmel–Kahan zero-shift QR sweep, top to bottom. */
function zeroShiftDown(d: Float64Array, e: Float64Array, ll: number, m: number, rot: Rotations): void {
  let cs = 1;
  let oldcs = 1;
  let oldsn = 0;
  for (let i = ll; i < m; i++) {
    givens(d[i]! * cs, e[i]!, out6);
    cs = out6[0]!;
    const sn = out6[1]!;
    const r = out6[2]!;
    if (i > ll) e[i - 1] = oldsn * r;
    rot.vc[i] = cs;
    rot.vs[i] = sn;
    givens(oldcs * r, d[i + 1]! * sn, out6);
    oldcs = out6[0]!;
    oldsn = out6[1]!;
    d[i] = out6[2]!;
    rot.uc[i] = oldcs;
    rot.us[i] = oldsn;
  }
  const h = d[m]! * cs;
  d[m] = h * oldcs;
  e[m - 1] = h * oldsn;
}

/** Demmel–Kahan zero-shift QR sweep, bottom to top (the mirror image of zeroShiftDown). */
function zeroShiftUp(d: Float64Array, e: Float64Array, ll: number, m: number, rot: Rotations): void {
  let cs = 1;
  let oldcs = 1;
  let oldsn = 0;
  for (let i = m; i > ll; i--) {
    givens(d[i]! * cs, e[i - 1]!, out6);
    cs = out6[0]!;
    const sn = out6[1]!;
    const r = out6[2]!;
    if (i < m) e[i] = oldsn * r;
    rot.uc[i] = cs;
    rot.us[i] = sn;
    givens(oldcs * r, d[i - 1]! * sn, out6);
    oldcs = out6[0]!;
    oldsn = out6[1]!;
    d[i] = out6[2]!;
    rot.vc[i] = oldcs;
    rot.vs[i] = oldsn;
  }
  const h = d[ll]! * cs;
  d[ll] = h * oldcs;
  e[ll] = h * oldsn;
}

/** Implicit-shift Golub–Kahan sweep, top to bottom (GVL Algorithm 8.6.1). */
function shiftedDown(d: Float64Array, e: Float64Array, ll: number, m: number, shift: number, rot: Rotations): void {
  // First column of BᵀB − shift²·I, scaled by 1/d[ll] (computed without cancellation).
  let f = (Math.abs(d[ll]!) - shift) * (Math.sign(d[ll]!) + shift / d[ll]!);
  let g = e[ll]!;
  for (let i = ll; i < m; i++) {
    givens(f, g, out6);
    const cosr = out6[0]!;
    const sinr = out6[1]!;
    if (i > ll) e[i - 1] = out6[2]!;
    f = cosr * d[i]! + sinr * e[i]!;
    e[i] = cosr * e[i]! - sinr * d[i]!;
    g = sinr * d[i + 1]!;
    d[i + 1] = d[i + 1]! * cosr;
    rot.vc[i] = cosr;
    rot.vs[i] = sinr;
    givens(f, g, out6);
    const cosl = out6[0]!;
    const sinl = out6[1]!;
    d[i] = out6[2]!;
    f = cosl * e[i]! + sinl * d[i + 1]!;
    d[i + 1] = cosl * d[i + 1]! - sinl * e[i]!;
    if (i < m - 1) {
      g = sinl * e[i + 1]!;
      e[i + 1] = e[i + 1]! * cosl;
    }
    rot.uc[i] = cosl;
    rot.us[i] = sinl;
  }
  e[m - 1] = f;
}

/** Implicit-shift sweep, bottom to top (the mirror image of shiftedDown, on Bᵀ). */
function shiftedUp(d: Float64Array, e: Float64Array, ll: number, m: number, shift: number, rot: Rotations): void {
  let f = (Math.abs(d[m]!) - shift) * (Math.sign(d[m]!) + shift / d[m]!);
  let g = e[m - 1]!;
  for (let i = m; i > ll; i--) {
    givens(f, g, out6);
    const cosr = out6[0]!;
    const sinr = out6[1]!;
    if (i < m) e[i] = out6[2]!;
    f = cosr * d[i]! + sinr * e[i - 1]!;
    e[i - 1] = cosr * e[i - 1]! - sinr * d[i]!;
    g = sinr * d[i - 1]!;
    d[i - 1] = d[i - 1]! * cosr;
    rot.uc[i] = cosr;
    rot.us[i] = sinr;
    givens(f, g, out6);
    const cosl = out6[0]!;
    const sinl = out6[1]!;
    d[i] = out6[2]!;
    f = cosl * e[i - 1]! + sinl * d[i - 1]!;
    d[i - 1] = cosl * d[i - 1]! - sinl * e[i - 1]!;
    if (i > ll + 1) {
      g = sinl * e[i - 2]!;
      e[i - 2] = e[i - 2]! * cosl;
    }
    rot.vc[i] = cosl;
    rot.vs[i] = sinl;
  }
  e[ll] = f;
}

/** Rotation [[c, s], [−s, c]]·[f, g]ᵀ = [r, 0]ᵀ with c >= 0 (LAPACK 3.10 dlartg). out = [c, s, r]. */
function givens(f: number, g: number, out: Float64Array): void {
  if (g === 0) {
    out[0] = 1;
    out[1] = 0;
    out[2] = f;
  } else if (f === 0) {
    out[0] = 0;
    out[1] = Math.sign(g);
    out[2] = Math.abs(g);
  } else {
    const r = Math.sign(f) * hypot2(f, g);
    out[0] = f / r;
    out[1] = g / r;
    out[2] = r;
  }
}
