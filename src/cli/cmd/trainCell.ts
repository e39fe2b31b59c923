/**
 * `train --cell lstm|gru`: what the run (or comparison) varies per cell. The vanilla cell
 * compares recurrent initializers (--init, --compare-inits SPEC,...); a gated cell compares the
 * layer's named schemes (--gated-init, --compare-inits SCHEME,...; core gatedInit.ts). Options
 * of the other cell are usage errors naming what fits.
 */

import { GATED_INIT_SCHEMES, type InitConfigInput, isOneOf } from '../../core/index.js';
import { type OptionsOf, parseInitText } from '../args.js';
import type { Context } from '../context.js';
import { UsageError } from '../errors.js';
import { suggest } from '../suggest.js';

/** The per-run "initializers" of the plan: InitConfigs (rnn) or scheme names (lstm, gru). */
export function trainInits(ctx: Context, o: OptionsOf<'train'>): (InitConfigInput | string)[] {
  const given = (k: string) => ctx.parsed.given.includes(k);
  const compare = o['compare-inits'];
  if (compare !== undefined && (given('init') || given('gated-init'))) {
    throw new UsageError(`give either --${given('init') ? 'init' : 'gated-init'} or --compare-inits, not both.`);
  }
  if (o.cell === 'rnn') {
    if (given('gated-init')) {
      throw new UsageError(
        '--gated-init applies to --cell lstm or gru; the rnn cell takes --init SPEC for its recurrent matrix.',
      );
    }
    return compare === undefined ? [o.init] : parseInitText('--compare-inits', compare, true);
  }
  for (const k of ['init', 'activation'] as const) {
    if (given(k)) {
      throw new UsageError(
        `--${k} applies to --cell rnn; a ${o.cell} uses tanh and sigmoid and is initialized by --gated-init (${GATED_INIT_SCHEMES.join(', ')}).`,
      );
    }
  }
  if (compare === undefined) return [o['gated-init'] ?? 'kerasDefault'];
  const names = compare.split(',').map((s) => s.trim());
  const bad = names.find((s) => !isOneOf(GATED_INIT_SCHEMES, s));
  if (bad !== undefined) {
    const guess = suggest(bad, [...GATED_INIT_SCHEMES]);
    throw new UsageError(
      `--compare-inits: with --cell ${o.cell}, compare the gated schemes; '${bad}' is not one.`,
      `${guess === undefined ? '' : `Did you mean '${guess}'? `}Schemes: ${GATED_INIT_SCHEMES.join(', ')}.`,
    );
  }
  return names;
}
