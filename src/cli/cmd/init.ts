/**
 * `ortholab init NAME --shape R,C --out FILE`: an initialized array as .npy (NumPy, PyTorch) or
 * .json. With `--cell lstm|gru`: a whole gated layer (initLayer.ts).
 */

import {
  type InitConfigInput,
  describeInit,
  draw,
  elementStats,
  getInitializer,
  parseNumberLike,
  writeMatrixJson,
  writeNpy,
} from '../../core/index.js';
import { typed } from '../args.js';
import type { Context } from '../context.js';
import { UsageError, asUsage } from '../errors.js';
import { checkWritable, writeFileAtomic } from '../files.js';
import { fmtBytes, fmtNum, formatFields } from '../output.js';
import { COMMANDS } from '../commands.js';
import { initLayer } from './initLayer.js';
import { seeded } from './source.js';

/** Options of `init` that only a whole layer (--cell) takes. */
const LAYER_ONLY = ['framework', 'units', 'input', 'gated-init'] as const;

/** The spec's config with --param and --gain merged in (a key given twice is an error). */
export function mergeParams(
  spec: InitConfigInput,
  params: readonly [string, string][],
  gain: number | undefined,
): InitConfigInput {
  const out: { name: string; [param: string]: unknown } = { ...spec };
  const set = (key: string, value: unknown, from: string) => {
    if (key === 'name') throw new UsageError(`${from}: 'name' is not a parameter; give the initializer as NAME.`);
    if (Object.hasOwn(out, key)) throw new UsageError(`${from}: parameter '${key}' is given twice.`);
    out[key] = value;
  };
  for (const [k, v] of params) {
    const x = parseNumberLike(v);
    set(k, Number.isNaN(x) ? v : x, '--param');
  }
  if (gain !== undefined) set('gain', gain, '--gain');
  return out;
}

export async function init(ctx: Context): Promise<number> {
  const { options: o, positionals } = typed(ctx.parsed, 'init');
  if (o.cell !== undefined) return initLayer(ctx, o, o.cell, positionals.NAME);
  const layerOnly = LAYER_ONLY.find((k) => ctx.parsed.given.includes(k));
  if (layerOnly !== undefined) {
    throw new UsageError(`--${layerOnly} applies to a whole layer: add --cell lstm or --cell gru.`);
  }
  if (positionals.NAME === undefined) {
    throw new UsageError(
      `missing NAME: ${COMMANDS.init.positionals[0].doc}.`,
      'Usage: ortholab init NAME --shape R,C --out FILE [options], or ortholab init --cell lstm|gru --framework keras|pytorch --units N --input K --out FILE.safetensors',
    );
  }
  if (o.shape === undefined) throw new UsageError('--shape is required.', `Example: ${COMMANDS.init.examples[0]}`);
  const shape = o.shape;
  const lower = o.out.toLowerCase();
  const format = lower.endsWith('.npy') ? 'npy' : lower.endsWith('.json') ? 'json' : null;
  if (format === null) throw new UsageError(`--out must end in .npy or .json, got '${o.out}'.`);
  if (format === 'json' && shape.length !== 2) {
    throw new UsageError(`JSON output holds 2-D matrices; use a .npy file for shape ${shape.join(',')}.`);
  }
  if (format === 'json' && o.dtype !== 'float64') throw new UsageError('--dtype applies to .npy files only.');
  const spec = mergeParams(positionals.NAME, o.param, o.gain);
  const initializer = asUsage(() => getInitializer(seeded(spec, o.seed)));
  await checkWritable(o.out, ctx.io.cwd, o.force);
  const data = asUsage(() => draw(spec, shape, o.seed));
  if (format === 'npy' && o.dtype === 'float32') {
    const k = data.findIndex((x) => Number.isFinite(x) && !Number.isFinite(Math.fround(x)));
    if (k >= 0) {
      throw new UsageError(
        `entry ${k} of the drawn values is ${data[k]}, beyond the float32 range (±3.4028235e38), so --dtype float32 would store Infinity.`,
        'Use --dtype float64 (the default), or a smaller gain or scale.',
      );
    }
  }
  const bytes =
    format === 'npy'
      ? writeNpy({ shape: shape, data }, { dtype: o.dtype })
      : writeMatrixJson({ rows: shape[0]!, cols: shape[1]!, data });
  const size = await writeFileAtomic(o.out, bytes, { cwd: ctx.io.cwd, force: o.force });
  const stats = elementStats(data);
  const dtype = format === 'npy' ? o.dtype : 'json (float64 text)';
  if (ctx.json) {
    ctx.outJson({
      file: o.out,
      bytes: size,
      format,
      dtype: format === 'npy' ? o.dtype : 'float64',
      shape: shape,
      config: initializer.config,
      stats,
    });
    return 0;
  }
  ctx.out(`wrote ${ctx.style.bold(o.out)} (${fmtBytes(size)})`);
  ctx.out(
    formatFields([
      ['initializer', `${describeInit(initializer.config)}`],
      ['shape', `(${shape.join(', ')})`],
      ['dtype', dtype],
      [
        'entries',
        `mean ${fmtNum(stats.mean, 4)}, std ${fmtNum(stats.std, 4)}, min ${fmtNum(stats.min, 4)}, max ${fmtNum(stats.max, 4)}`,
      ],
    ]),
  );
  if (format === 'npy') ctx.out(`load it with numpy.load('${o.out}'); inspect it with: ortholab diagnose ${o.out}`);
  else ctx.out(`inspect it with: ortholab diagnose ${o.out}`);
  return 0;
}
