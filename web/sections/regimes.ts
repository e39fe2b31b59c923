/**
 * Section 2: three regimes. A 2x2 (or custom, up to 8x8) matrix A and a scale s; W = s·A.
 * Eigenvalues on the complex plane with the unit circle, moving as λᵗ; ‖Wᵗ‖ against t on a
 * log axis beside the ρᵗ prediction; a regime badge from core's `classify`; and the shear,
 * whose eigenvalues are both 1 yet whose powers grow.
 */

import { chartExports, exportBar, seriesCsv, textBlob } from '../export/files.js';
import { AnimationRunner } from '../sim/runner.js';
import { type RegimePreset, regimeMatrix, regimeStep } from '../sim/story.js';
import { formatMatrixPaste, parseMatrixPaste } from '../state/matrixtext.js';
import type { State } from '../state/schema.js';
import { button, el, numberControl, selectControl } from '../ui/controls.js';
import { createPlayer } from '../ui/player.js';
import { complexPlaneSvg } from '../views/complexplane.js';
import { lineChartSvg } from '../views/linechart.js';
import { sup } from '../views/format.js';
import { matrixTableHtml } from '../views/matrixtable.js';
import { seriesStyle } from '../views/palette.js';
import { SvgView } from '../views/svgview.js';
import { en } from '../i18n/en.js';
import { type Messages, type Msg, msg, setText } from '../i18n/index.js';
import { regimeCaption, regimeLabel } from './captions.js';
import { type SectionContext, sectionShell } from './context.js';
import { eigenDragFigure } from './eigendrag.js';
import { fitWidth } from '../ui/layout.js';
import { nextTask } from '../ui/tasks.js';

const PRESETS: readonly { value: RegimePreset; label: Msg; scale?: number }[] = [
  { value: 'rotation', label: (m) => m.reg.presets.rotation },
  { value: 'symmetric', label: (m) => m.reg.presets.symmetric },
  { value: 'fibonacci', label: (m) => m.reg.presets.fibonacci },
  { value: 'shear', label: (m) => m.reg.presets.shear, scale: 1 },
  { value: 'custom', label: (m) => m.reg.presets.custom },
];

export function mountRegimes(ctx: SectionContext): HTMLElement {
  const { store } = ctx;
  const shell = sectionShell(
    'regimes',
    (m) => m.reg.title,
    (m) => m.reg.text,
  );
  const runner = new AnimationRunner();
  const player = createPlayer(runner, 'λᵗ', shell.element);
  const badge = el('span', { class: 'badge unknown', role: 'status', 'aria-live': 'polite' });
  const explanation = el('span', { class: 'hint' });
  const plane = new SvgView('complex-plane');
  const chart = new SvgView('chart');
  const tables = el('div', { class: 'eq' });

  const textarea = el('textarea', {
    id: 'reg-matrix',
    rows: '3',
    spellcheck: 'false',
    'aria-describedby': 'reg-matrix-err',
  });
  textarea.value = formatMatrixPaste(store.state.reg.m);
  const err = el('span', { class: 'field-error', id: 'reg-matrix-err', role: 'alert' });
  const apply = (): void => {
    const r = parseMatrixPaste(textarea.value, 8);
    if (!r.ok) {
      setText(err, r.say);
      textarea.setAttribute('aria-invalid', 'true');
      return;
    }
    setText(err, () => '');
    textarea.removeAttribute('aria-invalid');
    store.set('reg', { m: r.rows, preset: 'custom' });
  };
  const custom = el(
    'div',
    { class: 'control matrix-input' },
    el('label', { for: 'reg-matrix' }, (m) => m.reg.customLabel),
    textarea,
    button((m) => m.common.useMatrix, apply),
    err,
  );
  const series = (s: State, r: ReturnType<typeof regimeStep>, m: Messages) => [
    { label: '‖Wᵗ‖_F', values: r.log10Norms, ...seriesStyle(0, s.ui.palette) },
    {
      label: m.reg.prediction,
      values: r.log10Predicted,
      ...seriesStyle(1, s.ui.palette),
      dash: '5 4',
    },
  ];
  let last: ReturnType<typeof regimeStep> | null = null;
  const exports = exportBar([
    ...chartExports(
      (m) => m.exports.chart,
      (m) => m.exports.normChart,
      () => 'ortholab-regimes-norms',
      () => chart.svg,
    ),
    ...chartExports(
      (m) => m.exports.eigenvalues,
      (m) => m.exports.eigenPlot,
      () => 'ortholab-regimes-eigenvalues',
      () => plane.svg,
    ),
    {
      label: 'CSV',
      title: (m) => m.reg.csvTitle,
      filename: () => 'ortholab-regimes-log10-norms.csv',
      make: () => textBlob(seriesCsv('t', last ? series(store.state, last, en) : []), 'text/csv'),
    },
  ]);
  // Each preset comes with the scale its story needs: the shear's point (|λ| = 1, yet growth)
  // holds only at s = 1; at the default 0.95 it would decay, contradicting the text.
  const presetControl = selectControl(store, 'reg', 'preset', PRESETS).element;
  const presetSelect = presetControl.querySelector('select')!;
  presetSelect.addEventListener('change', () => {
    const preset = presetSelect.value;
    const scale = PRESETS.find((p) => p.value === preset)?.scale;
    if (scale !== undefined) store.set('reg', { scale });
  });
  shell.figure.append(
    el(
      'div',
      { class: 'controls' },
      el(
        'div',
        { class: 'control-row' },
        presetControl,
        numberControl(store, 'reg', 'scale', { slider: { min: 0, max: 2, step: 0.01 } }).element,
        numberControl(store, 'reg', 'steps').element,
      ),
      custom,
    ),
    el('p', { class: 'regime-line' }, badge, ' ', explanation),
    player.element,
    el('div', { class: 'fig-grid' }, plane.element, chart.element),
    tables,
    exports,
  );

  const draw = (): void => {
    const m = msg();
    const s = store.state;
    const t = Math.min(runner.step, s.reg.steps);
    const A = regimeMatrix(s.reg.preset, s.reg.m);
    const r = regimeStep(A, s.reg.scale, s.reg.steps, t);
    last = r;
    const regime = r.report?.regime ?? null;
    badge.className = `badge ${regime === 'bounded' ? 'unit' : regime === 'polynomial' ? 'defective' : (regime ?? 'unknown')}`;
    badge.textContent = regimeLabel(regime, m);
    explanation.textContent = r.report ? m.reg.explain(r.report) : '';
    const points = r.trails.map((tr) => tr[tr.length - 1]!); // a trail starts at x0, so it is never empty
    plane.set(
      complexPlaneSvg({
        points,
        trails: r.trails,
        size: 280,
        title: m.reg.planeTitle(t),
        radius: 1.6,
        regimeColors: true,
      }),
    );
    chart.set(
      lineChartSvg({
        id: 'reg',
        series: series(s, r, m),
        width: fitWidth(560),
        height: 280,
        title: m.reg.chartTitle,
        xLabel: m.common.stepT,
        yLabel: '‖Wᵗ‖_F',
        log10: true,
        marker: t,
      }),
    );
    const n = r.W.rows;
    tables.innerHTML = [
      matrixTableHtml({ rows: n, cols: n, data: r.W.data }, { caption: 'W = s·A', digits: 4 }),
      matrixTableHtml({ rows: n, cols: n, data: r.Wt }, { caption: `W${sup(t)}`, digits: 4 }),
    ].join('');
    shell.caption.textContent = regimeCaption(
      {
        // The menu's 'custom (type below)' is an instruction, not a name.
        name: m.reg.presetNames[s.reg.preset],
        scale: s.reg.scale,
        n,
        t,
        log10Norm: r.log10Norms[t]!,
        regime,
        spectralRadius: r.report?.spectralRadius ?? null,
        eig: r.eig,
        degree: r.report?.polynomialDegree ?? null,
        transientPeak: r.report?.transientPeak ?? null,
      },
      m,
    );
    shell.element.dataset.step = String(t);
    shell.element.dataset.regime = regime ?? 'unknown';
  };

  // The second figure: drag the eigenvalues to build W (its own state group, eig).
  const drag = eigenDragFigure(store);
  shell.element.append(drag.element);
  store.subscribe((s, changed) => {
    if (changed.has('eig') || changed.has('ui')) drag.update(s);
  });
  // Drawn in a task of its own, so building the section stays a short task.
  void nextTask().then(() => drag.update(store.state));

  runner.configure({ maxStep: store.state.reg.steps, fps: 10, ready: 501 });
  runner.subscribe((step, playing) => {
    draw();
    if (!playing && step !== store.state.reg.t) store.set('reg', { t: step });
  });
  store.subscribe((s, changed) => {
    if (!changed.has('reg') && !changed.has('ui')) return;
    runner.configure({ maxStep: s.reg.steps });
    if (!runner.playing && s.reg.t !== runner.step) runner.seek(s.reg.t);
    if (s.reg.preset === 'custom' && document.activeElement !== textarea) textarea.value = formatMatrixPaste(s.reg.m);
    custom.hidden = s.reg.preset !== 'custom';
    draw();
  });
  custom.hidden = store.state.reg.preset !== 'custom';
  runner.seek(store.state.reg.t);
  draw();
  return shell.element;
}
