/**
 * The Lab: any initializer and its parameters, n up to 512, any seed, up to 1000 steps, an
 * activation; or a matrix typed/pasted in; or (with core io) a .npy / .safetensors file. The
 * heavy work runs in the worker with progress and a Cancel button; the page never freezes.
 *
 * A typed matrix up to 16x16 lives in the URL (lab.m); a larger one, or a loaded file, lives
 * only in this page (lab.source=file), and a link to it says so with a notice.
 */

import { chartExports, exportBar, seriesCsv, textBlob } from '../export/files.js';
import { writeNpy } from '../../src/core/index.js';
import { type MatrixSource, unscale } from '../sim/compute.js';
import { squareMatricesFromFiles } from '../sim/weights.js';
import { formatInitRef } from '../state/initspec.js';
import { formatMatrixPaste, parseMatrixPaste } from '../state/matrixtext.js';
import { MAX_N, MAX_URL_MATRIX, type State } from '../state/schema.js';
import { button, checkboxControl, el, numberControl, selectControl } from '../ui/controls.js';
import { initEditor } from '../ui/initeditor.js';
import { ACTIVATION_OPTIONS, SCALE_OPTIONS } from '../ui/options.js';
import type { ColorNorm } from '../../src/core/viz/colormap.js';
import { complexPlaneSvg, planeRadius } from '../views/complexplane.js';
import { fmtNum } from '../views/format.js';
import { SvgView } from '../views/svgview.js';
import { en } from '../i18n/en.js';
import { LocalizedError, type Messages, currentLang, msg, setText } from '../i18n/index.js';
import { videoCaption } from './captions.js';
import { type SectionContext, sectionShell, showError } from './context.js';
import { PowersFigure, type PowersSpec } from './powersfigure.js';

/** A matrix that lives only in this page (too large for the URL, or loaded from a file). */
interface PageMatrix {
  /** Identity for change detection. */
  readonly id: string;
  /** Its name on the page (in the current language). */
  readonly name: () => string;
  readonly rows: number;
  readonly data: Float64Array;
}

export function mountLab(ctx: SectionContext): HTMLElement {
  const { store, sim } = ctx;
  const shell = sectionShell(
    'lab',
    (m) => m.lab.title,
    (m) => m.lab.text,
    ['mezzadri2007'],
  );
  let pageMatrix: PageMatrix | null = null;
  let pasted = 0;

  const norm = (s: State): ColorNorm => ({ kind: s.lab.scale, limit: s.lab.lim, linthresh: 1e-3 * s.lab.lim });
  const source = (s: State, m: Messages = msg()): { source: MatrixSource; label: string; key: string } => {
    if (s.lab.source === 'matrix') {
      const n = s.lab.m.length;
      const data = Float64Array.from(s.lab.m.flat());
      return {
        source: { kind: 'matrix', rows: n, cols: n, data },
        label: m.lab.typedMatrix(n),
        key: `m:${s.lab.m.map((r) => r.join(',')).join(';')}`,
      };
    }
    if (s.lab.source === 'file' && pageMatrix) {
      const p = pageMatrix;
      return {
        source: { kind: 'matrix', rows: p.rows, cols: p.rows, data: p.data },
        label: p.name(),
        key: `file:${p.id}:${p.rows}`,
      };
    }
    const label = formatInitRef(s.lab.init);
    return {
      source: { kind: 'init', init: s.lab.init, n: s.lab.n, seed: s.lab.seed },
      label,
      key: `${label}|${s.lab.n}|${s.lab.seed}`,
    };
  };
  const specOf = (s: State): PowersSpec => {
    const src = source(s);
    return {
      panels: [{ label: src.label, source: src.source, key: src.key }],
      steps: s.lab.steps,
      activation: s.lab.act,
      fps: s.lab.fps,
      norm: norm(s),
      palette: s.ui.palette,
      t: s.lab.t,
      panelSize: 400,
    };
  };

  const figure = new PowersFigure(sim, {
    name: (m) => m.lab.figureName,
    id: 'lab-figure',
    onStep: (t) => store.set('lab', { t }),
    onError: (msg) => showError(shell, msg),
    onDraw: (t, panels) => {
      const s = store.state;
      drawSpectrum(s);
      const n = figure.jobs[0]?.n ?? s.lab.n;
      shell.caption.textContent = videoCaption(
        {
          t,
          steps: s.lab.steps,
          n,
          activation: s.lab.act,
          norm: norm(s),
          palette: s.ui.palette,
          panels,
        },
        msg(),
      );
    },
  });

  let initText = formatInitRef(store.state.lab.init);
  const init = initEditor(
    (m) => m.fields.lab.init,
    store.state.lab.init,
    (spec) => {
      initText = formatInitRef(spec);
      store.set('lab', { init: spec, source: 'init' });
    },
  );
  const textarea = el('textarea', {
    id: 'lab-matrix',
    rows: '5',
    spellcheck: 'false',
    'aria-describedby': 'lab-matrix-err',
  });
  textarea.value = formatMatrixPaste(store.state.lab.m);
  const pasteError = el('span', { class: 'field-error', id: 'lab-matrix-err', role: 'alert' });
  const pasteNote = el('span', { class: 'hint' });
  const applyMatrix = (): void => {
    const r = parseMatrixPaste(textarea.value, MAX_N);
    if (!r.ok) {
      setText(pasteError, r.say);
      textarea.setAttribute('aria-invalid', 'true');
      return;
    }
    setText(pasteError, () => '');
    textarea.removeAttribute('aria-invalid');
    const n = r.rows.length;
    if (n <= MAX_URL_MATRIX) {
      setText(pasteNote, () => '');
      store.set('lab', { m: r.rows, source: 'matrix' });
    } else {
      pageMatrix = {
        id: `pasted:${++pasted}`,
        name: () => msg().lab.pastedMatrix(n),
        rows: n,
        data: Float64Array.from(r.rows.flat()),
      };
      setText(pasteNote, (m) => m.lab.pageOnly(MAX_URL_MATRIX));
      store.set('lab', { source: 'file' });
      figure.update(specOf(store.state));
    }
  };
  const matrixBox = el(
    'div',
    { class: 'control matrix-input' },
    el('label', { for: 'lab-matrix' }, (m) => m.lab.matrixLabel),
    textarea,
    button((m) => m.common.useMatrix, applyMatrix),
    pasteError,
    pasteNote,
  );

  // Weights from a file: every square matrix (or gate block) is offered as W.
  const fileInput = el('input', {
    id: 'lab-file',
    type: 'file',
    accept: '.npy,.safetensors,.json,.pt,.pth,.keras,.h5,.bin',
    multiple: '',
    'aria-describedby': 'lab-file-err',
  });
  const fileChoice = el('select', { id: 'lab-file-choice', 'aria-label': (m) => m.lab.fileChoice, hidden: '' });
  const fileError = el('span', { class: 'field-error', id: 'lab-file-err', role: 'alert' });
  const fileNote = el('span', { class: 'hint', id: 'lab-file-note', role: 'status' });
  let fileCandidates: { label: string; data: Float64Array; rows: number }[] = [];
  const useCandidate = (k: number): void => {
    const c = fileCandidates[k];
    if (!c) return;
    pageMatrix = { id: `file:${c.label}`, name: () => c.label, rows: c.rows, data: c.data };
    // Show the reader's matrix itself first: W¹ = W, not W⁰ = I (identical for every file).
    const t = Math.min(1, store.state.lab.steps);
    figure.runner.pause();
    if (store.state.lab.source === 'file' && store.state.lab.t === t) figure.update(specOf(store.state));
    else store.set('lab', { source: 'file', t });
  };
  // Several files at once: a TF.js model.json with its .bin shards.
  const loadFiles = async (files: readonly File[]): Promise<void> => {
    if (files.length === 0) return;
    setText(fileError, () => '');
    const names = files.map((f) => f.name).join(', ');
    setText(fileNote, (m) => m.lab.reading(names));
    try {
      const picked = await Promise.all(
        files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })),
      );
      const loaded = squareMatricesFromFiles(picked, MAX_N);
      fileCandidates = loaded.candidates.map((c) => ({ label: c.label, data: c.matrix.data, rows: c.matrix.rows }));
      fileChoice.replaceChildren(...fileCandidates.map((c, i) => el('option', { value: String(i) }, c.label)));
      fileChoice.hidden = fileCandidates.length < 2;
      const count = fileCandidates.length;
      const skipped = loaded.skipped.join('; ');
      setText(fileNote, (m) => m.lab.loaded(count, skipped));
      useCandidate(0);
    } catch (e) {
      setText(fileNote, () => '');
      const detail = e instanceof Error ? e.message : String(e);
      setText(fileError, (m) => m.lab.fileError(detail));
      fileInput.setAttribute('aria-invalid', 'true');
      return;
    }
    fileInput.removeAttribute('aria-invalid');
  };
  fileInput.addEventListener('change', () => void loadFiles(Array.from(fileInput.files ?? [])));
  fileChoice.addEventListener('change', () => useCandidate(Number(fileChoice.value)));
  const fileBox = el(
    'div',
    { class: 'control' },
    el('label', { for: 'lab-file' }, (m) => m.lab.fileLabel),
    fileInput,
    fileChoice,
    fileError,
    fileNote,
  );
  fileBox.addEventListener('dragover', (e) => {
    e.preventDefault();
    fileBox.classList.add('dropping');
  });
  fileBox.addEventListener('dragleave', () => fileBox.classList.remove('dropping'));
  fileBox.addEventListener('drop', (e) => {
    e.preventDefault();
    fileBox.classList.remove('dropping');
    void loadFiles(Array.from(e.dataTransfer?.files ?? []));
  });

  const sizeControl = numberControl(store, 'lab', 'n', { slider: { min: 1, max: MAX_N, step: 1 } }).element;
  const seedControl = numberControl(store, 'lab', 'seed').element;
  // Show only the inputs of the chosen source: initializer, size and seed; or the matrix box;
  // or the file loader (with the matrix box, where a matrix too large for the URL can be pasted).
  const showSource = (s: State): void => {
    for (const e of [init.element, sizeControl, seedControl]) e.hidden = s.lab.source !== 'init';
    matrixBox.hidden = s.lab.source === 'init';
    fileBox.hidden = s.lab.source !== 'file';
  };
  const controls = el(
    'div',
    { class: 'controls' },
    el(
      'div',
      { class: 'control-row' },
      selectControl(store, 'lab', 'source', [
        { value: 'init', label: (m) => m.lab.sources.init },
        { value: 'matrix', label: (m) => m.lab.sources.matrix },
        { value: 'file', label: (m) => m.lab.sources.file },
      ]).element,
      init.element,
      sizeControl,
      seedControl,
    ),
    el(
      'div',
      { class: 'control-row' },
      numberControl(store, 'lab', 'steps').element,
      numberControl(store, 'lab', 'fps').element,
      selectControl(store, 'lab', 'act', ACTIVATION_OPTIONS).element,
      selectControl(store, 'lab', 'scale', SCALE_OPTIONS).element,
      numberControl(store, 'lab', 'lim').element,
    ),
    matrixBox,
    fileBox,
  );

  // File names are the same in every language (the English label).
  const stem = (): string => `ortholab-lab-${source(store.state, en).label.replace(/[^a-zA-Z0-9]+/g, '_')}`;
  const currentSource = (): MatrixSource => source(store.state).source;
  const npyBlob = (bytes: Uint8Array<ArrayBuffer>): Blob => new Blob([bytes], { type: 'application/octet-stream' });
  // Eigenvalues of W (sent by the worker after the frames).
  const spectrum = new SvgView('complex-plane');
  const exports = exportBar([
    {
      label: 'W (.npy)',
      title: (m) => m.lab.npyTitle,
      filename: () => `${stem()}-W.npy`,
      make: () => {
        const job = figure.jobs[0];
        if (!job || job.n === 0) throw new LocalizedError((m) => m.lab.notYetW);
        return npyBlob(writeNpy({ rows: job.n, cols: job.n, data: job.W }));
      },
    },
    {
      label: 'hₜ (.npy)',
      title: (m) => m.lab.stateTitle,
      filename: () => `${stem()}-h${figure.runner.step}.npy`,
      make: async () => {
        const f = await sim.frame({
          source: currentSource(),
          step: figure.runner.step,
          activation: store.state.lab.act,
        });
        return npyBlob(writeNpy({ rows: f.n, cols: f.n, data: unscale(f) }));
      },
    },
    ...chartExports(
      (m) => m.exports.chart,
      (m) => m.lab.normChart,
      () => `${stem()}-norms`,
      () => figure.chart.svg,
    ),
    {
      label: 'CSV',
      title: (m) => m.lab.csvTitle,
      filename: () => `${stem()}-log10-norms.csv`,
      make: () => textBlob(seriesCsv('t', figure.normSeries(), 0, figure.normStride), 'text/csv'),
    },
    ...chartExports(
      (m) => m.exports.eigenvalues,
      (m) => m.exports.eigenPlot,
      () => `${stem()}-eigenvalues`,
      () => spectrum.svg,
    ),
    {
      label: (m) => `${m.exports.eigenvalues} CSV`,
      title: (m) => m.lab.eigenCsvTitle,
      filename: () => `${stem()}-eigenvalues.csv`,
      make: () => {
        const eig = figure.jobs[0]?.eig;
        if (!eig) throw new LocalizedError((m) => m.lab.notYetEigen);
        const rows = Array.from(eig.re, (re, i) => `${re},${eig.im[i]}`);
        return textBlob(`re,im\n${rows.join('\n')}\n`, 'text/csv');
      },
    },
  ]);
  const spectrumNote = el('p', { class: 'hint', role: 'status' });
  const spectrumBox = el('div', { class: 'fig-grid' }, spectrum.element, spectrumNote);
  let drawnEig: { re: Float64Array; im: Float64Array } | null = null;
  let drawnLang = currentLang();
  function drawSpectrum(s: State): void {
    spectrumBox.hidden = !s.lab.eig;
    if (!s.lab.eig) return;
    const eig = figure.jobs[0]?.eig;
    if (!eig) {
      const status = figure.jobs[0]?.status;
      setText(spectrumNote, (m) =>
        status === 'done'
          ? m.lab.eigenNoConverge
          : status === 'cancelled'
            ? m.lab.eigenCancelled
            : status === 'error'
              ? ''
              : m.lab.eigenPending,
      );
      spectrum.set('');
      drawnEig = null;
      return;
    }
    // Redrawn only when the spectrum or the language changes (drawSpectrum runs with every frame drawn).
    if (eig === drawnEig && drawnLang === currentLang()) return;
    drawnEig = eig;
    drawnLang = currentLang();
    const m = msg();
    const points = Array.from(eig.re, (re, i) => ({ re, im: eig.im[i]! }));
    let rho = 0;
    for (const p of points) rho = Math.max(rho, Math.hypot(p.re, p.im));
    spectrum.set(
      complexPlaneSvg({
        points,
        size: 300,
        title: m.lab.spectrumTitle(points.length),
        radius: planeRadius(points),
        regimeColors: true,
      }),
    );
    const where = rho < 1 - 1e-9 ? 'inside' : rho > 1 + 1e-9 ? 'outside' : 'on';
    const count = points.length;
    setText(spectrumNote, (c) => c.lab.spectrumNote(count, fmtNum(rho, 5), where));
  }
  controls.append(el('div', { class: 'control-row' }, checkboxControl(store, 'lab', 'eig').element));
  shell.figure.append(controls, figure.element, spectrumBox, exports);

  const apply = (s: State): void => {
    showSource(s);
    // A file (or a large pasted matrix) never travels in the link: until one is loaded here,
    // say so and keep showing the initializer, but leave the choice (and the loader) in place.
    const waiting = s.lab.source === 'file' && !pageMatrix;
    if (waiting) {
      const shown = formatInitRef(s.lab.init);
      setText(fileNote, (m) => m.lab.noFile(shown));
    }
    if (formatInitRef(s.lab.init) !== initText) {
      initText = formatInitRef(s.lab.init);
      init.set(s.lab.init);
    }
    if (s.lab.source === 'matrix' && document.activeElement !== textarea) {
      const text = formatMatrixPaste(s.lab.m);
      const current = parseMatrixPaste(textarea.value, MAX_N);
      if (!current.ok || formatMatrixPaste(current.rows) !== text) textarea.value = text;
    }
    figure.update(specOf(s));
  };
  store.subscribe((s, changed) => {
    if (changed.has('lab') || changed.has('ui')) apply(s);
  });
  apply(store.state);
  return shell.element;
}
