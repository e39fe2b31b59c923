/**
 * Diagnosis of the arrays of a weight file (`ortholab diagnose`, the explorer's file drop):
 * a `matrixReport` per 2-D array, and for recurrent weights stacked by gate (PyTorch
 * `weight_hh_l0` (4H, H) / (3H, H), Keras `recurrent_kernel` (H, 4H) / (H, 3H)) one report
 * per gate block. Arrays of other ranks are listed as skipped with the reason.
 */

import { ConfigError } from '../errors.js';
import type { GateAxis } from '../init/orthogonal.js';
import { GATE_LAYOUTS, type GateLayout, guessGateLayout, splitGates } from '../io/gates.js';
import { formatShape, ndarrayToMatrix } from '../io/ndarray.js';
import type { NamedTensor } from '../io/tensorFile.js';
import { type MatrixReport, matrixReport } from './matrixReport.js';

/** 'auto' guesses from names and shapes; 'none' never splits; a layout name forces it. */
export type GateMode = 'auto' | 'none' | keyof typeof GATE_LAYOUTS;

export interface DiagnoseOptions {
  readonly gates?: GateMode;
  /** Largest min(rows, cols) analysed with an SVD (default 2048); larger matrices get stats only. */
  readonly maxSide?: number;
}

export interface GateDiagnosis {
  readonly layout: string;
  readonly axis: GateAxis;
  readonly blocks: { readonly gate: string; readonly report: MatrixReport }[];
}

export interface TensorDiagnosis {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: string;
  /** Null when skipped (see `note`). */
  readonly report: MatrixReport | null;
  readonly gates: GateDiagnosis | null;
  /** Why the array was skipped or how it was read (e.g. int64 values rounded). */
  readonly note: string | null;
}

function layoutName(l: GateLayout & { framework?: string }): string {
  const found = Object.entries(GATE_LAYOUTS).find(
    ([, v]) => v.kind === l.kind && v.axis === l.axis && v.gates === l.gates,
  );
  return found ? found[0] : `${l.kind}-${l.gates}`;
}

function countNonFinite(d: Float64Array): { nan: number; inf: number } {
  let nan = 0;
  let inf = 0;
  for (let i = 0; i < d.length; i++) {
    if (Number.isNaN(d[i])) nan++;
    else if (!Number.isFinite(d[i])) inf++;
  }
  return { nan, inf };
}

/** One diagnosis per array, in file order. O(sum of matrixReport costs). */
export function diagnoseTensors(tensors: readonly NamedTensor[], options: DiagnoseOptions = {}): TensorDiagnosis[] {
  const mode = options.gates ?? 'auto';
  if (mode !== 'auto' && mode !== 'none' && !(mode in GATE_LAYOUTS)) {
    throw new ConfigError(
      `Unknown gate layout '${String(mode)}'; use auto, none, ${Object.keys(GATE_LAYOUTS).join(', ')}.`,
    );
  }
  const maxSide = options.maxSide ?? 2048;
  return tensors.map(({ name, array }) => {
    const base = { name, shape: array.shape, dtype: array.dtype };
    const rounded = array.rounded ? `${array.rounded} int64 values above 2^53 were rounded to float64. ` : '';
    if (array.shape.length !== 2) {
      const what =
        array.shape.length === 0
          ? 'a scalar'
          : array.shape.length === 1
            ? 'a vector (e.g. a bias)'
            : `${array.shape.length}-D (flatten it to 2-D to analyse it)`;
      return { ...base, report: null, gates: null, note: `${rounded}skipped: ${what}.` };
    }
    const m = ndarrayToMatrix(array);
    const bad = countNonFinite(m.data);
    if (bad.nan + bad.inf > 0) {
      return {
        ...base,
        report: null,
        gates: null,
        note: `${rounded}skipped: ${bad.nan} NaN and ${bad.inf} infinite entries (a weight matrix must be finite).`,
      };
    }
    if (m.rows === 0 || m.cols === 0)
      return { ...base, report: null, gates: null, note: `${rounded}skipped: empty ${formatShape(array.shape)}.` };
    if (Math.min(m.rows, m.cols) > maxSide) {
      return {
        ...base,
        report: null,
        gates: null,
        note: `${rounded}skipped: min(rows, cols) = ${Math.min(m.rows, m.cols)} is above the analysis limit ${maxSide}.`,
      };
    }
    const report = matrixReport(m);
    let layout: (GateLayout & { names?: readonly string[] }) | null = null;
    if (mode === 'auto') layout = guessGateLayout(name, array.shape);
    else if (mode !== 'none') {
      const l = GATE_LAYOUTS[mode];
      const stacked = l.axis === 'rows' ? m.rows : m.cols;
      const other = l.axis === 'rows' ? m.cols : m.rows;
      // A forced layout applies only where it fits: gates·H along the stacked axis.
      if (stacked === l.gates * other) layout = l;
    }
    let gates: GateDiagnosis | null = null;
    if (layout !== null) {
      gates = {
        layout: layoutName(layout),
        axis: layout.axis,
        blocks: splitGates(m, layout).map((b) => ({ gate: b.name, report: matrixReport(b.matrix) })),
      };
    }
    return { ...base, report, gates, note: rounded === '' ? null : rounded.trim() };
  });
}
