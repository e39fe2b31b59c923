/**
 * Loading a trained model's weights for the Lab: core's `readTensorFile` reads .npy,
 * .safetensors or .json; every square matrix (n <= maxN) becomes a candidate for W, and a
 * gate-stacked recurrent weight (PyTorch `weight_hh_l0` of 4H x H, Keras `recurrent_kernel`
 * of H x 4H, GRUs likewise) is split into its square gate blocks with core's `splitGates`.
 * Pure: bytes in, candidates and notes out; errors are core's typed errors.
 */

import {
  FormatError,
  type Matrix,
  ShapeError,
  formatShape,
  guessGateLayout,
  modelFileKind,
  ndarrayToMatrix,
  readModelFile,
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

/** A file picked or dropped in the Lab. */
export interface PickedFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/**
 * Several files picked or dropped together: a model file (PyTorch .pt/.pth, Keras .keras/.h5,
 * TF.js model.json with its .bin shards among the other files) offers each recurrent layer's
 * gate blocks, split by the layout the model gives (not guessed from names); otherwise the one
 * weights file is read as by squareMatricesFromFile.
 */
export function squareMatricesFromFiles(files: readonly PickedFile[], maxN: number): LoadedWeights {
  const model = files.find((f) => modelFileKind(f.name, f.bytes) !== null);
  if (model === undefined) {
    if (files.length !== 1) {
      throw new FormatError(
        `${files.length} files were given; give one weights file, or a model.json together with its .bin shards.`,
      );
    }
    return squareMatricesFromFile(files[0]!.name, files[0]!.bytes, maxN);
  }
  const companions = new Map(files.filter((f) => f !== model).map((f) => [f.name, f.bytes]));
  const m = readModelFile(model.name, model.bytes, { companions });
  const byName = new Map(m.tensors.map((t) => [t.name, t]));
  const candidates: WeightCandidate[] = [];
  const skipped: string[] = [];
  for (const layer of m.layers) {
    for (const k of layer.kernels) {
      if (k.role !== 'recurrent') continue;
      const t = byName.get(k.tensor);
      if (t === undefined) continue;
      for (const b of splitGates(ndarrayToMatrix(t.array), k.layout)) {
        const label = `${layer.name} ${layer.direction === 'backward' ? 'backward ' : ''}${layer.className} gate ${b.name} (${b.matrix.rows}×${b.matrix.cols})`;
        if (b.matrix.rows !== b.matrix.cols) skipped.push(`${label}: not square`);
        else if (b.matrix.rows > maxN) skipped.push(`${label}: larger than ${maxN}×${maxN}`);
        else if (!b.matrix.data.every(Number.isFinite)) skipped.push(`${label}: has NaN or infinite entries`);
        else
          candidates.push({
            label,
            matrix: { rows: b.matrix.rows, cols: b.matrix.cols, data: Float64Array.from(b.matrix.data) },
          });
      }
    }
  }
  if (candidates.length === 0) {
    throw new ShapeError(
      `${model.name} has no recurrent layer (LSTM, GRU, SimpleRNN/RNN) whose gate blocks can be used as W${skipped.length ? ` (${skipped.join('; ')})` : ''}.`,
    );
  }
  return { candidates, skipped };
}
