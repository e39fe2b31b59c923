/**
 * Section 4: the RNN as Wᵗ, the article's three videos made live: one panel per initializer
 * (vanishing, exploding, orthogonal by default, any the reader adds), in the article's style
 * by default (5x5, RdBu fixed to ±5, 64 steps at 20 fps) with a step counter, a symlog option
 * and the log-norm curves of all panels on one chart.
 */

import { writeSafetensors } from '../../src/core/index.js';
import { canvasToPng, chartExports, exportBar, seriesCsv, seriesJson, textBlob } from '../export/files.js';
import { encodeGif } from '../export/gif.js';
import { formatInitRef } from '../state/initspec.js';
import type { State } from '../state/schema.js';
import { el, numberControl, selectControl } from '../ui/controls.js';
import { ACTIVATION_OPTIONS, SCALE_OPTIONS } from '../ui/options.js';
import { initListEditor } from '../ui/initeditor.js';
import { type ColorNorm, lutFor } from '../../src/core/viz/colormap.js';
import { videoCaption } from './captions.js';
import { type SectionContext, sectionShell, showError } from './context.js';
import { PowersFigure, type PowersSpec } from './powersfigure.js';

const TEXT = [
  'Strip a recurrent network down to hₜ = f(W hₜ₋₁ + V xₜ), then take away the input, the bias and the non-linearity. What is left is hₜ = W hₜ₋₁: the hidden state is multiplied by the same matrix at every step. Start from h₀ = I (one basis vector per column) and the state at step t is the matrix power Wᵗ itself.',
  'Each panel below is Wᵗ for one initializer, drawn as the article drew it: a diverging red-blue map (red negative, white zero, blue positive) with the colour scale pinned to ±5 (the Palette menu at the top swaps in a colour-blind-safe orange–purple map). A matrix whose eigenvalues are all smaller than 1 in modulus fades to white; one with an eigenvalue above 1 saturates; an orthogonal matrix keeps every step on the same scale and only moves the colours around.',
];

/** The step shown still when the reader prefers reduced motion. */
const STILL_STEP = 30;

function normOf(s: State): ColorNorm {
  return { kind: s.vid.scale, limit: s.vid.lim, linthresh: s.vid.lt };
}

function specOf(s: State): PowersSpec {
  return {
    panels: s.vid.init.map((init) => {
      const label = formatInitRef(init);
      return {
        label,
        key: `${label}|${s.vid.n}|${s.vid.seed}`,
        source: { kind: 'init', init, n: s.vid.n, seed: s.vid.seed },
      };
    }),
    steps: s.vid.steps,
    activation: s.vid.act,
    fps: s.vid.fps,
    norm: normOf(s),
    palette: s.ui.palette,
    t: s.vid.t,
    panelSize: 200,
  };
}

export function mountVideos(ctx: SectionContext): HTMLElement {
  const { store, sim } = ctx;
  const shell = sectionShell('rnn', '4. The RNN as Wᵗ: the three videos', TEXT, ['saxe2014']);
  const figure = new PowersFigure(sim, {
    name: 'Wᵗ animation',
    id: 'rnn-figure',
    onStep: (t) => store.set('vid', { t }),
    onError: (msg) => showError(shell, msg),
    eigenPlanes: true,
    onDraw: (t, panels) => {
      const s = store.state;
      shell.caption.textContent = videoCaption({
        t,
        steps: s.vid.steps,
        n: s.vid.n,
        activation: s.vid.act,
        norm: normOf(s),
        palette: s.ui.palette,
        panels,
      });
    },
  });

  // The editor's own edits must not re-render it (that would steal focus): remember what it sent.
  let panelsText = store.state.vid.init.map(formatInitRef).join(',');
  const panelsEditor = initListEditor('Panels (one initializer each)', 6, store.state.vid.init, (specs) => {
    panelsText = specs.map(formatInitRef).join(',');
    store.set('vid', { init: specs });
  });
  const linthresh = numberControl(store, 'vid', 'lt').element;
  const controls = el(
    'div',
    { class: 'controls' },
    panelsEditor.element,
    el(
      'div',
      { class: 'control-row' },
      numberControl(store, 'vid', 'n', { slider: { min: 1, max: 64, step: 1 } }).element,
      numberControl(store, 'vid', 'seed').element,
      numberControl(store, 'vid', 'steps').element,
      numberControl(store, 'vid', 'fps', { slider: { min: 1, max: 60, step: 1 } }).element,
    ),
    el(
      'div',
      { class: 'control-row' },
      selectControl(store, 'vid', 'act', ACTIVATION_OPTIONS).element,
      selectControl(store, 'vid', 'scale', SCALE_OPTIONS).element,
      numberControl(store, 'vid', 'lim').element,
      linthresh,
    ),
  );
  // The linear threshold only means something on the symlog scale.
  const showLinthresh = (s: State): void => {
    linthresh.hidden = s.vid.scale !== 'symlog';
  };
  showLinthresh(store.state);

  const stem = (): string => `ortholab-wt-n${store.state.vid.n}-seed${store.state.vid.seed}`;
  const exports = exportBar([
    {
      label: 'GIF',
      title: 'Download the animation as an animated GIF',
      filename: () => `${stem()}.gif`,
      make: async () => {
        await figure.allDone();
        return encodeGif(figure.frameSource(), lutFor(store.state.ui.palette));
      },
    },
    {
      label: 'WebM',
      title: 'Download the animation as a WebM video (VP9 or VP8, one frame per step)',
      filename: () => `${stem()}.webm`,
      make: async () => {
        await figure.allDone();
        // The encoder and muxer load on first use (about 240 kB), not with the page.
        const { encodeWebm } = await import('../export/webm.js');
        return encodeWebm(figure.frameSource());
      },
    },
    {
      label: 'PNG',
      title: 'Download the current frame of all panels as PNG',
      filename: () => `${stem()}-t${figure.runner.step}.png`,
      make: () => {
        const src = figure.frameSource();
        const c = document.createElement('canvas');
        c.width = src.width;
        c.height = src.height;
        src.draw(c.getContext('2d')!, Math.floor(figure.runner.step / (figure.jobs[0]?.stride ?? 1)));
        return canvasToPng(c);
      },
    },
    {
      label: 'W (.safetensors)',
      title: 'Download every panel’s matrix W (float64) in one .safetensors file, named by initializer',
      filename: () => `${stem()}-W.safetensors`,
      make: async () => {
        await figure.allDone();
        const tensors: Record<string, { rows: number; cols: number; data: Float64Array }> = {};
        figure.jobs.forEach((j, k) => {
          tensors[`${k}:${formatInitRef(store.state.vid.init[k]!)}`] = { rows: j.n, cols: j.n, data: j.W };
        });
        const bytes = writeSafetensors(tensors, { source: 'ortholab explorer', url: location.search });
        return new Blob([bytes], { type: 'application/octet-stream' });
      },
    },
    ...chartExports(
      'Chart',
      'norm chart',
      () => `${stem()}-norms`,
      () => figure.chart.svg,
    ),
    {
      label: 'CSV',
      title: 'Download log10 of the Frobenius norm per step as CSV',
      filename: () => `${stem()}-log10-norms.csv`,
      make: () => textBlob(seriesCsv('t', figure.normSeries()), 'text/csv'),
    },
    {
      label: 'JSON',
      title: 'Download log10 of the Frobenius norm per step as JSON, with the settings',
      filename: () => `${stem()}-log10-norms.json`,
      make: () =>
        textBlob(
          seriesJson(
            { quantity: 'log10 Frobenius norm of h_t', url: location.search, settings: store.state.vid },
            figure.normSeries(),
          ),
          'application/json',
        ),
    },
  ]);
  // The triptych first (on a phone it is the first screen of the section), then its knobs.
  shell.figure.append(figure.element, controls, exports);

  store.subscribe((s, changed) => {
    if (!changed.has('vid') && !changed.has('ui')) return;
    showLinthresh(s);
    const text = s.vid.init.map(formatInitRef).join(',');
    if (text !== panelsText) {
      panelsText = text;
      panelsEditor.set(s.vid.init);
    }
    figure.update(specOf(s));
  });
  figure.update(specOf(store.state));
  // The first screen moves: unless the link asks for a step, the three panels play and loop
  // (vanishing fades, exploding saturates, orthogonal keeps its scale). Readers who asked for
  // less motion get a still at t = 30 (every regime already visible) and the Play button.
  if (!new URLSearchParams(ctx.initialQuery).has('vid.t')) {
    if (matchMedia('(prefers-reduced-motion: reduce)').matches) {
      store.set('vid', { t: Math.min(STILL_STEP, store.state.vid.steps) });
    } else figure.autoplay();
  }
  return shell.element;
}
