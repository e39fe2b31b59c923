/**
 * Section 5: beyond the article. (a) A non-linearity and inputs, forward state norms and
 * gradient norms back through time for each recurrent initializer (main thread: O(T·n²)).
 * (b) A small RNN trained live in the worker on the copying or adding task, one loss curve per
 * initializer, with the ‖∂L/∂h_t‖ picture updating as training goes.
 */

import type { TrainConfigInput, TrainEvent } from '../../src/core/index.js';
import { exportBar, seriesCsv, seriesJson, svgBlob, svgToPng, textBlob } from '../export/files.js';
import type { TrainJob } from '../sim/client.js';
import { buildMatrix } from '../sim/compute.js';
import { throughTime } from '../sim/throughtime.js';
import { formatInitRef } from '../state/initspec.js';
import type { State } from '../state/schema.js';
import { button, el, numberControl, selectControl } from '../ui/controls.js';
import { initListEditor } from '../ui/initeditor.js';
import { lineChartSvg } from '../views/linechart.js';
import { seriesStyle } from '../views/palette.js';
import { SvgView } from '../views/svgview.js';
import { type TrainRunSummary, throughTimeCaption, trainCaption } from './captions.js';
import { type SectionContext, sectionShell, showError } from './context.js';
import { ACTIVATION_OPTIONS } from './videos.js';
import { fitWidth } from '../ui/layout.js';

/** The gated schemes the demo compares when the cell is an LSTM or a GRU. */
const GATED_DEMO_SCHEMES = ['kerasDefault', 'pytorchDefault', 'perGateOrthogonal', 'glorot'] as const;

const TEXT = [
  'A real recurrent network adds an input at every step and squashes the result: hₜ = tanh(W hₜ₋₁ + V xₜ). The squashing keeps the state bounded, so nothing explodes going forward; the trouble moves to the backward pass. Training sends the error signal back through the same matrix, transposed, once per step, multiplied each time by the slope of tanh, which is at most 1. Whether that signal survives a hundred steps is again a question about W.',
  'The first two charts follow one forward pass and the gradient sent back through it, for several initializers of W. Watch how the gradient norm changes on its way back: an orthogonal W can only lose it through the slope of tanh; a W with small eigenvalues lets it fade step after step; a W with large eigenvalues first amplifies it, then drives tanh into saturation, where the flat slope cuts it down again. Below them, the same initializers train a small network on a task that needs memory: by default the copying task (remember ten symbols across a gap, then repeat them) with a linear recurrence, where an orthogonal W learns to recall most symbols in a few hundred steps while the others stay far behind. Switch to the adding problem with ReLU to see the identity initialization (IRNN) shine instead.',
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

export function mountBeyond(ctx: SectionContext): HTMLElement {
  const { store, sim } = ctx;
  const shell = sectionShell('beyond', '5. Beyond the article: inputs, gradients, training', TEXT);
  const forward = new SvgView('chart');
  const backward = new SvgView('chart');
  const gradCaption = el('p', { class: 'caption', 'aria-live': 'polite', id: 'beyond-grad-caption' });
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

  // (a) Through time.
  let gradSeries: { label: string; forward: Float64Array; backward: Float64Array }[] = [];
  const drawGrad = (): void => {
    const s = store.state as State;
    try {
      const runs = s.rnn.inits.map((init) => {
        const W = buildMatrix({ kind: 'init', init, n: s.rnn.hidden, seed: s.rnn.seed });
        const scaled = { rows: W.rows, cols: W.cols, data: W.data.map((v) => v * s.grad.gain) };
        return throughTime(formatInitRef(init), scaled, {
          steps: s.grad.steps,
          activation: s.grad.act,
          inputScale: s.grad.input,
          seed: s.rnn.seed,
        });
      });
      gradSeries = runs;
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
      gradCaption.textContent = throughTimeCaption({
        steps: s.grad.steps,
        activation: s.grad.act,
        gain: s.grad.gain,
        inputScale: s.grad.input,
        runs: runs.map((r) => ({
          label: r.label,
          backward0: r.backward[0],
          backwardT: r.backward[r.backward.length - 1],
          spectralRadius: r.spectralRadius,
        })),
      });
      showError(shell, null);
    } catch (e) {
      showError(shell, e instanceof Error ? e.message : String(e));
    }
  };

  // (b) Training in the worker.
  let job: TrainJob | null = null;
  let runs: RunState[] = [];
  let baseline: number | null = null;
  let drawPending = false;
  const trainButton = button('Train', () => startTraining(), { class: 'train', 'aria-label': 'Start training' });
  const stopButton = button('Stop', () => job?.cancel(), { class: 'stop', 'aria-label': 'Stop training' });
  stopButton.disabled = true;

  // One run per recurrent initializer (vanilla cell), or per gated scheme (LSTM, GRU: the
  // activation and the initializer list do not apply; decisions/0021).
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
    const s = store.state as State;
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
    const s = store.state as State;
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
      for (const { run, event } of events) onEvent(runs[run], event);
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

  const exports = exportBar([
    {
      label: 'Gradients CSV',
      title: 'Download log10 ‖∂L/∂hₜ‖ per step for each initializer as CSV',
      filename: () => 'ortholab-gradients-log10.csv',
      make: () =>
        textBlob(
          seriesCsv(
            't',
            gradSeries.map((r) => ({ label: r.label, values: r.backward })),
          ),
          'text/csv',
        ),
    },
    {
      label: 'Gradients SVG',
      title: 'Download the gradient chart as SVG',
      filename: () => 'ortholab-gradients.svg',
      make: () => svgBlob(backward.svg),
    },
    {
      label: 'Gradients PNG',
      title: 'Download the gradient chart as PNG',
      filename: () => 'ortholab-gradients.png',
      make: () => svgToPng(backward.svg),
    },
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
              configs: configOf(store.state as State),
            },
            runs.map((r) => ({ label: r.label, values: r.losses })),
          ),
          'application/json',
        ),
    },
    {
      label: 'Loss SVG',
      title: 'Download the loss chart as SVG',
      filename: () => 'ortholab-training-loss.svg',
      make: () => svgBlob(lossChart.svg),
    },
    {
      label: 'Loss PNG',
      title: 'Download the loss chart as PNG',
      filename: () => 'ortholab-training-loss.png',
      make: () => svgToPng(lossChart.svg),
    },
  ]);

  shell.figure.append(
    el(
      'div',
      { class: 'controls' },
      inits.element,
      el(
        'div',
        { class: 'control-row' },
        numberControl(store, 'rnn', 'hidden').element,
        numberControl(store, 'rnn', 'seed').element,
        selectControl(store, 'grad', 'act', ACTIVATION_OPTIONS).element,
        numberControl(store, 'grad', 'gain', { slider: { min: 0, max: 3, step: 0.01 } }).element,
        numberControl(store, 'grad', 'steps').element,
        numberControl(store, 'grad', 'input').element,
      ),
    ),
    el('div', { class: 'fig-grid' }, forward.element, backward.element),
    gradCaption,
    el('h3', {}, 'Training a small RNN'),
    el(
      'div',
      { class: 'controls' },
      el(
        'div',
        { class: 'control-row' },
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
        selectControl(store, 'rnn', 'act', ACTIVATION_OPTIONS).element,
        numberControl(store, 'rnn', 'lr').element,
        numberControl(store, 'rnn', 'iters').element,
      ),
      el('div', { class: 'control-row' }, trainButton, stopButton, trainStatus),
    ),
    el('div', { class: 'fig-grid', id: 'beyond-training-charts' }, lossChart.element, probeChart.element),
    exports,
  );

  store.subscribe((s, changed) => {
    if (changed.has('rnn')) {
      const text = s.rnn.inits.map(formatInitRef).join(',');
      if (text !== initsText) {
        initsText = text;
        inits.set(s.rnn.inits);
      }
    }
    if (changed.has('rnn') || changed.has('grad') || changed.has('ui')) drawGrad();
    if (changed.has('ui')) scheduleTrainingDraw();
  });
  drawGrad();
  drawTraining();
  return shell.element;
}
