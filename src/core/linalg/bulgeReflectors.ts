/**
 * The small Householder reflectors of the QR sweeps (francis.ts's double-shift sweep and
 * multishift.ts's bulge chains): P = I − t·[1 u1 u2]ᵀ[1 u1 u2] built as dlarfg does, and applied
 * to a point (three or two entries at a stride), to rows or columns of a row-major matrix, or as
 * a pair P_k, P_{k+1} in one pass over four rows or columns (each entry sees the operations of
 * the two single steps in order, so the result is the same). Internal, raw offsets and strides.
 */

import { SAFMIN, hypot2 } from './reflectors.js';

/**
 * Reflector P = I − t·[1 u1 u2]ᵀ[1 u1 u2] with P·[a0 a1 a2]ᵀ = [β 0 0]ᵀ (dlarfg; a2 ignored
 * when !three). out = [t, u1, u2]; t = 0 when a1 = a2 = 0 (P = I, β = a0).
 */
export function makeReflector(a0: number, a1: number, a2: number, three: boolean, out: Float64Array): void {
  const xnorm = three ? hypot2(a1, a2) : Math.abs(a1);
  if (xnorm === 0) {
    out[0] = 0;
    out[1] = 0;
    out[2] = 0;
    return;
  }
  const beta = -Math.sign(a0 || 1) * hypot2(a0, xnorm);
  if (Math.abs(beta) < SAFMIN) {
    // Subnormal input (a bulge of a graded matrix): 1/(a0 − β) would overflow. τ and u do
    // not depend on the scale of a, so take them from a·2^600 (exact), as dlarfg rescales.
    makeReflector(a0 * 2 ** 600, a1 * 2 ** 600, a2 * 2 ** 600, three, out);
    return;
  }
  out[0] = (beta - a0) / beta;
  const f = 1 / (a0 - beta);
  out[1] = a1 * f;
  out[2] = three ? a2 * f : 0;
}

/** β of `makeReflector` (recomputed the same way, so bit-identical). */
export function betaOf(a0: number, a1: number, a2: number): number {
  return -Math.sign(a0 || 1) * hypot2(a0, hypot2(a1, a2));
}

/** Applies a 3-reflector to the entries at p, p+stride, p+2·stride. */
export function reflect3(
  a: Float64Array,
  p: number,
  stride: number,
  u1: number,
  u2: number,
  t1: number,
  t2: number,
  t3: number,
): void {
  const x = a[p]!;
  const y = a[p + stride]!;
  const z = a[p + 2 * stride]!;
  const sum = x + u1 * y + u2 * z;
  a[p] = x - sum * t1;
  a[p + stride] = y - sum * t2;
  a[p + 2 * stride] = z - sum * t3;
}

/** Applies a 2-reflector to the entries at p and p+stride. */
export function reflect2(a: Float64Array, p: number, stride: number, u1: number, t1: number, t2: number): void {
  const x = a[p]!;
  const y = a[p + stride]!;
  const sum = x + u1 * y;
  a[p] = x - sum * t1;
  a[p + stride] = y - sum * t2;
}

/**
 * Rows base/ld..+3 of a (stride ld), columns c0..c1−1: P_k on the first three rows, then
 * P_{k+1} on the last three, each column loaded and stored once. A reflector with t = 0 is I.
 */
export function rows2(
  a: Float64Array,
  ld: number,
  base: number,
  c0: number,
  c1: number,
  u1: number,
  u2: number,
  t1: number,
  t2: number,
  t3: number,
  w1: number,
  w2: number,
  s1: number,
  s2: number,
  s3: number,
): void {
  const r1 = base + ld;
  const r2 = r1 + ld;
  const r3 = r2 + ld;
  for (let c = c0; c < c1; c++) {
    const x0 = a[base + c]!;
    const x1 = a[r1 + c]!;
    const x2 = a[r2 + c]!;
    const x3 = a[r3 + c]!;
    const sum = x0 + u1 * x1 + u2 * x2;
    a[base + c] = x0 - sum * t1;
    const y1 = x1 - sum * t2;
    const y2 = x2 - sum * t3;
    const sum2 = y1 + w1 * y2 + w2 * x3;
    a[r1 + c] = y1 - sum2 * s1;
    a[r2 + c] = y2 - sum2 * s2;
    a[r3 + c] = x3 - sum2 * s3;
  }
}

/** `rows` rows from entry p (stride ld), columns p..p+3: P_k on the first three, then P_{k+1}. */
export function cols2(
  a: Float64Array,
  ld: number,
  p: number,
  rows: number,
  u1: number,
  u2: number,
  t1: number,
  t2: number,
  t3: number,
  w1: number,
  w2: number,
  s1: number,
  s2: number,
  s3: number,
): void {
  for (let rr = 0; rr < rows; rr++, p += ld) {
    const x0 = a[p]!;
    const x1 = a[p + 1]!;
    const x2 = a[p + 2]!;
    const x3 = a[p + 3]!;
    const sum = x0 + u1 * x1 + u2 * x2;
    a[p] = x0 - sum * t1;
    const y1 = x1 - sum * t2;
    const y2 = x2 - sum * t3;
    const sum2 = y1 + w1 * y2 + w2 * x3;
    a[p + 1] = y1 - sum2 * s1;
    a[p + 2] = y2 - sum2 * s2;
    a[p + 3] = x3 - sum2 * s3;
  }
}

/** P on rows (base/ld)..+2 of a, columns c0..c1−1. */
export function reflectRows3(
  a: Float64Array,
  ld: number,
  base: number,
  c0: number,
  c1: number,
  u1: number,
  u2: number,
  t1: number,
  t2: number,
  t3: number,
): void {
  const r1 = base + ld;
  const r2 = r1 + ld;
  for (let c = c0; c < c1; c++) {
    const x = a[base + c]!;
    const y = a[r1 + c]!;
    const z = a[r2 + c]!;
    const sum = x + u1 * y + u2 * z;
    a[base + c] = x - sum * t1;
    a[r1 + c] = y - sum * t2;
    a[r2 + c] = z - sum * t3;
  }
}

/** P on the three columns starting at entry p, for `rows` rows of stride ld. */
export function reflectCols3(
  a: Float64Array,
  ld: number,
  p: number,
  rows: number,
  u1: number,
  u2: number,
  t1: number,
  t2: number,
  t3: number,
): void {
  for (let rr = 0; rr < rows; rr++, p += ld) {
    const x = a[p]!;
    const y = a[p + 1]!;
    const z = a[p + 2]!;
    const sum = x + u1 * y + u2 * z;
    a[p] = x - sum * t1;
    a[p + 1] = y - sum * t2;
    a[p + 2] = z - sum * t3;
  }
}

export function reflectRows2(
  a: Float64Array,
  ld: number,
  base: number,
  c0: number,
  c1: number,
  u1: number,
  t1: number,
  t2: number,
): void {
  const r1 = base + ld;
  for (let c = c0; c < c1; c++) {
    const x = a[base + c]!;
    const y = a[r1 + c]!;
    const sum = x + u1 * y;
    a[base + c] = x - sum * t1;
    a[r1 + c] = y - sum * t2;
  }
}

export function reflectCols2(
  a: Float64Array,
  ld: number,
  p: number,
  rows: number,
  u1: number,
  t1: number,
  t2: number,
): void {
  for (let rr = 0; rr < rows; rr++, p += ld) {
    const x = a[p]!;
    const y = a[p + 1]!;
    const sum = x + u1 * y;
    a[p] = x - sum * t1;
    a[p + 1] = y - sum * t2;
  }
}
