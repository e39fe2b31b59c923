/**
 * Section 5, figure 1: a forward pass hₜ = f(g·W hₜ₋₁ + uₜ) and the gradient sent back through
 * it, for several initializers of W, with its own controls (matrices, size, seed, activation,
 * gain, steps, inputs), caption and exports. Main thread: O(T·n²) with n <= 128.
 * Render returns update: `gradientFigure(store)` builds the DOM once; `update(state)` redraws.
 */

import { chartExports, exportBar, seriesCsv, textBlob } from '../export/files.js';
import { buildMatrix } from '../sim/compute.js';
import { throughTime } from '../sim/throughtime.js';
import { formatInitRef } from '../state/initspec.js';
import type { State } from '../state/schema.js';
import type { StateStore } from '../state/store.js';
import { type Msg, errorText, msg } from '../i18n/index.js';
import { type OptionSpec, el, numberControl, selectControl } from '../ui/controls.js';
import { initListEditor } from '../ui/initeditor.js';
import { fitWidth } from '../ui/layout.js';
import { lineChartSvg } from '../views/linechart.js';
import { seriesStyle } from '../views/palette.js';
import { SvgView } from '../views/svgview.js';
import { throughTimeCaption } from './captions.js';

const ACTIVATIONS: readonly OptionSpec[] = [
  { value: 'tanh', label: 'tanh' },
  { value: 'linear', label: (m) => m.options.linear },
  { value: 'relu', label: 'ReLU' },
];

export interface FigureHandle {
  readonly element: HTMLElement;
  update(state: State): void;
}

export function gradientFigure(store: StateStore, onError: (message: Msg | null) => void): FigureHandle {
  const forward = new SvgView('chart');
  const backward = new SvgView('chart');
  const caption = el('p', { class: 'caption', 'aria-live': 'polite', id: 'beyond-grad-caption' });
  let initsText = store.state.grad.inits.map(formatInitRef).join(',');
  const inits = initListEditor(
    (m) => m.grad.initsLegend,
    4,
    store.state.grad.inits,
    (specs) => {
      initsText = specs.map(formatInitRef).join(',');
      store.set('grad', { inits: specs });
    },
    'initializer',
  );
  let series: { label: string; forward: Float64Array; backward: Float64Array }[] = [];

  const exports = exportBar(
    [
      {
        label: (m) => `${m.grad.gradients} CSV`,
        title: (m) => m.grad.csvTitle,
        filename: () => 'ortholab-gradients-log10.csv',
        make: () =>
          textBlob(
            seriesCsv(
              't',
              series.map((r) => ({ label: r.label, values: r.backward })),
            ),
            'text/csv',
          ),
      },
      ...chartExports(
        (m) => m.grad.gradients,
        (m) => m.grad.gradientChart,
        () => 'ortholab-gradients',
        () => backward.svg,
      ),
      ...chartExports(
        (m) => m.grad.states,
        (m) => m.grad.stateChart,
        () => 'ortholab-states',
        () => forward.svg,
      ),
    ],
    (m) => m.grad.exportLabel,
  );

  const element = el(
    'div',
    { class: 'subfigure', id: 'beyond-gradients', role: 'group', 'aria-labelledby': 'beyond-gradients-title' },
    el('h3', { id: 'beyond-gradients-title' }, (m) => m.grad.title),
    el(
      'div',
      { class: 'controls' },
      inits.element,
      el(
        'div',
        { class: 'control-row' },
        numberControl(store, 'grad', 'n').element,
        numberControl(store, 'grad', 'seed').element,
        selectControl(store, 'grad', 'act', ACTIVATIONS).element,
        numberControl(store, 'grad', 'gain', { slider: { min: 0, max: 3, step: 0.01 } }).element,
        numberControl(store, 'grad', 'steps').element,
        numberControl(store, 'grad', 'input').element,
      ),
    ),
    el('div', { class: 'fig-grid' }, forward.element, backward.element),
    caption,
    exports,
  );

  const update = (s: State): void => {
    const m = msg();
    const text = s.grad.inits.map(formatInitRef).join(',');
    if (text !== initsText) {
      initsText = text;
      inits.set(s.grad.inits);
    }
    try {
      const runs = s.grad.inits.map((init) => {
        const W = buildMatrix({ kind: 'init', init, n: s.grad.n, seed: s.grad.seed });
        const scaled = { rows: W.rows, cols: W.cols, data: W.data.map((v) => v * s.grad.gain) };
        return throughTime(formatInitRef(init), scaled, {
          steps: s.grad.steps,
          activation: s.grad.act,
          inputScale: s.grad.input,
          seed: s.grad.seed,
        });
      });
      series = runs;
      const common = { width: fitWidth(460), height: 250, xLabel: m.common.stepT, log10: true };
      forward.set(
        lineChartSvg({
          ...common,
          id: 'beyond-fwd',
          title: m.grad.forwardTitle,
          yLabel: '‖hₜ‖',
          series: runs.map((r, i) => ({ label: r.label, values: r.forward, ...seriesStyle(i, s.ui.palette) })),
        }),
      );
      backward.set(
        lineChartSvg({
          ...common,
          id: 'beyond-bwd',
          title: m.grad.backwardTitle,
          yLabel: '‖∂L/∂hₜ‖',
          series: runs.map((r, i) => ({ label: r.label, values: r.backward, ...seriesStyle(i, s.ui.palette) })),
        }),
      );
      caption.textContent = throughTimeCaption(
        {
          steps: s.grad.steps,
          activation: s.grad.act,
          gain: s.grad.gain,
          inputScale: s.grad.input,
          runs: runs.map((r) => ({
            label: r.label,
            backward0: r.backward[0]!,
            backwardT: r.backward[r.backward.length - 1]!,
            spectralRadius: r.spectralRadius,
          })),
        },
        m,
      );
      onError(null);
    } catch (e) {
      const detail = errorText(e);
      onError((m) => m.powers.failed(detail(m)));
    }
  };
  return { element, update };
}
