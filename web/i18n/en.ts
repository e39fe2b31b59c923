/**
 * The explorer's text in English: every word the page shows, in one typed table. ko.ts has the
 * same shape (`Messages`, the type of this object), so a key missing there is a type error, and
 * catalog.test.ts compares the two key by key. Text that depends on numbers is a function of the
 * numbers (already formatted), so both languages word the same values. Mathematical notation
 * (Wᵗ, ‖h‖, λ, ρ) and identifiers (initializer names, file formats) are the same everywhere.
 */

import type { RegimeReport } from '../../src/core/index.js';
import type { RegimePreset } from '../sim/story.js';
import type { GroupName, Schema } from '../state/schema.js';
import { sup } from '../views/format.js';

/** The numbers of the per-gate figure's caption, already formatted. */
export interface GateCaption {
  readonly cell: string;
  readonly T: number;
  readonly n: number;
  readonly seed: number;
  readonly scheme: string;
  readonly perScheme: string;
  readonly perGate: string;
}

/** A label for every field of the URL schema (checked against the schema by the compiler). */
export type FieldLabels = { readonly [G in GroupName]: { readonly [K in keyof Schema[G]]: string } };

/** What the training demo's empty state describes. */
export interface TrainPlan {
  readonly task: 'copy' | 'adding';
  readonly T: number;
  /** 'LSTM' or 'GRU', or null for the vanilla RNN. */
  readonly cell: string | null;
  readonly hidden: number;
  readonly act: 'linear' | 'tanh' | 'relu';
  /** The runs: initializers (vanilla) or gated schemes, comma-separated. */
  readonly runs: string;
  readonly iters: number;
}

/** The notice for a URL value the page could not use. */
export interface InvalidValue {
  readonly label: string;
  readonly key: string;
  readonly raw: string;
  readonly reason: string | null;
  readonly allowed: string;
  readonly used: string;
}

const fields = {
  ui: { palette: 'Palette', lang: 'Language' },
  fib: { t: 'Fibonacci step t' },
  reg: { preset: 'Matrix', m: 'Custom matrix', scale: 'Scale s (matrix is s·A)', steps: 'Steps', t: 'Step t' },
  eig: {
    kind: 'Eigenvalues',
    re: 'Re λ (first real λ)',
    im: 'Im λ',
    l2: 'Second real λ',
    nu: 'Non-normality ν',
    t: 'Step t',
  },
  rot: { theta: 'Rotation angle θ (degrees)', t: 'Step t' },
  vid: {
    init: 'Panels (initializers)',
    n: 'Size n',
    seed: 'Seed',
    steps: 'Steps',
    fps: 'Frames per second',
    lim: 'Colour limit L (±L)',
    scale: 'Colour scale',
    lt: 'Symlog linear threshold',
    act: 'Activation f',
    t: 'Step t',
  },
  grad: {
    inits: 'Initializers (W)',
    n: 'Hidden size n',
    seed: 'Seed',
    act: 'Activation f',
    gain: 'Gain',
    steps: 'Steps back',
    input: 'Input scale',
    cell: 'Cell',
    scheme: 'Gated initialization (per-gate chart)',
  },
  rnn: {
    task: 'Task',
    T: 'Sequence length T',
    hidden: 'Hidden size',
    cell: 'Cell',
    inits: 'Recurrent initializers',
    act: 'Activation f',
    lr: 'Learning rate',
    iters: 'Training steps',
    seed: 'Seed',
  },
  lab: {
    source: 'Matrix source',
    init: 'Initializer',
    n: 'Size n',
    seed: 'Seed',
    steps: 'Steps',
    fps: 'Frames per second',
    act: 'Activation f',
    m: 'Matrix',
    lim: 'Colour limit L (±L)',
    scale: 'Colour scale',
    t: 'Step t',
    eig: 'Show eigenvalues',
  },
} satisfies FieldLabels;

export const en = {
  page: {
    documentTitle: 'ortholab: orthogonal initialization, explained and explorable',
    description:
      "Why orthogonal initialization keeps recurrent networks stable: matrix powers, eigenvalues and the article's videos, live.",
    skip: 'Skip to content',
    h1: 'Orthogonal initialization, live',
    lede: "A recurrent network multiplies its state by the same matrix at every step. Whether that state fades, explodes or keeps its size is decided by the matrix's eigenvalues. This page lets you watch it happen and change every knob.",
    citeBefore: 'Based on Stephen Merity, ',
    citeAfter:
      ' (27 June 2016, smerity.com/articles/2016/orthogonal_init.html), retold in our own words and made live. Further reading: ',
    references: 'References',
    merityMeta: 'Blog article, 27 June 2016.',
    footer:
      'Everything is computed locally in your browser; nothing is sent anywhere. The address bar holds the whole state: copy it to share exactly what you see.',
    readMore: 'Read more:',
    sectionFailed: (message: string) => `This section could not start: ${message}`,
  },
  refs: {
    notes: {
      merity2016: 'The article this page retells.',
      saxe2014: 'Why orthogonal initial weights keep signals at their size through many layers (§3, §4).',
      le2015: 'The identity initialization with ReLU (IRNN) and the adding problem (§5).',
      arjovsky2016: 'The copying-memory task and its baseline (§5).',
      henaff2016: 'Orthogonal initialization solves copying, identity solves adding (§5).',
      mezzadri2007: 'The sign fix that makes QR sampling of orthogonal matrices uniform (§3, Lab).',
    },
  },
  palette: {
    article: 'article (red–blue, RdBu)',
    cvd: 'colour-blind safe (orange–purple, Okabe–Ito)',
  },
  fields,
  allowed: {
    int: (min: number, max: number) => `an integer from ${min} to ${max}`,
    num: (min: string, max: string, openMin: boolean) =>
      `a number ${openMin ? 'above' : 'from'} ${min} ${openMin ? 'up to' : 'to'} ${max}`,
    choice: (options: string) => `one of ${options}`,
    flag: '1 or 0',
    matrix: (maxDim: number, square: boolean) =>
      `a ${square ? 'square ' : ''}matrix of finite numbers up to ${maxDim}x${maxDim}, written like 0,1;1,1`,
    init: 'an initializer like orthogonal or orthogonal(gain=1.1)',
    initList: (max: number) => `1 to ${max} initializers separated by commas, like vanishing,orthogonal(gain=1.1)`,
  },
  notices: {
    heading: 'Some settings in the link could not be used: ',
    wrong: 'Something went wrong: ',
    label: 'Notices',
    dismiss: 'Dismiss',
    dismissLabel: 'Dismiss notices',
    unexpected: (message: string) => `Unexpected error: ${message}. The rest of the page keeps working.`,
    tooLong: (length: number) => `The URL is too long (${length} characters); showing the defaults.`,
    unreadable: 'The URL could not be read; showing the defaults.',
    repeated: (key: string) => `"${key}" appears more than once; the first value is used.`,
    version: (raw: string, version: number) =>
      `URL version "${raw}" is not supported (this page reads version ${version}); values were read as version ${version}.`,
    unknown: (key: string) => `Unknown setting "${key}" was ignored.`,
    invalid: (v: InvalidValue) =>
      `${v.label} (${v.key}): "${v.raw}" is not valid${v.reason ? ` (${v.reason})` : ''}; expected ${v.allowed}. Using ${v.used}.`,
    stepBeyond: (step: number, key: string, max: number) =>
      `Step ${step} (${key}) is beyond the ${max} steps computed; showing step ${max}.`,
  },
  controls: {
    slider: (label: string) => `${label} slider`,
    expected: (allowed: string) => `Expected ${allowed}.`,
  },
  common: {
    stepT: 'step t',
    useMatrix: 'Use this matrix',
  },
  options: {
    linearWt: 'none (linear): h = Wᵗ',
    linear: 'none (linear)',
    linearScale: 'linear (article)',
    symlog: 'symmetric log',
  },
  player: {
    play: 'Play',
    pause: 'Pause',
    playWhat: (what: string) => `Play ${what}`,
    pauseWhat: (what: string) => `Pause ${what}`,
    previous: 'Previous step',
    next: 'Next step',
    stepOf: (what: string) => `Step of ${what}`,
    group: (what: string) => `${what} player`,
  },
  exports: {
    bar: 'Export',
    chart: 'Chart',
    eigenvalues: 'Eigenvalues',
    normChart: 'norm chart',
    eigenPlot: 'eigenvalue plot',
    eigenPlane: 'eigenvalue plane',
    download: (what: string, format: string) => `Download the ${what} as ${format}`,
    notDrawn: (what: string) => `the ${what} is not drawn yet.`,
    saved: (name: string) => `Saved ${name}`,
    failed: (why: string) => `Export failed: ${why}`,
    pngFailed: 'The canvas could not be encoded as PNG.',
  },
  initEditor: {
    item: { panel: 'panel', initializer: 'initializer' },
    add: (item: string) => `Add ${item}`,
    numbered: (item: string, i: number) => `${item[0]?.toUpperCase() ?? ''}${item.slice(1)} ${i}`,
    remove: 'Remove',
    removeNumbered: (item: string, i: number) => `Remove ${item} ${i}`,
    notNumber: (key: string, raw: string) => `${key}: "${raw}" is not a number.`,
  },
  /** Descriptions of the initializers and their parameters: English is core's own text. */
  initDocs: {
    init: (_name: string, coreDoc: string) => coreDoc,
    param: (_name: string, _key: string, coreDoc: string) => coreDoc,
  },
  initspec: {
    unknown: (name: string) => `unknown initializer "${name}"`,
    noParam: (name: string, key: string, keys: string) =>
      `${name} has no parameter "${key}"${keys ? ` (it takes ${keys})` : ' (it takes none)'}`,
    oneOf: (name: string, key: string, options: string) => `${name}: ${key} must be one of ${options}`,
    range: (name: string, key: string, integer: boolean, min: string, max: string) =>
      `${name}: ${key} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}`,
    count: (n: number) => `${n} initializers given`,
    /** A message from core's parser or validator (English, as the CLI prints it). */
    core: (message: string) => message,
  },
  matrixText: {
    empty: 'The matrix is empty; type rows like "0 1" and "1 1" on separate lines.',
    tooManyRows: (rows: number, max: number) => `${rows} rows: at most ${max} are allowed.`,
    notNumber: (row: number, entry: number, text: string) =>
      `Row ${row}, entry ${entry}: "${text}" is not a finite number.`,
    ragged: (row: number, length: number, first: number) =>
      `Row ${row} has ${length} entries but row 1 has ${first}; every row needs the same length.`,
    notSquare: (shape: string) => `The matrix is ${shape}; Wᵗ needs a square matrix.`,
  },
  views: {
    step: (i: number) => `step ${i}`,
    unitCircle: 'unit circle |λ| = 1',
    offPlot: (tip: string) => `${tip} (off the plot)`,
    colourScale: 'colour scale',
    entry: (i: number, j: number, value: string) => `entry (${i}, ${j}) = ${value}`,
    overT: (last: number) => `over t = 0 to ${last}:`,
    sparkline: (last: number, limit: number) => `this entry over t = 0 to ${last}, clamped to ±${limit}`,
  },
  /** Captions: sentences built from the numbers (sections/captions.ts decides what to say). */
  cap: {
    paletteWords: { article: 'red < 0 < blue', cvd: 'orange < 0 < purple' },
    decadesBelow: (d: string, of: string) => `${d} decades below ${of}`,
    decadesAbove: (d: string, of: string) => `${d} decades above ${of}`,
    notComputed: (label: string, error: string) => `${label}: not computed (${error})`,
    exactlyZero: (label: string) => `${label}: h is exactly 0`,
    computing: (label: string) => `${label}: computing…`,
    spectralRadius: (r: string) => `spectral radius ${r}`,
    nanEntries: (n: number) => `${n} NaN entries (black)`,
    saturated: (n: number) => `${n} entries at or beyond the colour limit`,
    linearModel: 'h₀ = I, no input, no bias',
    nonlinearModel: (model: string) => `${model} with h₀ = I`,
    linearScale: (words: string, limit: string) => `colours (${words}) fixed to ±${limit}`,
    symlogScale: (words: string, linthresh: string, limit: string) =>
      `symlog colours (${words}), linear within ±${linthresh}, saturating at ±${limit}`,
    videoHead: (t: number, steps: number, body: string) => `Step t = ${t} of ${steps}: ${body}.`,
    fibPower: (power: string, fib: string) => `${power}, so ${fib}.`,
    fibLambda: (lambda: string, psiGone: boolean) =>
      `${lambda}: the φ term dominates and the ψ term ${psiGone ? 'has all but vanished' : 'still matters'}.`,
    fibRatioEqual: (ratio: string) => `${ratio}, equal to φ in float64.`,
    fibRatioOff: (ratio: string, off: string) => `${ratio}, off φ by ${off}.`,
    productWrong: (t: number) =>
      `The float64 product is no longer exact (it first went wrong at t = ${t}: Fib(${t + 1}) > 2⁵³).`,
    productExact: (t: number | null) =>
      `The float64 product is still exact${t !== null ? ` (it first goes wrong at t = ${t})` : ''}.`,
    eigenWrong: (q: string, t: number) => `${q} rounded to integers is wrong from t = ${t}.`,
    eigenRight: (q: string, t: number | null) =>
      `${q} rounds to the right integers${t !== null ? ` (until t = ${t})` : ''}.`,
    rotTurns: (theta: string, t: number, x: string, length: string) =>
      `R turns vectors by ${theta}° (clockwise for positive θ in this convention); after t = ${t} steps ${x} with length ${length}.`,
    rotEigen: (lambdas: readonly string[], modulus: string) =>
      `Its eigenvalues are ${lambdas.join(' and ')}, both of modulus ${modulus}: on the unit circle.`,
    rotExact: 'RᵀR = I holds exactly in float64.',
    rotRounding: (error: string) => `RᵀR = I holds to ${error} (rounding).`,
    motionCircle: 'the eigenvalue powers λᵗ stay on the unit circle',
    motionDefective:
      'the eigenvalue powers λᵗ stay on the unit circle, yet ‖Wᵗ‖ grows: A lacks a full set of eigenvectors',
    motion: (inward: boolean, complex: boolean, negative: boolean) => {
      const who = inward ? 'the eigenvalue powers λᵗ' : 'the largest eigenvalue powers λᵗ';
      if (complex) return `${who} spiral ${inward ? 'into the origin' : 'outwards'}`;
      return `${who} ${inward ? 'shrink towards 0' : 'grow'} along the real axis${negative ? ', flipping sign at every step' : ''}`;
    },
    regime: {
      vanishing: 'vanishing: Wᵗ → 0',
      exploding: 'exploding: Wᵗ grows exponentially',
      bounded: 'bounded: |λ| = 1, no growth',
      polynomial: 'polynomial growth: |λ| = 1 but defective',
      unknown: 'regime unknown',
    },
    regimeMatrix: (w: string, name: string, size: string) => `${w} with A the ${name} matrix (${size}).`,
    noEigen: 'Its eigenvalues could not be computed.',
    radiusSo: (r: string, motion: string) => `Its spectral radius is ${r}, so ${motion}.`,
    normAt: (t: number, norm: string) => `At t = ${t}, ${norm}.`,
    regimeIs: (label: string, about: string | null) => `Regime: ${label}${about ? ` (about ${about})` : ''}.`,
    transient: (peak: string, step: number) =>
      `Although it decays in the end, ‖Wᵗ‖ first grows to ${peak} at t = ${step}: the matrix is not normal.`,
    gradHead: (steps: number, f: string, gain: string, input: string | null) =>
      `Gradients sent back ${steps} steps through hₜ = ${f}(${gain}·W hₜ₋₁${input !== null ? ` + uₜ, inputs of size ${input}` : ''}).`,
    gradNonFinite: (label: string, overflowed: boolean) =>
      `${label}: the gradient ${overflowed ? 'overflowed' : 'became exactly 0'}`,
    scaledRadius: (r: string) => ` (spectral radius of the scaled W ${r})`,
    gradChanged: (label: string, shrank: boolean, decades: string, rho: string) =>
      `${label}: ${shrank ? 'shrank' : 'grew'} by ${decades} decades${rho}`,
    trainHead: (task: 'copy' | 'adding', T: number, status: string) =>
      `Training on the ${task === 'copy' ? `copying task (remember 10 symbols for ${T} steps)` : `adding problem (sequences of ${T})`}: ${status}.`,
    baseline: (loss: string) => `A model that ignores its memory scores a loss of ${loss}.`,
    diverged: (label: string, step: number, why: string) => `${label}: diverged at step ${step} (${why})`,
    waiting: (label: string) => `${label}: waiting`,
    runStep: (label: string, progress: string, loss: string) => `${label}: step ${progress}, batch loss ${loss}`,
    testLoss: (ratio: string) => `test loss ${ratio}× the memoryless baseline`,
    accuracy: (percent: string) => `accuracy ${percent}%`,
  },
  fib: {
    title: '1. Repeated multiplication and Fibonacci',
    text: [
      'Multiply a vector by the same matrix again and again and you get a matrix power. The smallest interesting example is F = [[0, 1], [1, 1]]: starting from the identity, each multiplication by F shifts the Fibonacci numbers along, so Fᵗ holds Fib(t−1), Fib(t) and Fib(t+1).',
      'Why they grow like powers of the golden ratio becomes clear once F is written as Q Λ Qᵀ: Q holds its eigenvectors, Λ its eigenvalues ψ ≈ −0.618 and φ ≈ 1.618. Then Fᵗ = Q Λᵗ Qᵀ, and only the eigenvalues are raised to the power t. The |ψ| < 1 part dies away, the φ > 1 part takes over: each Fibonacci number is about φ times the one before.',
      'Computers hold these numbers as 64-bit floats, exact only up to 2⁵³. Step far enough and you can watch both routes, the plain product and the eigen formula, start giving wrong integers.',
    ],
    hint: (max: number) => `0 to ${max}`,
    productError: 'product: relative error',
    eigenError: 'Q Λᵗ Qᵀ: relative error',
    chartName: 'Fibonacci error chart',
    csvTitle: 'Download the Fibonacci error series (log10) as CSV',
    exact: 'exact (BigInt)',
    withLambda: (lambda: string) => `with ${lambda}`,
    products: (t: number) => `float64: F·F·…·F (${t} products)`,
    wrongUnderlined: 'wrong integers are underlined in red',
    ratioAtZero: 'At t = 0, F⁰ = I: nothing has been multiplied yet.',
    ratio: (t: number, ratio: string, phi: string) => `Fib(${t + 1}) / Fib(${t}) = ${ratio}, while φ = ${phi}.`,
    chartTitle: 'Golden ratio convergence and float64 error against t',
    yLabel: 'error (log scale)',
  },
  reg: {
    title: '2. Three regimes: vanish, explode, or neither',
    text: [
      'What Fibonacci showed for one matrix holds for all of them: in the long run, Wᵗ is governed by the eigenvalue of largest modulus, the spectral radius ρ. If every eigenvalue is smaller than 1 in modulus, the powers shrink to zero; if one is larger than 1, they blow up; right on the unit circle, they neither vanish nor explode.',
      'Move the scale s and watch the eigenvalues of s·A cross the unit circle and the regime change. Then pick the shear (the menu sets s = 1): both its eigenvalues are exactly 1, yet its powers grow without limit (linearly). The rule "|λ| = 1 means stable" needs a condition: the matrix must have a full set of eigenvectors, which the shear lacks.',
    ],
    presets: {
      rotation: 'rotation by 30°',
      symmetric: 'symmetric (λ = 1 and 0.5)',
      fibonacci: 'Fibonacci [[0, 1], [1, 1]]',
      shear: 'shear [[1, 1], [0, 1]]',
      custom: 'custom (type below)',
    },
    /** The matrix named in the caption ("A the … matrix"); custom is the typed one. */
    presetNames: {
      rotation: 'rotation by 30°',
      symmetric: 'symmetric (λ = 1 and 0.5)',
      fibonacci: 'Fibonacci [[0, 1], [1, 1]]',
      shear: 'shear [[1, 1], [0, 1]]',
      custom: 'typed',
    } satisfies Record<RegimePreset, string>,
    customLabel: 'Custom matrix A (up to 8×8; rows on lines)',
    prediction: 'ρᵗ·‖I‖_F (eigenvalue prediction)',
    csvTitle: 'Download log10 of the norm and of its eigenvalue prediction per step as CSV',
    chartTitle: 'Frobenius norm of Wᵗ against t (log scale)',
    planeTitle: (t: number) => `eigenvalue powers λ${sup('t')} at t = ${t}`,
    /** Core words it for the terminal (W^t, t^2); the page has superscripts. */
    explain: (report: RegimeReport) =>
      report.explanation.replace(/W\^t/g, 'Wᵗ').replace(/t\^(\d+)/g, (_m, k: string) => `t${sup(k)}`),
  },
  drag: {
    title: 'Build W from its eigenvalues',
    hint: 'Drag the eigenvalues (a complex pair moves as a mirror image; real ones stay on the axis). Raise the non-normality ν to bend the eigenvectors towards each other: the eigenvalues stay put, yet ‖Wᵗ‖ first grows.',
    pair: 'a complex pair a ± bi',
    real: 'two real eigenvalues',
    planeLabel: 'Eigenvalue plane: drag an eigenvalue, or use the arrow keys to move the first one (Shift: faster)',
    planeTitle: (t: number) => `eigenvalues of W (drag them) and λ${sup('t')} up to t = ${t}`,
    exportLabel: 'Export the eigenvalue figure',
    hintDefective:
      'Put both real eigenvalues on one point (they snap together), or bring the pair down to the real axis, with ν > 0: only one eigenvector is left, W is defective, and ‖Wᵗ‖ grows like a polynomial in t even when |λ| = 1.',
    shearButton: 'The shear: λ₁ = λ₂ = 1, ν = 1',
    shearButtonName: 'Set the shear: two eigenvalues 1 and non-normality 1, W = [[1, 1], [0, 1]]',
    // Read inside the caption's "with A the … matrix".
    captionName: (nu: number) => `dragged-eigenvalue (ν = ${nu})`,
  },
  rot: {
    title: '3. Orthogonal matrices: turning without stretching',
    text: [
      'Some matrices never change the length of what they multiply. A rotation is the simplest: it turns a vector and nothing more, so turning it a thousand times leaves its length exactly where it started.',
      'Such matrices are called orthogonal: their transpose undoes them, QᵀQ = QQᵀ = I. Every eigenvalue of an orthogonal matrix has modulus exactly 1. The rotation by 90°, R = [[0, 1], [−1, 0]], has no real eigenvector at all (nothing it leaves pointing the same way) and its eigenvalues are the imaginary pair ±i, on the unit circle.',
      'Having all eigenvalues on the unit circle is not enough on its own (section 2 shows a matrix that still grows); being orthogonal is: all singular values are 1, so no direction is ever stretched.',
    ],
    playerName: 'rotation',
    vector: 'Vector',
    vectorFigure: 'rotating vector figure',
    vectorTitle: (t: number, theta: string) => `x₀ = (1, 0) turned ${t} times by ${theta}°`,
    planeTitle: 'eigenvalues of R on the complex plane',
    deviation: (error: string, drift: string) => `largest deviation of RᵀR or RRᵀ from I: ${error}; ${drift}.`,
  },
  vid: {
    title: '4. The RNN as Wᵗ: the three videos',
    text: [
      'Strip a recurrent network down to hₜ = f(W hₜ₋₁ + V xₜ), then take away the input, the bias and the non-linearity. What is left is hₜ = W hₜ₋₁: the hidden state is multiplied by the same matrix at every step. Start from h₀ = I (one basis vector per column) and the state at step t is the matrix power Wᵗ itself.',
      'Each panel below is Wᵗ for one initializer, drawn as the article drew it: a diverging red-blue map (red negative, white zero, blue positive) with the colour scale pinned to ±5 (the Palette menu at the top swaps in a colour-blind-safe orange–purple map). A matrix whose eigenvalues are all smaller than 1 in modulus fades to white; one with an eigenvalue above 1 saturates; an orthogonal matrix keeps every step on the same scale and only moves the colours around.',
    ],
    figureName: 'Wᵗ animation',
    panelsLegend: 'Panels (one initializer each)',
    gifTitle: 'Download the animation as an animated GIF',
    webmTitle: 'Download the animation as a WebM video (VP9 or VP8, one frame per step)',
    noWebm: 'This browser cannot encode WebM video (no WebCodecs VP9/VP8 encoder); use the GIF export instead.',
    pngTitle: 'Download the current frame of all panels as PNG',
    safetensorsTitle: 'Download every panel’s matrix W (float64) in one .safetensors file, named by initializer',
    csvTitle: 'Download log10 of the Frobenius norm per step as CSV',
    jsonTitle: 'Download log10 of the Frobenius norm per step as JSON, with the settings',
  },
  powers: {
    panels: (name: string) => `${name}: panels (space plays, arrows step)`,
    cancel: 'Cancel',
    cancelLabel: 'Cancel the computation',
    cancelled: 'Cancelled. Change a setting to compute again.',
    cancelledExport: 'the computation was cancelled; change a setting to compute again.',
    computing: 'Computing…',
    progress: (step: number, steps: number) => `Computing… step ${step} of ${steps}`,
    computed: (count: number, steps: number, n: number, ms: number, kept: 'shown' | 'memory' | null, stride: number) =>
      `Computed ${count} × ${steps} steps of ${n}×${n} in ${ms} ms.${
        kept === 'shown'
          ? ` Only the steps shown were computed: every ${stride}th, as W^${stride} products.`
          : kept === 'memory'
            ? ` Memory allows every ${stride}th step to be kept for display.`
            : ''
      }`,
    /** A job's error (from core or the worker, in English). */
    failed: (detail: string) => detail,
    jobCancelled: 'The computation was cancelled.',
    panelAt: (label: string, step: number) => `${label}: Wᵗ at t = ${step}`,
    planeTitle: (label: string, t: number) => `${label}: eigenvalue powers λ${sup('t')} at t = ${t}`,
    colourScale: (limit: number) => `colour scale ±${limit}`,
    chartTitle: 'Frobenius norm of hₜ against t (log scale)',
  },
  beyond: {
    title: '5. Beyond the article: inputs, gradients, training',
    text: [
      'A real recurrent network adds an input at every step and squashes the result: hₜ = tanh(W hₜ₋₁ + V xₜ). The squashing keeps the state bounded, so nothing explodes going forward; the trouble moves to the backward pass. Training sends the error signal back through the same matrix, transposed, once per step, multiplied each time by the slope of tanh, which is at most 1. Whether that signal survives a hundred steps is again a question about W.',
      'The first figure follows one forward pass and the gradient sent back through it, for several initializers of W. Watch how the gradient norm changes on its way back: an orthogonal W can only lose it through the slope of tanh; a W with small eigenvalues lets it fade step after step; a W with large eigenvalues first amplifies it, then drives tanh into saturation, where the flat slope cuts it down again.',
      'The second figure trains a small network on a task that needs memory, once per initializer: by default the copying task (remember ten symbols across a gap, then repeat them) with a linear recurrence, where an orthogonal W learns to recall most symbols in a few hundred steps while the others stay far behind. Switch to the adding problem with ReLU to see the identity initialization (IRNN) shine instead.',
    ],
  },
  grad: {
    title: 'Gradients through time',
    initsLegend: 'Initializers of W',
    gradients: 'Gradients',
    states: 'States',
    gradientChart: 'gradient chart',
    stateChart: 'forward state chart',
    csvTitle: 'Download log10 ‖∂L/∂hₜ‖ per step for each initializer as CSV',
    exportLabel: 'Export the gradient figure',
    forwardTitle: 'state norm ‖hₜ‖ going forward',
    backwardTitle: 'gradient norm ‖∂L/∂hₜ‖ going back from t = T',
  },
  gates: {
    cellRnn: 'vanilla RNN',
    cellLstm: 'LSTM (gates i, f, g, o)',
    cellGru: 'GRU (gates r, z, n)',
    perSchemeTitle: (cell: string) => `${cell}: gradient norm ‖∂L/∂hₜ‖ at initialization, per scheme`,
    perGateTitle: (cell: string, scheme: string) => `${cell} ${scheme}: per-gate gradient ‖∂L/∂a_g,t‖`,
    gateLabel: (g: string) => `gate ${g}`,
    // A gate whose pre-activation gradient is multiplied by the zero initial state (the LSTM's f
    // by c₀ = 0; the GRU's r by W_hn·h₀ + b_hn = 0 at zero bias) is exactly 0 at t = 1.
    zeroAtStart: 'exactly 0 at t = 1',
    overflow: 'not finite',
    decades: (signed: string) => `${signed} decades`,
    computing: 'Computing in the background…',
    caption: (c: GateCaption) =>
      `${c.cell} with ${c.n} units at initialization (seed ${c.seed}, no training step), on the adding problem of length T = ${c.T}: the loss at t = T sent back to t = 1, on 16 probe sequences. Change of ‖∂L/∂hₜ‖ from t = T to t = 1: ${c.perScheme}. Per gate for ${c.scheme} (‖∂L/∂a_g,t‖ of the gate's pre-activation, t = T → 1): ${c.perGate}.`,
    csvTitle: 'Download log10 ‖∂L/∂a_g,t‖ per step for each gate as CSV',
    gatesExport: 'Gates',
    gatesExportWhat: 'per-gate gradient chart',
  },
  train: {
    title: 'Training a small RNN',
    initsLegend: 'Recurrent initializers (W)',
    train: 'Train',
    trainLabel: 'Train one network per initializer',
    stop: 'Stop',
    stopLabel: 'Stop training',
    empty: (p: TrainPlan) => {
      const task =
        p.task === 'copy'
          ? `the copying task (remember 10 symbols across ${p.T} steps, then repeat them)`
          : `the adding problem (add the two marked numbers of a sequence of ${p.T})`;
      const net =
        p.cell === null
          ? `the same small RNN (${p.hidden} units, ${p.act}) learns ${task} once per initializer (${p.runs})`
          : `the same small ${p.cell} (${p.hidden} units) learns ${task} once per gated initialization scheme (${p.runs})`;
      return `No training yet. Press Train: ${net}, ${p.iters} steps each, in the background. One loss curve per run appears here as it learns, beside the gradient norms ‖∂L/∂hₜ‖ on a fixed probe batch.`;
    },
    lossTitle: 'training loss per step',
    lossX: 'training step',
    lossY: 'batch loss (moving average)',
    baseline: 'memoryless baseline',
    probeTitle: '‖∂L/∂hₜ‖ on a fixed probe batch, latest',
    probeX: 'time step t of the sequence',
    status: {
      idle: 'press Train to start',
      running: 'running',
      finished: (seconds: string) => `finished in ${seconds} s`,
      stopped: 'stopped',
      failed: (message: string) => `failed: ${message}`,
    },
    statusLine: (status: string) => `Training: ${status}.`,
    loss: 'Loss',
    jsonTitle: 'Download the training loss curves as JSON, with the settings',
    lossChart: 'loss chart',
    probe: 'Probe',
    probeChart: 'gradient probe chart',
    exportLabel: 'Export the training figure',
    adding: 'adding problem',
    copy: 'copying memory',
    vanilla: 'vanilla RNN',
  },
  lab: {
    title: 'Lab: your own matrix',
    text: [
      'Everything above, with every knob exposed. Pick an initializer and its parameters, a size up to 512, a seed, up to 1000 steps and an activation; or type or paste your own matrix. Large runs are computed in a background worker: the page stays responsive, shows its progress, and can be cancelled.',
    ],
    figureName: 'Lab Wᵗ',
    typedMatrix: (n: number) => `typed ${n}×${n} matrix`,
    pastedMatrix: (n: number) => `pasted ${n}×${n} matrix`,
    pageOnly: (max: number) =>
      `Matrices larger than ${max}×${max} are kept in this page only; a link will not include it.`,
    matrixLabel: 'Matrix (rows on lines; entries separated by spaces or commas)',
    fileLabel:
      'Load weights (.npy, .safetensors, .json) or a model (.pt, .keras, .h5, TF.js model.json with its .bin shards); or drop them here',
    fileChoice: 'Matrix from the file',
    reading: (names: string) => `Reading ${names}…`,
    loaded: (count: number, skipped: string) =>
      `${count} ${count === 1 ? 'matrix' : 'matrices'} usable as W. A loaded file stays in this page (it is not part of the link).${skipped ? ` Skipped: ${skipped}.` : ''}`,
    /** What was wrong with a file (the reader's message, in English). */
    fileError: (detail: string) => detail,
    noFile: (init: string) =>
      `No file loaded yet: choose a .npy, .safetensors or .json file, or paste a matrix above. A file is never part of the link, so the figure shows the initializer (${init}) until then.`,
    sources: {
      init: 'an initializer',
      matrix: 'a matrix you type or paste',
      file: 'a weights file (or a large pasted matrix)',
    },
    npyTitle: 'Download the matrix W as a float64 .npy file',
    notYetW: 'W is not computed yet.',
    stateTitle: 'Download the state at the current step, recomputed exactly in float64, as .npy',
    normChart: 'Lab norm chart',
    csvTitle: 'Download the Lab log10 norms per step as CSV',
    eigenCsvTitle: 'Download the eigenvalues of W (real and imaginary parts) as CSV',
    notYetEigen: 'the eigenvalues are not computed yet.',
    eigenNoConverge: 'The eigenvalues did not converge.',
    eigenCancelled: 'Cancelled before the eigenvalues were computed. Change a setting to compute again.',
    eigenPending: 'Eigenvalues follow the frames…',
    spectrumTitle: (count: number) => `eigenvalues of W (${count})`,
    spectrumNote: (count: number, rho: string, where: 'inside' | 'outside' | 'on') =>
      `${count} eigenvalues; spectral radius ${rho} (${where} the unit circle). Blue: |λ| < 1, red: |λ| > 1, grey: |λ| = 1.`,
  },
};
