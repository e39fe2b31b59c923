/**
 * Haar-distributed orthogonal initialization.
 *
 * The textbook algorithm (Mezzadri, "How to generate random matrices from the classical compact
 * groups", Notices AMS 54, 2007, §5; Keras 3 `Orthogonal`) draws Z (max(r,c) x min(r,c)) with
 * iid N(0, 1) entries, takes the thin QR factorization Z = QR and multiplies column j of Q by
 * sign(R_jj). ortholab samples the same distribution at half the cost (Stewart, SIAM J. Numer.
 * Anal. 17, 1980): Householder QR of a Gaussian matrix meets, at step j, a trailing column that
 * is again an iid Gaussian vector independent of everything before, so the j-th reflector is
 * built directly from a fresh Gaussian vector of length m - j, and only Q is formed
 * (`qFromReflectorVectors`): no elimination, about half the flops of QR-then-Q, and
 * m·k - k(k-1)/2 normals instead of m·k. The result is Q = H_0…H_{k-1}·I(:, 0:k)·diag(sign β_j),
 * exactly what the QR route gives for the Gaussian matrix with those trailing columns.
 * Without the sign fix, the distribution is not Haar (e.g. det Q has a fixed sign);
 * `haar.test.ts` shows the Haar tests catch that.
 *
 * N-D shapes are flattened as Keras does: rows = prod(shape[:-1]), cols = shape[-1]. The result
 * has orthonormal columns (tall or square) or orthonormal rows (wide), times `gain`.
 *
 * Cost: about m·k normals and 2mk² - 2k³/3 flops; see bench/init.bench.ts.
 */

import { ShapeError } from '../errors.js';
import { type Matrix, qFromReflectorVectors } from '../linalg/index.js';
import type { Rng } from '../random/index.js';

export interface OrthogonalOptions {
  /** Multiply column j of Q by sign(β_j) = sign(R_jj). Only tests turn this off. Default true. */
  readonly signFix?: boolean;
}

/**
 * A rows x cols matrix with orthonormal columns (rows >= cols) or rows (rows < cols), drawn
 * from the Haar measure. With m = max(rows, cols) and k = min(rows, cols), draws the reflector
 * vectors in order: m normals, then m - 1, ..., then m - k + 1.
 */
export function sampleOrthogonal(rows: number, cols: number, rng: Rng, options: OrthogonalOptions = {}): Matrix {
  const out = new Float64Array(rows * cols);
  drawInto(rows, cols, rng, options.signFix ?? true, 1, out, 0, cols);
  return { rows, cols, data: out };
}

/**
 * Draws the rows x cols Haar sample of `sampleOrthogonal` and writes gain times it into the
 * block out[off + i·ld + j], transposing the m x k factor on the way for wide shapes (no
 * intermediate transpose or copy).
 */
function drawInto(
  rows: number,
  cols: number,
  rng: Rng,
  signFix: boolean,
  gain: number,
  out: Float64Array,
  off: number,
  ld: number,
): void {
  const m = Math.max(rows, cols);
  const k = Math.min(rows, cols);
  const q = qFromReflectorVectors(
    m,
    k,
    (_, x) => {
      for (let i = 0; i < x.length; i++) x[i] = rng.normal();
    },
    { signFix },
  ).data;
  if (rows >= cols) {
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) out[off + i * ld + j] = gain * q[i * k + j]!;
    }
  } else {
    // out(i, j) = Qᵀ(i, j) = q[j·k + i]; row by row of q so its reads stay sequential
    for (let j = 0; j < cols; j++) {
      for (let i = 0; i < rows; i++) out[off + i * ld + j] = gain * q[j * k + i]!;
    }
  }
}

export type GateAxis = 'cols' | 'rows';

/**
 * Values for `shape` (flattened as Keras does): `gates` independent orthogonal blocks along
 * `gateAxis`, times `gain`. gates = 1 is plain orthogonal initialization. For the Keras LSTM
 * recurrent kernel (units x 4·units) use gates = 4 and gateAxis 'cols'; for PyTorch's
 * weight_hh (4·hidden x hidden), gateAxis 'rows'.
 */
export function orthogonalValues(
  shape: readonly number[],
  rng: Rng,
  gain: number,
  gates = 1,
  gateAxis: GateAxis = 'cols',
): Float64Array {
  if (shape.length < 2) {
    throw new ShapeError(
      `orthogonal needs a shape with at least 2 dimensions, got [${shape.join(', ')}]. For a bias vector use zeros or constant.`,
    );
  }
  const rows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
  const cols = shape[shape.length - 1]!;
  const along = gateAxis === 'cols' ? cols : rows;
  if (along % gates !== 0) {
    throw new ShapeError(
      `orthogonal: gates = ${gates} must divide the ${gateAxis === 'cols' ? 'column' : 'row'} count ${along} of shape [${shape.join(', ')}] (e.g. 4 for an LSTM kernel of width 4·units).`,
    );
  }
  const out = new Float64Array(rows * cols);
  if (gateAxis === 'cols') {
    const w = cols / gates;
    for (let g = 0; g < gates; g++) drawInto(rows, w, rng, true, gain, out, g * w, cols);
  } else {
    const h = rows / gates;
    for (let g = 0; g < gates; g++) drawInto(h, cols, rng, true, gain, out, g * h * cols, cols);
  }
  return out;
}
