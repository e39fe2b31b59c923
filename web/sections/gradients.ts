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
import { el, numberControl, selectControl } from '../ui/controls.js';
import { initListEditor } from '../ui/initeditor.js';
import { fitWidth } from '../ui/layout.js';
import { fmtNum } from '../views/format.js';
import { lineChartSvg } from '../views/linechart.js';
import { seriesStyle } from '../views/palette.js';
import { SvgView } from '../views/svgview.js';
import { throughTimeCaption } from './captions.js';

/** Strings added for the per-gate (LSTM, GRU) view of this figure (for the message catalog). */
export const GATE_FIGURE_TEXT = {
  cellRnn: 'vanilla RNN',
  cellLstm: 'LSTM (gates i, f, g, o)',
  cellGru: 'GRU (gates r, z, n)',
  perSchemeTitle: (cell: string) => `${cell}: gradient norm ‖∂L/∂hₜ‖ at initialization, per scheme`,
  perGateTitle: (cell: string, scheme: string) => `${cell} ${scheme}: per-gate gradient ‖∂L/∂a_g,t‖`,
  perGateY: '‖∂L/∂a_g,t‖',
  gateLabel: (g: string) => `gate ${g}`,
  // A gate whose pre-activation gradient is multiplied by the zero initial state (the LSTM's f
  // by c₀ = 0; the GRU's r by W_hn·h₀ + b_hn = 0 at zero bias) is exactly 0 at t = 1.
  zeroAtStart: 'exactly 0 at t = 1',
  overflow: 'not finite',
  computing: 'Computing in the background…',
  caption: (c: {
    cell: string;
    T: number;
    n: number;
    seed: number;
    scheme: string;
    perScheme: string;
    perGate: string;
  }) =>
    `${c.cell} with ${c.n} units at initialization (seed ${c.seed}, no training step), on the adding problem of length T = ${c.T}: the loss at t = T sent back to t = 1, on 16 probe sequences. Change of ‖∂L/∂hₜ‖ from t = T to t = 1: ${c.perScheme}. Per gate for ${c.scheme} (‖∂L/∂a_g,t‖ of the gate's pre-activation, t = T → 1): ${c.perGate}.`,
  csvTitle: 'Download log10 ‖∂L/∂a_g,t‖ per step for each gate as CSV',
  gatesExport: 'Gates',
  gatesExportWhat: 'per-gate gradient chart',
} as const;

const ACTIVATIONS = [
  { value: 'tanh', label: 'tanh' },
  { value: 'linear', label: 'none (linear)' },
  { value: 'relu', label: 'ReLU' },
] as const;

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
/** "10^d" for a change of d decades, or a plain factor when it is small. */
const decades = (d: number): string =>
  d === Number.NEGATIVE_INFINITY
    ? GATE_FIGURE_TEXT.zeroAtStart
    : !Number.isFinite(d)
      ? GATE_FIGURE_TEXT.overflow
      : Math.abs(d) <= 1
        ? `×${fmtNum(10 ** d, 2)}`
        : `${d < 0 ? '−' : '+'}${fmtNum(Math.abs(d), 3)} decades`;

export function gradientFigure(
  store: StateStore,
  sim: SimClient,
  onError: (message: string | null) => void,
): FigureHandle {
  const forward = new SvgView('chart');
  const backward = new SvgView('chart');
  const caption = el('p', { class: 'caption', 'aria-live': 'polite', id: 'beyond-grad-caption' });
  let initsText = store.state.grad.inits.map(formatInitRef).join(',');
  const inits = initListEditor(
    'Initializers of W',
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
        label: 'Gradients CSV',
        title: 'Download log10 ‖∂L/∂hₜ‖ per step for each initializer as CSV',
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
        'Gradients',
        'gradient chart',
        () => 'ortholab-gradients',
        () => backward.svg,
      ),
      ...chartExports(
        'States',
        'forward state chart',
        () => 'ortholab-states',
        () => forward.svg,
      ),
    ],
    'Export the gradient figure',
  );
  // The gated view's charts and exports (per scheme, per gate).
  const perScheme = new SvgView('chart');
  const perGate = new SvgView('chart');
  let schemeSeries: { label: string; values: Float64Array }[] = [];
  const gateExports = exportBar(
    [
      {
        label: `${GATE_FIGURE_TEXT.gatesExport} CSV`,
        title: GATE_FIGURE_TEXT.csvTitle,
        filename: () => 'ortholab-gate-gradients-log10.csv',
        make: () => textBlob(seriesCsv('t', [...gateSeries, ...schemeSeries], 1), 'text/csv'),
      },
      ...chartExports(
        GATE_FIGURE_TEXT.gatesExport,
        GATE_FIGURE_TEXT.gatesExportWhat,
        () => 'ortholab-gate-gradients',
        () => perGate.svg,
      ),
    ],
    'Export the gradient figure',
  );
  const cellNames = { rnn: GATE_FIGURE_TEXT.cellRnn, lstm: GATE_FIGURE_TEXT.cellLstm, gru: GATE_FIGURE_TEXT.cellGru };
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
    el('h3', { id: 'beyond-gradients-title' }, 'Gradients through time'),
    el(
      'div',
      { class: 'controls' },
      el(
        'div',
        { class: 'control-row' },
        selectControl(store, 'grad', 'cell', [
          { value: 'rnn', label: cellNames.rnn },
          { value: 'lstm', label: cellNames.lstm },
          { value: 'gru', label: cellNames.gru },
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
    status.textContent = state === 'computing' ? GATE_FIGURE_TEXT.computing : '';
  };

  const drawVanilla = (s: State, runs: readonly ThroughTimeSeries[]): void => {
    series = [...runs];
    const common = { width: fitWidth(460), height: 250, xLabel: 'step t', log10: true };
    forward.set(
      lineChartSvg({
        ...common,
        id: 'beyond-fwd',
        title: 'state norm ‖hₜ‖ going forward',
        yLabel: '‖hₜ‖',
        series: runs.map((r, i) => ({ label: r.label, values: r.forward, ...seriesStyle(i, s.ui.palette) })),
      }),
    );
    backward.set(
      lineChartSvg({
        ...common,
        id: 'beyond-bwd',
        title: 'gradient norm ‖∂L/∂hₜ‖ going back from t = T',
        yLabel: '‖∂L/∂hₜ‖',
        series: runs.map((r, i) => ({ label: r.label, values: r.backward, ...seriesStyle(i, s.ui.palette) })),
      }),
    );
    caption.textContent = throughTimeCaption({
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
    });
  };

  const drawGated = (s: State, cell: 'lstm' | 'gru', probes: readonly GateProbe[]): void => {
    const g = s.grad;
    const T = gatedLength(g.steps);
    const shown = Math.max(0, GATED_INIT_SCHEMES.indexOf(g.scheme));
    const probe = probes[shown]!;
    gateSeries = GATE_NAMES[cell].map((name) => ({
      label: GATE_FIGURE_TEXT.gateLabel(name),
      values: Float64Array.from(probe.gateNorm[name] ?? [], log10),
    }));
    schemeSeries = GATED_INIT_SCHEMES.map((scheme, i) => ({
      label: `‖∂L/∂hₜ‖ ${scheme}`,
      values: Float64Array.from(probes[i]!.dhNorm, log10),
    }));
    const common = { width: fitWidth(460), height: 250, xLabel: 'step t', log10: true, x0: 1 };
    const cellName = cell.toUpperCase();
    perGate.set(
      lineChartSvg({
        ...common,
        id: 'beyond-gates',
        title: GATE_FIGURE_TEXT.perGateTitle(cellName, g.scheme),
        yLabel: GATE_FIGURE_TEXT.perGateY,
        series: gateSeries.map((r, i) => ({ ...r, ...seriesStyle(i, s.ui.palette) })),
      }),
    );
    perScheme.set(
      lineChartSvg({
        ...common,
        id: 'beyond-schemes',
        title: GATE_FIGURE_TEXT.perSchemeTitle(cellName),
        yLabel: '‖∂L/∂hₜ‖',
        series: GATED_INIT_SCHEMES.map((scheme, i) => ({
          label: scheme,
          values: schemeSeries[i]!.values,
          ...seriesStyle(i, s.ui.palette),
        })),
      }),
    );
    const change = (v: Float64Array): string => decades(v[0]! - v[v.length - 1]!);
    caption.textContent = GATE_FIGURE_TEXT.caption({
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
      onError(e instanceof Error ? e.message : String(e));
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
