/**
 * Comparing recurrent initializers across seeds. Pure and deterministic: the plan lists every
 * (initializer x seed) run with a stable id, and one run maps a planned config to a result
 * record with no timing in it, so a sweep can run the plan in any order or in parallel worker
 * threads (the CLI's job) and resume by skipping ids it already has.
 *
 * Run id: `<label>-seed<seed>-<hash>`, where hash is FNV-1a (32 bit, hex) of the run's full
 * canonical config; changing any setting changes the id, so stale results are never reused.
 * For the vanilla cell the hash leaves out `cell` and `gatedInit` (added with the gated cells,
 * always at their defaults there), so vanilla ids are the ids they were before.
 *
 * Gated cells (base `cell: 'lstm' | 'gru'`): the compared "initializers" are the gated layer's
 * named schemes (gatedInit.ts: kerasDefault, pytorchDefault, ...), set as `gatedInit` per run.
 */

import { ConfigError } from '../errors.js';
import { type TrainConfig, type TrainConfigInput, parseTrainConfig } from './config.js';
import { GATED_INIT_SCHEMES, type GatedInitScheme } from './gatedInit.js';
import { type InitConfigInput, describeInit } from '../init/index.js';
import type { RnnMetrics, TrainEvent } from './events.js';
import { expandSweepPlan } from './plan.js';
import { train } from './train.js';
import { isOneOf } from '../guards.js';

/** What to compare: a base config, the recurrent initializers and the seeds. */
export interface CompareSpec {
  /**
   * Shared settings; `recurrentInitializer` and `seed` are set per run. Checked by
   * parseTrainConfig, so a record of unknown values (a command line's --set) is accepted too.
   */
  readonly base: TrainConfigInput | Readonly<Record<string, unknown>>;
  /**
   * Recurrent initializers to compare (W_hh), as names or configs; for a gated base cell, the
   * gated schemes' names (GATED_INIT_SCHEMES).
   */
  readonly inits: readonly (InitConfigInput | string | GatedInitScheme)[];
  readonly seeds: readonly number[];
}

/** One run of the plan. */
export interface PlannedRun {
  readonly id: string;
  readonly label: string;
  readonly seed: number;
  readonly config: TrainConfig;
}

/** The deterministic record of one finished (or diverged) run. */
export interface RunResult {
  readonly id: string;
  readonly label: string;
  readonly seed: number;
  readonly status: 'done' | 'diverged';
  /** Updates completed. */
  readonly steps: number;
  readonly divergedAt: number | null;
  readonly baseline: { readonly loss: number; readonly accuracy: number | null };
  /** Last test-set metrics (at the end, or the last evaluation before divergence). */
  readonly final: RnnMetrics;
  /** Every test-set evaluation. */
  readonly curve: { step: number; testLoss: number; ratio: number; accuracy: number | null }[];
  /** Mean training loss over each window between evaluations, keyed by the window's last step. */
  readonly trainLoss: { step: number; loss: number }[];
  /** W_hh spectrum summary at each spectrum event. */
  readonly spectrum: { step: number; spectralRadius: number; maxSingular: number; minSingular: number }[];
}

/** FNV-1a over the UTF-16 code units, as 8 hex digits. */
function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** The stable id of a run: label, seed and a hash of the canonical config. */
export function runId(label: string, config: TrainConfig): string {
  const slug = label.replace(/[^A-Za-z0-9._=,()-]/g, '_');
  const { cell, gatedInit, ...vanilla } = config;
  const key = cell === 'rnn' ? vanilla : config;
  return `${slug}-seed${config.seed}-${fnv1a(JSON.stringify(key))}`;
}

/**
 * Lists the runs (initializer-major, then seeds in the given order), each with a fully parsed
 * config. Throws ConfigError for an empty list, a duplicate initializer or seed, or a bad base
 * config (with parseTrainConfig's message).
 */
export function planComparison(spec: CompareSpec): PlannedRun[] {
  if (!Array.isArray(spec.inits) || spec.inits.length === 0) {
    throw new ConfigError(
      'compareInits: inits must list at least one recurrent initializer, e.g. ["orthogonal", "identity"].',
    );
  }
  if (!Array.isArray(spec.seeds) || spec.seeds.length === 0) {
    throw new ConfigError('compareInits: seeds must list at least one integer seed, e.g. [0, 1, 2].');
  }
  if (new Set(spec.seeds).size !== spec.seeds.length) {
    throw new ConfigError(`compareInits: seeds must be distinct, got ${spec.seeds.join(', ')}.`);
  }
  const gated = parseTrainConfig({ ...spec.base, seed: spec.seeds[0] }).cell !== 'rnn';
  if (gated) {
    const bad = spec.inits.find((i) => !isOneOf(GATED_INIT_SCHEMES, i));
    if (bad !== undefined) {
      throw new ConfigError(
        `compareInits: a gated cell compares initialization schemes; got ${JSON.stringify(bad)}; valid schemes: ${GATED_INIT_SCHEMES.join(', ')}.`,
      );
    }
  }
  const labels = spec.inits.map((init) => (gated && isOneOf(GATED_INIT_SCHEMES, init) ? init : describeInit(init)));
  const dup = labels.find((l, i) => labels.indexOf(l) !== i);
  if (dup !== undefined) throw new ConfigError(`compareInits: initializer ${dup} is listed twice.`);
  // The base config's own problems, in the config parser's words (as `train --set` shows them).
  const axis = gated ? 'gatedInit' : 'recurrentInitializer';
  parseTrainConfig({ ...spec.base, [axis]: spec.inits[0], seed: spec.seeds[0] });
  // A comparison is the plan {axes: {recurrentInitializer (gatedInit for a gated cell), seed}, fixed: base}.
  const fixed: Record<string, unknown> = { ...spec.base };
  delete fixed[axis];
  delete fixed.seed;
  return expandSweepPlan({ version: 1, axes: { [axis]: spec.inits, seed: spec.seeds }, fixed }).runs;
}

/**
 * A run's events -> its RunResult: baseline, final metrics, the test curve, the training loss
 * averaged between evaluations, the spectrum history, and whether (and when) it diverged.
 * Works on any event stream of one run, including one stitched together from a checkpoint's
 * saved log and a resumed trainer (the CLI's resume), so both give the same record.
 */
export function condenseEvents(run: PlannedRun, events: Iterable<TrainEvent>): RunResult {
  let baseline: RunResult['baseline'] = { loss: Number.NaN, accuracy: null };
  let status: RunResult['status'] = 'done';
  let steps = 0;
  let divergedAt: number | null = null;
  let final: RnnMetrics = { testLoss: Number.NaN, ratio: Number.NaN, accuracy: null };
  const curve: RunResult['curve'] = [];
  const trainLoss: RunResult['trainLoss'] = [];
  const spectrum: RunResult['spectrum'] = [];
  let windowSum = 0;
  let windowCount = 0;
  for (const e of events) {
    switch (e.type) {
      case 'start':
        baseline = e.baseline;
        break;
      case 'progress':
        steps = e.step;
        windowSum += e.loss;
        windowCount++;
        break;
      case 'metrics':
        curve.push({ step: e.step, testLoss: e.testLoss, ratio: e.ratio, accuracy: e.accuracy });
        final = { testLoss: e.testLoss, ratio: e.ratio, accuracy: e.accuracy };
        if (windowCount > 0) trainLoss.push({ step: e.step, loss: windowSum / windowCount });
        windowSum = 0;
        windowCount = 0;
        break;
      case 'spectrum':
        spectrum.push({
          step: e.step,
          spectralRadius: e.spectralRadius,
          maxSingular: e.singularValues[0]!,
          minSingular: e.singularValues[e.singularValues.length - 1]!,
        });
        break;
      case 'diverged':
        status = 'diverged';
        divergedAt = e.step;
        break;
      default:
        break;
    }
  }
  return {
    id: run.id,
    label: run.label,
    seed: run.seed,
    status,
    steps,
    divergedAt,
    baseline,
    final,
    curve,
    trainLoss,
    spectrum,
  };
}

/**
 * Runs one planned configuration to the end and condenses its events into a RunResult.
 * `onEvent` sees every event (progress bars, live plots). Deterministic: the same run gives
 * the same record anywhere.
 */
export function runPlanned(run: PlannedRun, onEvent?: (e: TrainEvent) => void): RunResult {
  function* observed(): Generator<TrainEvent> {
    for (const e of train(run.config)) {
      onEvent?.(e);
      yield e;
    }
  }
  return condenseEvents(run, observed());
}

/**
 * Runs the whole plan sequentially, yielding each result as it finishes and skipping ids in
 * `skip` (results a previous, interrupted sweep already saved).
 */
export function* compareInits(
  spec: CompareSpec,
  options: { skip?: Iterable<string>; onEvent?: (run: PlannedRun, e: TrainEvent) => void } = {},
): Generator<RunResult, void, undefined> {
  const skip = new Set(options.skip ?? []);
  for (const run of planComparison(spec)) {
    if (skip.has(run.id)) continue;
    const on = options.onEvent;
    yield runPlanned(run, on ? (e) => on(run, e) : undefined);
  }
}

/** Per-initializer summary of results: mean and median final test loss, mean accuracy, divergences. */
export interface CompareSummary {
  readonly label: string;
  readonly runs: number;
  readonly diverged: number;
  readonly meanTestLoss: number;
  readonly medianTestLoss: number;
  readonly meanRatio: number;
  readonly meanAccuracy: number | null;
}

/** Summaries in order of first appearance of each label. Diverged runs count in `diverged` only. */
export function summarizeComparison(results: readonly RunResult[]): CompareSummary[] {
  const labels = [...new Set(results.map((r) => r.label))];
  return labels.map((label) => {
    const all = results.filter((r) => r.label === label);
    const ok = all.filter((r) => r.status === 'done');
    const losses = ok.map((r) => r.final.testLoss).sort((a, b) => a - b);
    const mean = (xs: number[]) => (xs.length === 0 ? Number.NaN : xs.reduce((s, x) => s + x, 0) / xs.length);
    const mid = losses.length >> 1;
    const median =
      losses.length === 0 ? Number.NaN : losses.length % 2 ? losses[mid]! : (losses[mid - 1]! + losses[mid]!) / 2;
    const accs = ok.map((r) => r.final.accuracy).filter((a): a is number => a !== null);
    return {
      label,
      runs: all.length,
      diverged: all.length - ok.length,
      meanTestLoss: mean(losses),
      medianTestLoss: median,
      meanRatio: mean(ok.map((r) => r.final.ratio)),
      meanAccuracy: accs.length > 0 ? mean(accs) : null,
    };
  });
}
