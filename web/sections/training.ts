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
import { button, el, numberControl, selectControl } from '../ui/controls.js';
import { initListEditor } from '../ui/initeditor.js';
import { fitWidth } from '../ui/layout.js';
import { lineChartSvg } from '../views/linechart.js';
import { seriesStyle } from '../views/palette.js';
import { SvgView } from '../views/svgview.js';
import { type TrainRunSummary, trainCaption } from './captions.js';
import type { FigureHandle } from './gradients.js';

/** The gated schemes the demo compares when the cell is an LSTM or a GRU. */
const GATED_DEMO_SCHEMES = ['kerasDefault', 'pytorchDefault', 'perGateOrthogonal', 'glorot'] as const;

const ACTIVATIONS = [
  { value: 'linear', label: 'none (linear)' },
  { value: 'tanh', label: 'tanh' },
  { value: 'relu', label: 'ReLU' },
] as const;

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
  readonly onError: (message: string | null) => void;
}

export function trainingFigure(host: TrainingFigureHost): FigureHandle {
  const { store, sim } = host;
  const showError = (_shell: unknown, m: string | null): void => host.onError(m);
  const shell = { caption: host.caption, element: host.statusHost };
  const lossChart = new SvgView('chart');
  const probeChart = new SvgView('chart');
  const trainStatus = el('p', { class: 'job-status', role: 'status' });
  let initsText = store.state.rnn.inits.map(formatInitRef).join(',');
  const inits = initListEditor(
    'Recurrent initializers (W)',
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
  const trainButton = button('Train', () => startTraining(), {
    class: 'train',
    'aria-label': 'Train one network per initializer',
  });
  const stopButton = button('Stop', () => job?.cancel(), { class: 'stop', 'aria-label': 'Stop training' });
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
    const s = store.state;
    // Before the first run: say what will appear (no empty axes).
    const started = job !== null;
    charts.hidden = !started;
    empty.hidden = started;
    if (!started) {
      const task =
        s.rnn.task === 'copy'
          ? `the copying task (remember 10 symbols across ${s.rnn.T} steps, then repeat them)`
          : `the adding problem (add the two marked numbers of a sequence of ${s.rnn.T})`;
      const net =
        s.rnn.cell === 'rnn'
          ? `the same small RNN (${s.rnn.hidden} units, ${s.rnn.act === 'linear' ? 'linear' : s.rnn.act}) learns ${task} once per initializer (${s.rnn.inits.map(formatInitRef).join(', ')})`
          : `the same small ${s.rnn.cell.toUpperCase()} (${s.rnn.hidden} units) learns ${task} once per gated initialization scheme (${GATED_DEMO_SCHEMES.join(', ')})`;
      empty.textContent = `No training yet. Press Train: ${net}, ${s.rnn.iters} steps each, in the background. One loss curve per run appears here as it learns, beside the gradient norms ‖∂L/∂hₜ‖ on a fixed probe batch.`;
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
        title: 'training loss per step',
        xLabel: 'training step',
        yLabel: 'batch loss (moving average)',
        log10: true,
        series: runs.map((r, i) => ({
          label: r.label,
          values: log(ema(r.losses)),
          xs: r.steps,
          ...seriesStyle(i, s.ui.palette),
        })),
        refs: baseline === null ? [] : [{ y: Math.log10(baseline), label: 'memoryless baseline' }],
      }),
    );
    probeChart.set(
      lineChartSvg({
        id: 'beyond-probe',
        width: fitWidth(460),
        height: 250,
        title: '‖∂L/∂hₜ‖ on a fixed probe batch, latest',
        xLabel: 'time step t of the sequence',
        yLabel: '‖∂L/∂hₜ‖',
        log10: true,
        x0: 1,
        series: runs.map((r, i) => ({ label: r.label, values: log(r.probe ?? []), ...seriesStyle(i, s.ui.palette) })),
      }),
    );
    const status =
      job === null
        ? 'press Train to start'
        : job.status === 'running'
          ? 'running'
          : job.status === 'done'
            ? `finished in ${(job.ms / 1000).toFixed(1)} s`
            : job.status === 'cancelled'
              ? 'stopped'
              : `failed: ${job.error?.message}`;
    trainStatus.textContent = `Training: ${status}.`;
    const summaries: TrainRunSummary[] = runs.map((r) => ({
      label: r.label,
      step: r.step,
      steps: r.total,
      loss: r.loss,
      testRatio: r.testRatio,
      accuracy: r.accuracy,
      diverged: r.diverged,
    }));
    shell.caption.textContent = trainCaption({ task: s.rnn.task, T: s.rnn.T, baseline, runs: summaries, status });
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
        label: 'Loss JSON',
        title: 'Download the training loss curves as JSON, with the settings',
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
        'Loss',
        'loss chart',
        () => 'ortholab-training-loss',
        () => lossChart.svg,
      ),
      ...chartExports(
        'Probe',
        'gradient probe chart',
        () => 'ortholab-training-probe',
        () => probeChart.svg,
      ),
    ],
    'Export the training figure',
  );

  const empty = el('p', { class: 'empty-state', id: 'beyond-training-empty' });
  const charts = el('div', { class: 'fig-grid', id: 'beyond-training-charts' }, lossChart.element, probeChart.element);
  const element = el(
    'div',
    { class: 'subfigure', id: 'beyond-training', role: 'group', 'aria-labelledby': 'beyond-training-title' },
    el('h3', { id: 'beyond-training-title' }, 'Training a small RNN'),
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
          { value: 'adding', label: 'adding problem' },
          { value: 'copy', label: 'copying memory' },
        ]).element,
        numberControl(store, 'rnn', 'T').element,
        selectControl(store, 'rnn', 'cell', [
          { value: 'rnn', label: 'vanilla RNN' },
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
