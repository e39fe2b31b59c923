/**
 * Spectrum of W_hh for the training instrument: its eigenvalues (with the spectral radius
 * max |λ|) and its singular values, from linalg's `eigvals` (balance + Hessenberg + Francis
 * double-shift QR) and `singularValues` (Golub-Kahan bidiagonalization + implicit QR).
 *
 * Training must not die of its instrument: a W_hh with non-finite entries, or one on which an
 * iteration hits its cap, gives NaN values instead of an exception.
 */

import { ConvergenceError, DomainError } from '../errors.js';
import { type Matrix, eigvals, singularValues } from '../linalg/index.js';

/** What the `spectrum` event reports. Arrays are plain (JSON-safe). */
export interface RnnSpectrum {
  readonly spectralRadius: number;
  /** Singular values, descending. */
  readonly singularValues: number[];
  /** Eigenvalues (real and imaginary parts), in `eigvals` order. */
  readonly eigenvalues: { readonly re: number[]; readonly im: number[] };
}

/** Spectrum of a square matrix. Cost O(n³) (about 25 n³ flops for n = 64 to 128). */
export function rnnSpectrum(w: Matrix): RnnSpectrum {
  const n = w.rows;
  try {
    const { re, im } = eigvals(w);
    let rho = 0;
    for (let i = 0; i < re.length; i++) rho = Math.max(rho, Math.hypot(re[i]!, im[i]!));
    return {
      spectralRadius: rho,
      singularValues: Array.from(singularValues(w)),
      eigenvalues: { re: Array.from(re), im: Array.from(im) },
    };
  } catch (e) {
    if (!(e instanceof DomainError || e instanceof ConvergenceError)) throw e;
    const nan = () => new Array<number>(n).fill(Number.NaN);
    return { spectralRadius: Number.NaN, singularValues: nan(), eigenvalues: { re: nan(), im: nan() } };
  }
}
