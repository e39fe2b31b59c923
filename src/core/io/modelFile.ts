/**
 * One entry point for model files (PyTorch .pt/.pth, Keras 3 .keras, Keras 2 .h5, TF.js
 * model.json): picks the reader from the extension, or from the content for names that do not
 * say (a PyTorch zip saved as .bin, an HDF5 file, a model.json), and returns the arrays with
 * the recurrent layers the model describes.
 */

import { FormatError } from '../errors.js';
import { type ModelFile, readKeras2, readKeras3 } from './keras.js';
import { torchRecurrentLayers } from './modelLayers.js';
import { asBytes } from './npy.js';
import { sniffFormat } from './sniff.js';
import { isTfjsModelJson, readTfjs } from './tfjs.js';
import { isLegacyTorch, readTorch } from './torch.js';

export type { ModelFile } from './keras.js';

/** Extensions readModelFile takes by name (model.json is told by its content). */
export const MODEL_FILE_EXTENSIONS = ['.pt', '.pth', '.keras', '.h5', '.hdf5'] as const;

export interface ReadModelFileOptions {
  /**
   * The files next to the model (TF.js weight shards), by the path the manifest gives, relative
   * to the model.json. The CLI reads them from the model's directory, the web from the files
   * dropped together.
   */
  readonly companions?: ReadonlyMap<string, Uint8Array>;
}

function extension(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot).toLowerCase() : '';
}

/**
 * The kind of model file `fileName`/`bytes` is, or null for files readTensorFile handles
 * (.npy, .safetensors, matrix JSON). Looks at no more than the first bytes (and, for .json,
 * the text).
 */
export function modelFileKind(fileName: string, input: Uint8Array | ArrayBuffer): ModelFile['format'] | null {
  const bytes = asBytes(input);
  const ext = extension(fileName);
  if (ext === '.pt' || ext === '.pth') return 'pytorch';
  if (ext === '.keras') return 'keras3';
  if (ext === '.h5' || ext === '.hdf5') return 'keras2';
  if (ext === '.json') return isTfjsModelJson(bytes) ? 'tfjs' : null;
  if (ext === '.npy' || ext === '.safetensors') return null;
  const kind = sniffFormat(bytes);
  if (kind === 'torch-zip' || isLegacyTorch(bytes)) return 'pytorch';
  if (kind === 'keras-zip') return 'keras3';
  if (kind === 'hdf5') return 'keras2';
  return null;
}

/** Reads a model file (see modelFileKind). Throws FormatError when it is none. */
export function readModelFile(
  fileName: string,
  input: Uint8Array | ArrayBuffer,
  options: ReadModelFileOptions = {},
): ModelFile {
  const bytes = asBytes(input);
  const what = fileName.split(/[\\/]/).pop() ?? fileName;
  switch (modelFileKind(fileName, bytes)) {
    case 'pytorch': {
      const tensors = readTorch(bytes, what);
      return { format: 'pytorch', tensors, layers: torchRecurrentLayers(tensors) };
    }
    case 'keras3':
      return readKeras3(bytes, what);
    case 'keras2':
      return readKeras2(bytes, what);
    case 'tfjs':
      return readTfjs(bytes, what, options.companions ?? new Map());
    default:
      throw new FormatError(
        `${what} is not a model file ortholab reads (PyTorch ${MODEL_FILE_EXTENSIONS.slice(0, 2).join('/')}, Keras .keras/.h5, TF.js model.json).`,
      );
  }
}
