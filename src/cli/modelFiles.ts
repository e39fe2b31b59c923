/**
 * Reading weights for the CLI: model files (PyTorch, Keras, TF.js with its shards next to the
 * model.json) through core's readModelFile, everything else through readTensorFile.
 */

import { dirname, join } from 'node:path';
import {
  type ModelFile,
  type NamedTensor,
  modelFileKind,
  readModelFile,
  readTensorFile,
  tfjsShardPaths,
} from '../core/index.js';
import { readInputFile } from './files.js';

export interface Weights {
  /** The model file, when FILE is one (its layers carry the gate layouts). */
  readonly model: ModelFile | null;
  /** Every array of the file with at least `minRank` dimensions, in file order. */
  readonly tensors: NamedTensor[];
}

/** Reads FILE (relative to cwd); TF.js shards are read from the model.json's directory. */
export async function readWeights(path: string, cwd: string, minRank = 2): Promise<Weights> {
  const bytes = await readInputFile(path, cwd);
  const kind = modelFileKind(path, bytes);
  if (kind === null) return { model: null, tensors: readTensorFile(path, bytes, { minRank }) };
  const companions = new Map<string, Uint8Array>();
  if (kind === 'tfjs') {
    for (const p of tfjsShardPaths(bytes, path)) companions.set(p, await readInputFile(join(dirname(path), p), cwd));
  }
  const model = readModelFile(path, bytes, { companions });
  return { model, tensors: model.tensors.filter((t) => t.array.shape.length >= minRank) };
}
