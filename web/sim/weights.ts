/**
 * Loading a trained model's weights for the Lab: core's `readTensorFile` reads .npy,
 * .safetensors or .json; every square matrix (n <= maxN) becomes a candidate for W, and a
 * gate-stacked recurrent weight (PyTorch `weight_hh_l0` of 4H x H, Keras `recurrent_kernel`
 * of H x 4H, GRUs likewise) is split into its square gate blocks with core's `splitGates`.
 * Pure: bytes in, candidates and notes out; errors are core's typed errors.
 */

import {
  type Matrix,
  ShapeError,
  formatShape,
  guessGateLayout,
  ndarrayToMatrix,
  readTensorFile,
  splitGates,
} from '../../src/core/index.js';

export interface WeightCandidate {
  /** "weight_hh_l0 [gate f] (64×64)". */
  readonly label: string;
  readonly matrix: Matrix;
}

export interface LoadedWeights {
  readonly candidates: WeightCandidate[];
  /** Arrays that were skipped, and why (shown under the file input). */
  readonly skipped: string[];
}

export function squareMatricesFromFile(fileName: string, bytes: Uint8Array, maxN: number): LoadedWeights {
  const tensors = readTensorFile(fileName, bytes, { minRank: 2 });
  const candidates: WeightCandidate[] = [];
  const skipped: string[] = [];
  for (const { name, array } of tensors) {
    if (array.shape.length !== 2) {
      skipped.push(`${name} ${formatShape(array.shape)}: not 2-D`);
      continue;
    }
    const m = ndarrayToMatrix(array);
    const blocks: WeightCandidate[] = [];
    if (m.rows === m.cols) blocks.push({ label: `${name} (${m.rows}×${m.cols})`, matrix: m });
    else {
      const layout = guessGateLayout(name, array.shape);
      if (layout) {
        for (const b of splitGates(m, layout)) {
          blocks.push({
            label: `${name} [${layout.framework} ${layout.kind} gate ${b.name}] (${b.matrix.rows}×${b.matrix.cols})`,
            matrix: b.matrix,
          });
        }
      } else skipped.push(`${name} ${formatShape(array.shape)}: not square (Wᵗ needs n×n)`);
    }
    for (const b of blocks) {
      if (b.matrix.rows > maxN) skipped.push(`${b.label}: larger than ${maxN}×${maxN}`);
      else if (!b.matrix.data.every(Number.isFinite)) skipped.push(`${b.label}: has NaN or infinite entries`);
      else
        candidates.push({
          label: b.label,
          matrix: { rows: b.matrix.rows, cols: b.matrix.cols, data: Float64Array.from(b.matrix.data) },
        });
    }
  }
  if (candidates.length === 0) {
    throw new ShapeError(`${fileName} has no square matrix to use as W (${skipped.join('; ')}).`);
  }
  return { candidates, skipped };
}
