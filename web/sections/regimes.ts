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
import { sup } from '../views/format.js';
import { lineChartSvg } from '../views/linechart.js';
import { matrixTableHtml } from '../views/matrixtable.js';
import { seriesStyle } from '../views/palette.js';
import { SvgView } from '../views/svgview.js';
import { regimeCaption, regimeLabel } from './captions.js';
import { type SectionContext, sectionShell } from './context.js';
import { eigenDragFigure } from './eigendrag.js';
import { fitWidth } from '../ui/layout.js';
import { nextTask } from '../ui/tasks.js';

const TEXT = [
  'What Fibonacci showed for one matrix holds for all of them: in the long run, Wᵗ is governed by the eigenvalue of largest modulus, the spectral radius ρ. If every eigenvalue is smaller than 1 in modulus, the powers shrink to zero; if one is larger than 1, they blow up; right on the unit circle, they neither vanish nor explode.',
  'Move the scale s and watch the eigenvalues of s·A cross the unit circle and the regime change. Then pick the shear (the menu sets s = 1): both its eigenvalues are exactly 1, yet its powers grow without limit (linearly). The rule "|λ| = 1 means stable" needs a condition: the matrix must have a full set of eigenvectors, which the shear lacks.',
];

const PRESETS: readonly { value: string; label: string; scale?: number }[] = [
  { value: 'rotation', label: 'rotation by 30°' },
  { value: 'symmetric', label: 'symmetric (λ = 1 and 0.5)' },
  { value: 'fibonacci', label: 'Fibonacci [[0, 1], [1, 1]]' },
  { value: 'shear', label: 'shear [[1, 1], [0, 1]]', scale: 1 },
  { value: 'custom', label: 'custom (type below)' },
];

export function mountRegimes(ctx: SectionContext): HTMLElement {
  const { store } = ctx;
  const shell = sectionShell('regimes', '2. Three regimes: vanish, explode, or neither', TEXT);
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
      err.textContent = r.error;
      textarea.setAttribute('aria-invalid', 'true');
      return;
    }
    err.textContent = '';
    textarea.removeAttribute('aria-invalid');
    store.set('reg', { m: r.rows, preset: 'custom' });
  };
  const custom = el(
    'div',
    { class: 'control matrix-input' },
    el('label', { for: 'reg-matrix' }, 'Custom matrix A (up to 8×8; rows on lines)'),
    textarea,
    button('Use this matrix', apply),
    err,
  );
  const series = (s: State, r: ReturnType<typeof regimeStep>) => [
    { label: '‖Wᵗ‖_F', values: r.log10Norms, ...seriesStyle(0, s.ui.palette) },
    {
      label: 'ρᵗ·‖I‖_F (eigenvalue prediction)',
      values: r.log10Predicted,
      ...seriesStyle(1, s.ui.palette),
      dash: '5 4',
    },
  ];
  let last: ReturnType<typeof regimeStep> | null = null;
  const exports = exportBar([
    ...chartExports(
      'Chart',
      'norm chart',
      () => 'ortholab-regimes-norms',
      () => chart.svg,
    ),
    ...chartExports(
      'Eigenvalues',
      'eigenvalue plot',
      () => 'ortholab-regimes-eigenvalues',
      () => plane.svg,
    ),
    {
      label: 'CSV',
      title: 'Download log10 of the norm and of its eigenvalue prediction per step as CSV',
      filename: () => 'ortholab-regimes-log10-norms.csv',
      make: () => textBlob(seriesCsv('t', last ? series(store.state as State, last) : []), 'text/csv'),
    },
  ]);
  // Each preset comes with the scale its story needs: the shear's point (|λ| = 1, yet growth)
  // holds only at s = 1; at the default 0.95 it would decay, contradicting the text.
  const presetControl = selectControl(store, 'reg', 'preset', PRESETS).element;
  presetControl.querySelector('select')!.addEventListener('change', (e) => {
    const preset = (e.target as HTMLSelectElement).value;
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
    const s = store.state as State;
    const t = Math.min(runner.step, s.reg.steps);
    const A = regimeMatrix(s.reg.preset as RegimePreset, s.reg.m);
    const r = regimeStep(A, s.reg.scale, s.reg.steps, t);
    last = r;
    const regime = r.report?.regime ?? null;
    badge.className = `badge ${regime === 'bounded' ? 'unit' : regime === 'polynomial' ? 'defective' : (regime ?? 'unknown')}`;
    badge.textContent = regimeLabel(regime);
    // Core words it for the terminal (W^t, t^2); the page has superscripts.
    explanation.textContent = (r.report?.explanation ?? '')
      .replace(/W\^t/g, 'Wᵗ')
      .replace(/t\^(\d+)/g, (_m, k: string) => `t${sup(k)}`);
    const points = r.trails.map((tr) => tr[tr.length - 1]);
    plane.set(
      complexPlaneSvg({
        points,
        trails: r.trails,
        size: 280,
        title: `eigenvalue powers λ${sup('t')} at t = ${t}`,
        radius: 1.6,
        regimeColors: true,
      }),
    );
    chart.set(
      lineChartSvg({
        id: 'reg',
        series: series(s, r),
        width: fitWidth(560),
        height: 280,
        title: 'Frobenius norm of Wᵗ against t (log scale)',
        xLabel: 'step t',
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
    shell.caption.textContent = regimeCaption({
      // The menu's 'custom (type below)' is an instruction, not a name.
      name:
        s.reg.preset === 'custom' ? 'typed' : (PRESETS.find((p) => p.value === s.reg.preset)?.label ?? s.reg.preset),
      scale: s.reg.scale,
      n,
      t,
      log10Norm: r.log10Norms[t],
      regime,
      spectralRadius: r.report?.spectralRadius ?? null,
      eig: r.eig,
      degree: r.report?.polynomialDegree ?? null,
      transientPeak: r.report?.transientPeak ?? null,
    });
    shell.element.dataset.step = String(t);
    shell.element.dataset.regime = regime ?? 'unknown';
  };

  // The second figure: drag the eigenvalues to build W (its own state group, eig).
  const drag = eigenDragFigure(store);
  shell.element.append(drag.element);
  store.subscribe((s, changed) => {
    if (changed.has('eig') || changed.has('ui')) drag.update(s as State);
  });
  // Drawn in a task of its own, so building the section stays a short task.
  void nextTask().then(() => drag.update(store.state as State));

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
