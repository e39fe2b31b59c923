/**
 * Blocked reduction to upper Hessenberg form, A = Q·H·Qᵀ (LAPACK dgehrd with its panel routine
 * dlahr2; Quintana-Ortí & van de Geijn, "Improving the performance of reduction to Hessenberg
 * form", ACM TOMS 32, 2006). Internal to linalg: eig.ts calls it through
 * `reduceToHessenbergAuto`, and the unblocked `reduceToHessenberg` (hessenberg.ts, dgehd2) stays
 * the reference and the path for small n and for the last columns.
 *
 * Each panel of NB columns p … p+ib−1 is reduced with the reflectors H_p … H_{p+ib−1} kept as
 * an explicit V (unit lower trapezoidal) and the compact-WY T (Q_panel = I − V·T·Vᵀ), together
 * with Y = A·V·T over rows 0 … hi. Within the panel only the column about to be reduced is
 * brought up to date (level 2: b −= Y·V(c, :)ᵀ, then b := (I − V·Tᵀ·Vᵀ)·b); the one product with
 * the trailing matrix per column, A·v, is a row-wise matrix-vector product. After the panel,
 * the trailing matrix gets the whole panel's similarity at once through gemm:
 *   A(0:hi, p+ib:hi) −= Y·V(p+ib:hi, :)ᵀ            (right, dgehrd's dgemm)
 *   A(0:p,  p+1:p+ib−1) −= Y(0:p, :)·V(p+1:p+ib−1, :)ᵀ (right, the panel's own rows above it)
 *   A(p+1:hi, p+ib:n−1) := (I − V·Tᵀ·Vᵀ)·A(…)         (left, dlarfb through larfb)
 * so about 80% of the 10/3·n³ flops run in the gemm kernel instead of a level-2 stream.
 *
 * The reflectors are stored as by the unblocked code (tau in taus[k], tail below the
 * subdiagonal of column k), so `formHessenbergQ` and `clearBelowSubdiagonal` apply unchanged.
 * Rounding differs from the unblocked code (different summation order), not its accuracy:
 * both are backward stable, ‖A − Q·H·Qᵀ‖ = O(n·eps·‖A‖).
 */

import { gemm } from './gemm.js';
import { householder, larfb } from './householder.js';
import { reduceToHessenberg } from './hessenberg.js';

/** Panel width (dgehrd's NB from ilaenv is 32). */
export const HESSENBERG_NB = 32;

/**
 * Window sizes (hi − lo + 1) from which `reduceToHessenbergAuto` uses the blocked code; below
 * it the pipelined unblocked dgehd2 is faster (measured crossover between 256 and 512, see
 * docs/decisions/0028-hessenberg.md).
 */
export const HESSENBERG_BLOCKED_MIN = 384;

/** Columns left to the unblocked code at the end (dgehrd's NX). */
export const HESSENBERG_NX = 64;

/**
 * Same contract as `reduceToHessenberg` (hessenberg.ts): in place on the n x n row-major `h`,
 * window lo..hi (the matrix block upper triangular around it), taus[k] for k in lo..hi−2 and 0
 * elsewhere. Panels of `nb` columns while more than `nx` columns of the window remain, then
 * the unblocked code for the rest (dgehrd's NX crossover).
 */
export function reduceToHessenbergBlocked(
  h: Float64Array,
  n: number,
  taus: Float64Array,
  lo = 0,
  hi = n - 1,
  nb = HESSENBERG_NB,
  nx = HESSENBERG_NX,
): void {
  taus.fill(0);
  const bs = Math.max(1, Math.floor(nb));
  const maxRows = Math.max(0, hi - lo);
  const vx = new Float64Array(maxRows * bs); // V: rows p+1 … hi, row stride ib
  const y = new Float64Array((hi + 1) * bs); // Y: rows 0 … hi, row stride ib
  const t = new Float64Array(bs * bs);
  const z = new Float64Array(bs);
  const wk = new Float64Array(2 * bs * n);
  const tmp = new Float64Array((hi + 1) * bs);
  let p = lo;
  // Panels while more than nx columns remain to be reduced (columns p … hi−2).
  for (; p < hi - 1 - nx; p += bs) {
    const ib = Math.min(bs, hi - 1 - p);
    panel(h, n, p, ib, hi, taus, vx, y, t, z, tmp);
    const m = hi - p; // rows p+1 … hi
    // Right: A(0:hi, p+ib:hi) −= Y·V(p+ib:hi, :)ᵀ. V's rows from p+ib are vx rows ib−1 ….
    gemm(false, true, hi + 1, hi - p - ib + 1, ib, -1, y, 0, ib, vx, (ib - 1) * ib, ib, h, p + ib, n);
    // Right, rows 0 … p of the panel's own columns p+1 … p+ib−1 (rows p+1 … were updated in
    // the panel). V(p+1:p+ib−1, ib−1) is zero, so the full Y can be used.
    gemm(false, true, p + 1, ib - 1, ib, -1, y, 0, ib, vx, 0, ib, h, p + 1, n);
    // Left: A(p+1:hi, p+ib:n−1) := (I − V·Tᵀ·Vᵀ)·A(…).
    larfb(true, m, n - p - ib, ib, vx, t, h, (p + 1) * n + p + ib, n, wk);
  }
  if (p < hi - 1) {
    // reduceToHessenberg clears all of its taus, so it gets its own.
    const rest = new Float64Array(taus.length);
    reduceToHessenberg(h, n, rest, p, hi);
    taus.set(rest.subarray(p), p);
  }
}

/**
 * dlahr2 for columns p … p+ib−1 (rows p+1 … hi): forms their reflectors (stored in h and taus),
 * the explicit V (vx, (hi−p) x ib), T (ib x ib) and Y = A·V·T (rows 0 … hi, row stride ib).
 * Columns right of the panel are read, never written.
 */
function panel(
  h: Float64Array,
  n: number,
  p: number,
  ib: number,
  hi: number,
  taus: Float64Array,
  vx: Float64Array,
  y: Float64Array,
  t: Float64Array,
  z: Float64Array,
  tmp: Float64Array,
): void {
  const r0 = p + 1;
  const m = hi - p;
  vx.fill(0, 0, m * ib);
  t.fill(0, 0, ib * ib);
  for (let j = 0; j < ib; j++) {
    const c = p + j;
    if (j > 0) {
      // Right: b = A(r0:hi, c) −= Y(r0:hi, 0:j)·V(c, 0:j)ᵀ; V(c, :) is vx row j−1.
      const vr = (j - 1) * ib;
      for (let r = r0; r <= hi; r++) {
        let s = 0;
        const yr = r * ib;
        for (let l = 0; l < j; l++) s += y[yr + l]! * vx[vr + l]!;
        h[r * n + c]! -= s;
      }
      // Left: b := (I − V·Tᵀ·Vᵀ)·b with the first j reflectors.
      z.fill(0, 0, j);
      for (let r = r0; r <= hi; r++) {
        const b = h[r * n + c]!;
        const vr2 = (r - r0) * ib;
        for (let l = 0; l < j; l++) z[l]! += vx[vr2 + l]! * b;
      }
      // z := Tᵀ·z (T upper triangular: entry l uses z(0:l)); backwards keeps it in place.
      for (let l = j - 1; l >= 0; l--) {
        let s = 0;
        for (let q = 0; q <= l; q++) s += t[q * ib + l]! * z[q]!;
        z[l] = s;
      }
      for (let r = r0; r <= hi; r++) {
        const vr2 = (r - r0) * ib;
        let s = 0;
        for (let l = 0; l < j; l++) s += vx[vr2 + l]! * z[l]!;
        h[r * n + c]! -= s;
      }
    }
    const tau = householder(hi - c, h, (c + 1) * n + c, n);
    taus[c] = tau;
    // v_j: 1 at row c+1, the stored tail below (zero when tau = 0: H_j = I).
    const vb = c + 1 - r0; // = j
    vx[vb * ib + j] = 1;
    if (tau !== 0) for (let r = c + 2; r <= hi; r++) vx[(r - r0) * ib + j] = h[r * n + c]!;
    // Y(r0:hi, j) = A(r0:hi, c+1:hi)·v (columns right of c are not yet touched by this panel).
    if (tau !== 0) matVecRows(h, n, r0, hi + 1, c + 1, hi + 1, vx, j - r0 * ib, ib, y, j, ib);
    else for (let r = r0; r <= hi; r++) y[r * ib + j] = 0;
    // z = V(:, 0:j)ᵀ·v over rows c+1 … hi; Y(:, j) = tau·(A·v − Y(:, 0:j)·z); T(0:j, j) = −tau·T·z.
    z.fill(0, 0, j);
    if (tau !== 0) {
      for (let r = c + 1; r <= hi; r++) {
        const vr2 = (r - r0) * ib;
        const vj = vx[vr2 + j]!;
        for (let l = 0; l < j; l++) z[l]! += vx[vr2 + l]! * vj;
      }
      for (let r = r0; r <= hi; r++) {
        const yr = r * ib;
        let s = 0;
        for (let l = 0; l < j; l++) s += y[yr + l]! * z[l]!;
        y[yr + j] = tau * (y[yr + j]! - s);
      }
    }
    for (let l = 0; l < j; l++) {
      let s = 0;
      for (let q = l; q < j; q++) s += t[l * ib + q]! * z[q]!;
      t[l * ib + j] = -tau * s;
    }
    t[j * ib + j] = tau;
  }
  // Y(0:p, :) = A(0:p, p+1:hi)·V·T (dlahr2's last step; those rows of A are untouched so far).
  if (p + 1 > 0) {
    tmp.fill(0, 0, (p + 1) * ib);
    gemm(false, false, p + 1, ib, m, 1, h, r0, n, vx, 0, ib, tmp, 0, ib);
    y.fill(0, 0, (p + 1) * ib);
    gemm(false, false, p + 1, ib, ib, 1, tmp, 0, ib, t, 0, ib, y, 0, ib);
  }
}

/**
 * out[(i)·ldo + oc] = Σ_{c in c0..c1−1} A[i, c]·x[xOff + c·ldx] for rows i in i0..i1−1: the
 * row-wise matrix-vector product of dlahr2, four rows at a time (V8 does not vectorize;
 * sharing the loads of x across rows is what makes it fast). x is gathered once contiguous.
 */
function matVecRows(
  a: Float64Array,
  n: number,
  i0: number,
  i1: number,
  c0: number,
  c1: number,
  x: Float64Array,
  xOff: number,
  ldx: number,
  out: Float64Array,
  oc: number,
  ldo: number,
): void {
  const len = c1 - c0;
  const xs = new Float64Array(len);
  for (let c = 0; c < len; c++) xs[c] = x[xOff + (c0 + c) * ldx]!;
  let i = i0;
  for (; i + 3 < i1; i += 4) {
    const q0 = i * n + c0;
    const q1 = q0 + n;
    const q2 = q1 + n;
    const q3 = q2 + n;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let c = 0; c < len; c++) {
      const xc = xs[c]!;
      s0 += a[q0 + c]! * xc;
      s1 += a[q1 + c]! * xc;
      s2 += a[q2 + c]! * xc;
      s3 += a[q3 + c]! * xc;
    }
    out[i * ldo + oc] = s0;
    out[(i + 1) * ldo + oc] = s1;
    out[(i + 2) * ldo + oc] = s2;
    out[(i + 3) * ldo + oc] = s3;
  }
  for (; i < i1; i++) {
    const q = i * n + c0;
    let s = 0;
    for (let c = 0; c < len; c++) s += a[q + c]! * xs[c]!;
    out[i * ldo + oc] = s;
  }
}

/**
 * `reduceToHessenberg` (unblocked) for windows shorter than HESSENBERG_BLOCKED_MIN columns,
 * `reduceToHessenbergBlocked` above. Same contract.
 */
export function reduceToHessenbergAuto(h: Float64Array, n: number, taus: Float64Array, lo = 0, hi = n - 1): void {
  if (hi - lo + 1 >= HESSENBERG_BLOCKED_MIN) reduceToHessenbergBlocked(h, n, taus, lo, hi);
  else reduceToHessenberg(h, n, taus, lo, hi);
}
