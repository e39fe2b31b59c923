/**
 * Diagnosis of a model file by layer and gate: for each recurrent layer the file describes
 * (io/modelLayers.ts), its recurrent and input kernels are split into gate blocks by the
 * layer's own layout and each block gets a `matrixReport` (σ range, ‖W_gᵀW_g − I‖_F, and for
 * square blocks ρ and the regime). Blocks are taken as stored: a PyTorch block is W_g (H x H,
 * rows are outputs), a Keras block its transpose's counterpart (columns are outputs); σ, ρ and
 * ‖W_gᵀW_g − I‖_F of a square block do not depend on that choice.
 */

import { FormatError } from '../errors.js';
import type { Matrix } from '../linalg/matrix.js';
import type { RecurrentLayer } from '../io/modelLayers.js';
import { splitGates } from '../io/gates.js';
import { formatShape, ndarrayToMatrix } from '../io/ndarray.js';
import type { NamedTensor } from '../io/tensorFile.js';
import { type MatrixReport, matrixReport } from './matrixReport.js';

export interface GateReport {
  readonly gate: string;
  /** Null when the block cannot be analysed (non-finite entries); see `note`. */
  readonly report: MatrixReport | null;
  readonly note: string | null;
}

export interface KernelDiagnosis {
  readonly role: 'recurrent' | 'input';
  readonly tensor: string;
  readonly shape: readonly number[];
  readonly dtype: string;
  /** Gate order and axis, e.g. "i, f, g, o along rows". */
  readonly layout: string;
  readonly gates: readonly GateReport[];
}

export interface LayerDiagnosis {
  readonly layer: RecurrentLayer;
  readonly kernels: readonly KernelDiagnosis[];
}

function finite(m: Matrix): string | null {
  let bad = 0;
  for (let i = 0; i < m.data.length; i++) if (!Number.isFinite(m.data[i])) bad++;
  return bad === 0 ? null : `${bad} non-finite entries; a weight matrix must be finite`;
}

/**
 * One diagnosis per layer, in the order given, each kernel split by the layer's layout.
 * `tensors` must hold every kernel the layers name. Blocks with min side above `maxSide`
 * (default 2048) are not analysed. O(sum of matrixReport costs).
 */
export function diagnoseLayers(
  layers: readonly RecurrentLayer[],
  tensors: readonly NamedTensor[],
  options: { readonly maxSide?: number } = {},
): LayerDiagnosis[] {
  const maxSide = options.maxSide ?? 2048;
  const byName = new Map(tensors.map((t) => [t.name, t]));
  return layers.map((layer) => ({
    layer,
    kernels: layer.kernels.map((k) => {
      const t = byName.get(k.tensor);
      if (t === undefined)
        throw new FormatError(`layer ${layer.name} names the array ${k.tensor}, which the file does not hold.`);
      const m = ndarrayToMatrix(t.array);
      const layout = `${k.layout.names.join(', ')} along ${k.layout.axis}`;
      const gates = splitGates(m, k.layout).map((b): GateReport => {
        const bad = finite(b.matrix);
        if (bad !== null) return { gate: b.name, report: null, note: bad };
        if (Math.min(b.matrix.rows, b.matrix.cols) > maxSide) {
          return { gate: b.name, report: null, note: `min side above the analysis limit ${maxSide}` };
        }
        if (b.matrix.rows === 0 || b.matrix.cols === 0) {
          return { gate: b.name, report: null, note: `empty ${formatShape([b.matrix.rows, b.matrix.cols])}` };
        }
        return { gate: b.name, report: matrixReport(b.matrix), note: null };
      });
      return { role: k.role, tensor: k.tensor, shape: t.array.shape, dtype: t.array.dtype, layout, gates };
    }),
  }));
}
