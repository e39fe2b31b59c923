/**
 * Guards for writers that narrow float64 data to float32: a finite value beyond the float32
 * range would otherwise be stored as ±Infinity without a word (DataView.setFloat32 rounds
 * 1e300 to Infinity). Values that are already ±Infinity or NaN are stored as they are.
 */

import { DomainError } from '../errors.js';

/** Largest finite float32, (2 − 2^−23)·2^127. Values up to half an ulp above round down to it. */
export const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * Throws DomainError naming `fn`, the first entry (as an index into `shape`) whose finite value
 * rounds to ±Infinity in float32, and how to allow it; does nothing when `allowOverflow`.
 * `where` is appended to the subject (e.g. ` of tensor "w"`). O(n).
 */
export function checkFloat32Range(
  fn: string,
  where: string,
  shape: readonly number[],
  data: Float64Array,
  allowOverflow: boolean,
): void {
  if (allowOverflow) return;
  for (let k = 0; k < data.length; k++) {
    const x = data[k]!;
    if (Number.isFinite(x) && !Number.isFinite(Math.fround(x))) {
      throw new DomainError(
        `${fn}: entry ${indexOf(k, shape)}${where} is ${x}, beyond the float32 range (±${FLOAT32_MAX.toPrecision(8)}); as float32 it would become ${x > 0 ? '' : '-'}Infinity. Write float64 (the default), rescale the data, or pass {allowOverflow: true} to store ±Infinity.`,
      );
    }
  }
}

/** The C-order multi-index of flat position k, as "(i, j)" (or "[k]" for a 1-D or 0-D shape). */
function indexOf(k: number, shape: readonly number[]): string {
  if (shape.length <= 1) return `[${k}]`;
  const idx: number[] = [];
  let r = k;
  for (let d = shape.length - 1; d >= 0; d--) {
    idx.push(r % shape[d]!);
    r = Math.floor(r / shape[d]!);
  }
  return `(${idx.reverse().join(', ')})`;
}
