/**
 * Initialization of a gated layer as each framework does it, by name, under the registry's ONE
 * seeding rule (docs/ARCHITECTURE.md, "The seeding rule"): every random array is
 * `draw(spec, shape, seed_array)` in the shape the framework draws it in, so fans and
 * orthogonality mean what they mean there, then converted to the canonical layout
 * (gatedParams.ts; Keras shapes through convert.ts). The per-array seeds of a layer seeded `seed`
 * (`gatedInitSeeds`):
 *
 *   the recurrent matrix in its framework's shape   seed itself (as the vanilla cell's W_hh)
 *     Keras recurrent_kernel (n, Gn), PyTorch weight_hh_l0 (Gn, n)
 *   the input matrix (kernel (d, Gn) / weight_ih_l0 (Gn, d))   deriveSeed(seed, 'Wih')
 *   PyTorch's bias_ih_l0, bias_hh_l0 (Gn,)           deriveSeed(seed, 'bih'), deriveSeed(seed, 'bhh')
 *
 * so `ortholab init orthogonal --shape 64,256 --seed 5` is the recurrent_kernel of a Keras-default
 * LSTM with 64 units seeded 5, and `--shape 256,64` the weight_hh_l0 of pytorchOrthogonal.
 *
 *   kerasDefault        Keras 3 LSTM/GRU defaults: kernel (d, Gn) glorotUniform, recurrent_kernel
 *                       (n, Gn) orthogonal as ONE matrix (orthonormal rows), bias zeros with
 *                       unit_forget_bias (LSTM forget block = 1).
 *   pytorchDefault      torch.nn.LSTM/GRU reset_parameters: every entry U(−1/√n, 1/√n).
 *   pytorchOrthogonal   pytorchDefault, then nn.init.orthogonal_(weight_hh_l0) on the (Gn, n)
 *                       stack as ONE matrix (orthonormal columns); the other arrays are
 *                       pytorchDefault's, bit for bit.
 *   perGateOrthogonal   kerasDefault with each n x n gate block of the recurrent matrix an
 *                       independent Haar orthogonal matrix (the registry's orthogonal with
 *                       gates = G, gateAxis = 'cols', on the (n, Gn) recurrent_kernel).
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
import { type InitConfigInput, draw } from '../init/index.js';
import { deriveSeed } from '../random/index.js';
import { canonicalToKeras, kerasToCanonical } from './convert.js';
import { type GatedDims, type GatedParams, checkGatedDims, gateCount } from './gatedParams.js';
import { isOneOf } from '../guards.js';

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
  if (isOneOf(GATED_INIT_SCHEMES, name)) return name;
  throw new ConfigError(
    `Unknown gated-layer initialization ${JSON.stringify(name)}; valid schemes: ${GATED_INIT_SCHEMES.join(', ')}.`,
  );
}

/** The seed each array of a gated layer seeded `seed` is drawn with (see the file comment). */
export function gatedInitSeeds(seed: number): { Wih: number; Whh: number; bih: number; bhh: number } {
  return { Wih: deriveSeed(seed, 'Wih'), Whh: seed, bih: deriveSeed(seed, 'bih'), bhh: deriveSeed(seed, 'bhh') };
}

/** Keras-shaped draws (kernel, recurrent_kernel, bias) converted to the canonical layout. */
function keras(
  dims: GatedDims,
  seed: number,
  recurrent: (n: number, Gn: number, s: number) => Float64Array,
): GatedParams {
  const { cell, inputDim: d, units: n } = dims;
  const Gn = gateCount(cell) * n;
  const seeds = gatedInitSeeds(seed);
  const kernel = { shape: [d, Gn], data: draw('glorotUniform', [d, Gn], seeds.Wih) };
  const recurrentKernel = { shape: [n, Gn], data: recurrent(n, Gn, seeds.Whh) };
  // Keras' bias: zeros, and for the LSTM unit_forget_bias sets block 1 (f) to ones.
  const bias =
    cell === 'lstm'
      ? { shape: [Gn], data: new Float64Array(Gn).fill(1, n, 2 * n) }
      : { shape: [2, Gn], data: new Float64Array(2 * Gn) };
  return kerasToCanonical(cell, { kernel, recurrent_kernel: recurrentKernel, bias });
}

/** PyTorch-shaped draws; `recurrent` overrides weight_hh_l0's spec (orthogonal_). */
function pytorch(dims: GatedDims, seed: number, recurrent?: InitConfigInput | string): GatedParams {
  const { cell, inputDim: d, units: n } = dims;
  const Gn = gateCount(cell) * n;
  const k = 1 / Math.sqrt(n);
  const u = { name: 'randomUniform', minval: -k, maxval: k };
  const seeds = gatedInitSeeds(seed);
  const m = (spec: InitConfigInput | string, rows: number, cols: number, s: number) => ({
    rows,
    cols,
    data: draw(spec, [rows, cols], s),
  });
  return {
    Wih: m(u, Gn, d, seeds.Wih),
    Whh: m(recurrent ?? u, Gn, n, seeds.Whh),
    bih: m(u, Gn, 1, seeds.bih),
    bhh: m(u, Gn, 1, seeds.bhh),
  };
}

/**
 * Fresh parameters of a gated layer seeded `seed`, drawn by `scheme` under the seeding rule (see
 * the file comment). Deterministic: the same seed gives the same bits.
 */
export function initGatedParams(dims: GatedDims, scheme: GatedInitScheme, seed: number): GatedParams {
  checkGatedDims('initGatedParams', dims);
  if (!Number.isSafeInteger(seed)) {
    throw new ConfigError(`initGatedParams: seed must be a safe integer, got ${String(seed)}.`);
  }
  const G = gateCount(dims.cell);
  switch (checkGatedInitScheme(scheme)) {
    case 'kerasDefault':
      return keras(dims, seed, (n, Gn, s) => draw('orthogonal', [n, Gn], s));
    case 'glorot':
      return keras(dims, seed, (n, Gn, s) => draw('glorotUniform', [n, Gn], s));
    case 'perGateOrthogonal':
      // Keras layout (n, Gn): G independent n x n blocks along the columns.
      return keras(dims, seed, (n, Gn, s) => draw({ name: 'orthogonal', gates: G, gateAxis: 'cols' }, [n, Gn], s));
    case 'identityPerGate':
      return keras(dims, seed, (n, Gn) => {
        const eye = draw('identity', [n, n]);
        const out = new Float64Array(n * Gn);
        for (let g = 0; g < G; g++)
          for (let i = 0; i < n; i++) out.set(eye.subarray(i * n, (i + 1) * n), i * Gn + g * n);
        return out;
      });
    case 'pytorchDefault':
      return pytorch(dims, seed);
    case 'pytorchOrthogonal':
      return pytorch(dims, seed, 'orthogonal');
  }
}

/** The same parameters in Keras 3's names and shapes (convenience for `init --framework keras`). */
export function initGatedKeras(dims: GatedDims, scheme: GatedInitScheme, seed: number) {
  return canonicalToKeras(dims.cell, initGatedParams(dims, scheme, seed));
}
