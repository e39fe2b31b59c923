/** `ortholab diagnose FILE`: a report per 2-D array of a weight file (core `diagnoseTensors`). */

import {
  type MatrixReport,
  type TensorDiagnosis,
  GATE_LAYOUTS,
  diagnoseTensors,
  formatShape,
  gateLayoutFits,
} from '../../core/index.js';
import { typed } from '../args.js';
import type { Context } from '../context.js';
import { UsageError } from '../errors.js';
import { type Style, fmtNum, formatTable } from '../output.js';
import { readWeights } from '../modelFiles.js';
import { startProgress } from '../progress.js';
import { diagnoseModel, modelJson, modelText } from './diagnoseModel.js';
import { regimeColor, reportJson } from './spectrum.js';

function reportCells(r: MatrixReport, style: Style): string[] {
  const sv = r.singularValues;
  return [
    fmtNum(sv[0]!, 4),
    fmtNum(sv[sv.length - 1]!, 4),
    fmtNum(r.conditionNumber, 4),
    fmtNum(r.orthogonalityError, 3),
    r.spectralRadius === null ? '-' : fmtNum(r.spectralRadius, 4),
    regimeColor(style, r.regime),
  ];
}

export function diagnoseText(file: string, ds: readonly TensorDiagnosis[], style: Style): string {
  const analysed = ds.filter((d) => d.report !== null).length;
  const lines: string[] = [];
  lines.push(
    `${style.bold(file)}: ${ds.length} array${ds.length === 1 ? '' : 's'}, ${analysed} analysed as ${analysed === 1 ? 'a matrix' : 'matrices'}`,
  );
  lines.push('');
  const rows: string[][] = [];
  for (const d of ds) {
    const head = [d.name, formatShape(d.shape), d.dtype];
    if (d.report === null) {
      rows.push([...head, '-', '-', '-', '-', '-', '-', d.note ?? 'skipped']);
      continue;
    }
    rows.push([...head, ...reportCells(d.report, style), d.note ?? '']);
    if (d.gates) {
      for (const b of d.gates.blocks) {
        rows.push([`  gate ${b.gate}`, formatShape(b.report.shape), '', ...reportCells(b.report, style), '']);
      }
    }
  }
  lines.push(
    formatTable(['array', 'shape', 'dtype', 'σ_max', 'σ_min', 'cond', '‖WᵀW−I‖_F', 'ρ', 'regime', 'note'], rows, [
      'left',
      'left',
      'left',
      'right',
      'right',
      'right',
      'right',
      'right',
      'left',
      'left',
    ]),
  );
  const gated = ds.filter((d) => d.gates);
  if (gated.length) {
    lines.push('');
    for (const d of gated) {
      lines.push(
        d.gates?.assumed
          ? `${d.name}: assumed gate-stacked (${d.gates.layout}) from its shape ${formatShape(d.shape)}, as its name does not say; each gate block is analysed on its own. Pass --gates none to analyse it whole, or --gates LAYOUT for another layout.`
          : `${d.name}: gate-stacked (${d.gates?.layout}); each gate block is analysed on its own.`,
      );
    }
  }
  lines.push('');
  lines.push(
    '‖WᵀW−I‖_F is 0 for an orthogonal matrix (‖WWᵀ−I‖_F for wide ones); ρ is the spectral radius: < 1 vanishes, > 1 explodes.',
  );
  return lines.join('\n');
}

/** The 2-D shape an array is analysed as (≥3-D arrays only with --flatten). */
function matrixShape(shape: readonly number[], flatten: 'keras' | 'pytorch' | undefined): number[] {
  if (shape.length <= 2 || flatten === undefined) return [...shape];
  const prod = (d: readonly number[]) => d.reduce((a, b) => a * b, 1);
  return flatten === 'keras' ? [prod(shape.slice(0, -1)), shape[shape.length - 1]!] : [shape[0]!, prod(shape.slice(1))];
}

export async function diagnose(ctx: Context): Promise<number> {
  const { options: o, positionals } = typed(ctx.parsed, 'diagnose');
  const file = positionals.FILE;
  const { model, tensors: all } = await readWeights(file, ctx.io.cwd, 0);
  let tensors = all;
  if (model !== null && o.tensor === undefined) {
    // A model file: each recurrent layer split by its own gate layout.
    const d = diagnoseModel(model);
    if (ctx.json) ctx.outJson(modelJson(file, model, d));
    else ctx.out(modelText(file, model, d, ctx.style));
    return 0;
  }
  if (o.tensor !== undefined) {
    const keep = tensors.filter((t) => t.name === o.tensor);
    if (keep.length === 0) {
      throw new UsageError(
        `${file} has no array named '${o.tensor}'.`,
        `Arrays: ${tensors
          .slice(0, 12)
          .map((t) => t.name)
          .join(', ')}${tensors.length > 12 ? ', ...' : ''}.`,
      );
    }
    tensors = keep;
  }
  const mode = o.gates;
  if (mode !== 'auto' && mode !== 'none') {
    const fits = tensors.filter((t) => gateLayoutFits(mode, matrixShape(t.array.shape, o.flatten)));
    if (fits.length === 0) {
      const l = GATE_LAYOUTS[mode];
      const fitting = l.axis === 'rows' ? `(${l.gates}H, H)` : `(H, ${l.gates}H)`;
      throw new UsageError(
        `--gates ${mode} fits matrices of shape ${fitting} (${l.gates} gate blocks stacked along the ${l.axis}), but ${tensors.length === 1 ? `${file} is ${formatShape(tensors[0]!.array.shape)}` : `no array of ${file} has such a shape`}.`,
        'Use --gates auto or none, or the layout that matches the shape.',
      );
    }
  }
  const elements = tensors.reduce((a, t) => a + t.array.data.length, 0);
  const progress = startProgress(
    ctx,
    tensors.length,
    'arrays',
    '{array}',
    { array: '' },
    { quick: elements < 300 * 300 },
  );
  let ds: TensorDiagnosis[];
  try {
    ds = diagnoseTensors(tensors, {
      gates: mode,
      flatten: o.flatten,
      onArray: (i, _count, name) => progress.update(i, { array: name }),
    });
    progress.update(tensors.length, { array: 'done' });
  } finally {
    progress.stop();
  }
  if (ctx.json) {
    ctx.outJson({
      file,
      tensors: ds.map((d) => ({
        name: d.name,
        shape: d.shape,
        dtype: d.dtype,
        note: d.note,
        report: d.report ? reportJson(d.report) : null,
        gates: d.gates
          ? {
              layout: d.gates.layout,
              axis: d.gates.axis,
              assumed: d.gates.assumed,
              blocks: d.gates.blocks.map((b) => ({ gate: b.gate, report: reportJson(b.report) })),
            }
          : null,
      })),
    });
  } else ctx.out(diagnoseText(file, ds, ctx.style));
  return 0;
}
