/**
 * Gate-stacked recurrent weights. LSTM and GRU layers store the recurrent matrices of all their
 * gates in one array; to inspect the dynamics of each gate, split it.
 *
 * - PyTorch (torch.nn.LSTM / GRU docs) stacks along rows: `weight_hh_l{k}` is (4H, H) for an
 *   LSTM with gates (i, f, g, o) and (3H, H) for a GRU with gates (r, z, n); `_reverse` names the
 *   backward direction of a bidirectional layer.
 * - Keras (keras.layers.LSTMCell / GRUCell) stacks along columns: `recurrent_kernel` is (H, 4H)
 *   with gates (i, f, c, o) for an LSTM and (H, 3H) with gates (z, r, h) for a GRU.
 * PyTorch computes W·h (rows are outputs), Keras h·W (columns are outputs), so a PyTorch gate
 * block is the transpose of the corresponding Keras block.
 */

import { isKeyOf } from '../guards.js';
import type { GateAxis } from '../init/orthogonal.js';
import { ConfigError, ShapeError } from '../errors.js';
import { type Matrix, assertMatrix } from '../linalg/matrix.js';

/** Kind of gated cell; 'custom' for any other stacking. */
export type GateKind = 'lstm' | 'gru' | 'custom';

/**
 * How gate blocks are stacked: `gates` equal blocks along `axis` ('rows': PyTorch; 'cols':
 * columns, Keras). `names` defaults to the framework's letters for lstm/gru (PyTorch's when
 * axis = 0, Keras' when axis = 1) and to gate0, gate1, ... for custom.
 */
export interface GateLayout {
  readonly kind: GateKind;
  readonly gates: number;
  readonly axis: GateAxis;
  readonly names?: readonly string[];
}

/** The four framework layouts, with the gate order each framework documents. */
export const GATE_LAYOUTS = {
  'pytorch-lstm': { kind: 'lstm', gates: 4, axis: 'rows', names: ['i', 'f', 'g', 'o'] },
  'pytorch-gru': { kind: 'gru', gates: 3, axis: 'rows', names: ['r', 'z', 'n'] },
  'keras-lstm': { kind: 'lstm', gates: 4, axis: 'cols', names: ['i', 'f', 'c', 'o'] },
  'keras-gru': { kind: 'gru', gates: 3, axis: 'cols', names: ['z', 'r', 'h'] },
} as const satisfies Record<string, GateLayout & { names: readonly string[] }>;

/** The names of GATE_LAYOUTS, in table order. */
export const GATE_LAYOUT_NAMES = Object.keys(GATE_LAYOUTS).filter((k) => isKeyOf(GATE_LAYOUTS, k));

/** One gate's block of a stacked matrix. */
export interface GateBlock {
  readonly name: string;
  readonly matrix: Matrix;
}

/**
 * Splits a gate-stacked matrix into `layout.gates` equal blocks along `layout.axis`, in
 * stacking order; each block is a copy. O(rows·cols). Throws ConfigError for an invalid layout
 * (lstm needs 4 gates, gru 3; names must match the gate count) and ShapeError when the stacked
 * dimension is not divisible by the gate count.
 */
export function splitGates(m: Matrix, layout: GateLayout): GateBlock[] {
  assertMatrix('splitGates', m);
  const { kind, gates, axis } = layout;
  if (kind !== 'lstm' && kind !== 'gru' && kind !== 'custom') {
    throw new ConfigError(`splitGates: kind '${String(kind)}' is unknown; use 'lstm', 'gru' or 'custom'.`);
  }
  if (axis !== 'rows' && axis !== 'cols') {
    throw new ConfigError(`splitGates: axis must be 'rows' (PyTorch) or 'cols' (Keras), got ${String(axis)}.`);
  }
  if (!Number.isInteger(gates) || gates < 1) {
    throw new ConfigError(`splitGates: gates must be a positive integer, got ${String(gates)}.`);
  }
  const expected = kind === 'lstm' ? 4 : kind === 'gru' ? 3 : gates;
  if (gates !== expected) {
    throw new ConfigError(
      `splitGates: an ${kind} has ${expected} gates, got gates = ${gates}; use kind 'custom' otherwise.`,
    );
  }
  const names = layout.names ?? defaultNames(kind, gates, axis);
  if (names.length !== gates) {
    throw new ConfigError(`splitGates: ${names.length} names given for ${gates} gates; give one name per gate.`);
  }
  const total = axis === 'rows' ? m.rows : m.cols;
  if (total % gates !== 0) {
    throw new ShapeError(
      `splitGates: the ${axis === 'rows' ? 'row' : 'column'} count ${total} of a ${m.rows}x${m.cols} matrix is not divisible by ${gates} gates. Check the layout axis: PyTorch stacks gates along rows (axis 'rows'), Keras along columns (axis 'cols').`,
    );
  }
  const h = total / gates;
  return names.map((name, g) => {
    if (axis === 'rows') {
      return { name, matrix: { rows: h, cols: m.cols, data: m.data.slice(g * h * m.cols, (g + 1) * h * m.cols) } };
    }
    const data = new Float64Array(m.rows * h);
    for (let i = 0; i < m.rows; i++) data.set(m.data.subarray(i * m.cols + g * h, i * m.cols + (g + 1) * h), i * h);
    return { name, matrix: { rows: m.rows, cols: h, data } };
  });
}

function defaultNames(kind: GateKind, gates: number, axis: GateAxis): readonly string[] {
  if (kind === 'lstm') return axis === 'rows' ? GATE_LAYOUTS['pytorch-lstm'].names : GATE_LAYOUTS['keras-lstm'].names;
  if (kind === 'gru') return axis === 'rows' ? GATE_LAYOUTS['pytorch-gru'].names : GATE_LAYOUTS['keras-gru'].names;
  return Array.from({ length: gates }, (_, g) => `gate${g}`);
}

/** A recognised layout: the framework it came from and the hidden size H. */
export interface GuessedGateLayout extends GateLayout {
  readonly framework: 'pytorch' | 'keras';
  readonly hidden: number;
  readonly names: readonly string[];
}

const PYTORCH_HH = /^weight_hh_l\d+(_reverse)?$/;
const KERAS_RECURRENT = /^recurrent_kernel(:\d+)?$/;

/**
 * Recognises a recurrent weight from its name (last path component after '.' or '/') and
 * shape: PyTorch `weight_hh_l{k}[_reverse]` of shape (4H, H) or (3H, H), Keras
 * `recurrent_kernel` of shape (H, 4H) or (H, 3H). Returns null when unsure: other names, other
 * shapes (a square H x H weight is a plain RNN and needs no split; an LSTM with proj_size has
 * shape (4H, P) and is not guessed).
 */
export function guessGateLayout(name: string, shape: readonly number[]): GuessedGateLayout | null {
  if (shape.length !== 2) return null;
  const r = shape[0]!,
    c = shape[1]!;
  if (!(r > 0 && c > 0)) return null;
  const last = name.split(/[./]/).pop() ?? '';
  if (PYTORCH_HH.test(last)) {
    if (r === 4 * c) return { ...GATE_LAYOUTS['pytorch-lstm'], framework: 'pytorch', hidden: c };
    if (r === 3 * c) return { ...GATE_LAYOUTS['pytorch-gru'], framework: 'pytorch', hidden: c };
    return null;
  }
  if (KERAS_RECURRENT.test(last)) {
    if (c === 4 * r) return { ...GATE_LAYOUTS['keras-lstm'], framework: 'keras', hidden: r };
    if (c === 3 * r) return { ...GATE_LAYOUTS['keras-gru'], framework: 'keras', hidden: r };
    return null;
  }
  return null;
}
