/**
 * Right eigenvectors from a real Schur factorization A = Z·T·Zᵀ: back-substitution on the
 * quasi-upper-triangular T (LAPACK dtrevc's method: Golub & Van Loan, Matrix Computations,
 * 4th ed., 7.6.4), then back-transformation by Z.
 *
 * Near-singular pivots (repeated or defective eigenvalues) are perturbed to
 * smin = ε·max|T|, which keeps each computed vector a backward-stable answer: ‖Av − λv‖ stays
 * O(ε·‖A‖) even when v is ill-conditioned. Partial results are rescaled whenever an entry
 * exceeds 1e100, so nothing overflows; vectors are normalized later anyway.
 */

import { matmulTransA } from './matmul.js';
import { SAFMIN } from './reflectors.js';

const ULP = Number.EPSILON;
const BIG = 1e100;

/**
 * X (n x n, row-major) with T·x = λ·x column by column: for a real eigenvalue at Schur position
 * k, column k holds x (zero below row k); for a complex pair at (k, k+1) with wi[k] > 0,
 * columns k and k+1 hold the real and imaginary parts of the vector for wr[k] + i·wi[k].
 * T must be the standardized Schur form from `francisQR` (complex blocks have wi ≠ 0 and
 * real eigenvalues sit on a triangular diagonal). O(n³/3) flops (real spectrum).
 */
export function quasiTriangularEigenvectors(
  t: Float64Array,
  n: number,
  wr: Float64Array,
  wi: Float64Array,
): Float64Array {
  let tnorm = 0;
  for (let i = 0; i < n; i++) {
    for (let j = Math.max(0, i - 1); j < n; j++) {
      const v = Math.abs(t[i * n + j]!);
      if (v > tnorm) tnorm = v;
    }
  }
  const smin = Math.max(ULP * tnorm, (SAFMIN * n) / ULP);
  const x = new Float64Array(n * n);
  const xr = new Float64Array(n);
  const xi = new Float64Array(n);
  const sol = new Float64Array(4);
  for (let k = n - 1; k >= 0; k--) {
    const complex = wi[k] !== 0;
    // For a pair, handle it once from its second index k (wi[k] < 0); lo = first index.
    const lo = complex ? k - 1 : k;
    const lr = wr[lo]!;
    const li = complex ? wi[lo]! : 0;
    xr.fill(0, 0, k + 1);
    xi.fill(0, 0, k + 1);
    if (!complex) {
      xr[k] = 1;
    } else {
      // Eigenvector of the standardized block [[a, β], [γ, a]] for a + i·q, q = √(−βγ) > 0.
      const beta = t[lo * n + k]!;
      const gamma = t[k * n + lo]!;
      if (Math.abs(beta) >= Math.abs(gamma)) {
        xr[lo] = 1;
        xi[k] = li / beta;
      } else {
        xi[lo] = li / gamma;
        xr[k] = 1;
      }
    }
    for (let j = lo - 1; j >= 0; ) {
      const block = j > 0 && wi[j]! < 0;
      const top = block ? j - 1 : j;
      // r = −T[rows top..j, cols j+1..k]·x
      let r1r = 0;
      let r1i = 0;
      let r2r = 0;
      let r2i = 0;
      const rowA = top * n;
      const rowB = j * n;
      if (complex) {
        for (let m = j + 1; m <= k; m++) {
          r2r -= t[rowB + m]! * xr[m]!;
          r2i -= t[rowB + m]! * xi[m]!;
        }
        if (block) {
          for (let m = j + 1; m <= k; m++) {
            r1r -= t[rowA + m]! * xr[m]!;
            r1i -= t[rowA + m]! * xi[m]!;
          }
        }
      } else {
        for (let m = j + 1; m <= k; m++) r2r -= t[rowB + m]! * xr[m]!;
        if (block) for (let m = j + 1; m <= k; m++) r1r -= t[rowA + m]! * xr[m]!;
      }
      let big: number;
      if (!block) {
        complexDivide(r2r, r2i, t[rowB + j]! - lr, -li, smin, sol);
        xr[j] = sol[0]!;
        xi[j] = sol[1]!;
        big = Math.abs(sol[0]!) + Math.abs(sol[1]!);
      } else {
        solve2x2(
          t[rowA + top]! - lr,
          t[rowA + j]!,
          t[rowB + top]!,
          t[rowB + j]! - lr,
          -li,
          r1r,
          r1i,
          r2r,
          r2i,
          smin,
          sol,
        );
        xr[top] = sol[0]!;
        xi[top] = sol[1]!;
        xr[j] = sol[2]!;
        xi[j] = sol[3]!;
        big = Math.max(Math.abs(sol[0]!) + Math.abs(sol[1]!), Math.abs(sol[2]!) + Math.abs(sol[3]!));
      }
      if (big > BIG) {
        const s = 1 / big;
        for (let m = top; m <= k; m++) {
          xr[m] = xr[m]! * s;
          xi[m] = xi[m]! * s;
        }
      }
      j = top - 1;
    }
    if (!complex) {
      for (let m = 0; m <= k; m++) x[m * n + k] = xr[m]!;
    } else {
      for (let m = 0; m <= k; m++) {
        x[m * n + lo] = xr[m]!;
        x[m * n + k] = xi[m]!;
      }
      k--;
    }
  }
  return x;
}

/**
 * V = Z·X for Z given transposed (zt = Zᵀ, n x n) and X from `quasiTriangularEigenvectors`:
 * V = (Zᵀ)ᵀ·X through the packed gemm engine (matmulTransA). X is upper (quasi-)triangular,
 * so half of the 2n³ flops multiply zeros, but the blocked kernel still beats a triangular
 * loop by about 2x. O(n³).
 */
export function backTransform(zt: Float64Array, x: Float64Array, n: number): Float64Array {
  return matmulTransA({ rows: n, cols: n, data: zt }, { rows: n, cols: n, data: x }).data;
}

/** (ar + i·ai) / (br + i·bi) by Smith's method, with |b| raised to smin when smaller. */
function complexDivide(ar: number, ai: number, br: number, bi: number, smin: number, out: Float64Array): void {
  if (Math.abs(br) + Math.abs(bi) < smin) {
    br = smin;
    bi = 0;
  }
  if (Math.abs(br) >= Math.abs(bi)) {
    const q = bi / br;
    const d = br + bi * q;
    out[0] = (ar + ai * q) / d;
    out[1] = (ai - ar * q) / d;
  } else {
    const q = br / bi;
    const d = br * q + bi;
    out[0] = (ar * q + ai) / d;
    out[1] = (ai * q - ar) / d;
  }
}

/**
 * Solves [[a11 + i·s, a12], [a21, a22 + i·s]]·x = b (b = (b1r + i·b1i, b2r + i·b2i)) by
 * Gaussian elimination with complete pivoting (as LAPACK dlaln2); pivots smaller than smin are
 * raised to smin. Writes out = [x1r, x1i, x2r, x2i].
 */
function solve2x2(
  a11: number,
  a12: number,
  a21: number,
  a22: number,
  s: number,
  b1r: number,
  b1i: number,
  b2r: number,
  b2i: number,
  smin: number,
  out: Float64Array,
): void {
  // Entries as (re, im): m11 = (a11, s), m12 = (a12, 0), m21 = (a21, 0), m22 = (a22, s).
  const mags = [Math.abs(a11) + Math.abs(s), Math.abs(a12), Math.abs(a21), Math.abs(a22) + Math.abs(s)];
  let piv = 0;
  for (let q = 1; q < 4; q++) if (mags[q]! > mags[piv]!) piv = q;
  const pr = piv >> 1; // pivot row
  const pc = piv & 1; // pivot column
  const re = [a11, a12, a21, a22];
  const im = [s, 0, 0, s];
  const u11r = re[piv]!;
  const u11i = im[piv]!;
  const o12 = pr * 2 + (1 - pc); // pivot row, other column
  const o21 = (1 - pr) * 2 + pc; // other row, pivot column
  const o22 = (1 - pr) * 2 + (1 - pc);
  const tmp = new Float64Array(2);
  let ur = u11r;
  let ui = u11i;
  if (Math.abs(ur) + Math.abs(ui) < smin) {
    ur = smin;
    ui = 0;
  }
  // l21 = m21 / u11
  complexDivide(re[o21]!, im[o21]!, ur, ui, smin, tmp);
  const lr = tmp[0]!;
  const li = tmp[1]!;
  // u22 = m22 − l21·u12
  const u22r = re[o22]! - (lr * re[o12]! - li * im[o12]!);
  const u22i = im[o22]! - (lr * im[o12]! + li * re[o12]!);
  const c1r = pr === 0 ? b1r : b2r;
  const c1i = pr === 0 ? b1i : b2i;
  let c2r = pr === 0 ? b2r : b1r;
  let c2i = pr === 0 ? b2i : b1i;
  c2r -= lr * c1r - li * c1i;
  c2i -= lr * c1i + li * c1r;
  complexDivide(c2r, c2i, u22r, u22i, smin, tmp);
  const y2r = tmp[0]!;
  const y2i = tmp[1]!;
  // y1 = (c1 − u12·y2) / u11
  const d1r = c1r - (re[o12]! * y2r - im[o12]! * y2i);
  const d1i = c1i - (re[o12]! * y2i + im[o12]! * y2r);
  complexDivide(d1r, d1i, ur, ui, smin, tmp);
  if (pc === 0) {
    out[0] = tmp[0]!;
    out[1] = tmp[1]!;
    out[2] = y2r;
    out[3] = y2i;
  } else {
    out[0] = y2r;
    out[1] = y2i;
    out[2] = tmp[0]!;
    out[3] = tmp[1]!;
  }
}
