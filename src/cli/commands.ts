/**
 * THE option table of the CLI: every command with its arguments, options (kind, default,
 * range, documentation) and examples. `args.ts` parses with it, `help.ts` prints it, and the
 * command handlers receive values typed from it. Spellings are the core's: initializer names,
 * activation names and dtype names are the same words as in the library and the URL.
 *
 * Scalar options (boolean, string, int, number, enum) ARE core's ParamSpec (src/core/params.ts),
 * parsed and worded by core (`parseParamValue`, `describeParam`); the CLI adds only its own facts
 * (short flag, placeholder, required). The other kinds are values only a command line has
 * (shapes, key=value lists, colour scales, initializer spec text).
 */

import {
  ACTIVATIONS,
  type BooleanParam,
  type EnumParam,
  GATED_INIT_SCHEMES,
  GATE_LAYOUT_NAMES,
  type IntParam,
  type NumberParam,
  type StringParam,
  TASK_NAMES,
} from '../core/index.js';

interface Base {
  readonly doc: string;
  readonly short?: string;
  /** Shown after the flag in help: `--n N`. */
  readonly placeholder?: string;
  readonly required?: boolean;
}

export type OptionSpec =
  | (Base & BooleanParam)
  | (Base & StringParam)
  | (Base & IntParam)
  | (Base & NumberParam)
  | (Base & EnumParam)
  | (Base & { readonly kind: 'shape' })
  | (Base & { readonly kind: 'keyValue' })
  | (Base & { readonly kind: 'scale'; readonly default?: string })
  | (Base & { readonly kind: 'init'; readonly default?: string })
  | (Base & { readonly kind: 'initList'; readonly default?: string });

export type PositionalSpec =
  | { readonly name: string; readonly kind: 'path' | 'init'; readonly doc: string; readonly optional?: boolean }
  | (IntParam & { readonly name: string; readonly optional?: boolean });

export interface CommandSpec {
  readonly summary: string;
  /** Extra paragraphs for `--help`. */
  readonly details?: readonly string[];
  readonly positionals: readonly PositionalSpec[];
  readonly options: Readonly<Record<string, OptionSpec>>;
  readonly examples: readonly string[];
}

/** Options every command accepts. */
export const GLOBAL_OPTIONS = {
  json: { kind: 'boolean', doc: 'print one JSON document (JSON lines for train) instead of a table' },
  debug: { kind: 'boolean', doc: 'show the stack trace when something fails' },
  threads: {
    kind: 'int',
    min: 1,
    max: 64,
    placeholder: 'N',
    doc: 'threads for matrix products (default: ORTHOLAB_THREADS, else one per core); results do not depend on it',
  },
  help: { kind: 'boolean', short: 'h', doc: 'show this help' },
} as const satisfies Record<string, OptionSpec>;

const FORCE = { kind: 'boolean', doc: 'overwrite output files that already exist' } as const;
const SEED = { kind: 'int', default: 0, placeholder: 'S', doc: 'seed of random initializers (0 is a seed)' } as const;
const ACTIVATION = {
  kind: 'enum',
  values: ACTIVATIONS,
  default: 'linear',
  placeholder: 'F',
  doc: 'f in h_t = f(W h_{t-1})',
} as const;
const TENSOR = {
  kind: 'string',
  placeholder: 'NAME',
  doc: 'which array of a multi-array file (.safetensors) to use',
} as const;
const FLATTEN = {
  kind: 'enum',
  values: ['keras', 'pytorch'],
  placeholder: 'HOW',
  doc: 'read a 3-D or higher array as a matrix: keras = (all leading axes, last axis), pytorch = (first axis, all the others)',
} as const;
const FILE_ARG = {
  name: 'FILE',
  kind: 'path',
  optional: true,
  doc: 'a weight file: .npy, .safetensors or .json (instead of --init)',
} as const;
/** --gated-init: the gated layer's named schemes (core gatedInit.ts), shared by init and train. */
const GATED_INIT = {
  kind: 'enum',
  values: GATED_INIT_SCHEMES,
  placeholder: 'SCHEME',
  doc: "initialization of the whole gated layer (default: the framework's own; train: kerasDefault)",
} as const;
const INIT_DOC = 'initializer spec: a name such as orthogonal, or name(key=value,...) such as orthogonal(gain=1.1)';
/** Upper bound of --n: every command does O(n^3) work per step. */
export const MAX_N = 4096;

export const COMMANDS = {
  fib: {
    summary: 'F^N for the Fibonacci matrix three ways, with the exact value and the float64 error',
    details: [
      'F = [[0, 1], [1, 1]] and F^N = [[Fib(N-1), Fib(N)], [Fib(N), Fib(N+1)]]. Methods: repeated multiplication, repeated squaring and the eigendecomposition Q Λ^N Qᵀ. Exact values use BigInt; float64 stops being exact when Fib(N+1) > 2^53 (N = 78).',
    ],
    positionals: [
      { name: 'N', kind: 'int', min: 0, max: 1474, doc: 'the power, 0 to 1474 (F^1475 overflows float64)' },
    ],
    options: {},
    examples: ['ortholab fib 10', 'ortholab fib 80', 'ortholab fib 100 --json'],
  },
  init: {
    summary: 'write an initialized weight matrix to a .npy or .json file, or a whole LSTM/GRU layer',
    details: [
      'Random initializers draw from the seed (--seed, default 0), so the same command writes the same file. .npy files are float64 (--dtype float32 for smaller files) and load with numpy.load or torch.from_numpy(numpy.load(...)).',
      "With --cell lstm|gru (no NAME, no --shape): a whole layer as a .safetensors file in the framework's names and layout. PyTorch: weight_ih_l0 (G*N, K), weight_hh_l0 (G*N, N), bias_ih_l0, bias_hh_l0 (G*N), for nn.LSTM(K, N) / nn.GRU(K, N).load_state_dict(safetensors.torch.load_file(FILE)). Keras 3: kernel (K, G*N), recurrent_kernel (N, G*N), bias (4N for the LSTM, (2, 3N) for the GRU, reset_after=True); layer.set_weights takes [kernel, recurrent_kernel, bias] in that order. The seed is the recurrent matrix's own (init orthogonal --shape N,G*N --seed S is a kerasDefault recurrent_kernel); the others derive from it.",
    ],
    positionals: [{ name: 'NAME', kind: 'init', optional: true, doc: INIT_DOC }],
    options: {
      shape: { kind: 'shape', placeholder: 'R,C', doc: 'shape, e.g. 64,64 (rows,cols) or 4,3,3 (required with NAME)' },
      gain: { kind: 'number', placeholder: 'G', doc: 'gain parameter (orthogonal, identity, rotation, henaff)' },
      seed: SEED,
      param: { kind: 'keyValue', placeholder: 'K=V', doc: 'any initializer parameter (repeatable)' },
      out: {
        kind: 'string',
        required: true,
        short: 'o',
        placeholder: 'FILE',
        doc: 'output file (.npy or .json; .safetensors with --cell)',
      },
      dtype: { kind: 'enum', values: ['float64', 'float32'], default: 'float64', doc: 'element type of a .npy file' },
      cell: { kind: 'enum', values: ['lstm', 'gru'], doc: 'write a whole gated layer instead of one matrix' },
      framework: { kind: 'enum', values: ['keras', 'pytorch'], doc: "with --cell: the framework's names and layout" },
      units: { kind: 'int', min: 1, max: MAX_N, placeholder: 'N', doc: 'with --cell: hidden units N' },
      input: { kind: 'int', min: 1, max: 1_000_000, placeholder: 'K', doc: 'with --cell: input features K' },
      'gated-init': GATED_INIT,
      force: FORCE,
    },
    examples: [
      'ortholab init orthogonal --shape 64,64 --seed 1 --out W.npy',
      "ortholab init 'orthogonal(gain=1.1)' --shape 128,128 --dtype float32 --out W32.npy",
      'ortholab init varianceScaling --param mode=fan_avg --param scale=2 --shape 64,32 --out K.json',
      'ortholab init --cell lstm --framework pytorch --units 64 --input 10 --seed 1 --out lstm.safetensors',
      'ortholab init --cell gru --framework keras --gated-init perGateOrthogonal --units 32 --input 8 --out gru.safetensors',
    ],
  },
  spectrum: {
    summary: 'eigenvalues, singular values, spectral radius and regime of a square matrix',
    positionals: [FILE_ARG],
    options: {
      init: { kind: 'init', placeholder: 'SPEC', doc: INIT_DOC },
      n: { kind: 'int', default: 64, min: 1, max: MAX_N, doc: 'size n of the n x n matrix built with --init' },
      seed: SEED,
      tensor: TENSOR,
      flatten: FLATTEN,
      all: { kind: 'boolean', doc: 'list every eigenvalue and singular value (the table shows the 10 largest)' },
      gates: {
        kind: 'enum',
        values: ['auto', ...GATE_LAYOUT_NAMES],
        doc: 'per-gate spectrum of a gate-stacked LSTM/GRU recurrent matrix in FILE (auto: from name and shape)',
      },
    },
    examples: [
      'ortholab spectrum --init orthogonal --n 64 --seed 1',
      'ortholab spectrum lstm.safetensors --gates auto',
      'ortholab spectrum --init fibonacci --all',
      'ortholab spectrum W.npy --json',
    ],
  },
  powers: {
    summary: "the article's video: W^t for t = 0..steps (frame 0 = I) as norms and an animated heatmap",
    details: [
      'A GIF has steps + 1 frames: t = 0..steps (65 frames for the default 64 steps). Each --init value (comma-separated) is a panel; panels render side by side in the GIF. The colour scale is matplotlib RdBu (red negative, white 0, blue positive), fixed to ±5 by default as in the article; --scale symlog shows small entries too. Entries beyond the scale saturate; a matrix that overflows float64 stops (the GIF holds its last frame).',
    ],
    positionals: [FILE_ARG],
    options: {
      init: { kind: 'initList', placeholder: 'SPEC,...', doc: `${INIT_DOC}; several = panels side by side` },
      n: { kind: 'int', default: 5, min: 1, max: MAX_N, doc: 'size of the matrices built with --init' },
      seed: SEED,
      steps: {
        kind: 'int',
        default: 64,
        min: 1,
        max: 100_000,
        doc: 'last power t (64 steps: 65 frames, t = 0..64, frame 0 = I)',
      },
      activation: ACTIVATION,
      gif: { kind: 'string', placeholder: 'FILE', doc: 'write the animation (steps + 1 frames) to this .gif file' },
      png: { kind: 'string', placeholder: 'FILE', doc: 'write one frame (--frame) as a .png file' },
      frame: { kind: 'int', min: 0, placeholder: 'T', doc: 'the step shown by --png (default: the last)' },
      fps: { kind: 'int', default: 20, min: 1, max: 100, doc: 'frames per second of the GIF' },
      scale: {
        kind: 'scale',
        default: 'fixed:5',
        placeholder: 'SCALE',
        doc: 'colour scale: fixed:L or symlog[:L[:linthresh]]',
      },
      palette: {
        kind: 'enum',
        values: ['article', 'cvd'],
        default: 'article',
        doc: 'article = RdBu; cvd = PuOr (colour-vision-deficiency safe)',
      },
      tensor: TENSOR,
      flatten: FLATTEN,
      force: FORCE,
    },
    examples: [
      'ortholab powers --init orthogonal --n 5 --seed 1',
      'ortholab powers --init vanishing,exploding,orthogonal --seed 3 --gif article.gif',
      'ortholab powers --init exploding --scale symlog --gif symlog.gif',
      'ortholab powers W.npy --steps 256 --json',
    ],
  },
  compare: {
    summary: 'log-norm and gradient-norm curves of several initializers over seeds',
    details: [
      'For each initializer and seed: W (n x n), h_0 = I, h_t = f(W h_{t-1}); the curve is log10(‖h_t‖_F/√n), and the gradient curve log10 ‖∂L/∂h_t‖ back from t = steps. Quartiles over seeds. Runs are spread over worker threads; results do not depend on the number of workers. With --queue the runs go on a BullMQ queue for `ortholab worker` processes (same numbers, bit for bit); Ctrl-C stops following without cancelling and the same command re-attaches.',
    ],
    positionals: [],
    options: {
      inits: {
        kind: 'initList',
        default: 'orthogonal,glorotUniform,randomNormal',
        placeholder: 'SPEC,...',
        doc: 'initializers to compare',
      },
      n: { kind: 'int', default: 128, min: 1, max: MAX_N, doc: 'hidden size' },
      steps: { kind: 'int', default: 256, min: 1, max: 100_000, doc: 'time steps' },
      seeds: { kind: 'int', default: 10, min: 1, max: 10_000, doc: 'number of seeds per initializer' },
      seed: { kind: 'int', default: 0, placeholder: 'S', doc: 'first seed (seeds are S, S+1, ...)' },
      activation: ACTIVATION,
      svg: { kind: 'string', placeholder: 'FILE', doc: 'write the chart to this .svg file' },
      workers: { kind: 'int', min: 0, max: 64, doc: 'worker threads (default: cores - 1; 0 = none)' },
      queue: {
        kind: 'string',
        placeholder: 'URL',
        doc: 'run through the BullMQ queue on this Redis, served by `ortholab worker` (see sweep): redis://[:password@]host:port[/db]',
      },
      force: FORCE,
    },
    examples: [
      'ortholab compare --inits orthogonal,glorotUniform,randomNormal --n 64 --steps 128 --seeds 5',
      'ortholab compare --activation tanh --svg compare.svg',
      'ortholab compare --n 256 --steps 1000 --seeds 50 --queue redis://127.0.0.1:6379',
    ],
  },
  train: {
    summary: 'train a vanilla RNN, LSTM or GRU on the copy or adding task, resumable, with results in a directory',
    details: [
      'Progress on a terminal; JSON lines (one event per line) otherwise or with --json. With --out DIR each finished run is written to DIR at once, checkpoints are saved periodically; Ctrl-C keeps what is done and the same command resumes.',
    ],
    positionals: [],
    options: {
      task: { kind: 'enum', values: TASK_NAMES, default: 'copy', doc: 'long-memory task' },
      T: {
        kind: 'int',
        default: 50,
        min: 1,
        max: 100_000,
        doc: 'memory length (copy: delay; adding: sequence length)',
      },
      units: { kind: 'int', default: 64, min: 1, max: MAX_N, doc: 'hidden units' },
      cell: { kind: 'enum', values: ['rnn', 'lstm', 'gru'], default: 'rnn', doc: 'recurrent layer' },
      'gated-init': GATED_INIT,
      activation: { ...ACTIVATION, default: 'linear', doc: 'f in h_t = f(W h_{t-1}) (rnn cell only)' },
      init: {
        kind: 'init',
        default: 'orthogonal',
        placeholder: 'SPEC',
        doc: 'initializer of the recurrent matrix W_hh (rnn cell; lstm/gru: --gated-init)',
      },
      steps: { kind: 'int', default: 4000, min: 0, max: 10_000_000, doc: 'training steps' },
      seed: { kind: 'int', default: 1, placeholder: 'S', doc: 'seed (init, data, test set)' },
      'compare-inits': {
        kind: 'string',
        placeholder: 'SPEC,...',
        doc: 'train one run per initializer and seed (with --cell lstm|gru: per --gated-init scheme)',
      },
      seeds: { kind: 'int', default: 1, min: 1, max: 1000, doc: 'seeds per initializer (S, S+1, ...)' },
      set: {
        kind: 'keyValue',
        placeholder: 'K=V',
        doc: 'any other training setting, e.g. learningRate=1e-3, lrSchedule=cosine, clipNorm=1 (repeatable)',
      },
      out: {
        kind: 'string',
        placeholder: 'DIR',
        doc: 'results and checkpoints directory (resumable with the same settings; other settings are refused)',
      },
      force: { kind: 'boolean', doc: 'replace the results of other settings in --out DIR' },
      workers: { kind: 'int', min: 0, max: 64, doc: 'worker threads for several runs (default: cores - 1)' },
      queue: {
        kind: 'string',
        placeholder: 'URL',
        doc: 'run through the BullMQ queue on this Redis (needs --out; see sweep): redis://[:password@]host:port[/db]',
      },
    },
    examples: [
      'ortholab train --task copy --T 50 --units 64 --activation linear --init orthogonal --steps 4000 --seed 1',
      'ortholab train --task adding --T 50 --compare-inits orthogonal,identity --seeds 3 --steps 2000 --out runs/adding',
      'ortholab train --task copy --T 50 --activation linear --set lrSchedule=cosine --set clipNorm=1',
      'ortholab train --cell lstm --task adding --T 50 --compare-inits kerasDefault,pytorchDefault,perGateOrthogonal --seeds 3',
    ],
  },
  sweep: {
    summary: 'run every training run of a sweep plan (JSON axes and fixed settings), here or through a Redis queue',
    details: [
      'PLAN is a JSON file {"version": 1, "axes": {setting: [values...]}, "fixed": {setting: value}}; the grid of the axes (first axis outermost) gives the runs, each a training config as in `train --set`. Results go to --out DIR as with train (runs/<id>.json, summary.json) and the same command resumes. With --queue redis://[:password@]host:port[/db] the runs go on a BullMQ queue for `ortholab worker` processes on any machine; Ctrl-C stops following without cancelling and the same command re-attaches. `sweep status|results|cancel PLAN --queue URL` inspect, collect (no waiting) or cancel a submitted plan. See docs/sweeps.md.',
    ],
    positionals: [
      { name: 'PLAN', kind: 'path', doc: 'the plan file, or status | results | cancel followed by the plan file' },
      { name: 'FILE', kind: 'path', optional: true, doc: 'the plan file after status, results or cancel' },
    ],
    options: {
      out: { kind: 'string', placeholder: 'DIR', doc: 'results and checkpoints directory (resumable)' },
      queue: {
        kind: 'string',
        placeholder: 'URL',
        doc: 'run through the BullMQ queue on this Redis: redis://[:password@]host:port[/db]',
      },
      workers: { kind: 'int', min: 0, max: 64, doc: 'local worker threads (default: cores - 1)' },
    },
    examples: [
      'ortholab sweep plan.json --out runs/sweep',
      'ortholab sweep plan.json --out runs/sweep --queue redis://127.0.0.1:6379',
      'ortholab sweep status plan.json --queue redis://127.0.0.1:6379',
    ],
  },
  worker: {
    summary: 'serve the run queue of submitted sweeps (any machine that reaches Redis), until SIGTERM or Ctrl-C',
    details: [
      'Takes runs from the queues of submitted plans (oldest first), validates each config, runs it with the same code as a local sweep and checkpoints it to Redis; a run of a worker that dies is re-queued after --lock-seconds and resumes from its last checkpoint. SIGTERM or Ctrl-C: running runs save a checkpoint and go back to the queue, then the worker exits.',
    ],
    positionals: [],
    options: {
      queue: {
        kind: 'string',
        required: true,
        placeholder: 'URL',
        doc: 'the Redis of the queue: redis://[:password@]host:port[/db]',
      },
      concurrency: { kind: 'int', default: 1, min: 1, max: 64, doc: 'runs at a time (threads)' },
      'checkpoint-seconds': {
        kind: 'number',
        default: 10,
        min: 0,
        max: 86_400,
        doc: 'least time between two checkpoint writes of a run to Redis',
      },
      'lock-seconds': {
        kind: 'number',
        default: 30,
        min: 0.5,
        max: 3600,
        doc: 'a run whose worker is silent this long is re-queued (BullMQ lock duration)',
      },
    },
    examples: [
      'ortholab worker --queue redis://127.0.0.1:6379',
      'ortholab worker --queue redis://:PASSWORD@queue-host:6379/0 --concurrency 4',
    ],
  },
  diagnose: {
    summary:
      'report on every 2-D array of a weight file (.npy, .safetensors, .json) or model file (.pt, .keras, .h5, model.json)',
    details: [
      'Per matrix: shape, singular values (largest, smallest, condition number), orthogonality error ‖WᵀW − I‖_F (‖WWᵀ − I‖_F for wide ones); for square matrices also eigenvalues, spectral radius and regime. Recurrent weights stacked by gate (PyTorch weight_hh_l0 of shape (4H, H) for LSTM, (3H, H) for GRU; Keras recurrent_kernel (H, 4H)) are also analysed gate by gate.',
      'A model file (PyTorch .pt/.pth state dict, Keras 3 .keras, Keras 2 .h5, TF.js model.json with its shards beside it) is reported per recurrent layer, kernel and gate, with the layout the model itself gives (Keras LSTM i,f,c,o, GRU z,r,h; PyTorch LSTM i,f,g,o, GRU r,z,n). Pickled whole models and anything but tensors and state dicts are refused; no code from a file runs.',
    ],
    positionals: [
      {
        name: 'FILE',
        kind: 'path',
        doc: 'weight file (.npy, .safetensors, .json) or model file (.pt, .pth, .keras, .h5, model.json)',
      },
    ],
    options: {
      tensor: { ...TENSOR, doc: 'only this array' },
      flatten: { ...FLATTEN, doc: `${FLATTEN.doc} (otherwise such arrays are listed as skipped)` },
      gates: {
        kind: 'enum',
        values: ['auto', 'none', ...GATE_LAYOUT_NAMES],
        default: 'auto',
        doc: 'gate-stacked layout: auto (from names and shapes), none, or a layout',
      },
    },
    examples: [
      'ortholab diagnose W.npy',
      'ortholab diagnose model.safetensors --json',
      'ortholab diagnose lstm.safetensors --gates pytorch-lstm',
      'ortholab diagnose model.pt',
    ],
  },
  serve: {
    summary: 'start the web explorer (the build shipped in the package), until Ctrl-C',
    details: [
      'Port: --port, else the PORT environment variable, else 5173. A port you chose that is taken is an error; the default one falls forward to the next free port and says so. In a git checkout the explorer is rebuilt (Vite) first when web/ or src/core/ changed.',
    ],
    positionals: [],
    options: {
      port: {
        kind: 'int',
        default: 5173,
        min: 0,
        max: 65535,
        placeholder: 'N',
        doc: 'port (0: any free port; $PORT when set)',
      },
      host: { kind: 'string', default: '127.0.0.1', doc: 'address to listen on (0.0.0.0: your network too)' },
      open: { kind: 'boolean', doc: 'open the page in the default browser' },
      rebuild: { kind: 'boolean', doc: 'rebuild the explorer first (git checkout only)' },
    },
    examples: ['ortholab serve', 'ortholab serve --port 8080', 'ortholab serve --port 0 --json'],
  },
} as const satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMANDS;
/** True when `name` is a command of the table. */
export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}
export const COMMAND_NAMES: readonly CommandName[] = Object.keys(COMMANDS).filter(isCommandName);
