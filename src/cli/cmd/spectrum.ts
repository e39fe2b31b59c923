/** `ortholab spectrum`: eigenvalues, singular values, spectral radius and regime (core `matrixReport`). */

import { type MatrixReport, REPORT_PHASES, matrixReport } from '../../core/index.js';
import { startProgress } from '../progress.js';
import { typed } from '../args.js';
import type { Context } from '../context.js';
import { type Style, fmtNum, formatFields, formatTable } from '../output.js';
import { type SourceMatrix, squareSource } from './source.js';
import { spectrumGates } from './spectrumGates.js';

const SHOWN = 10;
/** Below this size a report takes about a second at most: no progress bar. */
export const QUICK_N = 300;

/** Colour for a regime word. */
export function regimeColor(style: Style, regime: string | null): string {
  if (regime === null) return '-';
  if (regime === 'vanishing') return style.blue(regime);
  if (regime === 'exploding') return style.red(regime);
  if (regime === 'polynomial') return style.yellow(regime);
  return style.green(regime);
}

/** The JSON document of a matrix report (shared with diagnose). */
export function reportJson(r: MatrixReport): Record<string, unknown> {
  return {
    shape: r.shape,
    eigenvalues: r.eigenvalues,
    singularValues: r.singularValues,
    spectralRadius: r.spectralRadius,
    regime: r.regime,
    explanation: r.explanation,
    dtype: r.dtype,
    withinPrecision: r.withinPrecision,
    orthogonalityError: r.orthogonalityError,
    conditionNumber: r.conditionNumber,
    stats: r.stats,
  };
}

export function spectrumText(src: SourceMatrix, r: MatrixReport, all: boolean, style: Style): string {
  const n = r.shape[0];
  const sv = r.singularValues;
  const lines: string[] = [];
  lines.push(
    formatFields([
      ['matrix', `${style.bold(src.label)}  ${r.shape[0]}x${r.shape[1]}`],
      ['spectral radius', fmtNum(r.spectralRadius ?? Number.NaN, 6)],
      ['regime', `${regimeColor(style, r.regime)}: ${r.explanation}`],
      [
        'singular values',
        `max ${fmtNum(sv[0]!, 6)}, min ${fmtNum(sv[sv.length - 1]!, 6)}, condition ${fmtNum(r.conditionNumber, 4)}`,
      ],
      ['‖WᵀW − I‖_F', fmtNum(r.orthogonalityError, 3)],
    ]),
  );
  const k = all ? n : Math.min(SHOWN, n);
  const ev = r.eigenvalues;
  if (ev) {
    lines.push('');
    lines.push(k < n ? `eigenvalues (the ${k} largest |λ| of ${n}; --all for every one):` : 'eigenvalues:');
    const rows = ev.re.slice(0, k).map((re, i) => {
      const im = ev.im[i]!;
      return [
        String(i + 1),
        fmtNum(re, 6),
        fmtNum(im, 6),
        fmtNum(Math.hypot(re, im), 6),
        fmtNum((Math.atan2(im, re) * 180) / Math.PI, 4),
      ];
    });
    lines.push(formatTable(['#', 're', 'im', '|λ|', 'angle°'], rows));
  }
  lines.push('');
  lines.push(k < sv.length ? `singular values (the ${k} largest of ${sv.length}):` : 'singular values:');
  lines.push(
    formatTable(
      ['#', 'σ'],
      sv.slice(0, k).map((s, i) => [String(i + 1), fmtNum(s, 6)]),
    ),
  );
  return lines.join('\n');
}

export async function spectrum(ctx: Context): Promise<number> {
  const { options: o, positionals } = typed(ctx.parsed, 'spectrum');
  if (o.gates !== undefined) return spectrumGates(ctx, positionals.FILE, o.tensor, o.gates);
  const src = await squareSource(positionals.FILE, o.init, o.n, o.seed, ctx.io.cwd, o.tensor, o.flatten);
  const progress = startProgress(
    ctx,
    REPORT_PHASES.length,
    'phases',
    '{phase}',
    { phase: 'reading' },
    { quick: src.matrix.rows < QUICK_N },
  );
  let r: MatrixReport;
  try {
    r = matrixReport(src.matrix, {
      dtype: src.dtype,
      onPhase: (phase, i) => progress.update(i, { phase }),
    });
    progress.update(REPORT_PHASES.length, { phase: 'done' });
  } finally {
    progress.stop();
  }
  if (ctx.json) {
    ctx.outJson({
      source: src.config ? { init: src.config } : { file: src.file?.path, tensor: src.file?.tensor },
      ...reportJson(r),
    });
  } else ctx.out(spectrumText(src, r, o.all, ctx.style));
  return 0;
}
