/**
 * 2x2 singular value kernels of the bidiagonal QR iteration (LAPACK dlas2 and dlasv2, after
 * Demmel & Kahan 1990): overflow-safe singular values and the full SVD of an upper triangular
 * 2x2 matrix, accurate to a few ulps in every entry.
 */

import { hypot2 } from './reflectors.js';

const EPS = Number.EPSILON;

/**
 * Singular values of [[f, g], [0, h]] without overflow (LAPACK dlas2's formulas).
 * Returns the smaller one; out[1] = the larger.
 */
export function singularValues2x2(f: number, g: number, h: number, out: Float64Array): number {
  const fa = Math.abs(f);
  const ga = Math.abs(g);
  const ha = Math.abs(h);
  const fhmn = Math.min(fa, ha);
  const fhmx = Math.max(fa, ha);
  let ssmin: number;
  let ssmax: number;
  if (fhmn === 0) {
    ssmin = 0;
    ssmax = fhmx === 0 ? ga : hypot2(fhmx, ga);
  } else if (ga < fhmx) {
    const as = 1 + fhmn / fhmx;
    const at = (fhmx - fhmn) / fhmx;
    const au = (ga / fhmx) ** 2;
    const c = 2 / (Math.sqrt(as * as + au) + Math.sqrt(at * at + au));
    ssmin = fhmn * c;
    ssmax = fhmx / c;
  } else {
    const au = fhmx / ga;
    if (au === 0) {
      // Avoid underflow of fhmn·fhmx/ga.
      ssmin = (fhmn * fhmx) / ga;
      ssmax = ga;
    } else {
      const as = 1 + fhmn / fhmx;
      const at = (fhmx - fhmn) / fhmx;
      const c = 1 / (Math.sqrt(1 + (as * au) ** 2) + Math.sqrt(1 + (at * au) ** 2));
      ssmin = fhmn * c * au;
      ssmin += ssmin;
      ssmax = ga / (c + c);
    }
  }
  out[0] = ssmin;
  out[1] = ssmax;
  return ssmin;
}

/**
 * SVD of the upper triangular [[f, g], [0, h]] (LAPACK dlasv2's method, Demmel & Kahan):
 * [[csl, snl], [−snl, csl]]·[[f, g], [0, h]]·[[csr, −snr], [snr, csr]] = diag(ssmax, ssmin),
 * |ssmax| >= |ssmin|, signs possibly negative. out = [ssmin, ssmax, snr, csr, snl, csl].
 */
export function svd2x2(f: number, g: number, h: number, out: Float64Array): void {
  let ft = f;
  let fa = Math.abs(ft);
  let ht = h;
  let ha = Math.abs(h);
  // pmax: which of f (1), g (2), h (3) has the largest magnitude.
  let pmax = 1;
  const swap = ha > fa;
  if (swap) {
    pmax = 3;
    [ft, ht] = [ht, ft];
    [fa, ha] = [ha, fa];
  }
  const gt = g;
  const ga = Math.abs(gt);
  let clt: number;
  let crt: number;
  let slt: number;
  let srt: number;
  let ssmin: number;
  let ssmax: number;
  if (ga === 0) {
    ssmin = ha;
    ssmax = fa;
    clt = 1;
    crt = 1;
    slt = 0;
    srt = 0;
  } else {
    let gasmal = true;
    ssmin = 0;
    ssmax = 0;
    clt = 1;
    crt = 1;
    slt = 0;
    srt = 0;
    if (ga > fa) {
      pmax = 2;
      if (fa / ga < EPS) {
        // g dominates: the singular values are ga and fa·ha/ga to working accuracy.
        gasmal = false;
        ssmax = ga;
        ssmin = ha > 1 ? fa / (ga / ha) : (fa / ga) * ha;
        clt = 1;
        slt = ht / gt;
        srt = 1;
        crt = ft / gt;
      }
    }
    if (gasmal) {
      const dd = fa - ha;
      let l = dd === fa ? 1 : dd / fa; // copes with infinite f or h
      const mm = gt / ft;
      let t = 2 - l;
      const mm2 = mm * mm;
      const tt = t * t;
      const s = Math.sqrt(tt + mm2);
      const r = l === 0 ? Math.abs(mm) : Math.sqrt(l * l + mm2);
      const a = 0.5 * (s + r);
      ssmin = ha / a;
      ssmax = fa * a;
      if (mm2 === 0) {
        t = l === 0 ? Math.sign(ft) * 2 * Math.sign(gt) : gt / (Math.sign(ft) * Math.abs(dd)) + mm / t;
      } else {
        t = (mm / (s + t) + mm / (r + l)) * (1 + a);
      }
      l = Math.sqrt(t * t + 4);
      crt = 2 / l;
      srt = t / l;
      clt = (crt + srt * mm) / a;
      slt = ((ht / ft) * srt) / a;
    }
  }
  let csl: number;
  let snl: number;
  let csr: number;
  let snr: number;
  if (swap) {
    csl = srt;
    snl = crt;
    csr = slt;
    snr = clt;
  } else {
    csl = clt;
    snl = slt;
    csr = crt;
    snr = srt;
  }
  // Signs of the singular values so that the identity holds exactly as stated.
  const sgn = (x: number) => (x < 0 || Object.is(x, -0) ? -1 : 1);
  let tsign: number;
  if (pmax === 1) tsign = sgn(csr) * sgn(csl) * sgn(f);
  else if (pmax === 2) tsign = sgn(snr) * sgn(csl) * sgn(g);
  else tsign = sgn(snr) * sgn(snl) * sgn(h);
  ssmax = Math.abs(ssmax) * tsign;
  ssmin = Math.abs(ssmin) * tsign * sgn(f) * sgn(h);
  out[0] = ssmin;
  out[1] = ssmax;
  out[2] = snr;
  out[3] = csr;
  out[4] = snl;
  out[5] = csl;
}
