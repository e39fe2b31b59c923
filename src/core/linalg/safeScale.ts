/**
 * Scaling into LAPACK's safe range before an eigen or singular value computation, and back.
 *
 * dgeev and dgesvd scale A when max|a_ij| lies outside [smlnum, bignum] with
 * smlnum = sqrt(safmin)/eps = 2^−459 and bignum = 1/smlnum = 2^459; dsyev uses
 * [rmin, rmax] = [sqrt(safmin/eps), 1/rmin] = [2^−485, 2^485]. Inside that range no product
 * of two entries, no sum of n squares and no 2x2 discriminant can overflow, and nothing of
 * size eps·max|a| underflows, so the iterations work at full relative accuracy; the
 * eigenvalues (singular values) are scaled back at the end. LAPACK does the scaling with
 * dlascl(cfrom = anrm, cto = smlnum or bignum); here the factor is the power of 2 nearest
 * below that ratio, so the scaling is exact for every entry that stays normal (all of them,
 * when scaling up: subnormal inputs become normal) and the scaled maximum lands just inside
 * the bound, as in LAPACK. The largest exponent needed is 2^±615, so the factor and its
 * inverse are always representable (scaling an all-subnormal matrix to about 1 would need
 * 2^1070, which overflows).
 */

/** dgeev / dgesvd: [smlnum, bignum] = [2^−459, 2^459]. */
export const GEEV_RANGE = { lo: 2 ** -459, hi: 2 ** 459, loExp: -459, hiExp: 459 } as const;
/** dsyev: [rmin, rmax] = [2^−485, 2^485]. */
export const SYEV_RANGE = { lo: 2 ** -485, hi: 2 ** 485, loExp: -485, hiExp: 485 } as const;

/** A safe range as above: bounds and their base-2 exponents. */
export interface SafeRange {
  lo: number;
  hi: number;
  loExp: number;
  hiExp: number;
}

/** floor(log2 x) exactly, for finite x > 0 (subnormals included). */
export function exponentOf(x: number): number {
  let e = Math.floor(Math.log2(x));
  // Math.log2 may round across a power of 2; fix it with exact comparisons.
  while (e > -1074 && 2 ** e > x) e--;
  while (e < 1023 && 2 ** (e + 1) <= x) e++;
  return e;
}

/**
 * The exponent e such that A·2^e has its largest magnitude `anrm` inside the range: 0 when
 * anrm is 0 or already inside; else the scaled maximum lies in [lo, 2·lo) (scaling up) or
 * (hi/2, hi] (scaling down). |e| <= 615.
 */
export function safeScaleExponent(anrm: number, range: SafeRange): number {
  if (!(anrm > 0) || (anrm >= range.lo && anrm <= range.hi)) return 0;
  const e = exponentOf(anrm); // anrm in [2^e, 2^(e+1))
  if (anrm < range.lo) return range.loExp - e;
  // Largest k with anrm·2^k <= hi: k = hiExp − e − 1, or hiExp − e when anrm is a power of 2.
  return anrm === 2 ** e ? range.hiExp - e : range.hiExp - e - 1;
}

/** In place: data ← data·2^e (one exact multiplication per entry; |e| <= 1023). */
export function scaleByPow2(data: Float64Array, e: number): void {
  if (e === 0) return;
  const f = 2 ** e;
  for (let k = 0; k < data.length; k++) data[k] = data[k]! * f;
}
