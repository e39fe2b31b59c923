/**
 * Where a command's matrix comes from: a weight file (FILE) or an initializer (--init with
 * --n and --seed). The matrix is core's `initMatrix(spec, n, n, seed)`, the registry's one
 * seeding rule (the spec's own seed wins over --seed), so `--init orthogonal --seed 3` is the
 * same matrix as the explorer's `orthogonal` with seed 3, `compare`'s run with seed 3 and the
 * W_hh of `train --seed 3`. Fixed shapes (Fibonacci: 2 x 2) come from the registry.
 */

import {
  type InitConfig,
  type InitConfigInput,
  type Matrix,
  type Dtype,
  type NamedTensor,
  describeInit,
  effectiveSeed,
  formatShape,
  getInitializer,
  serialize,
  initMatrix,
  ndarrayToMatrix,
  squareShape,
} from '../../core/index.js';
import { UsageError, asUsage } from '../errors.js';
import { readWeights } from '../modelFiles.js';

export interface SourceMatrix {
  /** Short label for tables and GIF titles. */
  readonly label: string;
  readonly matrix: Matrix;
  /** The initializer config with its seed, when built from --init. */
  readonly config?: InitConfig;
  /** The file and array name, when read from a file. */
  readonly file?: { readonly path: string; readonly tensor: string };
  /** The element type the file stored (float64 for matrices built with --init). */
  readonly dtype: Dtype;
}

/** How a ≥3-D array becomes a matrix (`--flatten`), as in core `ndarrayToMatrix`. */
export type Flatten = 'keras' | 'pytorch';

/**
 * The matrix of one array of a file, or a UsageError (exit 2) saying why the command cannot take
 * it and what to do, in command-line terms: a scalar or vector, a ≥3-D array without
 * `--flatten`, an empty array, NaN or infinite entries.
 */
export function tensorMatrix(label: string, t: NamedTensor, flatten: Flatten | undefined): Matrix {
  const shape = t.array.shape;
  if (shape.length < 2) {
    throw new UsageError(
      `${label} is ${shape.length === 0 ? 'a scalar' : `a vector of shape ${formatShape(shape)} (e.g. a bias)`}; this command needs a 2-D weight matrix.`,
    );
  }
  if (shape.length > 2 && flatten === undefined) {
    const last = shape[shape.length - 1];
    const prod = (d: readonly number[]) => d.reduce((a, b) => a * b, 1);
    throw new UsageError(
      `${label} is ${shape.length}-D, shape ${formatShape(shape)}; this command needs a 2-D matrix.`,
      `Add --flatten keras to read it as (${prod(shape.slice(0, -1))}, ${last}) (rows = all leading axes, as Keras kernels), or --flatten pytorch for (${shape[0]}, ${prod(shape.slice(1))}).`,
    );
  }
  const m = asUsage(() => ndarrayToMatrix(t.array, flatten === undefined ? {} : { flatten }));
  if (m.rows === 0 || m.cols === 0) {
    throw new UsageError(`${label} is empty (shape ${formatShape(shape)}); a weight matrix needs at least one entry.`);
  }
  for (let i = 0; i < m.data.length; i++) {
    const v = m.data[i];
    if (!Number.isFinite(v)) {
      const r = Math.floor(i / m.cols);
      throw new UsageError(
        `${label}: entry (${r}, ${i - r * m.cols}) is ${v}; a weight matrix must have finite entries (check the file for overflow or missing values).`,
      );
    }
  }
  return m;
}

/**
 * The canonical config with the seed a draw uses (the spec's own seed, else `seed`; none for
 * non-random initializers): the label and JSON config that describe the matrix exactly.
 */
export function seeded(config: InitConfigInput, seed: number): InitConfig {
  const init = asUsage(() => getInitializer(config));
  const s = asUsage(() => effectiveSeed(init, seed));
  return s === undefined ? init.config : serialize({ ...init.config, seed: s });
}

/** n x n from an initializer, or its fixed shape when the registry declares one (Fibonacci: 2 x 2). */
export function buildFromInit(config: InitConfigInput, n: number, seed: number): SourceMatrix {
  const cfg = seeded(config, seed);
  const [rows, cols] = asUsage(() => squareShape(cfg, n));
  const matrix = asUsage(() => initMatrix(config, rows, cols, seed));
  return { label: describeInit(cfg), matrix, config: cfg, dtype: 'float64' };
}

/** Every array of a weight file (2-D and up), with clear errors for unreadable files. */
export async function readTensors(path: string, cwd: string): Promise<NamedTensor[]> {
  return (await readWeights(path, cwd, 0)).tensors;
}

/** One matrix from a file: the only 2-D array, or the one named by --tensor. */
export async function matrixFromFile(
  path: string,
  cwd: string,
  tensor: string | undefined,
  flatten?: Flatten,
): Promise<SourceMatrix> {
  const tensors = await readTensors(path, cwd);
  let chosen: NamedTensor | undefined;
  if (tensor !== undefined) {
    chosen = tensors.find((t) => t.name === tensor);
    if (!chosen) {
      throw new UsageError(
        `${path} has no array named '${tensor}'.`,
        `Arrays: ${tensors.map((t) => `${t.name} ${formatShape(t.array.shape)}`).join(', ')}.`,
      );
    }
  } else {
    const matrices = tensors.filter((t) => t.array.shape.length === 2);
    const ranked = tensors.filter((t) => t.array.shape.length >= 2);
    if (matrices.length === 1) chosen = matrices[0]!;
    else if (matrices.length === 0 && ranked.length === 1) chosen = ranked[0]!;
    else if (ranked.length === 0 && tensors.length > 1) {
      throw new UsageError(
        `${path} holds no matrix (found: ${tensors
          .slice(0, 8)
          .map((t) => `${t.name} ${formatShape(t.array.shape)}`)
          .join(', ')}${tensors.length > 8 ? ', ...' : ''}); this command needs a 2-D weight matrix.`,
      );
    } else if (tensors.length === 1) chosen = tensors[0]!;
    else {
      throw new UsageError(
        `${path} holds ${tensors.length} arrays; choose one with --tensor NAME.`,
        `Arrays: ${tensors
          .slice(0, 12)
          .map((t) => `${t.name} ${formatShape(t.array.shape)}`)
          .join(', ')}${tensors.length > 12 ? ', ...' : ''}.`,
      );
    }
  }
  const label = tensors.length === 1 ? path : `${path}:${chosen.name}`;
  const matrix = tensorMatrix(label, chosen, flatten);
  return { label, matrix, file: { path, tensor: chosen.name }, dtype: chosen.array.dtype };
}

/** A square matrix from FILE or --init (exactly one of them); usage error otherwise. */
export async function squareSource(
  file: string | undefined,
  init: InitConfigInput | undefined,
  n: number,
  seed: number,
  cwd: string,
  tensor: string | undefined,
  flatten?: Flatten,
): Promise<SourceMatrix> {
  if (file !== undefined && init !== undefined) throw new UsageError('give either FILE or --init, not both.');
  let src: SourceMatrix;
  if (file !== undefined) src = await matrixFromFile(file, cwd, tensor, flatten);
  else if (init !== undefined) src = buildFromInit(init, n, seed);
  else throw new UsageError('give a weight FILE or --init NAME.', 'Example: --init orthogonal --n 64');
  if (src.matrix.rows !== src.matrix.cols) {
    throw new UsageError(
      `${src.label} is ${src.matrix.rows}x${src.matrix.cols}; this command needs a square matrix.`,
      "Use 'ortholab diagnose' for non-square weights.",
    );
  }
  return src;
}
