/**
 * Recurrent layers of a model file, described from the model itself rather than guessed from
 * array names: which arrays are a layer's input and recurrent kernels, and how their gates are
 * stacked (framework and cell class fix both the axis and the gate order):
 *
 * | framework | cell      | kernel shapes                     | gate order  | stacked along |
 * |-----------|-----------|-----------------------------------|-------------|---------------|
 * | PyTorch   | LSTM      | weight_ih (4H, in), weight_hh (4H, H) | i, f, g, o | rows      |
 * | PyTorch   | GRU       | (3H, in), (3H, H)                 | r, z, n     | rows          |
 * | PyTorch   | RNN       | (H, in), (H, H)                   | h           | -             |
 * | Keras/TF.js | LSTM    | kernel (in, 4H), recurrent_kernel (H, 4H) | i, f, c, o | columns |
 * | Keras/TF.js | GRU     | (in, 3H), (H, 3H)                 | z, r, h     | columns       |
 * | Keras/TF.js | SimpleRNN | (in, H), (H, H)                 | h           | -             |
 *
 * Sources: torch.nn.LSTM / GRU / RNN documentation (weight_ih_l[k], weight_hh_l[k]);
 * keras/src/layers/rnn/lstm.py, gru.py, simple_rnn.py (Keras 3.16: the `kernel[:, :units]`
 * slices of each cell's call). A PyTorch state dict does not record the module class, so its
 * cell is told from the parameter set nn.RNNBase creates and the ratio rows/H of weight_hh.
 */

import { FormatError } from '../errors.js';
import { GATE_LAYOUTS, type GateLayout } from './gates.js';
import { formatShape } from './ndarray.js';
import type { NamedTensor } from './tensorFile.js';

export type Framework = 'pytorch' | 'keras' | 'tfjs';
export type CellKind = 'lstm' | 'gru' | 'rnn';

/** A gate layout with its names (a plain RNN is one block named 'h'). */
export type NamedGateLayout = GateLayout & { readonly names: readonly string[] };

/** One kernel of a layer: the array it is, and how its gates are stacked. */
export interface KernelRef {
  readonly role: 'recurrent' | 'input';
  readonly tensor: string;
  readonly layout: NamedGateLayout;
}

/** A recurrent layer (one direction of one layer of a stack). */
export interface RecurrentLayer {
  /** Layer name as the file has it (Keras layer name, PyTorch module prefix + `l{k}`). */
  readonly name: string;
  readonly framework: Framework;
  readonly cell: CellKind;
  /** The class as the framework names it: LSTM, GRU, RNN (PyTorch), SimpleRNN (Keras). */
  readonly className: string;
  readonly units: number;
  readonly direction: 'forward' | 'backward';
  readonly kernels: readonly KernelRef[];
  /** How the class and layout were established, for the report. */
  readonly source: string;
}

const RNN_LAYOUT = (axis: 'rows' | 'cols'): NamedGateLayout => ({ kind: 'custom', gates: 1, axis, names: ['h'] });

/** The gate layout of a cell in a framework. */
export function cellLayout(framework: Framework, cell: CellKind): NamedGateLayout {
  if (framework === 'pytorch') {
    if (cell === 'lstm') return GATE_LAYOUTS['pytorch-lstm'];
    if (cell === 'gru') return GATE_LAYOUTS['pytorch-gru'];
    return RNN_LAYOUT('rows');
  }
  if (cell === 'lstm') return GATE_LAYOUTS['keras-lstm'];
  if (cell === 'gru') return GATE_LAYOUTS['keras-gru'];
  return RNN_LAYOUT('cols');
}

/** Keras layer class -> cell kind (null for non-recurrent classes). */
export function kerasCell(className: string): CellKind | null {
  if (className === 'LSTM' || className === 'CuDNNLSTM') return 'lstm';
  if (className === 'GRU' || className === 'CuDNNGRU') return 'gru';
  if (className === 'SimpleRNN') return 'rnn';
  return null;
}

/**
 * Checks that Keras-style kernels fit `units` and the cell: kernel (in, G·units) and
 * recurrent_kernel (units, G·units). Throws FormatError naming the layer otherwise.
 */
export function checkKerasKernels(
  layer: string,
  cell: CellKind,
  units: number,
  kernel: NamedTensor | undefined,
  recurrent: NamedTensor | undefined,
  what: string,
): asserts recurrent is NamedTensor {
  const g = cell === 'lstm' ? 4 : cell === 'gru' ? 3 : 1;
  if (recurrent === undefined)
    throw new FormatError(`${what}: layer '${layer}' has no recurrent kernel in the weights.`);
  const rs = recurrent.array.shape;
  if (rs.length !== 2 || rs[0] !== units || rs[1] !== g * units) {
    throw new FormatError(
      `${what}: layer '${layer}' (${cell}, ${units} units) has a recurrent kernel of shape ${formatShape(rs)}; (${units}, ${g * units}) was expected.`,
    );
  }
  if (kernel !== undefined) {
    const ks = kernel.array.shape;
    if (ks.length !== 2 || ks[1] !== g * units) {
      throw new FormatError(
        `${what}: layer '${layer}' (${cell}, ${units} units) has a kernel of shape ${formatShape(ks)}; (inputs, ${g * units}) was expected.`,
      );
    }
  }
}

/** The layer description of Keras-style kernels (Keras 2/3, TF.js). */
export function kerasLayer(
  framework: Framework,
  name: string,
  className: string,
  cell: CellKind,
  units: number,
  direction: 'forward' | 'backward',
  kernel: NamedTensor | undefined,
  recurrent: NamedTensor,
  source: string,
): RecurrentLayer {
  const layout = cellLayout(framework, cell);
  const kernels: KernelRef[] = [{ role: 'recurrent', tensor: recurrent.name, layout }];
  if (kernel !== undefined) kernels.push({ role: 'input', tensor: kernel.name, layout });
  return { name, framework, cell, className, units, direction, kernels, source };
}

const TORCH_HH = /^(.*?)weight_hh_l(\d+)(_reverse)?$/;

/**
 * The recurrent layers of a PyTorch state dict: every `<prefix>weight_hh_l<k>[_reverse]` with a
 * matching `weight_ih_l<k>[_reverse]`. H is the column count of weight_hh (or of weight_hr for
 * an LSTM with proj_size); the cell is LSTM, GRU or RNN as weight_hh has 4H, 3H or H rows.
 * Arrays that fit none of these are left alone (reported as plain matrices).
 */
export function torchRecurrentLayers(tensors: readonly NamedTensor[]): RecurrentLayer[] {
  const byName = new Map(tensors.map((t) => [t.name, t]));
  const layers: RecurrentLayer[] = [];
  for (const t of tensors) {
    const m = TORCH_HH.exec(t.name);
    if (m === null || t.array.shape.length !== 2) continue;
    const [, prefix, k, rev] = m;
    const suffix = `l${k}${rev ?? ''}`;
    const ih = byName.get(`${prefix}weight_ih_${suffix}`);
    const hr = byName.get(`${prefix}weight_hr_${suffix}`);
    const rows = t.array.shape[0]!,
      cols = t.array.shape[1]!;
    const hidden = hr !== undefined && hr.array.shape.length === 2 ? hr.array.shape[1]! : cols;
    if (hidden === 0 || rows % hidden !== 0) continue;
    const g = rows / hidden;
    const cell: CellKind | null = g === 4 ? 'lstm' : g === 3 ? 'gru' : g === 1 ? 'rnn' : null;
    if (cell === null) continue;
    if (ih !== undefined && (ih.array.shape.length !== 2 || ih.array.shape[0] !== rows)) continue;
    const layout = cellLayout('pytorch', cell);
    const kernels: KernelRef[] = [{ role: 'recurrent', tensor: t.name, layout }];
    if (ih !== undefined) kernels.push({ role: 'input', tensor: ih.name, layout });
    layers.push({
      name: `${prefix}l${k}`,
      framework: 'pytorch',
      cell,
      className: cell === 'lstm' ? 'LSTM' : cell === 'gru' ? 'GRU' : 'RNN',
      units: hidden,
      direction: rev ? 'backward' : 'forward',
      kernels,
      source: `PyTorch state dict: nn.${cell === 'lstm' ? 'LSTM' : cell === 'gru' ? 'GRU' : 'RNN'} parameters (weight_hh has ${g}·H rows, H = ${hidden})`,
    });
  }
  return layers;
}
