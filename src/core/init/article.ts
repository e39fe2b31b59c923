/**
 * The article's video matrices. Merity's three videos show W^t for a 5x5 W: "vanishing matrix
 * due to small eigenvalues" (dominant |λ| ≈ 0.80), "exploding matrix due to an eigenvalue > 1"
 * (≈ 1.19) and "orthogonal matrix" (all |λ| = 1). `vanishing` and `exploding` draw a dense
 * Gaussian matrix and rescale it to the requested spectral radius exactly, so the videos'
 * dominant eigenvalues are reproduced; the third preset is the `orthogonal` initializer.
 */

import { DomainError } from '../errors.js';
import { eigvals } from '../linalg/eig.js';
import type { Rng } from '../random/index.js';
import { require2d } from './structured.js';

/** Dense N(0, 1) matrix rescaled to spectral radius `radius`. */
export function spectralRadiusValues(name: string, shape: readonly number[], rng: Rng, radius: number): Float64Array {
  const [n] = require2d(name, shape, true);
  const data = new Float64Array(n * n);
  for (let i = 0; i < data.length; i++) data[i] = rng.normal();
  const { re, im } = eigvals({ rows: n, cols: n, data });
  let rho = 0;
  for (let i = 0; i < n; i++) rho = Math.max(rho, Math.hypot(re[i]!, im[i]!));
  if (!(rho > 0)) throw new DomainError(`${name}: the random draw has spectral radius 0; use another seed.`);
  const s = radius / rho;
  for (let i = 0; i < data.length; i++) data[i] = data[i]! * s;
  return data;
}

/** The three videos of the article, in its order, with its captions. */
export const ARTICLE_VIDEOS = [
  { config: { name: 'vanishing' }, title: 'Vanishing matrix due to small eigenvalues' },
  { config: { name: 'exploding' }, title: 'Exploding matrix due to an eigenvalue > 1' },
  { config: { name: 'orthogonal' }, title: 'Orthogonal matrix' },
] as const;
