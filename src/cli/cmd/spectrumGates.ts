/**
 * `ortholab spectrum FILE --gates auto|LAYOUT`: the per-gate spectrum of a gate-stacked recurrent
 * matrix (PyTorch weight_hh_l0 (G·n, n), Keras recurrent_kernel (n, G·n)), e.g. a layer written by
 * `init --cell`. Each n x n block W_g acting on h (PyTorch's row block; the transpose of Keras'
 * column block, same σ and ρ): σ range, ‖W_gᵀW_g − I‖_F, ρ; and ‖Σ_g W_gᵀW_g − I‖_F for the
 * stack (core gatedSpectrum).
 */

import {
  GATE_LAYOUTS,
  GATE_LAYOUT_NAMES,
  isKeyOf,
  type GateSpectrum,
  type GatedSpectrumReport,
  type Matrix,
  gatedSpectrum,
  guessGateLayout,
  kerasToCanonical,
  ndarrayToMatrix,
} from '../../core/index.js';
import type { Context } from '../context.js';
import { UsageError, asUsage } from '../errors.js';
import { fmtNum, formatTable } from '../output.js';
import { readTensors } from './source.js';

type LayoutName = keyof typeof GATE_LAYOUTS;

/** Whether a rows x cols matrix is stacked as `layout` (G equal square blocks along its axis). */
function fits(layout: LayoutName, rows: number, cols: number): boolean {
  const { gates, axis } = GATE_LAYOUTS[layout];
  return axis === 'rows' ? rows === gates * cols : cols === gates * rows;
}

/** "(32, 8) fits pytorch-lstm (8 units)" or "fits no gate layout (...)". */
function whatFits(rows: number, cols: number): string {
  const ok = GATE_LAYOUT_NAMES.filter((l) => fits(l, rows, cols));
  if (ok.length === 0) {
    return `(${rows}, ${cols}) fits no gate layout: PyTorch stacks (4n, n) for an LSTM and (3n, n) for a GRU, Keras (n, 4n) and (n, 3n)`;
  }
  return `(${rows}, ${cols}) fits ${ok.map((l) => `${l} (${GATE_LAYOUTS[l].axis === 'rows' ? cols : rows} units)`).join(', ')}`;
}

/** The canonical per-gate report of a stacked matrix in `layout`. */
export function stackedGateSpectrum(m: Matrix, layout: LayoutName): GatedSpectrumReport {
  const cell = GATE_LAYOUTS[layout].kind;
  const G = GATE_LAYOUTS[layout].gates;
  if (GATE_LAYOUTS[layout].axis === 'rows') {
    const n = m.cols;
    const z = (r: number, c: number): Matrix => ({ rows: r, cols: c, data: new Float64Array(r * c) });
    return gatedSpectrum(cell, { Wih: z(G * n, 1), Whh: m, bih: z(G * n, 1), bhh: z(G * n, 1) });
  }
  const n = m.rows;
  const p = kerasToCanonical(cell, {
    kernel: { shape: [1, G * n], data: new Float64Array(G * n) },
    recurrent_kernel: { shape: [n, G * n], data: m.data },
  });
  return gatedSpectrum(cell, p);
}

export async function spectrumGates(
  ctx: Context,
  file: string | undefined,
  tensor: string | undefined,
  gates: 'auto' | LayoutName,
): Promise<number> {
  if (file === undefined) {
    throw new UsageError(
      '--gates reads a gate-stacked weight FILE, e.g. one written by init --cell.',
      'Example: ortholab spectrum lstm.safetensors --gates auto',
    );
  }
  const tensors = await readTensors(file, ctx.io.cwd);
  const list = tensors.map((t) => `${t.name} (${t.array.shape.join(', ')})`).join(', ');
  let chosen = tensor === undefined ? undefined : tensors.find((t) => t.name === tensor);
  if (tensor !== undefined && chosen === undefined) {
    throw new UsageError(`${file} has no array named '${tensor}'.`, `Arrays: ${list}.`);
  }
  if (chosen === undefined) {
    const stacked = tensors.filter((t) =>
      gates === 'auto'
        ? guessGateLayout(t.name, t.array.shape) !== null
        : t.array.shape.length === 2 && fits(gates, t.array.shape[0]!, t.array.shape[1]!),
    );
    if (stacked.length !== 1) {
      throw new UsageError(
        stacked.length === 0
          ? `${file} has no array recognised as gate-stacked${gates === 'auto' ? ' (by name weight_hh_l0 / recurrent_kernel and shape)' : ` in layout ${gates}`}.`
          : `${file} has ${stacked.length} gate-stacked arrays; choose one with --tensor NAME.`,
        `Arrays: ${list}.`,
      );
    }
    chosen = stacked[0]!;
  }
  const shape = chosen.array.shape;
  if (shape.length !== 2)
    throw new UsageError(`${chosen.name} has shape (${shape.join(', ')}); --gates needs a matrix.`);
  const rows = shape[0]!,
    cols = shape[1]!;
  let layout: LayoutName;
  if (gates === 'auto') {
    const g = guessGateLayout(chosen.name, shape);
    const guessed = g === null ? null : `${g.framework}-${g.kind}`;
    if (guessed === null || !isKeyOf(GATE_LAYOUTS, guessed)) {
      throw new UsageError(
        `${chosen.name} (${rows}, ${cols}): its name and shape do not identify a gate layout; ${whatFits(rows, cols)}.`,
        `Give it: --gates ${GATE_LAYOUT_NAMES.join('|')}.`,
      );
    }
    layout = guessed;
  } else {
    layout = gates;
    if (!fits(layout, rows, cols)) {
      throw new UsageError(`--gates ${layout} does not fit ${chosen.name}: ${whatFits(rows, cols)}.`);
    }
  }
  const m = ndarrayToMatrix(chosen.array);
  const r = asUsage(() => stackedGateSpectrum(m, layout));
  if (ctx.json) {
    ctx.outJson({
      source: { file, tensor: chosen.name },
      layout,
      cell: r.cell,
      units: r.units,
      gates: r.gates,
      stackDefect: r.stackDefect,
    });
    return 0;
  }
  ctx.out(`${ctx.style.bold(`${file}:${chosen.name}`)}  (${rows}, ${cols}), ${layout}, ${r.units} units`);
  ctx.out('');
  ctx.out(gateTable(r.gates));
  ctx.out(
    `‖Σ_g W_gᵀW_g − I‖ = ${fmtNum(r.stackDefect, 4)}: 0 when the whole stack is orthogonal (Keras' default, PyTorch's orthogonal_), though then no gate block is.`,
  );
  return 0;
}

/** The per-gate table (σ range, ‖W_gᵀW_g − I‖, ρ) shared by `spectrum --gates` and `init --cell`. */
export function gateTable(gates: readonly GateSpectrum[]): string {
  return formatTable(
    ['gate', 'keras', 'σ min', 'σ max', '‖WᵀW − I‖', 'ρ'],
    gates.map((g) => [
      g.gate,
      g.kerasGate,
      fmtNum(g.sigmaMin, 4),
      fmtNum(g.sigmaMax, 4),
      fmtNum(g.orthogonalityDefect, 4),
      fmtNum(g.spectralRadius, 4),
    ]),
    ['left', 'left'],
  );
}
