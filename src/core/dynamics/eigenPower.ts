/**
 * W^t through the eigendecomposition, the article's F^n = QΛ^nQ⁻¹ for any real square W.
 *
 * Real arithmetic throughout: a complex pair λ = a ± ib with eigenvector u ± iv satisfies
 * W[u v] = [u v]·[[a, b], [−b, a]], so with V = [real eigenvectors, u, v, ...] and the block
 * diagonal D of 1x1 and 2x2 blocks, W = V D V⁻¹ and W^t = V D^t V⁻¹, where a 2x2 block's
 * power is r^t·[[cos tθ, sin tθ], [−sin tθ, cos tθ]] (r = |λ|, θ = arg λ).
 *
 * When W is defective (or nearly: a Jordan block, the shear), V is singular or badly
 * conditioned and this route fails; `conditionV` reports it and `reliable` is false.
 */

import { DomainError, fmt } from '../errors.js';
import { eig } from '../linalg/eig.js';
import { solve } from '../linalg/solve.js';
import { type Matrix, assertFinite, assertMatrix, assertSquare, transpose } from '../linalg/matrix.js';
import { matmul } from '../linalg/matmul.js';
import { matpow } from '../linalg/matpow.js';
import { normFrobenius } from '../linalg/norms.js';
import { singularValues } from '../linalg/svd.js';

export interface EigenPowerResult {
  /** W^t from V D^t V⁻¹ (NaN-free; null when V is numerically singular). */
  readonly matrix: Matrix | null;
  /** ‖eigen route − repeated squaring‖_F / ‖repeated squaring‖_F (null when either is unavailable). */
  readonly relativeError: number | null;
  /** σ_max(V)/σ_min(V) of the real eigenvector basis (Infinity when singular). */
  readonly conditionV: number;
  /** False when conditionV > 1e8: the eigen route cannot be trusted (W is defective or nearly so). */
  readonly reliable: boolean;
  readonly note: string;
}

/** W^t via the eigendecomposition, compared with repeated squaring; t a non-negative integer. */
export function eigenPower(w: Matrix, t: number): EigenPowerResult {
  assertMatrix('eigenPower', w);
  assertSquare('eigenPower', w);
  assertFinite('eigenPower', w);
  if (!Number.isInteger(t) || t < 0)
    throw new DomainError(`eigenPower: t must be a non-negative integer, got ${fmt(t)}.`);
  const n = w.rows;
  const { re, im, vectors } = eig(w, { vectors: true });
  if (!vectors) throw new DomainError('eigenPower: the eigensolver returned no eigenvectors.');
  const V = new Float64Array(n * n);
  const D = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    if (im[j] !== 0 && j + 1 < n && im[j + 1] === -im[j]!) {
      // Pair (j, j+1): λ = re + i·im (im > 0 first), eigenvector u + iv in column j.
      const a = re[j]!;
      const b = im[j]!;
      const r = Math.hypot(a, b);
      const theta = Math.atan2(b, a);
      const rt = r ** t;
      const c = rt * Math.cos(t * theta);
      const s = rt * Math.sin(t * theta);
      for (let i = 0; i < n; i++) {
        V[i * n + j] = vectors.re.data[i * n + j]!;
        V[i * n + j + 1] = vectors.im.data[i * n + j]!;
      }
      D[j * n + j] = c;
      D[j * n + j + 1] = s;
      D[(j + 1) * n + j] = -s;
      D[(j + 1) * n + j + 1] = c;
      j++;
    } else {
      for (let i = 0; i < n; i++) V[i * n + j] = vectors.re.data[i * n + j]!;
      D[j * n + j] = t === 0 ? 1 : re[j]! ** t;
    }
  }
  const Vm = { rows: n, cols: n, data: V };
  const sv = singularValues(Vm);
  const cond = sv[n - 1] === 0 ? Number.POSITIVE_INFINITY : sv[0]! / sv[n - 1]!;
  const reliable = cond <= 1e8;
  let result: Matrix | null = null;
  if (Number.isFinite(cond) && cond < 1e15) {
    // W^t = (V D^t) V⁻¹ = ((V⁻ᵀ)(V D^t)ᵀ)ᵀ: solve Vᵀ X = (V D^t)ᵀ.
    const vd = matmul(Vm, { rows: n, cols: n, data: D });
    const x = solve(transpose(Vm), transpose(vd));
    result = transpose(x);
  }
  const direct = matpow(w, t);
  const dn = normFrobenius(direct);
  const relativeError =
    result && Number.isFinite(dn) && dn > 0
      ? normFrobenius({ rows: n, cols: n, data: result.data.map((v, k) => v - direct.data[k]!) }) / dn
      : null;
  const note = reliable
    ? 'W is diagonalizable with a well-conditioned eigenvector basis: QΛ^tQ⁻¹ reproduces W^t.'
    : `The eigenvector basis is ${Number.isFinite(cond) ? `badly conditioned (cond ${cond.toExponential(2)})` : 'singular'}: W is defective or nearly so (e.g. a Jordan block or the shear), so QΛ^tQ⁻¹ does not reproduce W^t. Use repeated multiplication.`;
  return { matrix: result, relativeError, conditionV: cond, reliable, note };
}
