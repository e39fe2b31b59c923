/**
 * Francis implicit double-shift QR iteration on an upper Hessenberg matrix: computes the
 * eigenvalues and, on request, the real Schur form T = Zᵀ·H·Z (quasi-upper-triangular with
 * standardized 2x2 blocks for complex pairs) and the accumulated Z.
 *
 * Algorithm: Golub & Van Loan, Matrix Computations, 4th ed., 7.5 (Algorithm 7.5.2, the Francis
 * step, and 7.5.6 deflation), with the refinements of LAPACK dlahqr: the Ahues & Tisseur
 * deflation criterion ("A new deflation criterion for the QR algorithm", LAWN 122, 1997),
 * a search for two consecutive small subdiagonals to start the bulge lower, exceptional shifts
 * after 10 and 20 sweeps without deflation, and 2x2 blocks standardized as in dlanv2
 * (Bai & Demmel 1993). Row-major Float64Array storage.
 *
 * Windows of more than MULTISHIFT_NMIN rows take small-bulge multishift sweeps instead
 * (multishift.ts; LAPACK dlaqr0/dlaqr5 without aggressive early deflation): many bulges per
 * sweep, the far-from-diagonal updates done with gemm; blocks of at most MULTISHIFT_NMIN rows
 * that split off are finished on a copy (see docs/decisions/0034).
 *
 * Aggressive early deflation (Braman, Byers & Mathias 2002; LAPACK dlaqr0/dlaqr2) was tried
 * with the double-shift sweep: it saved about a third of the sweep work at n = 256–512 but cost
 * as much in window Schur forms, reordering and slab updates, so it is not used (see
 * bench/RESULTS.md). With the multishift sweep it is the next step (0034).
 */

import { ConvergenceError } from '../errors.js';
import { type MultishiftWork, farUpdates, multishiftSweep, multishiftWork } from './multishift.js';
import { betaOf, cols2, makeReflector, reflect2, reflect3, rows2 } from './bulgeReflectors.js';
import { SAFMIN } from './reflectors.js';
import { standardize2x2 } from './schur2x2.js';

const ULP = Number.EPSILON;
/** Sweeps without deflation between exceptional shifts (dlahqr's KEXSH). */
const EXCEPTIONAL_EVERY = 10;
/** Multishift sweeps without deflation between exceptional shifts (dlaqr0's KEXSH). */
const EXCEPTIONAL_MULTI = 6;
/**
 * Active blocks larger than this take multishift sweeps (multishift.ts); smaller ones the
 * double-shift sweep, and a block of at most this size that splits off a larger window is
 * finished on a copy (`solveBlock`). LAPACK's NMIN (iparmq) is 75; here the multishift sweep
 * (without aggressive early deflation) loses to the double-shift sweep for eigenvalues at
 * n = 256 and 512 (one threshold serves eig and eigvals, whose eigenvalues must agree bit for
 * bit), so windows of up to 600 rows keep the double-shift code unchanged
 * (bench/RESULTS.md, docs/decisions/0034).
 */
export const MULTISHIFT_NMIN = 600;
/**
 * Eigenvalues of the n x n row-major upper Hessenberg `h` (entries below the subdiagonal are
 * ignored and zeroed) into wr/wi, in Schur-form order; a complex pair is stored at (j, j+1)
 * with wi[j] > 0. With a window ilo..ihi (dhseqr's; default the whole matrix) `h` must be upper
 * triangular outside it (as after `balanceInPlace`): those diagonal entries are eigenvalues as
 * they stand, and the iteration runs on rows and columns ilo..ihi only (plus, for the Schur
 * form, the rows above and the columns right of the window).
 *
 * - `wantT = false`: only the active window (the unreduced block being iterated on) is
 *   updated, as EISPACK hqr; `h` is left in an unspecified state.
 * - `wantT = true`: `h` becomes the real Schur form T. If `zt` is given (n x n row-major, the
 *   *transpose* of Z; pass Qᵀ from the Hessenberg reduction, or I), it is updated to (Q·Z)ᵀ.
 *   Z is kept transposed so that the reflectors combine contiguous rows rather than strided
 *   columns. About 10·n³ flops for T, 25·n³ with Z.
 *
 * The active-window entries evolve identically in both modes, so the eigenvalues are
 * bit-identical (in multishift sweeps this relies on gemm summing each entry in the same order
 * whatever the width of the product). `maxSweeps` caps the total number of sweeps (double-shift
 * or multishift, each counts one); exceeding it throws ConvergenceError (with `iterations` =
 * sweeps run) whose message names `fn`. `nmin` (default MULTISHIFT_NMIN) is the multishift
 * threshold; tests lower it to run the multishift path on small matrices.
 * Returns the number of sweeps.
 */
export function francisQR(
  h: Float64Array,
  n: number,
  wr: Float64Array,
  wi: Float64Array,
  wantT: boolean,
  zt: Float64Array | null,
  maxSweeps: number,
  fn: string,
  ilo = 0,
  ihi = n - 1,
  nmin = MULTISHIFT_NMIN,
): number {
  // Work with an odd row stride: with n a multiple of a large power of 2, the column
  // operations (stride n·8 bytes) would map every row to the same cache set and thrash.
  const ld = n % 2 === 0 ? n + 1 : n;
  let w = h;
  if (ld !== n) {
    w = new Float64Array(n * ld);
    for (let r = 0; r < n; r++) w.set(h.subarray(r * n, r * n + n), r * ld);
  }
  const sweeps =
    ihi - ilo + 1 > nmin
      ? multishiftCore(w, ld, n, wr, wi, wantT, zt, maxSweeps, fn, ilo, ihi, nmin)
      : francisCore(w, ld, n, wr, wi, wantT, zt, maxSweeps, fn, ilo, ihi);
  if (ld !== n && wantT) for (let r = 0; r < n; r++) h.set(w.subarray(r * ld, r * ld + n), r * n);
  return sweeps;
}

function francisCore(
  h: Float64Array,
  ld: number,
  n: number,
  wr: Float64Array,
  wi: Float64Array,
  wantT: boolean,
  zt: Float64Array | null,
  maxSweeps: number,
  fn: string,
  ilo: number,
  ihi: number,
): number {
  const smlnum = prepare(h, ld, n, wr, wi, ilo, ihi);
  const blk = new Float64Array(10);
  const shifts = new Float64Array(4);
  let sweeps = 0;
  let i = ihi;
  while (i >= ilo) {
    let l = ilo;
    let sinceDeflation = 0;
    for (;;) {
      l = findSplit(h, ld, ihi, l, i, smlnum);
      if (l > ilo) h[l * ld + l - 1] = 0;
      if (l >= i - 1) break; // a 1x1 or 2x2 block has split off at the bottom
      if (sweeps >= maxSweeps) throw capError(fn, sweeps, n, i, ilo);
      sweeps++;
      sinceDeflation++;
      standardShifts(h, ld, l, i, sinceDeflation, shifts);
      sweepWithShifts(h, ld, n, l, i, shifts[0]!, shifts[1]!, shifts[2]!, shifts[3]!, wantT, zt);
    }
    splitOff(h, ld, n, l, i, wr, wi, wantT, zt, blk);
    i = l - 1;
  }
  return sweeps;
}

/**
 * The driver for windows of more than `nmin` rows: multishift sweeps while the active block
 * has more than nmin rows; a block of at most nmin rows that splits off is finished on a copy
 * (`solveBlock`). Kept apart from francisCore so that the double-shift driver stays small for
 * the JIT (a shared loop with these branches made n = 256 about 15 % slower).
 */
function multishiftCore(
  h: Float64Array,
  ld: number,
  n: number,
  wr: Float64Array,
  wi: Float64Array,
  wantT: boolean,
  zt: Float64Array | null,
  maxSweeps: number,
  fn: string,
  ilo: number,
  ihi: number,
  nmin: number,
): number {
  const smlnum = prepare(h, ld, n, wr, wi, ilo, ihi);
  const blk = new Float64Array(10);
  const shifts = new Float64Array(4);
  const work = multishiftWork();
  let sweeps = 0;
  let i = ihi;
  while (i >= ilo) {
    let l = ilo;
    let sinceDeflation = 0;
    let solved = false;
    for (;;) {
      l = findSplit(h, ld, ihi, l, i, smlnum);
      if (l > ilo) h[l * ld + l - 1] = 0;
      if (l >= i - 1) break;
      if (i - l + 1 <= nmin) {
        // A small block has split off the large window: finish it on a copy, and for the
        // Schur form apply its accumulated Z to the rest of H and to Zᵀ with matrix products.
        sweeps += solveBlock(h, ld, n, l, i, wr, wi, wantT, zt, maxSweeps - sweeps, sweeps, fn, work);
        solved = true;
        break;
      }
      if (sweeps >= maxSweeps) throw capError(fn, sweeps, n, i, ilo);
      sweeps++;
      sinceDeflation++;
      if (i - l + 1 > nmin) {
        const ms = multishiftShifts(h, ld, l, i, sinceDeflation, fn);
        multishiftSweep(h, ld, n, l, i, ms.sr, ms.si, wantT, zt, smlnum, work);
      } else {
        standardShifts(h, ld, l, i, sinceDeflation, shifts);
        sweepWithShifts(h, ld, n, l, i, shifts[0]!, shifts[1]!, shifts[2]!, shifts[3]!, wantT, zt);
      }
    }
    if (!solved) splitOff(h, ld, n, l, i, wr, wi, wantT, zt, blk);
    i = l - 1;
  }
  return sweeps;
}

/** Zeroes below the subdiagonal, stores the eigenvalues outside ilo..ihi; returns smlnum. */
function prepare(
  h: Float64Array,
  ld: number,
  n: number,
  wr: Float64Array,
  wi: Float64Array,
  ilo: number,
  ihi: number,
): number {
  for (let i = 2; i < n; i++) h.fill(0, i * ld, i * ld + i - 1);
  // Outside the window the matrix is already triangular: its diagonal holds eigenvalues.
  for (let i = 0; i < n; i++) {
    if (i >= ilo && i <= ihi) continue;
    wr[i] = h[i * ld + i]!;
    wi[i] = 0;
  }
  return SAFMIN * ((ihi - ilo + 1) / ULP);
}

function capError(fn: string, sweeps: number, n: number, i: number, ilo: number): ConvergenceError {
  return new ConvergenceError(
    `${fn}: the QR iteration did not converge within ${sweeps} sweeps (maxIterations); ${n - 1 - i + ilo} of ${n} eigenvalues were found. Raise maxIterations, or check the matrix for extreme scaling.`,
    sweeps,
  );
}

/**
 * The 1x1 (l = i) or 2x2 (l = i − 1) block that has split off at the bottom: its eigenvalues
 * into wr/wi; a 2x2 block is standardized (dlanv2) and, for the Schur form, its rotation
 * applied to the rest of H and to Zᵀ.
 */
function splitOff(
  h: Float64Array,
  ld: number,
  n: number,
  l: number,
  i: number,
  wr: Float64Array,
  wi: Float64Array,
  wantT: boolean,
  zt: Float64Array | null,
  blk: Float64Array,
): void {
  if (l === i) {
    wr[i] = h[i * ld + i]!;
    wi[i] = 0;
    return;
  }
  const p = (i - 1) * ld + i - 1;
  standardize2x2(h[p]!, h[p + 1]!, h[p + ld]!, h[p + ld + 1]!, blk);
  h[p] = blk[0]!;
  h[p + 1] = blk[1]!;
  h[p + ld] = blk[2]!;
  h[p + ld + 1] = blk[3]!;
  wr[i - 1] = blk[4]!;
  wi[i - 1] = blk[5]!;
  wr[i] = blk[6]!;
  wi[i] = blk[7]!;
  const cs = blk[8]!;
  const sn = blk[9]!;
  if (wantT) {
    const r0 = (i - 1) * ld;
    const r1 = i * ld;
    for (let j = i + 1; j < n; j++) {
      const x = h[r0 + j]!;
      const y = h[r1 + j]!;
      h[r0 + j] = cs * x + sn * y;
      h[r1 + j] = cs * y - sn * x;
    }
    for (let j = 0; j < i - 1; j++) {
      const r = j * ld + i - 1;
      const x = h[r]!;
      const y = h[r + 1]!;
      h[r] = cs * x + sn * y;
      h[r + 1] = cs * y - sn * x;
    }
  }
  if (zt !== null) {
    const r0 = (i - 1) * n;
    const r1 = i * n;
    for (let j = 0; j < n; j++) {
      const x = zt[r0 + j]!;
      const y = zt[r1 + j]!;
      zt[r0 + j] = cs * x + sn * y;
      zt[r1 + j] = cs * y - sn * x;
    }
  }
}

/**
 * Eigenvalues (and, with wantT, the Schur form and Zᵀ) of the unreduced block l..i by the
 * double-shift iteration on a dense copy: the block's eigenvalues go to wr/wi[l..i]; with wantT
 * the copy's Schur form is written back and its Z applied to the rows right of the block, the
 * columns above it and the block's rows of Zᵀ with gemm (instead of n-wide level-1 updates in
 * every sweep). Both modes take this path, so `eig` and `eigvals` keep identical eigenvalues.
 * Returns the sweeps run; a ConvergenceError names the whole problem's counts.
 */
function solveBlock(
  h: Float64Array,
  ld: number,
  n: number,
  l: number,
  i: number,
  wr: Float64Array,
  wi: Float64Array,
  wantT: boolean,
  zt: Float64Array | null,
  budget: number,
  done: number,
  fn: string,
  work: MultishiftWork,
): number {
  const m = i - l + 1;
  const t = new Float64Array(m * m);
  for (let r = 0; r < m; r++) {
    const from = Math.max(0, r - 1);
    t.set(h.subarray((l + r) * ld + l + from, (l + r) * ld + l + m), r * m + from);
  }
  const vt = wantT ? new Float64Array(m * m) : null;
  if (vt !== null) for (let d = 0; d < m; d++) vt[d * m + d] = 1;
  const bwr = new Float64Array(m);
  const bwi = new Float64Array(m);
  let sweeps: number;
  try {
    sweeps = francisQR(t, m, bwr, bwi, wantT, vt, budget, fn);
  } catch (e) {
    if (!(e instanceof ConvergenceError)) throw e;
    throw new ConvergenceError(
      `${fn}: the QR iteration did not converge within ${done + e.iterations} sweeps (maxIterations); ${n - 1 - i} of ${n} eigenvalues were found. Raise maxIterations, or check the matrix for extreme scaling.`,
      done + e.iterations,
    );
  }
  wr.set(bwr, l);
  wi.set(bwi, l);
  if (vt !== null) {
    for (let r = 0; r < m; r++) h.set(t.subarray(r * m, r * m + m), (l + r) * ld + l);
    if (work.tmp.length < m * n) work.tmp = new Float64Array(m * n);
    farUpdates(h, ld, n, l, i, l, 0, n - 1, zt, vt, work.tmp);
  }
  return sweeps;
}

/**
 * The start of the unreduced block ending at row i: the largest k in (l, i] whose subdiagonal
 * h[k][k-1] is negligible (Ahues & Tisseur), or l if there is none.
 */
function findSplit(h: Float64Array, ld: number, ihi: number, l: number, i: number, smlnum: number): number {
  let k = i;
  for (; k > l; k--) {
    const sub = Math.abs(h[k * ld + k - 1]!);
    if (sub <= smlnum) break;
    const dkk = h[k * ld + k]!;
    const dk1 = h[(k - 1) * ld + k - 1]!;
    let tst = Math.abs(dk1) + Math.abs(dkk);
    if (tst === 0) {
      if (k - 2 >= 0) tst += Math.abs(h[(k - 1) * ld + k - 2]!);
      if (k + 1 <= ihi) tst += Math.abs(h[(k + 1) * ld + k]!);
    }
    if (sub <= ULP * tst) {
      // Compare with the off-diagonal product, not just the diagonal.
      const sup = Math.abs(h[(k - 1) * ld + k]!);
      const ab = Math.max(sub, sup);
      const ba = Math.min(sub, sup);
      const diff = Math.abs(dk1 - dkk);
      const aa = Math.max(Math.abs(dkk), diff);
      const bb = Math.min(Math.abs(dkk), diff);
      const s = aa + ab;
      if (ba * (ab / s) <= Math.max(smlnum, ULP * (bb * (aa / s)))) break;
    }
  }
  return k;
}

/**
 * Number of shifts for a multishift sweep on a block of nh rows: iparmq's table (ISPEC = 15),
 * capped by dlaqr0's (nh + 6) / 9 so that the bulge chain fits the block; even, at least 2.
 */
export function multishiftCount(nh: number): number {
  let ns: number;
  if (nh < 30) ns = 2;
  else if (nh < 60) ns = 4;
  else if (nh < 150) ns = 10;
  else if (nh < 590) ns = Math.max(10, Math.floor(nh / Math.round(Math.log2(nh))));
  else if (nh < 3000) ns = 64;
  else ns = 128;
  ns = Math.min(ns, Math.floor((nh + 6) / 9));
  return Math.max(2, ns - (ns % 2));
}

/**
 * Shifts for a multishift sweep on the block l..i (dlaqr0): the eigenvalues of the trailing
 * ns x ns block (the double-shift iteration on a copy), or every 6th sweep without deflation
 * exceptional ones (dlaqr0's 0.75·s ± i·√0.4375·s pairs from the trailing subdiagonals).
 * Arranged as ns/2 bulges (a conjugate pair, or two real shifts, real ones paired in order of
 * magnitude), smallest first: bulge 0 is introduced first.
 */
function multishiftShifts(
  h: Float64Array,
  ld: number,
  l: number,
  i: number,
  sinceDeflation: number,
  fn: string,
): { sr: Float64Array; si: Float64Array } {
  const ns = multishiftCount(i - l + 1);
  const ks = i - ns + 1;
  const wr = new Float64Array(ns);
  const wi = new Float64Array(ns);
  let ok = sinceDeflation % EXCEPTIONAL_MULTI !== 0;
  if (ok) {
    const t = new Float64Array(ns * ns);
    for (let r = 0; r < ns; r++) {
      const from = Math.max(0, r - 1);
      t.set(h.subarray((ks + r) * ld + ks + from, (ks + r) * ld + ks + ns), r * ns + from);
    }
    try {
      francisQR(t, ns, wr, wi, false, null, 30 * Math.max(ns, 10), fn);
    } catch (e) {
      if (!(e instanceof ConvergenceError)) throw e;
      ok = false;
    }
  }
  if (!ok) {
    for (let j = i; j >= ks + 1; j -= 2) {
      const s = Math.abs(h[j * ld + j - 1]!) + Math.abs(h[(j - 1) * ld + j - 2]!);
      const a = 0.75 * s + h[j * ld + j]!;
      wr[j - ks - 1] = a;
      wr[j - ks] = a;
      wi[j - ks - 1] = Math.sqrt(0.4375) * s;
      wi[j - ks] = -Math.sqrt(0.4375) * s;
    }
  }
  // Bulges: conjugate pairs as they come (wi > 0 first), real shifts paired by magnitude.
  const reals: number[] = [];
  const bulges: [number, number, number, number][] = [];
  for (let j = 0; j < ns; j++) {
    if (wi[j] !== 0 && j + 1 < ns) {
      bulges.push([wr[j]!, Math.abs(wi[j]!), wr[j + 1]!, -Math.abs(wi[j]!)]);
      j++;
    } else reals.push(wr[j]!);
  }
  reals.sort((a, b) => Math.abs(a) - Math.abs(b));
  for (let j = 0; j + 1 < reals.length; j += 2) bulges.push([reals[j]!, 0, reals[j + 1]!, 0]);
  const mag = (q: [number, number, number, number]) => Math.abs(q[0]) + Math.abs(q[1]);
  bulges.sort((p, q) => mag(p) - mag(q));
  const sr = new Float64Array(2 * bulges.length);
  const si = new Float64Array(2 * bulges.length);
  bulges.forEach((q, b) => {
    sr[2 * b] = q[0];
    si[2 * b] = q[1];
    sr[2 * b + 1] = q[2];
    si[2 * b + 1] = q[3];
  });
  return { sr, si };
}

/**
 * Francis shifts for the block l..i into out = [re1, im1, re2, im2]: the eigenvalues of the
 * trailing 2x2 block (a real pair is replaced by the eigenvalue nearer h[i][i], used twice),
 * or an exceptional pair every 10th sweep without deflation, alternating the bottom and the
 * top of the block (dlahqr).
 */
function standardShifts(
  h: Float64Array,
  ld: number,
  l: number,
  i: number,
  sinceDeflation: number,
  out: Float64Array,
): void {
  let h11: number;
  let h12: number;
  let h21: number;
  let h22: number;
  if (sinceDeflation % (2 * EXCEPTIONAL_EVERY) === 0) {
    const s = Math.abs(h[i * ld + i - 1]!) + Math.abs(h[(i - 1) * ld + i - 2]!);
    h11 = 0.75 * s + h[i * ld + i]!;
    h12 = -0.4375 * s;
    h21 = s;
    h22 = h11;
  } else if (sinceDeflation % EXCEPTIONAL_EVERY === 0) {
    const s = Math.abs(h[(l + 1) * ld + l]!) + Math.abs(h[(l + 2) * ld + l + 1]!);
    h11 = 0.75 * s + h[l * ld + l]!;
    h12 = -0.4375 * s;
    h21 = s;
    h22 = h11;
  } else {
    h11 = h[(i - 1) * ld + i - 1]!;
    h21 = h[i * ld + i - 1]!;
    h12 = h[(i - 1) * ld + i]!;
    h22 = h[i * ld + i]!;
  }
  out.fill(0);
  const s0 = Math.abs(h11) + Math.abs(h12) + Math.abs(h21) + Math.abs(h22);
  if (s0 === 0) return;
  h11 /= s0;
  h21 /= s0;
  h12 /= s0;
  h22 /= s0;
  const tr = (h11 + h22) / 2;
  const det = (h11 - tr) * (h22 - tr) - h12 * h21;
  const rtdisc = Math.sqrt(Math.abs(det));
  if (det >= 0) {
    out[0] = tr * s0;
    out[2] = out[0];
    out[1] = rtdisc * s0;
    out[3] = -out[1];
  } else {
    const a = tr + rtdisc;
    const b = tr - rtdisc;
    out[0] = Math.abs(a - h22) <= Math.abs(b - h22) ? a * s0 : b * s0;
    out[2] = out[0];
  }
}

/**
 * One implicit double-shift sweep on the unreduced block l..i (i − l >= 2) with the shifts
 * (rt1r + i·rt1i, rt2r + i·rt2i): a complex conjugate pair or two real values.
 */
function sweepWithShifts(
  h: Float64Array,
  ld: number,
  n: number,
  l: number,
  i: number,
  rt1r: number,
  rt1i: number,
  rt2r: number,
  rt2i: number,
  wantT: boolean,
  zt: Float64Array | null,
): void {
  // Start the bulge at the lowest m where two consecutive subdiagonals are small enough that
  // the first column of (H − σ₁)(H − σ₂) restricted to rows m..m+2 is a faithful start.
  let m = i - 2;
  let v0 = 0;
  let v1 = 0;
  let v2 = 0;
  for (; m >= l; m--) {
    const hmm = h[m * ld + m]!;
    let h21s = h[(m + 1) * ld + m]!;
    let s = Math.abs(hmm - rt2r) + Math.abs(rt2i) + Math.abs(h21s);
    h21s /= s;
    v0 = h21s * h[m * ld + m + 1]! + (hmm - rt1r) * ((hmm - rt2r) / s) - rt1i * (rt2i / s);
    v1 = h21s * (hmm + h[(m + 1) * ld + m + 1]! - rt1r - rt2r);
    v2 = h21s * h[(m + 2) * ld + m + 1]!;
    s = Math.abs(v0) + Math.abs(v1) + Math.abs(v2);
    v0 /= s;
    v1 /= s;
    v2 /= s;
    if (m === l) break;
    const h00 = Math.abs(h[m * ld + m - 1]!) * (Math.abs(v1) + Math.abs(v2));
    const h01 =
      Math.abs(v0) * (Math.abs(h[(m - 1) * ld + m - 1]!) + Math.abs(hmm) + Math.abs(h[(m + 1) * ld + m + 1]!));
    if (h00 <= ULP * h01) break;
  }
  // Columns updated by row operations: to i (window only) or to n-1 (Schur form).
  const colEnd = wantT ? n - 1 : i;
  // Rows updated by column operations: from l (window only) or from 0 (Schur form).
  const rowStart = wantT ? 0 : l;
  const r = new Float64Array(3); // the current reflector: [t, u1, u2]
  const q = new Float64Array(3); // the next one, in a paired step
  let k = m;
  // The first reflector comes from the shift polynomial; column m−1 only needs the scaling.
  makeReflector(v0, v1, v2, i - m > 1, r);
  if (m > l) h[m * ld + m - 1] = h[m * ld + m - 1]! * (1 - r[0]!);
  while (k < i) {
    if (k + 3 <= i) {
      // Two 3-element reflectors P_k, P_{k+1} in one pass over rows k..k+3 and columns
      // k..k+3: every entry sees the same sequence of operations as in two single steps
      // (row op P_k, column op P_k, row op P_{k+1}, column op P_{k+1}), so the result is
      // identical; only P_{k+1}'s input (column k) is finished first.
      const t1 = r[0]!,
        u1 = r[1]!,
        u2 = r[2]!;
      const t2 = t1 * u1;
      const t3 = t1 * u2;
      // P_k on the 3x3 corner (rows and then columns k..k+2), then row k+3 of its column op.
      for (let c = k; c <= k + 2; c++) reflect3(h, k * ld + c, ld, u1, u2, t1, t2, t3);
      for (let rr = k; rr <= k + 3; rr++) reflect3(h, rr * ld + k, 1, u1, u2, t1, t2, t3);
      // P_{k+1} from column k, rows k+1..k+3.
      const p = (k + 1) * ld + k;
      const b0 = h[p]!;
      const b1 = h[p + ld]!;
      const b2 = h[p + 2 * ld]!;
      makeReflector(b0, b1, b2, true, q);
      if (q[0] !== 0) h[p] = betaOf(b0, b1, b2);
      h[p + ld] = 0;
      h[p + 2 * ld] = 0;
      const s1 = q[0]!,
        w1 = q[1]!,
        w2 = q[2]!;
      const s2 = s1 * w1;
      const s3 = s1 * w2;
      // Row ops: columns k+1..k+2 need only P_{k+1}; columns k+3.. get P_k then P_{k+1}.
      for (let c = k + 1; c <= k + 2; c++) reflect3(h, (k + 1) * ld + c, ld, w1, w2, s1, s2, s3);
      rows2(h, ld, k * ld, k + 3, colEnd + 1, u1, u2, t1, t2, t3, w1, w2, s1, s2, s3);
      // Column ops: rows above k get P_k then P_{k+1}; rows k..k+4 only P_{k+1}.
      cols2(h, ld, rowStart * ld + k, k - rowStart, u1, u2, t1, t2, t3, w1, w2, s1, s2, s3);
      const lastRow = Math.min(k + 4, i);
      for (let rr = k; rr <= lastRow; rr++) reflect3(h, rr * ld + k + 1, 1, w1, w2, s1, s2, s3);
      if (zt !== null) rows2(zt, n, k * n, 0, n, u1, u2, t1, t2, t3, w1, w2, s1, s2, s3);
      k += 2;
    } else {
      const three = k < i - 1;
      const t1 = r[0]!,
        u1 = r[1]!,
        u2 = r[2]!;
      if (t1 !== 0) {
        const t2 = t1 * u1;
        const t3 = t1 * u2;
        if (three) {
          for (let c = k; c <= colEnd; c++) reflect3(h, k * ld + c, ld, u1, u2, t1, t2, t3);
          for (let rr = rowStart; rr <= Math.min(k + 3, i); rr++) reflect3(h, rr * ld + k, 1, u1, u2, t1, t2, t3);
          if (zt !== null) for (let c = 0; c < n; c++) reflect3(zt, k * n + c, n, u1, u2, t1, t2, t3);
        } else {
          for (let c = k; c <= colEnd; c++) reflect2(h, k * ld + c, ld, u1, t1, t2);
          for (let rr = rowStart; rr <= i; rr++) reflect2(h, rr * ld + k, 1, u1, t1, t2);
          if (zt !== null) for (let c = 0; c < n; c++) reflect2(zt, k * n + c, n, u1, t1, t2);
        }
      }
      k += 1;
    }
    if (k < i) {
      // The next reflector from column k−1 (rows k..k+2, or k..k+1 at the end).
      const three = k < i - 1;
      const p = k * ld + k - 1;
      const a0 = h[p]!;
      const a1 = h[p + ld]!;
      const a2 = three ? h[p + 2 * ld]! : 0;
      makeReflector(a0, a1, a2, three, r);
      if (r[0] !== 0) h[p] = betaOf(a0, a1, a2);
      h[p + ld] = 0;
      if (three) h[p + 2 * ld] = 0;
    }
  }
}
