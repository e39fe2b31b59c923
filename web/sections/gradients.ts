/**
 * Section 5, figure 1: the gradient sent back through time, with its own controls, caption and
 * exports. Cell "rnn": a forward pass hₜ = f(g·W hₜ₋₁ + uₜ) and ‖∂L/∂hₜ‖ back through it, for
 * several initializers of W (web/sim/throughtime.ts). Cells "lstm" and "gru": at initialization,
 * on the adding task of length T, ‖∂L/∂hₜ‖ for every gated scheme, and for one scheme the
 * gradient of each gate's pre-activation ‖∂L/∂a_g,t‖ (web/sim/gateprobe.ts, core's probe).
 * Every number is computed in the worker; the figure keeps the last answer for the newest state.
 * Render returns update: `gradientFigure(store, sim, onError)` builds the DOM once; `update(state)` redraws.
 */

import { GATED_INIT_SCHEMES, GATE_NAMES, type TrainConfigInput } from '../../src/core/index.js';
import { chartExports, exportBar, seriesCsv, textBlob } from '../export/files.js';
import type { SimClient } from '../sim/client.js';
import type { GateProbe } from '../sim/gateprobe.js';
import type { ThroughTimeSeries } from '../sim/throughtime.js';
import { formatInitRef } from '../state/initspec.js';
import type { State } from '../state/schema.js';
import type { StateStore } from '../state/store.js';
import { type Messages, type Msg, errorText, msg, setText } from '../i18n/index.js';
import { type OptionSpec, el, numberControl, selectControl } from '../ui/controls.js';
import { initListEditor } from '../ui/initeditor.js';
import { fitWidth } from '../ui/layout.js';
import { fmtNum } from '../views/format.js';
import { lineChartSvg } from '../views/linechart.js';
import { seriesStyle } from '../views/palette.js';
import { SvgView } from '../views/svgview.js';
import { throughTimeCaption } from './captions.js';

const ACTIVATIONS: readonly OptionSpec[] = [
  { value: 'tanh', label: 'tanh' },
  { value: 'linear', label: (m) => m.options.linear },
  { value: 'relu', label: 'ReLU' },
];

/** The per-gate chart's y label (notation, the same in every language). */
const PER_GATE_Y = '‖∂L/∂a_g,t‖';

export interface FigureHandle {
  readonly element: HTMLElement;
  update(state: State): void;
}

/** The adding task's length for "steps back" T (the task needs T >= 2). */
const gatedLength = (steps: number): number => Math.max(2, steps);

/** The probe configs of the gated view: one per scheme, in GATED_INIT_SCHEMES order. */
export function gateProbeConfigs(g: State['grad']): TrainConfigInput[] {
  if (g.cell === 'rnn') return [];
  return GATED_INIT_SCHEMES.map((gatedInit) => ({
    task: 'adding',
    T: gatedLength(g.steps),
    units: g.n,
    cell: g.cell,
    gatedInit,
    seed: g.seed,
    batchSize: 16,
    probeSize: 16,
    probeEvery: 1,
    testSize: 1,
  }));
}

const log10 = (x: number): number => (x === 0 ? Number.NEGATIVE_INFINITY : Math.log10(x));
/** A change of d decades in words: a plain factor when it is small. */
const decades = (d: number, m: Messages): string =>
  d === Number.NEGATIVE_INFINITY
    ? m.gates.zeroAtStart
    : !Number.isFinite(d)
      ? m.gates.overflow
      : Math.abs(d) <= 1
        ? `×${fmtNum(10 ** d, 2)}`
        : m.gates.decades(`${d < 0 ? '−' : '+'}${fmtNum(Math.abs(d), 3)}`);

export function gradientFigure(
  store: StateStore,
  sim: SimClient,
  onError: (message: Msg | null) => void,
): FigureHandle {
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
  /** The per-gate series of the shown scheme (gated cells), log10, index t = 1..T. */
  let gateSeries: { label: string; values: Float64Array }[] = [];

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
  // The gated view's charts and exports (per scheme, per gate).
  const perScheme = new SvgView('chart');
  const perGate = new SvgView('chart');
  let schemeSeries: { label: string; values: Float64Array }[] = [];
  const gateExports = exportBar(
    [
      {
        label: (m) => `${m.gates.gatesExport} CSV`,
        title: (m) => m.gates.csvTitle,
        filename: () => 'ortholab-gate-gradients-log10.csv',
        make: () => textBlob(seriesCsv('t', [...gateSeries, ...schemeSeries], 1), 'text/csv'),
      },
      ...chartExports(
        (m) => m.gates.gatesExport,
        (m) => m.gates.gatesExportWhat,
        () => 'ortholab-gate-gradients',
        () => perGate.svg,
      ),
    ],
    (m) => m.grad.exportLabel,
  );
  const vanillaControls = [
    inits.element,
    selectControl(store, 'grad', 'act', ACTIVATIONS).element,
    numberControl(store, 'grad', 'gain', { slider: { min: 0, max: 3, step: 0.01 } }).element,
    numberControl(store, 'grad', 'input').element,
  ];
  const schemeControl = selectControl(
    store,
    'grad',
    'scheme',
    GATED_INIT_SCHEMES.map((value) => ({ value, label: value })),
  ).element;
  const vanillaCharts = el('div', { class: 'fig-grid' }, forward.element, backward.element);
  const gatedCharts = el('div', { class: 'fig-grid', hidden: '' }, perGate.element, perScheme.element);
  gateExports.hidden = true;
  const status = el('p', { class: 'job-status', role: 'status' });

  const element = el(
    'div',
    { class: 'subfigure', id: 'beyond-gradients', role: 'group', 'aria-labelledby': 'beyond-gradients-title' },
    el('h3', { id: 'beyond-gradients-title' }, (m) => m.grad.title),
    el(
      'div',
      { class: 'controls' },
      el(
        'div',
        { class: 'control-row' },
        selectControl(store, 'grad', 'cell', [
          { value: 'rnn', label: (m) => m.gates.cellRnn },
          { value: 'lstm', label: (m) => m.gates.cellLstm },
          { value: 'gru', label: (m) => m.gates.cellGru },
        ]).element,
        schemeControl,
      ),
      vanillaControls[0]!,
      el(
        'div',
        { class: 'control-row' },
        numberControl(store, 'grad', 'n').element,
        numberControl(store, 'grad', 'seed').element,
        numberControl(store, 'grad', 'steps').element,
        ...vanillaControls.slice(1),
      ),
    ),
    status,
    vanillaCharts,
    gatedCharts,
    caption,
    exports,
    gateExports,
  );

  /** Requests are answered in order; only the answer to the newest one is drawn. */
  let latest = 0;
  const setState = (state: 'computing' | 'done' | 'error'): void => {
    element.dataset.state = state;
    setText(status, state === 'computing' ? (m) => m.gates.computing : () => '');
  };

  const drawVanilla = (s: State, runs: readonly ThroughTimeSeries[]): void => {
    const m = msg();
    series = [...runs];
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
  };

  const drawGated = (s: State, cell: 'lstm' | 'gru', probes: readonly GateProbe[]): void => {
    const m = msg();
    const g = s.grad;
    const T = gatedLength(g.steps);
    const shown = Math.max(0, GATED_INIT_SCHEMES.indexOf(g.scheme));
    const probe = probes[shown]!;
    gateSeries = GATE_NAMES[cell].map((name) => ({
      label: m.gates.gateLabel(name),
      values: Float64Array.from(probe.gateNorm[name] ?? [], log10),
    }));
    schemeSeries = GATED_INIT_SCHEMES.map((scheme, i) => ({
      label: `‖∂L/∂hₜ‖ ${scheme}`,
      values: Float64Array.from(probes[i]!.dhNorm, log10),
    }));
    const common = { width: fitWidth(460), height: 250, xLabel: m.common.stepT, log10: true, x0: 1 };
    const cellName = cell.toUpperCase();
    perGate.set(
      lineChartSvg({
        ...common,
        id: 'beyond-gates',
        title: m.gates.perGateTitle(cellName, g.scheme),
        yLabel: PER_GATE_Y,
        series: gateSeries.map((r, i) => ({ ...r, ...seriesStyle(i, s.ui.palette) })),
      }),
    );
    perScheme.set(
      lineChartSvg({
        ...common,
        id: 'beyond-schemes',
        title: m.gates.perSchemeTitle(cellName),
        yLabel: '‖∂L/∂hₜ‖',
        series: GATED_INIT_SCHEMES.map((scheme, i) => ({
          label: scheme,
          values: schemeSeries[i]!.values,
          ...seriesStyle(i, s.ui.palette),
        })),
      }),
    );
    const change = (v: Float64Array): string => decades(v[0]! - v[v.length - 1]!, m);
    caption.textContent = m.gates.caption({
      cell: cellName,
      T,
      n: g.n,
      seed: g.seed,
      scheme: g.scheme,
      perScheme: schemeSeries.map((r, i) => `${GATED_INIT_SCHEMES[i]} ${change(r.values)}`).join(', '),
      perGate: gateSeries.map((r) => `${r.label} ${change(r.values)}`).join(', '),
    });
    element.dataset.gates = GATE_NAMES[cell].join(',');
  };

  const update = (s: State): void => {
    const text = s.grad.inits.map(formatInitRef).join(',');
    if (text !== initsText) {
      initsText = text;
      inits.set(s.grad.inits);
    }
    const cell = s.grad.cell;
    const gated = cell !== 'rnn';
    for (const c of vanillaControls) c.hidden = gated;
    schemeControl.hidden = !gated;
    vanillaCharts.hidden = gated;
    exports.hidden = gated;
    gatedCharts.hidden = !gated;
    gateExports.hidden = !gated;
    element.dataset.cell = cell;
    const token = ++latest;
    setState('computing');
    const fail = (e: unknown): void => {
      if (token !== latest) return;
      setState('error');
      const detail = errorText(e);
      onError((m) => m.powers.failed(detail(m)));
    };
    if (cell === 'rnn') {
      const runs = s.grad.inits.map((init) => ({
        label: formatInitRef(init),
        source: { kind: 'init', init, n: s.grad.n, seed: s.grad.seed } as const,
        gain: s.grad.gain,
      }));
      const options = { steps: s.grad.steps, activation: s.grad.act, inputScale: s.grad.input, seed: s.grad.seed };
      sim.throughTime(runs, options).then((r) => {
        if (token !== latest) return;
        drawVanilla(s, r);
        onError(null);
        setState('done');
      }, fail);
    } else {
      sim.gateProbe(gateProbeConfigs(s.grad)).then((probes) => {
        if (token !== latest) return;
        drawGated(s, cell, probes);
        onError(null);
        setState('done');
      }, fail);
    }
  };
  return { element, update };
}
