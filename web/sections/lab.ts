/**
 * The Lab: any initializer and its parameters, n up to 512, any seed, up to 1000 steps, an
 * activation; or a matrix typed/pasted in; or (with core io) a .npy / .safetensors file. The
 * heavy work runs in the worker with progress and a Cancel button; the page never freezes.
 *
 * A typed matrix up to 16x16 lives in the URL (lab.m); a larger one, or a loaded file, lives
 * only in this page (lab.source=file), and a link to it says so with a notice.
 */

import { ExportError } from '../export/errors.js';
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
import { videoCaption } from './captions.js';
import { type SectionContext, sectionShell, showError } from './context.js';
import { PowersFigure, type PowersSpec } from './powersfigure.js';

const TEXT = [
  'Everything above, with every knob exposed. Pick an initializer and its parameters, a size up to 512, a seed, up to 1000 steps and an activation; or type or paste your own matrix. Large runs are computed in a background worker: the page stays responsive, shows its progress, and can be cancelled.',
];

/** A matrix that lives only in this page (too large for the URL, or loaded from a file). */
interface PageMatrix {
  readonly name: string;
  readonly rows: number;
  readonly data: Float64Array;
}

export function mountLab(ctx: SectionContext): HTMLElement {
  const { store, sim } = ctx;
  const shell = sectionShell('lab', 'Lab: your own matrix', TEXT, ['mezzadri2007']);
  let pageMatrix: PageMatrix | null = null;

  const norm = (s: State): ColorNorm => ({ kind: s.lab.scale, limit: s.lab.lim, linthresh: 1e-3 * s.lab.lim });
  const source = (s: State): { source: MatrixSource; label: string; key: string } => {
    if (s.lab.source === 'matrix') {
      const n = s.lab.m.length;
      const data = Float64Array.from(s.lab.m.flat());
      return {
        source: { kind: 'matrix', rows: n, cols: n, data },
        label: `typed ${n}×${n} matrix`,
        key: `m:${s.lab.m.map((r) => r.join(',')).join(';')}`,
      };
    }
    if (s.lab.source === 'file' && pageMatrix) {
      const m = pageMatrix;
      return {
        source: { kind: 'matrix', rows: m.rows, cols: m.rows, data: m.data },
        label: m.name,
        key: `file:${m.name}:${m.rows}`,
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
    name: 'Lab Wᵗ',
    id: 'lab-figure',
    onStep: (t) => store.set('lab', { t }),
    onError: (msg) => showError(shell, msg),
    onDraw: (t, panels) => {
      const s = store.state;
      drawSpectrum(s);
      const n = figure.jobs[0]?.n ?? s.lab.n;
      shell.caption.textContent = videoCaption({
        t,
        steps: s.lab.steps,
        n,
        activation: s.lab.act,
        norm: norm(s),
        palette: s.ui.palette,
        panels,
      });
    },
  });

  let initText = formatInitRef(store.state.lab.init);
  const init = initEditor('Initializer', store.state.lab.init, (spec) => {
    initText = formatInitRef(spec);
    store.set('lab', { init: spec, source: 'init' });
  });
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
      pasteError.textContent = r.error;
      textarea.setAttribute('aria-invalid', 'true');
      return;
    }
    pasteError.textContent = '';
    textarea.removeAttribute('aria-invalid');
    const n = r.rows.length;
    if (n <= MAX_URL_MATRIX) {
      pasteNote.textContent = '';
      store.set('lab', { m: r.rows, source: 'matrix' });
    } else {
      pageMatrix = { name: `pasted ${n}×${n} matrix`, rows: n, data: Float64Array.from(r.rows.flat()) };
      pasteNote.textContent = `Matrices larger than ${MAX_URL_MATRIX}×${MAX_URL_MATRIX} are kept in this page only; a link will not include it.`;
      store.set('lab', { source: 'file' });
      figure.update(specOf(store.state));
    }
  };
  const matrixBox = el(
    'div',
    { class: 'control matrix-input' },
    el('label', { for: 'lab-matrix' }, 'Matrix (rows on lines; entries separated by spaces or commas)'),
    textarea,
    button('Use this matrix', applyMatrix),
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
  const fileChoice = el('select', { id: 'lab-file-choice', 'aria-label': 'Matrix from the file', hidden: '' });
  const fileError = el('span', { class: 'field-error', id: 'lab-file-err', role: 'alert' });
  const fileNote = el('span', { class: 'hint', id: 'lab-file-note', role: 'status' });
  let fileCandidates: { label: string; data: Float64Array; rows: number }[] = [];
  const useCandidate = (k: number): void => {
    const c = fileCandidates[k];
    if (!c) return;
    pageMatrix = { name: c.label, rows: c.rows, data: c.data };
    // Show the reader's matrix itself first: W¹ = W, not W⁰ = I (identical for every file).
    const t = Math.min(1, store.state.lab.steps);
    figure.runner.pause();
    if (store.state.lab.source === 'file' && store.state.lab.t === t) figure.update(specOf(store.state));
    else store.set('lab', { source: 'file', t });
  };
  // Several files at once: a TF.js model.json with its .bin shards.
  const loadFiles = async (files: readonly File[]): Promise<void> => {
    if (files.length === 0) return;
    fileError.textContent = '';
    fileNote.textContent = `Reading ${files.map((f) => f.name).join(', ')}…`;
    try {
      const picked = await Promise.all(
        files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })),
      );
      const loaded = squareMatricesFromFiles(picked, MAX_N);
      fileCandidates = loaded.candidates.map((c) => ({ label: c.label, data: c.matrix.data, rows: c.matrix.rows }));
      fileChoice.replaceChildren(...fileCandidates.map((c, i) => el('option', { value: String(i) }, c.label)));
      fileChoice.hidden = fileCandidates.length < 2;
      fileNote.textContent =
        `${fileCandidates.length} ${fileCandidates.length === 1 ? 'matrix' : 'matrices'} usable as W. A loaded file stays in this page (it is not part of the link).` +
        (loaded.skipped.length ? ` Skipped: ${loaded.skipped.join('; ')}.` : '');
      useCandidate(0);
    } catch (e) {
      fileNote.textContent = '';
      fileError.textContent = e instanceof Error ? e.message : String(e);
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
    el(
      'label',
      { for: 'lab-file' },
      'Load weights (.npy, .safetensors, .json) or a model (.pt, .keras, .h5, TF.js model.json with its .bin shards); or drop them here',
    ),
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
        { value: 'init', label: 'an initializer' },
        { value: 'matrix', label: 'a matrix you type or paste' },
        { value: 'file', label: 'a weights file (or a large pasted matrix)' },
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

  const stem = (): string => `ortholab-lab-${source(store.state).label.replace(/[^a-zA-Z0-9]+/g, '_')}`;
  const currentSource = (): MatrixSource => source(store.state).source;
  const npyBlob = (bytes: Uint8Array<ArrayBuffer>): Blob => new Blob([bytes], { type: 'application/octet-stream' });
  // Eigenvalues of W (sent by the worker after the frames).
  const spectrum = new SvgView('complex-plane');
  const exports = exportBar([
    {
      label: 'W (.npy)',
      title: 'Download the matrix W as a float64 .npy file',
      filename: () => `${stem()}-W.npy`,
      make: () => {
        const job = figure.jobs[0];
        if (!job || job.n === 0) throw new ExportError('W is not computed yet.');
        return npyBlob(writeNpy({ rows: job.n, cols: job.n, data: job.W }));
      },
    },
    {
      label: 'hₜ (.npy)',
      title: 'Download the state at the current step, recomputed exactly in float64, as .npy',
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
      'Chart',
      'Lab norm chart',
      () => `${stem()}-norms`,
      () => figure.chart.svg,
    ),
    {
      label: 'CSV',
      title: 'Download the Lab log10 norms per step as CSV',
      filename: () => `${stem()}-log10-norms.csv`,
      make: () => textBlob(seriesCsv('t', figure.normSeries(), 0, figure.normStride), 'text/csv'),
    },
    ...chartExports(
      'Eigenvalues',
      'eigenvalue plot',
      () => `${stem()}-eigenvalues`,
      () => spectrum.svg,
    ),
    {
      label: 'Eigenvalues CSV',
      title: 'Download the eigenvalues of W (real and imaginary parts) as CSV',
      filename: () => `${stem()}-eigenvalues.csv`,
      make: () => {
        const eig = figure.jobs[0]?.eig;
        if (!eig) throw new ExportError('the eigenvalues are not computed yet.');
        const rows = Array.from(eig.re, (re, i) => `${re},${eig.im[i]}`);
        return textBlob(`re,im\n${rows.join('\n')}\n`, 'text/csv');
      },
    },
  ]);
  const spectrumNote = el('p', { class: 'hint', role: 'status' });
  const spectrumBox = el('div', { class: 'fig-grid' }, spectrum.element, spectrumNote);
  let drawnEig: { re: Float64Array; im: Float64Array } | null = null;
  function drawSpectrum(s: State): void {
    spectrumBox.hidden = !s.lab.eig;
    if (!s.lab.eig) return;
    const eig = figure.jobs[0]?.eig;
    if (!eig) {
      const status = figure.jobs[0]?.status;
      spectrumNote.textContent =
        status === 'done'
          ? 'The eigenvalues did not converge.'
          : status === 'cancelled'
            ? 'Cancelled before the eigenvalues were computed. Change a setting to compute again.'
            : status === 'error'
              ? ''
              : 'Eigenvalues follow the frames…';
      spectrum.set('');
      drawnEig = null;
      return;
    }
    // Redrawn only when the spectrum changes (drawSpectrum runs with every frame drawn).
    if (eig === drawnEig) return;
    drawnEig = eig;
    const points = Array.from(eig.re, (re, i) => ({ re, im: eig.im[i]! }));
    let rho = 0;
    for (const p of points) rho = Math.max(rho, Math.hypot(p.re, p.im));
    spectrum.set(
      complexPlaneSvg({
        points,
        size: 300,
        title: `eigenvalues of W (${points.length})`,
        radius: planeRadius(points),
        regimeColors: true,
      }),
    );
    spectrumNote.textContent = `${points.length} eigenvalues; spectral radius ${fmtNum(rho, 5)} (${rho < 1 - 1e-9 ? 'inside' : rho > 1 + 1e-9 ? 'outside' : 'on'} the unit circle). Blue: |λ| < 1, red: |λ| > 1, grey: |λ| = 1.`;
  }
  controls.append(el('div', { class: 'control-row' }, checkboxControl(store, 'lab', 'eig').element));
  shell.figure.append(controls, figure.element, spectrumBox, exports);

  const apply = (s: State): void => {
    showSource(s);
    // A file (or a large pasted matrix) never travels in the link: until one is loaded here,
    // say so and keep showing the initializer, but leave the choice (and the loader) in place.
    const waiting = s.lab.source === 'file' && !pageMatrix;
    if (waiting) {
      fileNote.textContent = `No file loaded yet: choose a .npy, .safetensors or .json file, or paste a matrix above. A file is never part of the link, so the figure shows the initializer (${formatInitRef(s.lab.init)}) until then.`;
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
