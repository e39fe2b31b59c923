/**
 * Parameters of a gated recurrent layer (LSTM or GRU) in ortholab's ONE canonical layout,
 * PyTorch's (docs/decisions/0016-gated-cells.md):
 *
 *   Wih  G·n x d_in   rows are gate blocks in the canonical order (block g = rows g·n .. g·n+n-1)
 *   Whh  G·n x n      same row blocks
 *   bih  G·n x 1      input bias
 *   bhh  G·n x 1      recurrent bias
 *
 * with G = 4 gates i, f, g, o for the LSTM and G = 3 gates r, z, n for the GRU. This is
 * `torch.nn.LSTM`/`GRU`'s `weight_ih_l0`, `weight_hh_l0`, `bias_ih_l0`, `bias_hh_l0` as they are,
 * and it is the column-vector convention of model.ts (pre-activation = Wih x + Whh h + b).
 * It expresses both frameworks: a Keras LSTM is bih = bias, bhh = 0 with the same gate order
 * (i, f, c, o) and transposed kernels; a Keras GRU with reset_after = True is the same function
 * with blocks reordered (z, r, h -> r, z, n) and its (2, 3n) bias split into bih and bhh
 * (convert.ts). The two biases are kept separate because the GRU needs them separate: b_hn sits
 * inside r ⊙ (W_hn h + b_hn).
 */

import { ConfigError, ShapeError } from '../errors.js';
import { type Matrix, zeros } from '../linalg/index.js';

/** The gated cells. */
export const GATED_CELLS = ['lstm', 'gru'] as const;
export type GatedCell = (typeof GATED_CELLS)[number];

/** Canonical gate order (row blocks of Wih/Whh/bih/bhh), PyTorch's names. */
export const GATE_NAMES = {
  lstm: ['i', 'f', 'g', 'o'],
  gru: ['r', 'z', 'n'],
} as const satisfies Record<GatedCell, readonly string[]>;

/** Gate count G per cell: 4 for the LSTM, 3 for the GRU. */
export function gateCount(cell: GatedCell): 3 | 4 {
  return cell === 'lstm' ? 4 : 3;
}

/** Throws ConfigError listing the valid cells unless `cell` is one. */
export function checkGatedCell(cell: unknown): GatedCell {
  if (cell === 'lstm' || cell === 'gru') return cell;
  throw new ConfigError(`Unknown gated cell ${JSON.stringify(cell)}; valid cells: ${GATED_CELLS.join(', ')}.`);
}

/** Sizes of a gated layer: the cell, d_in input features, n units. */
export interface GatedDims {
  readonly cell: GatedCell;
  readonly inputDim: number;
  readonly units: number;
}

/** The four matrices; see the file comment for shapes and gate order. */
export interface GatedParams {
  readonly Wih: Matrix;
  readonly Whh: Matrix;
  readonly bih: Matrix;
  readonly bhh: Matrix;
}

/** Parameter names in their canonical order. */
export const GATED_PARAM_NAMES = ['Wih', 'Whh', 'bih', 'bhh'] as const;
export type GatedParamName = (typeof GATED_PARAM_NAMES)[number];

/** Shapes of every parameter for `dims`, as [rows, cols]. */
export function gatedParamShapes(dims: GatedDims): Record<GatedParamName, [number, number]> {
  const G = gateCount(dims.cell);
  const { inputDim: d, units: n } = dims;
  return { Wih: [G * n, d], Whh: [G * n, n], bih: [G * n, 1], bhh: [G * n, 1] };
}

/** Number of scalar parameters: G·n·(d_in + n + 2). */
export function gatedParamCount(dims: GatedDims): number {
  return gateCount(dims.cell) * dims.units * (dims.inputDim + dims.units + 2);
}

/** Zero matrices of the parameter shapes (gradient buffers, optimizer moments). */
export function zerosLikeGated(dims: GatedDims): GatedParams {
  checkGatedDims('zerosLikeGated', dims);
  const s = gatedParamShapes(dims);
  return { Wih: zeros(...s.Wih), Whh: zeros(...s.Whh), bih: zeros(...s.bih), bhh: zeros(...s.bhh) };
}

/** A deep copy. */
export function cloneGatedParams(p: GatedParams): GatedParams {
  const c = (m: Matrix): Matrix => ({ rows: m.rows, cols: m.cols, data: m.data.slice() });
  return { Wih: c(p.Wih), Whh: c(p.Whh), bih: c(p.bih), bhh: c(p.bhh) };
}

/** Throws ShapeError unless d_in and n are integers >= 1 (and ConfigError for an unknown cell). */
export function checkGatedDims(fn: string, dims: GatedDims): void {
  checkGatedCell(dims.cell);
  for (const [name, v] of [
    ['inputDim', dims.inputDim],
    ['units', dims.units],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) throw new ShapeError(`${fn}: ${name} must be an integer >= 1, got ${v}.`);
  }
}

/**
 * The dims implied by a parameter record for `cell`: n = Whh.cols, d_in = Wih.cols. Throws
 * ShapeError naming the first matrix whose shape does not fit (G·n rows for every matrix).
 */
export function gatedDimsOf(cell: GatedCell, p: GatedParams): GatedDims {
  const dims: GatedDims = { cell: checkGatedCell(cell), inputDim: p.Wih.cols, units: p.Whh.cols };
  checkGatedParams('gatedDimsOf', dims, p);
  return dims;
}

/** Throws ShapeError naming the first matrix of `p` whose shape or data length differs from `dims`. */
export function checkGatedParams(fn: string, dims: GatedDims, p: GatedParams): void {
  const shapes = gatedParamShapes(dims);
  for (const name of GATED_PARAM_NAMES) {
    const m = p[name];
    const [r, c] = shapes[name];
    if (m === undefined || m.rows !== r || m.cols !== c || m.data.length !== r * c) {
      const got = m === undefined ? 'missing' : `${m.rows}x${m.cols}`;
      throw new ShapeError(
        `${fn}: ${name} is ${got}; a ${dims.cell.toUpperCase()} with ${dims.inputDim} inputs and ${dims.units} units needs ${r}x${c} (G = ${gateCount(dims.cell)} gate blocks ${GATE_NAMES[dims.cell].join(', ')} of ${dims.units} rows).`,
      );
    }
  }
}

/** Row block `g` (0-based, canonical order) of a G·n x cols matrix, copied into an n x cols matrix. */
export function gateBlock(m: Matrix, G: number, g: number): Matrix {
  if (m.rows % G !== 0 || g < 0 || g >= G || !Number.isInteger(g)) {
    throw new ShapeError(`gateBlock: cannot take block ${g} of ${G} from a ${m.rows}x${m.cols} matrix.`);
  }
  const n = m.rows / G;
  return { rows: n, cols: m.cols, data: m.data.slice(g * n * m.cols, (g + 1) * n * m.cols) };
}
