/**
 * One entry point for weight files, used by the CLI's `diagnose` and the explorer's file
 * loader: picks the reader from the file name's extension and returns the named arrays.
 */

import { FormatError, ShapeError } from '../errors.js';
import { readMatrixJson } from './matrixJson.js';
import { type NdArray, formatShape, matrixToNdarray } from './ndarray.js';
import { asBytes, readNpy } from './npy.js';
import { readSafetensors } from './safetensors.js';
import { foreignFormatHint, sniffFormat } from './sniff.js';
import { decodeUtf8 } from './utf8.js';

/** Extensions `readTensorFile` understands, each with its reader. */
export const TENSOR_FILE_EXTENSIONS = ['.npy', '.safetensors', '.json'] as const;

/** An array with the name it had in the file (the file's stem for single-array formats). */
export interface NamedTensor {
  readonly name: string;
  readonly array: NdArray;
}

/** Options for `readTensorFile`. */
export interface ReadTensorFileOptions {
  /** Keep only arrays with at least this many dimensions (default 2: matrices and up). */
  readonly minRank?: number;
  /** Largest element count per array (default MAX_ELEMENTS = 2^31). */
  readonly maxElements?: number;
}

/**
 * Reads the arrays of a .npy, .safetensors or .json file (chosen by `fileName`'s extension,
 * case-insensitive), keeping those with rank ≥ minRank, in file order. Throws FormatError
 * for an unknown extension (listing the supported ones and, when the bytes reveal it, what
 * the file is), and ShapeError when no array of the required rank is left.
 */
export function readTensorFile(
  fileName: string,
  input: Uint8Array | ArrayBuffer,
  options: ReadTensorFileOptions = {},
): NamedTensor[] {
  const bytes = asBytes(input);
  const minRank = options.minRank ?? 2;
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const dot = base.lastIndexOf('.');
  const ext = dot > 0 ? base.slice(dot).toLowerCase() : '';
  const stem = dot > 0 ? base.slice(0, dot) : base;
  let all: NamedTensor[];
  switch (ext) {
    case '.npy':
      all = [{ name: stem, array: readNpy(bytes, options) }];
      break;
    case '.safetensors': {
      const f = readSafetensors(bytes, options);
      all = f.names.map((name) => {
        const array = f.tensors[name];
        if (array === undefined)
          throw new FormatError(`${base}: tensor '${name}' is listed in the header but was not read.`);
        return { name, array };
      });
      break;
    }
    case '.json': {
      const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
      all = [{ name: stem, array: matrixToNdarray(readMatrixJson(decodeUtf8(bytes, `${base}`, start))) }];
      break;
    }
    default: {
      const kind = sniffFormat(bytes);
      const hint = kind === null ? '' : ` ${foreignFormatHint(kind)}`;
      throw new FormatError(
        `cannot read '${base}': unknown extension ${ext === '' ? '(none)' : `'${ext}'`}. Supported: ${TENSOR_FILE_EXTENSIONS.join(', ')}.${hint}`,
      );
    }
  }
  const kept = all.filter((t) => t.array.shape.length >= minRank);
  if (kept.length === 0) {
    const found = all
      .slice(0, 8)
      .map((t) => `${t.name} ${formatShape(t.array.shape)}`)
      .join(', ');
    throw new ShapeError(
      `${base} holds no array with ${minRank} or more dimensions (found: ${found}${all.length > 8 ? ', ...' : ''}${all.length === 0 ? 'nothing' : ''}); a weight matrix is needed.`,
    );
  }
  return kept;
}
