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
import { LocalizedError, msg } from '../i18n/index.js';
import { videoCaption } from './captions.js';
import { type SectionContext, sectionShell, showError } from './context.js';
import { PowersFigure, type PowersSpec } from './powersfigure.js';

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
  const shell = sectionShell(
    'rnn',
    (m) => m.vid.title,
    (m) => m.vid.text,
    ['saxe2014'],
  );
  const figure = new PowersFigure(sim, {
    name: (m) => m.vid.figureName,
    id: 'rnn-figure',
    onStep: (t) => store.set('vid', { t }),
    onError: (msg) => showError(shell, msg),
    eigenPlanes: true,
    onDraw: (t, panels) => {
      const s = store.state;
      shell.caption.textContent = videoCaption(
        {
          t,
          steps: s.vid.steps,
          n: s.vid.n,
          activation: s.vid.act,
          norm: normOf(s),
          palette: s.ui.palette,
          panels,
        },
        msg(),
      );
    },
  });

  // The editor's own edits must not re-render it (that would steal focus): remember what it sent.
  let panelsText = store.state.vid.init.map(formatInitRef).join(',');
  const panelsEditor = initListEditor(
    (m) => m.vid.panelsLegend,
    6,
    store.state.vid.init,
    (specs) => {
      panelsText = specs.map(formatInitRef).join(',');
      store.set('vid', { init: specs });
    },
  );
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
      title: (m) => m.vid.gifTitle,
      filename: () => `${stem()}.gif`,
      make: async () => {
        await figure.allDone();
        return encodeGif(figure.frameSource(), lutFor(store.state.ui.palette));
      },
    },
    {
      label: 'WebM',
      title: (m) => m.vid.webmTitle,
      filename: () => `${stem()}.webm`,
      make: async () => {
        await figure.allDone();
        // The encoder and muxer load on first use (about 240 kB), not with the page.
        const { WebmUnsupportedError, encodeWebm } = await import('../export/webm.js');
        try {
          return await encodeWebm(figure.frameSource());
        } catch (e) {
          if (e instanceof WebmUnsupportedError) throw new LocalizedError((m) => m.vid.noWebm);
          throw e;
        }
      },
    },
    {
      label: 'PNG',
      title: (m) => m.vid.pngTitle,
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
      title: (m) => m.vid.safetensorsTitle,
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
      (m) => m.exports.chart,
      (m) => m.exports.normChart,
      () => `${stem()}-norms`,
      () => figure.chart.svg,
    ),
    {
      label: 'CSV',
      title: (m) => m.vid.csvTitle,
      filename: () => `${stem()}-log10-norms.csv`,
      make: () => textBlob(seriesCsv('t', figure.normSeries()), 'text/csv'),
    },
    {
      label: 'JSON',
      title: (m) => m.vid.jsonTitle,
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
