/**
 * Initialization of a gated layer as each framework does it, by name, as pure functions of an
 * explicit Rng. Every matrix is drawn through the initializer registry's public functions
 * (`getInitializer(...).values(shape, rng)`) in the shape the framework draws it in, so fans and
 * orthogonality mean what they mean there, then converted to the canonical layout
 * (gatedParams.ts; Keras shapes through convert.ts). Each matrix draws from its own fork of `rng`
 * ('Wih', 'Whh', 'bih', 'bhh'), so changing one scheme's recurrent matrix leaves its kernel alone.
 *
 *   kerasDefault        Keras 3 LSTM/GRU defaults: kernel (d, Gn) glorotUniform, recurrent_kernel
 *                       (n, Gn) orthogonal as ONE matrix (orthonormal rows), bias zeros with
 *                       unit_forget_bias (LSTM forget block = 1).
 *   pytorchDefault      torch.nn.LSTM/GRU reset_parameters: every entry U(−1/√n, 1/√n).
 *   pytorchOrthogonal   pytorchDefault, then nn.init.orthogonal_(weight_hh_l0) on the (Gn, n)
 *                       stack as ONE matrix (orthonormal columns).
 *   perGateOrthogonal   kerasDefault with each n x n gate block of the recurrent matrix an
 *                       independent Haar orthogonal matrix (the registry's orthogonal, gates = G).
 *   glorot              kerasDefault with the recurrent_kernel (n, Gn) glorotUniform too.
 *   identityPerGate     kerasDefault with every recurrent gate block the identity.
 *
 * Whole-matrix orthogonal (Keras' rows of (n, Gn) or PyTorch's columns of (Gn, n)) gives, in the
 * canonical layout where W_g is the n x n block acting on h, Σ_g W_gᵀW_g = I: no block is
 * orthogonal, their squared singular values average 1/G (σ_rms = 0.5 for the LSTM). Keras' and
 * PyTorch's whole-matrix orthogonal are the same distribution (Haar on the Stiefel manifold,
 * transposed); per-gate orthogonal is a different one (every σ = 1). See gateSpectrum.ts.
 */

import { ConfigError } from '../errors.js';
import { type InitConfig, getInitializer } from '../init/index.js';
import { type Rng, fork } from '../random/index.js';
import { canonicalToKeras, kerasToCanonical } from './convert.js';
import { type GatedDims, type GatedParams, checkGatedDims, gateCount } from './gatedParams.js';

/** The named schemes (one spelling for functions, CLI and URL values). */
export const GATED_INIT_SCHEMES = [
  'kerasDefault',
  'pytorchDefault',
  'pytorchOrthogonal',
  'perGateOrthogonal',
  'glorot',
  'identityPerGate',
] as const;
export type GatedInitScheme = (typeof GATED_INIT_SCHEMES)[number];

/** One line per scheme for help texts. */
export const GATED_INIT_DOCS = {
  kerasDefault:
    'Keras 3 default: glorotUniform kernel, orthogonal (n, Gn) recurrent kernel as one matrix, zero bias, forget bias 1 (LSTM)',
  pytorchDefault: 'PyTorch default: every parameter U(-1/sqrt(n), 1/sqrt(n))',
  pytorchOrthogonal: 'PyTorch default, then orthogonal_ on weight_hh (Gn, n) as one matrix',
  perGateOrthogonal: 'Keras default with each n x n recurrent gate block Haar orthogonal',
  glorot: 'Keras default with a glorotUniform recurrent kernel',
  identityPerGate: 'Keras default with every recurrent gate block the identity',
} as const satisfies Record<GatedInitScheme, string>;

/** Throws ConfigError listing the schemes unless `name` is one. */
export function checkGatedInitScheme(name: unknown): GatedInitScheme {
  if (typeof name === 'string' && (GATED_INIT_SCHEMES as readonly string[]).includes(name)) {
    return name as GatedInitScheme;
  }
  throw new ConfigError(
    `Unknown gated-layer initialization ${JSON.stringify(name)}; valid schemes: ${GATED_INIT_SCHEMES.join(', ')}.`,
  );
}

const draw = (config: InitConfig | string, shape: number[], rng: Rng): Float64Array =>
  getInitializer(config).values(shape, rng);

/** Keras-shaped draws (kernel, recurrent_kernel, bias) converted to the canonical layout. */
function keras(dims: GatedDims, rng: Rng, recurrent: (n: number, Gn: number, r: Rng) => Float64Array): GatedParams {
  const { cell, inputDim: d, units: n } = dims;
  const Gn = gateCount(cell) * n;
  const kernel = { shape: [d, Gn], data: draw('glorotUniform', [d, Gn], fork(rng, 'Wih')) };
  const recurrentKernel = { shape: [n, Gn], data: recurrent(n, Gn, fork(rng, 'Whh')) };
  // Keras' bias: zeros, and for the LSTM unit_forget_bias sets block 1 (f) to ones.
  const bias =
    cell === 'lstm'
      ? { shape: [Gn], data: new Float64Array(Gn).fill(1, n, 2 * n) }
      : { shape: [2, Gn], data: new Float64Array(2 * Gn) };
  return kerasToCanonical(cell, { kernel, recurrent_kernel: recurrentKernel, bias });
}

function pytorch(dims: GatedDims, rng: Rng): GatedParams {
  const { cell, inputDim: d, units: n } = dims;
  const Gn = gateCount(cell) * n;
  const k = 1 / Math.sqrt(n);
  const u = { name: 'randomUniform', minval: -k, maxval: k };
  const m = (rows: number, cols: number, label: string) => ({
    rows,
    cols,
    data: draw(u, [rows, cols], fork(rng, label)),
  });
  return { Wih: m(Gn, d, 'Wih'), Whh: m(Gn, n, 'Whh'), bih: m(Gn, 1, 'bih'), bhh: m(Gn, 1, 'bhh') };
}

/**
 * Fresh parameters of a gated layer drawn by `scheme` from `rng` (not advanced: every matrix uses
 * its own fork). Deterministic: the same rng state gives the same bits.
 */
export function initGatedParams(dims: GatedDims, scheme: GatedInitScheme, rng: Rng): GatedParams {
  checkGatedDims('initGatedParams', dims);
  const G = gateCount(dims.cell);
  switch (checkGatedInitScheme(scheme)) {
    case 'kerasDefault':
      return keras(dims, rng, (n, Gn, r) => draw('orthogonal', [n, Gn], r));
    case 'glorot':
      return keras(dims, rng, (n, Gn, r) => draw('glorotUniform', [n, Gn], r));
    case 'perGateOrthogonal':
      // Keras layout (n, Gn): G independent n x n blocks along the columns.
      return keras(dims, rng, (n, Gn, r) => draw({ name: 'orthogonal', gates: G, gateAxis: 'cols' }, [n, Gn], r));
    case 'identityPerGate':
      return keras(dims, rng, (n, Gn) => {
        const eye = draw('identity', [n, n], rng);
        const out = new Float64Array(n * Gn);
        for (let g = 0; g < G; g++)
          for (let i = 0; i < n; i++) out.set(eye.subarray(i * n, (i + 1) * n), i * Gn + g * n);
        return out;
      });
    case 'pytorchDefault':
      return pytorch(dims, rng);
    case 'pytorchOrthogonal': {
      const p = pytorch(dims, rng);
      const { units: n } = dims;
      p.Whh.data.set(draw('orthogonal', [G * n, n], fork(rng, 'Whh-orthogonal')));
      return p;
    }
  }
}

/** The same parameters in Keras 3's names and shapes (convenience for `init --framework keras`). */
export function initGatedKeras(dims: GatedDims, scheme: GatedInitScheme, rng: Rng) {
  return canonicalToKeras(dims.cell, initGatedParams(dims, scheme, rng));
}
