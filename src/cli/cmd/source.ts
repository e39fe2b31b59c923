/**
 * Where a command's matrix comes from: a weight file (FILE) or an initializer (--init with
 * --n and --seed). Seeding follows the explorer: a random initializer gets `seed` in its config
 * (unless the spec sets one), so `--init orthogonal --seed 3` is the same matrix as the URL's
 * `orthogonal` with seed 3.
 */

import {
  type InitConfig,
  type Matrix,
  type NamedTensor,
  describeInit,
  formatShape,
  getInitializer,
  initMatrix,
  ndarrayToMatrix,
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
}

/** The config with `seed` set for random initializers that have none. */
export function seeded(config: InitConfig, seed: number): InitConfig {
  const init = asUsage(() => getInitializer(config));
  if (!init.random || init.config.seed !== undefined) return init.config;
  return asUsage(() => getInitializer({ ...config, seed }).config);
}

/** n x n from an initializer (the Fibonacci matrix is always 2 x 2). */
export function buildFromInit(config: InitConfig, n: number, seed: number): SourceMatrix {
  const cfg = seeded(config, seed);
  const size = cfg.name === 'fibonacci' ? 2 : n;
  const matrix = asUsage(() => initMatrix(cfg, size, size));
  return { label: describeInit(cfg), matrix, config: cfg };
}

/** Every array of a weight file (2-D and up), with clear errors for unreadable files. */
export async function readTensors(path: string, cwd: string): Promise<NamedTensor[]> {
  return (await readWeights(path, cwd)).tensors;
}

/** One matrix from a file: the only 2-D array, or the one named by --tensor. */
export async function matrixFromFile(path: string, cwd: string, tensor: string | undefined): Promise<SourceMatrix> {
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
    if (matrices.length === 1) chosen = matrices[0];
    else if (tensors.length === 1) chosen = tensors[0];
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
  const matrix = ndarrayToMatrix(chosen.array);
  return { label: tensors.length === 1 ? path : `${path}:${chosen.name}`, matrix, file: { path, tensor: chosen.name } };
}

/** A square matrix from FILE or --init (exactly one of them); usage error otherwise. */
export async function squareSource(
  file: string | undefined,
  init: InitConfig | undefined,
  n: number,
  seed: number,
  cwd: string,
  tensor: string | undefined,
): Promise<SourceMatrix> {
  if (file !== undefined && init !== undefined) throw new UsageError('give either FILE or --init, not both.');
  if (file === undefined && init === undefined) {
    throw new UsageError('give a weight FILE or --init NAME.', 'Example: --init orthogonal --n 64');
  }
  const src = file !== undefined ? await matrixFromFile(file, cwd, tensor) : buildFromInit(init as InitConfig, n, seed);
  if (src.matrix.rows !== src.matrix.cols) {
    throw new UsageError(
      `${src.label} is ${src.matrix.rows}x${src.matrix.cols}; this command needs a square matrix.`,
      "Use 'ortholab diagnose' for non-square weights.",
    );
  }
  return src;
}
