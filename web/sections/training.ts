/**
 * Section 5, figure 2: a small RNN trained live in the worker on the copying or adding task,
 * one loss curve per initializer and the ‖∂L/∂hₜ‖ probe updating as training goes, with its
 * own controls (matrices, size, seed, task, activation, rate, steps), caption and exports.
 * Before the first run it shows what will appear instead of empty axes.
 * Render returns update: `trainingFigure(...)` builds the DOM once; `update(state)` redraws.
 */

import type { TrainConfigInput, TrainEvent } from '../../src/core/index.js';
import { chartExports, exportBar, seriesJson, textBlob } from '../export/files.js';
import type { SimClient, TrainJob } from '../sim/client.js';
import { formatInitRef } from '../state/initspec.js';
import type { State } from '../state/schema.js';
import type { StateStore } from '../state/store.js';
import { type Msg, msg } from '../i18n/index.js';
import { type OptionSpec, button, el, numberControl, selectControl } from '../ui/controls.js';
import { initListEditor } from '../ui/initeditor.js';
import { fitWidth } from '../ui/layout.js';
import { lineChartSvg } from '../views/linechart.js';
import { seriesStyle } from '../views/palette.js';
import { SvgView } from '../views/svgview.js';
import { type TrainRunSummary, trainCaption } from './captions.js';
import type { FigureHandle } from './gradients.js';

/** The gated schemes the demo compares when the cell is an LSTM or a GRU. */
const GATED_DEMO_SCHEMES = ['kerasDefault', 'pytorchDefault', 'perGateOrthogonal', 'glorot'] as const;

const ACTIVATIONS: readonly OptionSpec[] = [
  { value: 'linear', label: (m) => m.options.linear },
  { value: 'tanh', label: 'tanh' },
  { value: 'relu', label: 'ReLU' },
];

interface RunState {
  label: string;
  steps: number[];
  losses: number[];
  step: number;
  total: number;
  loss: number | null;
  testRatio: number | null;
  accuracy: number | null;
  diverged: string | null;
  probe: number[] | null;
}

export interface TrainingFigureHost {
  readonly store: StateStore;
  readonly sim: SimClient;
  /** The generated caption (the section's). */
  readonly caption: HTMLElement;
  /** Element whose data-training mirrors the job status (the section, for tests). */
  readonly statusHost: HTMLElement;
  readonly onError: (message: Msg | null) => void;
}

export function trainingFigure(host: TrainingFigureHost): FigureHandle {
  const { store, sim } = host;
  const showError = (_shell: unknown, text: string | null): void =>
    host.onError(text === null ? null : (m) => m.powers.failed(text));
  const shell = { caption: host.caption, element: host.statusHost };
  const lossChart = new SvgView('chart');
  const probeChart = new SvgView('chart');
  const trainStatus = el('p', { class: 'job-status', role: 'status' });
  let initsText = store.state.rnn.inits.map(formatInitRef).join(',');
  const inits = initListEditor(
    (m) => m.train.initsLegend,
    4,
    store.state.rnn.inits,
    (specs) => {
      initsText = specs.map(formatInitRef).join(',');
      store.set('rnn', { inits: specs });
    },
    'initializer',
  );

  // (b) Training in the worker.
  let job: TrainJob | null = null;
  let runs: RunState[] = [];
  let baseline: number | null = null;
  let drawPending = false;
  const trainButton = button(
    (m) => m.train.train,
    () => startTraining(),
    {
      class: 'train',
      'aria-label': (m) => m.train.trainLabel,
    },
  );
  const stopButton = button(
    (m) => m.train.stop,
    () => job?.cancel(),
    {
      class: 'stop',
      'aria-label': (m) => m.train.stopLabel,
    },
  );
  stopButton.disabled = true;

  // One run per recurrent initializer (vanilla cell), or per gated scheme (LSTM, GRU: the
  // activation and the initializer list do not apply; decisions/0016).
  const demoRuns = (s: State): { label: string; config: TrainConfigInput }[] =>
    s.rnn.cell === 'rnn'
      ? s.rnn.inits.map((init) => ({
          label: formatInitRef(init),
          config: { activation: s.rnn.act, recurrentInitializer: { name: init.name, ...init.params } },
        }))
      : GATED_DEMO_SCHEMES.map((gatedInit) => ({
          label: `${s.rnn.cell.toUpperCase()} ${gatedInit}`,
          config: { cell: s.rnn.cell, gatedInit },
        }));

  const configOf = (s: State): TrainConfigInput[] =>
    demoRuns(s).map((run) => ({
      task: s.rnn.task,
      T: s.rnn.T,
      units: s.rnn.hidden,
      ...run.config,
      learningRate: s.rnn.lr,
      steps: s.rnn.iters,
      seed: s.rnn.seed,
      batchSize: 32,
      testSize: 256,
      evalEvery: 50,
      probeEvery: 10,
      probeSize: 16,
      spectrumEvery: 0,
      checkpointEvery: 0,
    }));

  const onEvent = (run: RunState, e: TrainEvent): void => {
    switch (e.type) {
      case 'start':
        baseline = e.baseline.loss;
        run.total = e.config.steps;
        break;
      case 'progress':
        run.steps.push(e.step);
        run.losses.push(e.loss);
        run.step = e.step;
        run.loss = e.loss;
        break;
      case 'probe':
        run.probe = e.dhNorm;
        break;
      case 'metrics':
      case 'done':
        run.testRatio = e.ratio;
        run.accuracy = e.accuracy;
        if (e.type === 'done') run.step = e.step;
        break;
      case 'diverged':
        run.diverged = e.message;
        run.step = e.step;
        break;
    }
  };

  const drawTraining = (): void => {
    const m = msg();
    const s = store.state;
    // Before the first run: say what will appear (no empty axes).
    const started = job !== null;
    charts.hidden = !started;
    empty.hidden = started;
    if (!started) {
      empty.textContent = m.train.empty({
        task: s.rnn.task,
        T: s.rnn.T,
        cell: s.rnn.cell === 'rnn' ? null : s.rnn.cell.toUpperCase(),
        hidden: s.rnn.hidden,
        act: s.rnn.act,
        runs: s.rnn.cell === 'rnn' ? s.rnn.inits.map(formatInitRef).join(', ') : GATED_DEMO_SCHEMES.join(', '),
        iters: s.rnn.iters,
      });
    }
    const log = (xs: number[]): Float64Array => Float64Array.from(xs, (v) => (v > 0 ? Math.log10(v) : Number.NaN));
    // Batch losses are noisy: draw an exponential moving average (weight 0.1 per new step).
    const ema = (xs: number[]): number[] => {
      let m = Number.NaN;
      return xs.map((v) => {
        m = Number.isNaN(m) ? v : 0.9 * m + 0.1 * v;
        return m;
      });
    };
    lossChart.set(
      lineChartSvg({
        id: 'beyond-loss',
        width: fitWidth(460),
        height: 250,
        title: m.train.lossTitle,
        xLabel: m.train.lossX,
        yLabel: m.train.lossY,
        log10: true,
        series: runs.map((r, i) => ({
          label: r.label,
          values: log(ema(r.losses)),
          xs: r.steps,
          ...seriesStyle(i, s.ui.palette),
        })),
        refs: baseline === null ? [] : [{ y: Math.log10(baseline), label: m.train.baseline }],
      }),
    );
    probeChart.set(
      lineChartSvg({
        id: 'beyond-probe',
        width: fitWidth(460),
        height: 250,
        title: m.train.probeTitle,
        xLabel: m.train.probeX,
        yLabel: '‖∂L/∂hₜ‖',
        log10: true,
        x0: 1,
        series: runs.map((r, i) => ({ label: r.label, values: log(r.probe ?? []), ...seriesStyle(i, s.ui.palette) })),
      }),
    );
    const status =
      job === null
        ? m.train.status.idle
        : job.status === 'running'
          ? m.train.status.running
          : job.status === 'done'
            ? m.train.status.finished((job.ms / 1000).toFixed(1))
            : job.status === 'cancelled'
              ? m.train.status.stopped
              : m.train.status.failed(job.error?.message ?? '');
    trainStatus.textContent = m.train.statusLine(status);
    const summaries: TrainRunSummary[] = runs.map((r) => ({
      label: r.label,
      step: r.step,
      steps: r.total,
      loss: r.loss,
      testRatio: r.testRatio,
      accuracy: r.accuracy,
      diverged: r.diverged,
    }));
    shell.caption.textContent = trainCaption({ task: s.rnn.task, T: s.rnn.T, baseline, runs: summaries, status }, m);
    shell.element.dataset.training = job?.status ?? 'idle';
  };
  const scheduleTrainingDraw = (): void => {
    if (drawPending) return;
    drawPending = true;
    requestAnimationFrame(() => {
      drawPending = false;
      drawTraining();
    });
  };

  function startTraining(): void {
    job?.cancel();
    const s = store.state;
    runs = demoRuns(s).map(({ label }) => ({
      label,
      steps: [],
      losses: [],
      step: 0,
      total: s.rnn.iters,
      loss: null,
      testRatio: null,
      accuracy: null,
      diverged: null,
      probe: null,
    }));
    baseline = null;
    const mine = runs;
    job = sim.train(configOf(s), (events, j) => {
      if (mine !== runs) return;
      for (const { run, event } of events) onEvent(runs[run]!, event);
      if (j.status !== 'running') {
        trainButton.disabled = false;
        stopButton.disabled = true;
        if (j.error) showError(shell, j.error.message);
      }
      scheduleTrainingDraw();
    });
    trainButton.disabled = true;
    stopButton.disabled = false;
    showError(shell, null);
    scheduleTrainingDraw();
  }

  const exports = exportBar(
    [
      {
        label: (m) => `${m.train.loss} JSON`,
        title: (m) => m.train.jsonTitle,
        filename: () => 'ortholab-training-loss.json',
        make: () =>
          textBlob(
            seriesJson(
              {
                quantity: 'batch loss per training step',
                settings: store.state.rnn,
                configs: configOf(store.state),
              },
              runs.map((r) => ({ label: r.label, values: r.losses })),
            ),
            'application/json',
          ),
      },
      ...chartExports(
        (m) => m.train.loss,
        (m) => m.train.lossChart,
        () => 'ortholab-training-loss',
        () => lossChart.svg,
      ),
      ...chartExports(
        (m) => m.train.probe,
        (m) => m.train.probeChart,
        () => 'ortholab-training-probe',
        () => probeChart.svg,
      ),
    ],
    (m) => m.train.exportLabel,
  );

  const empty = el('p', { class: 'empty-state', id: 'beyond-training-empty' });
  const charts = el('div', { class: 'fig-grid', id: 'beyond-training-charts' }, lossChart.element, probeChart.element);
  const element = el(
    'div',
    { class: 'subfigure', id: 'beyond-training', role: 'group', 'aria-labelledby': 'beyond-training-title' },
    el('h3', { id: 'beyond-training-title' }, (m) => m.train.title),
    el(
      'div',
      { class: 'controls' },
      inits.element,
      el(
        'div',
        { class: 'control-row' },
        numberControl(store, 'rnn', 'hidden').element,
        numberControl(store, 'rnn', 'seed').element,
        selectControl(store, 'rnn', 'task', [
          { value: 'adding', label: (m) => m.train.adding },
          { value: 'copy', label: (m) => m.train.copy },
        ]).element,
        numberControl(store, 'rnn', 'T').element,
        selectControl(store, 'rnn', 'cell', [
          { value: 'rnn', label: (m) => m.train.vanilla },
          { value: 'lstm', label: 'LSTM' },
          { value: 'gru', label: 'GRU' },
        ]).element,
        selectControl(store, 'rnn', 'act', ACTIVATIONS).element,
        numberControl(store, 'rnn', 'lr').element,
        numberControl(store, 'rnn', 'iters').element,
      ),
      el('div', { class: 'control-row' }, trainButton, stopButton, trainStatus),
    ),
    empty,
    charts,
    exports,
  );

  const update = (s: State): void => {
    const text = s.rnn.inits.map(formatInitRef).join(',');
    if (text !== initsText) {
      initsText = text;
      inits.set(s.rnn.inits);
    }
    scheduleTrainingDraw();
  };
  return { element, update };
}
