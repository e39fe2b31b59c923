/** `ortholab diagnose` on a model file: one row per layer, kernel and gate (core `diagnoseLayers`). */

import {
  type LayerDiagnosis,
  type ModelFile,
  type TensorDiagnosis,
  diagnoseLayers,
  diagnoseTensors,
  formatShape,
} from '../../core/index.js';
import { type Style, fmtNum, formatTable } from '../output.js';
import { diagnoseText } from './diagnose.js';
import { regimeColor, reportJson } from './spectrum.js';

const FORMAT_NAMES: Record<ModelFile['format'], string> = {
  pytorch: 'PyTorch state dict',
  keras3: 'Keras 3 model',
  keras2: 'Keras 2 HDF5 model',
  tfjs: 'TF.js layers model',
};

export interface ModelDiagnosis {
  readonly layers: LayerDiagnosis[];
  /** The arrays that are not a recurrent kernel, analysed as plain matrices (no gate split). */
  readonly others: TensorDiagnosis[];
}

export function diagnoseModel(model: ModelFile): ModelDiagnosis {
  const kernels = new Set(model.layers.flatMap((l) => l.kernels.map((k) => k.tensor)));
  return {
    layers: diagnoseLayers(model.layers, model.tensors),
    others: diagnoseTensors(
      model.tensors.filter((t) => !kernels.has(t.name)),
      { gates: 'none' },
    ),
  };
}

export function modelText(file: string, model: ModelFile, d: ModelDiagnosis, style: Style): string {
  const lines: string[] = [];
  lines.push(
    `${style.bold(file)}: ${FORMAT_NAMES[model.format]}, ${model.tensors.length} arrays, ${d.layers.length} recurrent layer${d.layers.length === 1 ? '' : 's'}${d.layers.length > 0 && d.layers.some((l) => l.layer.direction === 'backward') ? ' (each direction counted)' : ''}`,
  );
  if (d.layers.length > 0) {
    lines.push('');
    const rows: string[][] = [];
    for (const { layer, kernels } of d.layers) {
      for (const k of kernels) {
        for (const g of k.gates) {
          const r = g.report;
          const sv = r?.singularValues ?? [];
          rows.push([
            layer.name,
            layer.direction === 'backward' ? 'bwd' : 'fwd',
            `${layer.className}(${layer.units})`,
            k.role,
            g.gate,
            r ? formatShape(r.shape) : '-',
            r ? fmtNum(sv[0]!, 4) : '-',
            r ? fmtNum(sv[sv.length - 1]!, 4) : '-',
            r ? fmtNum(r.orthogonalityError, 3) : '-',
            r?.spectralRadius == null ? '-' : fmtNum(r.spectralRadius, 4),
            r ? regimeColor(style, r.regime) : (g.note ?? '-'),
          ]);
        }
      }
    }
    lines.push(
      formatTable(
        ['layer', 'dir', 'cell', 'kernel', 'gate', 'shape', 'σ_max', 'σ_min', '‖W_gᵀW_g−I‖_F', 'ρ', 'regime'],
        rows,
        ['left', 'left', 'left', 'left', 'left', 'left', 'right', 'right', 'right', 'right', 'left'],
      ),
    );
    lines.push('');
    const seen = new Set<string>();
    for (const { layer, kernels } of d.layers) {
      for (const k of kernels) {
        const line = `${layer.name} ${k.role} kernel ${k.tensor} ${formatShape(k.shape)} ${k.dtype}: gates ${k.layout}.`;
        if (!seen.has(line)) lines.push(line);
        seen.add(line);
      }
      if (!seen.has(layer.source)) lines.push(`  (${layer.source})`);
      seen.add(layer.source);
    }
  }
  const shown = d.others.filter((o) => o.report !== null);
  if (shown.length > 0) {
    lines.push('');
    lines.push(diagnoseText(`other arrays of ${file}`, d.others, style));
  } else {
    lines.push('');
    lines.push(
      'ρ is the spectral radius (< 1 vanishes, > 1 explodes); ‖W_gᵀW_g−I‖_F is 0 for an orthogonal gate block.',
    );
  }
  return lines.join('\n');
}

export function modelJson(file: string, model: ModelFile, d: ModelDiagnosis): Record<string, unknown> {
  return {
    file,
    format: model.format,
    layers: d.layers.map(({ layer, kernels }) => ({
      name: layer.name,
      class: layer.className,
      cell: layer.cell,
      units: layer.units,
      direction: layer.direction,
      source: layer.source,
      kernels: kernels.map((k) => ({
        role: k.role,
        tensor: k.tensor,
        shape: k.shape,
        dtype: k.dtype,
        layout: k.layout,
        gates: k.gates.map((g) => ({ gate: g.gate, note: g.note, report: g.report ? reportJson(g.report) : null })),
      })),
    })),
    tensors: d.others.map((o) => ({
      name: o.name,
      shape: o.shape,
      dtype: o.dtype,
      note: o.note,
      report: o.report ? reportJson(o.report) : null,
    })),
  };
}
