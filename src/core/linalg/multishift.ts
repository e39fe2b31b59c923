/**
 * One small-bulge multishift QR sweep on an unreduced block of an upper Hessenberg matrix, with
 * the far-from-diagonal updates done as matrix-matrix products (level 3).
 *
 * Algorithm: Braman, Byers & Mathias, "The multishift QR algorithm. Part I: Maintaining
 * well-focused shifts and level 3 performance", SIAM J. Matrix Anal. Appl. 23(4), 2002; the
 * structure of LAPACK dlaqr5 with KACC22 = 1 (written here from the paper and the LAPACK
 * documentation, not translated). ns shifts (ns/2 pairs) become ns/2 3x3 bulges, introduced one
 * after another at the top of the block and chased down as a tight chain (consecutive bulges
 * three rows apart). The chain moves through a sequence of diagonal windows of about 6·(ns/2)
 * rows: inside a window every reflector is applied to the window's part of H only and
 * accumulated into an orthogonal U (window x window); when the chain has crossed the window, the
 * rows right of it and the columns above it (and the rows of Zᵀ) are multiplied by U with
 * `gemm`. Inside the chain, a subdiagonal left behind a bulge that is negligible by the
 * Ahues–Tisseur test is set to zero at once ("vigilant" deflation), and a bulge that has
 * collapsed (its fill vanished exactly) is re-introduced from its shifts when that costs only
 * negligible fill, as dlaqr5 does.
 *
 * Storage: row-major, row stride `ld` for H and n for zt (the transpose of Z, as in francis.ts).
 */

import {
  betaOf,
  cols2,
  makeReflector,
  reflectCols2,
  reflectCols3,
  reflectRows2,
  reflectRows3,
  rows2,
} from './bulgeReflectors.js';
import { gemm } from './gemm.js';

const ULP = Number.EPSILON;

/** Scratch space reused across sweeps of one QR iteration. */
export interface MultishiftWork {
  u: Float64Array;
  tmp: Float64Array;
}

export function multishiftWork(): MultishiftWork {
  return { u: new Float64Array(0), tmp: new Float64Array(0) };
}

/**
 * One sweep on the unreduced block l..i of `h` (n x n, row stride ld; i − l + 1 >= 3·nb + 3
 * where nb = sr.length / 2) with the shifts (sr[j], si[j]): bulge b uses shifts 2b and 2b+1,
 * which must be a complex conjugate pair or two real values; bulge 0 is introduced first.
 * wantT false: only the block l..i is updated (as francis.ts); true: also the rows above it and
 * the columns right of it, and `zt` (rows of Zᵀ) when given. `smlnum` is the deflation floor
 * of the caller (SAFMIN·n/ε). Mutates h, zt and `work`.
 */
export function multishiftSweep(
  h: Float64Array,
  ld: number,
  n: number,
  l: number,
  i: number,
  sr: Float64Array,
  si: Float64Array,
  wantT: boolean,
  zt: Float64Array | null,
  smlnum: number,
  work: MultishiftWork,
): void {
  const nb = sr.length >> 1;
  // Last completed step of each bulge: l − 1 before it is introduced, i − 1 when it has left.
  const pos = new Int32Array(nb).fill(l - 1);
  const maxW = Math.min(6 * nb + 3, i - l + 1);
  if (work.u.length < maxW * maxW) work.u = new Float64Array(maxW * maxW);
  const colEnd = wantT ? n - 1 : i;
  const rowStart = wantT ? 0 : l;
  const tmpSize = maxW * n;
  if (work.tmp.length < tmpSize) work.tmp = new Float64Array(tmpSize);
  const u = work.u;
  const r = new Float64Array(3);
  const v = new Float64Array(3);
  const lo = new Int32Array(maxW);
  const hi = new Int32Array(maxW);
  while (pos[nb - 1]! < i - 1) {
    const wtop = pos[nb - 1]! + 1;
    const wbot = Math.min(wtop + maxW - 1, i);
    const w = wbot - wtop + 1;
    // The row above the window (inside the block) takes its column operations directly.
    const rLoc = Math.max(wtop - 1, l);
    // u holds Uᵀ (so that accumulating a reflector is a row operation); row j of Uᵀ is nonzero
    // only in columns lo[j]..hi[j], which bounds the work of each update.
    u.fill(0, 0, w * w);
    for (let d = 0; d < w; d++) {
      u[d * w + d] = 1;
      lo[d] = d;
      hi[d] = d;
    }
    for (let b = 0; b < nb; b++) {
      let limit = wbot === i ? i - 1 : wbot - 3;
      if (b > 0 && pos[b - 1]! < i - 1) limit = Math.min(limit, pos[b - 1]! - 3);
      const s0 = 2 * b;
      while (pos[b]! < limit) {
        const k = pos[b]! + 1;
        const three = k < i - 1;
        if (k > l && k + 1 <= limit && k + 1 < i - 1) {
          pairedStep(h, ld, l, i, k, wtop, wbot, rLoc, u, w, lo, hi, sr, si, s0, r, v, smlnum);
          pos[b] = k + 1;
          continue;
        }
        if (k === l) {
          shiftColumn(h, ld, k, sr[s0]!, si[s0]!, sr[s0 + 1]!, si[s0 + 1]!, v);
          makeReflector(v[0]!, v[1]!, v[2]!, true, r);
        } else {
          nextReflector(h, ld, k, three, sr[s0]!, si[s0]!, sr[s0 + 1]!, si[s0 + 1]!, r, v);
        }
        const t1 = r[0]!;
        if (t1 !== 0) {
          const u1 = r[1]!;
          const u2 = r[2]!;
          const t2 = t1 * u1;
          const t3 = t1 * u2;
          const kw = k - wtop;
          if (three) {
            reflectRows3(h, ld, k * ld, k, wbot + 1, u1, u2, t1, t2, t3);
            reflectCols3(h, ld, rLoc * ld + k, Math.min(k + 3, i) - rLoc + 1, u1, u2, t1, t2, t3);
            const c0 = Math.min(lo[kw]!, lo[kw + 1]!, lo[kw + 2]!);
            const c1 = Math.max(hi[kw]!, hi[kw + 1]!, hi[kw + 2]!);
            reflectRows3(u, w, kw * w, c0, c1 + 1, u1, u2, t1, t2, t3);
            lo[kw] = lo[kw + 1] = lo[kw + 2] = c0;
            hi[kw] = hi[kw + 1] = hi[kw + 2] = c1;
          } else {
            reflectRows2(h, ld, k * ld, k, wbot + 1, u1, t1, t2);
            reflectCols2(h, ld, rLoc * ld + k, i - rLoc + 1, u1, t1, t2);
            const c0 = Math.min(lo[kw]!, lo[kw + 1]!);
            const c1 = Math.max(hi[kw]!, hi[kw + 1]!);
            reflectRows2(u, w, kw * w, c0, c1 + 1, u1, t1, t2);
            lo[kw] = lo[kw + 1] = c0;
            hi[kw] = hi[kw + 1] = c1;
          }
        }
        if (k > l) vigilantDeflation(h, ld, l, i, k, smlnum);
        pos[b] = k;
      }
    }
    farUpdates(h, ld, n, wtop, wbot, rLoc, rowStart, colEnd, zt, u, work.tmp);
  }
}

/**
 * Steps k and k+1 of one bulge (both 3-reflectors, k > l) in one pass over the rows and
 * columns they share: every entry sees the same operations in the same order as in two single
 * steps (P_k's rows, P_k's columns, then P_{k+1}'s), except that the 4x4 corner where P_{k+1}
 * is made is finished first, as francis.ts's paired step does.
 */
function pairedStep(
  h: Float64Array,
  ld: number,
  l: number,
  i: number,
  k: number,
  wtop: number,
  wbot: number,
  rLoc: number,
  u: Float64Array,
  w: number,
  lo: Int32Array,
  hi: Int32Array,
  sr: Float64Array,
  si: Float64Array,
  s0: number,
  r: Float64Array,
  v: Float64Array,
  smlnum: number,
): void {
  nextReflector(h, ld, k, true, sr[s0]!, si[s0]!, sr[s0 + 1]!, si[s0 + 1]!, r, v);
  const t1 = r[0]!;
  const u1 = r[1]!;
  const u2 = r[2]!;
  const t2 = t1 * u1;
  const t3 = t1 * u2;
  // P_k on the corner: rows k..k+2 of columns k..k+2, then columns k..k+2 of rows k..k+3.
  reflectRows3(h, ld, k * ld, k, k + 3, u1, u2, t1, t2, t3);
  reflectCols3(h, ld, k * ld + k, 4, u1, u2, t1, t2, t3);
  nextReflector(h, ld, k + 1, true, sr[s0]!, si[s0]!, sr[s0 + 1]!, si[s0 + 1]!, r, v);
  const s1 = r[0]!;
  const w1 = r[1]!;
  const w2 = r[2]!;
  const s2 = s1 * w1;
  const s3 = s1 * w2;
  // Rows: columns k+1..k+2 need only P_{k+1}; columns k+3..wbot get P_k and then P_{k+1}.
  reflectRows3(h, ld, (k + 1) * ld, k + 1, k + 3, w1, w2, s1, s2, s3);
  rows2(h, ld, k * ld, k + 3, wbot + 1, u1, u2, t1, t2, t3, w1, w2, s1, s2, s3);
  // Columns: rows above k get P_k and then P_{k+1}; rows k..k+4 only P_{k+1}.
  cols2(h, ld, rLoc * ld + k, k - rLoc, u1, u2, t1, t2, t3, w1, w2, s1, s2, s3);
  reflectCols3(h, ld, k * ld + k + 1, Math.min(k + 4, i) - k + 1, w1, w2, s1, s2, s3);
  const kw = k - wtop;
  const c0 = Math.min(lo[kw]!, lo[kw + 1]!, lo[kw + 2]!, lo[kw + 3]!);
  const c1 = Math.max(hi[kw]!, hi[kw + 1]!, hi[kw + 2]!, hi[kw + 3]!);
  rows2(u, w, kw * w, c0, c1 + 1, u1, u2, t1, t2, t3, w1, w2, s1, s2, s3);
  lo[kw] = lo[kw + 1] = lo[kw + 2] = lo[kw + 3] = c0;
  hi[kw] = hi[kw + 1] = hi[kw + 2] = hi[kw + 3] = c1;
  vigilantDeflation(h, ld, l, i, k, smlnum);
  vigilantDeflation(h, ld, l, i, k + 1, smlnum);
}

/**
 * The deferred parts of the window's similarity with ut = Uᵀ (w x w, w = wbot − wtop + 1): the
 * rows wtop..wbot right of the window up to colEnd (Uᵀ·X), rows rowStart..rLoc−1 of the
 * window's columns (X·U) and the window's rows of Zᵀ (Uᵀ·X). `tmp` holds at least w·n.
 */
export function farUpdates(
  h: Float64Array,
  ld: number,
  n: number,
  wtop: number,
  wbot: number,
  rLoc: number,
  rowStart: number,
  colEnd: number,
  zt: Float64Array | null,
  u: Float64Array,
  tmp: Float64Array,
): void {
  const w = wbot - wtop + 1;
  const right = colEnd - wbot;
  if (right > 0) {
    tmp.fill(0, 0, w * right);
    gemm(false, false, w, right, w, 1, u, 0, w, h, wtop * ld + wbot + 1, ld, tmp, 0, right);
    for (let rr = 0; rr < w; rr++) h.set(tmp.subarray(rr * right, rr * right + right), (wtop + rr) * ld + wbot + 1);
  }
  const above = rLoc - rowStart;
  if (above > 0) {
    tmp.fill(0, 0, above * w);
    gemm(false, true, above, w, w, 1, h, rowStart * ld + wtop, ld, u, 0, w, tmp, 0, w);
    for (let rr = 0; rr < above; rr++) h.set(tmp.subarray(rr * w, rr * w + w), (rowStart + rr) * ld + wtop);
  }
  if (zt !== null) {
    tmp.fill(0, 0, w * n);
    gemm(false, false, w, n, w, 1, u, 0, w, zt, wtop * n, n, tmp, 0, n);
    zt.set(tmp.subarray(0, w * n), wtop * n);
  }
}

/**
 * A multiple of the first column of (H − σ₁)(H − σ₂) at rows k..k+2 (dlaqr1's 3x3 case),
 * from H[k..k+2][k..k+1]; (σ₁, σ₂) a conjugate pair or two reals. Scaled against overflow.
 */
function shiftColumn(
  h: Float64Array,
  ld: number,
  k: number,
  sr1: number,
  si1: number,
  sr2: number,
  si2: number,
  out: Float64Array,
): void {
  const hkk = h[k * ld + k]!;
  let h21s = h[(k + 1) * ld + k]!;
  const s = Math.abs(hkk - sr2) + Math.abs(si2) + Math.abs(h21s);
  if (s === 0) {
    out.fill(0);
    return;
  }
  h21s /= s;
  out[0] = h21s * h[k * ld + k + 1]! + (hkk - sr1) * ((hkk - sr2) / s) - si1 * (si2 / s);
  out[1] = h21s * (hkk + h[(k + 1) * ld + k + 1]! - sr1 - sr2);
  out[2] = h21s * h[(k + 2) * ld + k + 1]!;
}

/**
 * The reflector of step k (> l) from column k−1, rows k..k+2 (k..k+1 at the bottom), stored in
 * r; column k−1 becomes [β, 0, 0]. If the bulge has collapsed (its two fill entries are exact
 * zeros while the subdiagonal below is not), a fresh bulge from the shifts is used instead when
 * the fill it leaves in column k−1 is negligible (dlaqr5's safeguard).
 */
function nextReflector(
  h: Float64Array,
  ld: number,
  k: number,
  three: boolean,
  sr1: number,
  si1: number,
  sr2: number,
  si2: number,
  r: Float64Array,
  v: Float64Array,
): void {
  const p = k * ld + k - 1;
  const a0 = h[p]!;
  const a1 = h[p + ld]!;
  const a2 = three ? h[p + 2 * ld]! : 0;
  makeReflector(a0, a1, a2, three, r);
  if (three && a2 === 0 && h[(k + 2) * ld + k]! === 0 && h[(k + 2) * ld + k + 1]! !== 0) {
    shiftColumn(h, ld, k, sr1, si1, sr2, si2, v);
    makeReflector(v[0]!, v[1]!, v[2]!, true, v);
    const refsum = v[0]! * (a0 + v[1]! * a1);
    const fill = Math.abs(a1 - refsum * v[1]!) + Math.abs(refsum * v[2]!);
    const scale = Math.abs(h[p - ld]!) + Math.abs(h[p + 1]!) + Math.abs(h[p + ld + 2]!);
    if (fill <= ULP * scale) {
      h[p] = a0 - refsum;
      h[p + ld] = 0;
      h[p + 2 * ld] = 0;
      r.set(v);
      return;
    }
  }
  if (r[0] !== 0) h[p] = betaOf(a0, a1, a2);
  h[p + ld] = 0;
  if (three) h[p + 2 * ld] = 0;
}

/** Sets h[k][k−1] to zero when it is negligible by the Ahues–Tisseur test (as findSplit). */
function vigilantDeflation(h: Float64Array, ld: number, l: number, i: number, k: number, smlnum: number): void {
  const sub = Math.abs(h[k * ld + k - 1]!);
  if (sub === 0) return;
  const dkk = h[k * ld + k]!;
  const dk1 = h[(k - 1) * ld + k - 1]!;
  let tst = Math.abs(dk1) + Math.abs(dkk);
  if (tst === 0) {
    if (k - 2 >= l) tst += Math.abs(h[(k - 1) * ld + k - 2]!);
    if (k + 1 <= i) tst += Math.abs(h[(k + 1) * ld + k]!);
  }
  if (sub > Math.max(smlnum, ULP * tst)) return;
  const sup = Math.abs(h[(k - 1) * ld + k]!);
  const ab = Math.max(sub, sup);
  const ba = Math.min(sub, sup);
  const diff = Math.abs(dk1 - dkk);
  const aa = Math.max(Math.abs(dkk), diff);
  const bb = Math.min(Math.abs(dkk), diff);
  const s = aa + ab;
  const tst2 = bb * (aa / s);
  if (tst2 === 0 || ba * (ab / s) <= Math.max(smlnum, ULP * tst2)) h[k * ld + k - 1] = 0;
}
