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
  /**
   * 'auto' (default): split when the name says so (PyTorch `weight_hh_l0`, Keras
   * `recurrent_kernel`) or, when the name is silent, when the shape is (n, 4n), (4n, n), (n, 3n)
   * or (3n, n) (see `inferGateLayout`; the diagnosis then says the layout was assumed).
   */
  readonly gates?: GateMode;
  /** How to read ≥3-D arrays as matrices (as core `ndarrayToMatrix`); default: skip them. */
  readonly flatten?: 'keras' | 'pytorch' | undefined;
  /** Called before each array (index, count, name) and each report phase, for progress. */
  readonly onArray?: (index: number, count: number, name: string) => void;
  /** Largest min(rows, cols) analysed with an SVD (default 2048); larger matrices get stats only. */
  readonly maxSide?: number;
}

export interface GateDiagnosis {
  readonly layout: string;
  readonly axis: GateAxis;
  /** True when the layout was inferred from the shape alone (the array's name did not say). */
  readonly assumed: boolean;
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

/** True when the name is a recurrent weight's (so its shape alone decides), false when it says nothing. */
function guessedByName(name: string): boolean {
  const last = name.split(/[./]/).pop() ?? '';
  return /^weight_hh_l\d+(_reverse)?$/.test(last) || /^recurrent_kernel(:\d+)?$/.test(last);
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

/**
 * A gate layout assumed from the shape alone, for arrays whose name says nothing: (n, 4n) is a
 * Keras LSTM `recurrent_kernel` (gates along columns), (4n, n) a PyTorch LSTM `weight_hh`
 * (gates along rows), (n, 3n) and (3n, n) the GRU counterparts. Null for any other shape
 * (and for n = 1, where a split is meaningless).
 */
export function inferGateLayout(shape: readonly number[]): keyof typeof GATE_LAYOUTS | null {
  if (shape.length !== 2) return null;
  const r = shape[0]!,
    c = shape[1]!;
  if (!(r > 1 && c > 1)) return null;
  if (c === 4 * r) return 'keras-lstm';
  if (r === 4 * c) return 'pytorch-lstm';
  if (c === 3 * r) return 'keras-gru';
  if (r === 3 * c) return 'pytorch-gru';
  return null;
}

/** Whether `layout` applies to a 2-D `shape`: gates·H along the stacked axis and H along the other. */
export function gateLayoutFits(layout: keyof typeof GATE_LAYOUTS, shape: readonly number[]): boolean {
  if (shape.length !== 2) return false;
  const l = GATE_LAYOUTS[layout];
  const stacked = l.axis === 'rows' ? shape[0] : shape[1];
  const other = l.axis === 'rows' ? shape[1]! : shape[0]!;
  return other > 0 && stacked === l.gates * other;
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
  return tensors.map(({ name, array }, index) => {
    options.onArray?.(index, tensors.length, name);
    const base = { name, shape: array.shape, dtype: array.dtype };
    const rounded = array.rounded ? `${array.rounded} int64 values above 2^53 were rounded to float64. ` : '';
    const flatten = array.shape.length > 2 ? options.flatten : undefined;
    if (array.shape.length !== 2 && flatten === undefined) {
      const what =
        array.shape.length === 0
          ? 'a scalar'
          : array.shape.length === 1
            ? 'a vector (e.g. a bias)'
            : `${array.shape.length}-D (flatten it to 2-D to analyse it)`;
      return { ...base, report: null, gates: null, note: `${rounded}skipped: ${what}.` };
    }
    const m = ndarrayToMatrix(array, flatten === undefined ? {} : { flatten });
    const shape2 = [m.rows, m.cols];
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
    const report = matrixReport(m, { dtype: array.dtype });
    let layout: (GateLayout & { names?: readonly string[] }) | null = null;
    let assumed = false;
    if (mode === 'auto') {
      layout = guessGateLayout(name, shape2);
      if (layout === null && guessedByName(name) === false) {
        const inferred = inferGateLayout(shape2);
        if (inferred !== null) {
          layout = GATE_LAYOUTS[inferred];
          assumed = true;
        }
      }
    } else if (mode !== 'none' && gateLayoutFits(mode, shape2)) {
      // A forced layout applies only where it fits: gates·H along the stacked axis.
      layout = GATE_LAYOUTS[mode];
    }
    let gates: GateDiagnosis | null = null;
    if (layout !== null) {
      gates = {
        layout: layoutName(layout),
        axis: layout.axis,
        assumed,
        blocks: splitGates(m, layout).map((b) => ({
          gate: b.name,
          report: matrixReport(b.matrix, { dtype: array.dtype }),
        })),
      };
    }
    const notes = [rounded.trim(), flatten === undefined ? '' : `read as ${formatShape(shape2)} (flatten ${flatten}).`];
    const note = notes.filter(Boolean).join(' ');
    return { ...base, report, gates, note: note === '' ? null : note };
  });
}
