/**
 * `ortholab init --cell lstm|gru --framework keras|pytorch --units N --input K --out FILE.safetensors`:
 * a whole gated layer, initialized by a named scheme (core gatedInit.ts) under the seeding rule,
 * written in the framework's own names and layout so that
 *   PyTorch: nn.LSTM(K, N).load_state_dict(safetensors.torch.load_file(FILE))
 *   Keras 3: layer.set_weights([kernel, recurrent_kernel, bias])   (that order)
 * take it as is. Prints the per-gate spectrum of the recurrent matrix (σ range, ‖W_gᵀW_g − I‖_F, ρ).
 */

import {
  type GatedCell,
  type GatedInitScheme,
  type WeightArray,
  canonicalToKeras,
  canonicalToTorch,
  gatedSpectrum,
  initGatedParams,
  writeSafetensors,
} from '../../core/index.js';
import type { OptionsOf } from '../args.js';
import type { Context } from '../context.js';
import { UsageError, asUsage } from '../errors.js';
import { checkWritable, writeFileAtomic } from '../files.js';
import { fmtBytes, fmtNum, formatFields } from '../output.js';
import { gateTable } from './spectrumGates.js';

/** Each framework's own default scheme. */
export const FRAMEWORK_DEFAULT_SCHEME = {
  keras: 'kerasDefault',
  pytorch: 'pytorchDefault',
} as const satisfies Record<'keras' | 'pytorch', GatedInitScheme>;

/** Options of `init` that make sense for one matrix only. */
const MATRIX_ONLY = ['shape', 'gain', 'param'] as const;

/** The layer's tensors in the framework's names (PyTorch state_dict / Keras get_weights order). */
export function layerTensors(
  cell: GatedCell,
  framework: 'keras' | 'pytorch',
  scheme: GatedInitScheme,
  units: number,
  input: number,
  seed: number,
): Record<string, WeightArray> {
  const p = initGatedParams({ cell, inputDim: input, units }, scheme, seed);
  const w = framework === 'pytorch' ? canonicalToTorch(cell, p) : canonicalToKeras(cell, p);
  return { ...w };
}

export async function initLayer(ctx: Context, o: OptionsOf<'init'>, cell: GatedCell, name: unknown): Promise<number> {
  if (name !== undefined) {
    throw new UsageError(
      `init --cell ${cell} writes a whole layer initialized by --gated-init SCHEME, not by NAME.`,
      `Drop NAME, e.g. ortholab init --cell ${cell} --framework pytorch --units 64 --input 10 --out ${cell}.safetensors`,
    );
  }
  const wrong = MATRIX_ONLY.find((k) => ctx.parsed.given.includes(k));
  if (wrong !== undefined) {
    throw new UsageError(
      `--${wrong} applies to one matrix (init NAME --shape R,C); a --cell layer's shapes follow from --units and --input.`,
    );
  }
  const { framework, units, input } = o;
  if (framework === undefined || units === undefined || input === undefined) {
    const missing = (['framework', 'units', 'input'] as const).filter((k) => o[k] === undefined);
    throw new UsageError(
      `init --cell ${cell} needs ${missing.map((k) => `--${k}`).join(', ')}: --framework keras|pytorch, --units N, --input K.`,
      `Example: ortholab init --cell ${cell} --framework pytorch --units 64 --input 10 --out ${cell}.safetensors`,
    );
  }
  if (!o.out.toLowerCase().endsWith('.safetensors')) {
    throw new UsageError(`--out must end in .safetensors for a whole layer (--cell), got '${o.out}'.`);
  }
  const scheme = o['gated-init'] ?? FRAMEWORK_DEFAULT_SCHEME[framework];
  const tensors = asUsage(() => layerTensors(cell, framework, scheme, units, input, o.seed));
  await checkWritable(o.out, ctx.io.cwd, o.force);
  const metadata = {
    format: framework === 'pytorch' ? 'pt' : 'keras',
    ortholab: JSON.stringify({ cell, framework, scheme, units, input, seed: o.seed }),
  };
  const bytes = writeSafetensors(tensors, metadata, { dtype: o.dtype });
  const size = await writeFileAtomic(o.out, bytes, { cwd: ctx.io.cwd, force: o.force });
  const spectrum = gatedSpectrum(cell, initGatedParams({ cell, inputDim: input, units }, scheme, o.seed));
  const shapes = Object.entries(tensors).map(([k, v]) => ({ name: k, shape: [...v.shape] }));
  if (ctx.json) {
    const { gates, stackDefect } = spectrum;
    ctx.outJson({
      file: o.out,
      bytes: size,
      format: 'safetensors',
      dtype: o.dtype,
      cell,
      framework,
      scheme,
      units,
      input,
      seed: o.seed,
      tensors: shapes,
      gates: gates.map(({ singularValues: _sv, ...g }) => g),
      stackDefect,
    });
    return 0;
  }
  ctx.out(`wrote ${ctx.style.bold(o.out)} (${fmtBytes(size)})`);
  ctx.out(
    formatFields([
      ['layer', `${cell.toUpperCase()}, ${units} units, ${input} inputs, ${framework} names and layout`],
      ['scheme', `${scheme} (seed ${o.seed})`],
      ['tensors', shapes.map((t) => `${t.name} (${t.shape.join(', ')})`).join(', ')],
      ['dtype', o.dtype],
    ]),
  );
  ctx.out('');
  ctx.out(gateTable(spectrum.gates));
  ctx.out(
    `‖Σ_g W_gᵀW_g − I‖ = ${fmtNum(spectrum.stackDefect, 4)} (0 for whole-matrix orthogonal schemes: the stack is orthonormal, no block is)`,
  );
  ctx.out(
    framework === 'pytorch'
      ? `load it with nn.${cell.toUpperCase()}(${input}, ${units}).load_state_dict(safetensors.torch.load_file('${o.out}'))`
      : `load it with layer.set_weights([kernel, recurrent_kernel, bias]) in that order (Keras 3, ${cell === 'gru' ? 'reset_after=True' : 'unit_forget_bias applied'})`,
  );
  return 0;
}
