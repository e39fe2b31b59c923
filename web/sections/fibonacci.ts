/**
 * Section 1: repeated multiplication and Fibonacci. Step through Fᵗ from I; beside the exact
 * product, the eigendecomposition F = Q Λ Qᵀ and Λᵗ; the ratio of neighbours approaching the
 * golden ratio; and the step where each float64 route stops giving the right integers.
 */

import { chartExports, exportBar, seriesCsv, textBlob } from '../export/files.js';
import { AnimationRunner } from '../sim/runner.js';
import { type FibonacciSeries, PHI, fibonacciSeriesSteps, fibonacciStep } from '../sim/story.js';
import { el, numberControl } from '../ui/controls.js';
import { createPlayer } from '../ui/player.js';
import { fmtNum, sup } from '../views/format.js';
import { lineChartSvg } from '../views/linechart.js';
import { matrixTableHtml } from '../views/matrixtable.js';
import { seriesStyle } from '../views/palette.js';
import { SvgView } from '../views/svgview.js';
import { en } from '../i18n/en.js';
import { type Messages, msg } from '../i18n/index.js';
import { fibCaption } from './captions.js';
import { type SectionContext, sectionShell } from './context.js';
import { fitWidth } from '../ui/layout.js';
import { runSliced } from '../ui/tasks.js';

const MAX_T = 100;

export function mountFibonacci(ctx: SectionContext): HTMLElement {
  const { store } = ctx;
  const shell = sectionShell(
    'fibonacci',
    (m) => m.fib.title,
    (m) => m.fib.text,
  );
  const runner = new AnimationRunner();
  runner.configure({ maxStep: MAX_T, fps: 3, ready: MAX_T + 1 });
  const player = createPlayer(runner, 'Fᵗ', shell.element);
  // The error series (101 steps with BigInt checks) is computed in slices after the section
  // is built, so building it stays a short task; the chart fills in as the slices finish.
  const steps = fibonacciSeriesSteps(MAX_T);
  const first = steps.next();
  let series: FibonacciSeries = first.done ? first.value : first.value.partial;
  /** The last t whose errors are in `series` (the caption waits until it reaches the shown t). */
  let computedUpTo = first.done ? MAX_T : first.value.t;
  const tracked: Iterator<unknown, FibonacciSeries> = {
    next: () => {
      const r = steps.next();
      if (!r.done) {
        series = r.value.partial;
        computedUpTo = r.value.t;
      }
      return r;
    },
  };

  const eq = el('div', { class: 'eq', 'aria-live': 'off' });
  const routes = el('div', { class: 'eq' });
  const ratio = el('p', { class: 'ratio' });
  const chart = new SvgView('chart');
  const stepInput = numberControl(store, 'fib', 't', { hint: (m) => m.fib.hint(MAX_T) });
  const chartSeries = (palette: 'article' | 'cvd', m: Messages) => [
    { label: '|Fib(t+1)/Fib(t) − φ|', values: series.ratioError, ...seriesStyle(0, palette) },
    { label: m.fib.productError, values: series.productError, ...seriesStyle(1, palette) },
    { label: m.fib.eigenError, values: series.eigenError, ...seriesStyle(2, palette) },
  ];
  const exports = exportBar([
    ...chartExports(
      (m) => m.exports.chart,
      (m) => m.fib.chartName,
      () => 'ortholab-fibonacci',
      () => chart.svg,
    ),
    {
      label: 'CSV',
      title: (m) => m.fib.csvTitle,
      filename: () => 'ortholab-fibonacci-log10-errors.csv',
      // Column names are machine-readable English in every language (decisions/0021).
      make: () => textBlob(seriesCsv('t', chartSeries('article', en)), 'text/csv'),
    },
  ]);
  shell.figure.append(
    el('div', { class: 'controls' }, stepInput.element),
    player.element,
    eq,
    routes,
    ratio,
    chart.element,
    exports,
  );

  // The chart is first drawn once the series is complete (in the tasks after the section is
  // built), so the build itself stays short.
  let chartReady = false;
  const draw = (): void => {
    const m = msg();
    const t = runner.step;
    const s = fibonacciStep(t);
    const exact = { rows: 2, cols: 2, data: s.exact.map(String) };
    const q = { rows: 2, cols: 2, data: s.Q };
    const qt = { rows: 2, cols: 2, data: Float64Array.of(s.Q[0]!, s.Q[2]!, s.Q[1]!, s.Q[3]!) };
    const lamT = { rows: 2, cols: 2, data: Float64Array.of(s.lambdaT[0], 0, 0, s.lambdaT[1]) };
    eq.innerHTML = [
      `<span>F${sup(t)} =</span>`,
      matrixTableHtml(exact, { caption: m.fib.exact }),
      '<span>=</span>',
      matrixTableHtml(q, { caption: 'Q', digits: 4 }),
      matrixTableHtml(lamT, { caption: `Λ${sup(t)}`, digits: 6 }),
      matrixTableHtml(qt, { caption: 'Qᵀ', digits: 4 }),
      `<span class="hint">${m.fib.withLambda(`Λ = diag(${fmtNum(s.lambda[0], 6)}, ${fmtNum(s.lambda[1], 6)})`)}</span>`,
    ].join('');
    const asText = (x: Float64Array, digits: number) => ({
      rows: 2,
      cols: 2,
      data: Array.from(x, (v) => (Number.isInteger(v) ? BigInt(v).toString() : fmtNum(v, digits))),
    });
    routes.innerHTML = [
      matrixTableHtml(asText(s.product, 17), { caption: m.fib.products(t), marked: s.productInexact }),
      matrixTableHtml(asText(s.eigenForm, 17), { caption: 'float64: Q Λᵗ Qᵀ', marked: s.eigenInexact }),
      `<span class="hint">${m.fib.wrongUnderlined}</span>`,
    ].join('');
    ratio.textContent = t === 0 ? m.fib.ratioAtZero : m.fib.ratio(t, fmtNum(s.ratio, 15), fmtNum(PHI, 15));
    if (chartReady)
      chart.set(
        lineChartSvg({
          id: 'fib',
          series: chartSeries(store.state.ui.palette, m),
          width: fitWidth(640),
          height: 240,
          title: m.fib.chartTitle,
          xLabel: 't',
          yLabel: m.fib.yLabel,
          log10: true,
          marker: t,
          yDomain: [-17, 1],
        }),
      );
    // The caption names the first wrong step, known once the series has reached t.
    shell.caption.textContent =
      computedUpTo < t
        ? ''
        : fibCaption(
            {
              t,
              exact: s.exact,
              lambdaT: s.lambdaT,
              ratio: s.ratio,
              phi: PHI,
              productWrongNow: s.productInexact.size > 0,
              eigenWrongNow: s.eigenInexact.size > 0,
              firstWrongProduct: series.firstInexactProduct,
              firstWrongEigen: series.firstInexactEigen,
            },
            m,
          );
    shell.element.dataset.step = String(t);
  };

  runner.subscribe((step, playing) => {
    draw();
    if (!playing && step !== store.state.fib.t) store.set('fib', { t: step });
  });
  store.subscribe((s, changed) => {
    if (changed.has('fib') && !runner.playing) runner.seek(s.fib.t);
    if (changed.has('ui')) draw();
  });
  runner.seek(store.state.fib.t);
  draw();
  shell.element.dataset.series = 'computing';
  void runSliced(tracked, 16).then((complete) => {
    chartReady = true;
    series = complete;
    computedUpTo = MAX_T;
    draw();
    shell.element.dataset.series = 'done';
  });
  return shell.element;
}
