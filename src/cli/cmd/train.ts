/**
 * `ortholab train`: vanilla RNN training on the copy or adding task (core `src/core/rnn`).
 * One run, or a comparison of recurrent initializers over seeds (core `planComparison`). On a
 * terminal: a progress bar with the batch loss and the last test loss ratio to the memoryless
 * baseline; otherwise (or with --json) JSON lines. With --out DIR: plan.json, runs/<id>.json
 * per finished run (written at once, atomically), checkpoints/<id>.json while a run is going,
 * summary.json at the end; rerunning the same command skips finished runs and resumes the rest.
 */

import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  CancelledError,
  type PlannedRun,
  type RunResult,
  type TrainEvent,
  parseInitSpec,
  parseNumberLike,
  planComparison,
  summarizeComparison,
} from '../../core/index.js';
import { type OptionsOf, typed } from '../args.js';
import type { Context } from '../context.js';
import { EXIT_INTERRUPTED, UsageError, asUsage } from '../errors.js';
import { ensureDir, lockDir, writeFileAtomic } from '../files.js';
import { fmtNum, toJson } from '../output.js';
import { type Progress, startProgress } from '../progress.js';
import { defaultWorkers, runSweep } from '../sweep/pool.js';
import { type TrainTask, trainTask } from '../sweep/worker.js';
import { readJsonIfExists, runOne, runPath } from '../train/runOne.js';
// Static, not a lazy import(): run from the TypeScript sources, commands execute in a worker
// thread where Node 20 gives tsx no ES module hooks, so a lazy import of a .ts file cannot resolve.
import { printResults } from '../sweep/report.js';
import { submitQueued } from '../sweep/trainQueue.js';
import { trainInits } from './trainCell.js';

/** Checkpoint interval used with --out unless --set checkpointEvery=K is given. */
export function defaultCheckpointEvery(steps: number): number {
  return Math.max(10, Math.min(200, Math.ceil(steps / 20)));
}

/** The shared training settings from the options (recurrent initializer and seed are per run). */
export function baseConfig(o: OptionsOf<'train'>): Record<string, unknown> {
  const base: Record<string, unknown> = {
    task: o.task,
    T: o.T,
    units: o.units,
    cell: o.cell,
    // A gated cell has no activation (tanh and sigmoid); the vanilla cell's CLI default is linear.
    ...(o.cell === 'rnn' ? { activation: o.activation } : {}),
    steps: o.steps,
  };
  for (const [key, value] of o.set) {
    if (key === 'recurrentInitializer' || key === 'gatedInit' || key === 'seed') {
      throw new UsageError(`--set ${key}: use --init / --gated-init / --compare-inits and --seed / --seeds instead.`);
    }
    if (Object.hasOwn(base, key)) throw new UsageError(`--set ${key}: use the --${key} option instead.`);
    if (key.endsWith('Initializer')) base[key] = asUsage(() => parseInitSpec(value));
    else {
      const x = parseNumberLike(value);
      base[key] = Number.isNaN(x) ? value : x;
    }
  }
  if (o.out !== undefined && !Object.hasOwn(base, 'checkpointEvery'))
    base.checkpointEvery = defaultCheckpointEvery(o.steps);
  return base;
}

export async function train(ctx: Context): Promise<number> {
  const { options: o } = typed(ctx.parsed, 'train');
  const inits = trainInits(ctx, o);
  const seeds = Array.from({ length: o.seeds }, (_, i) => o.seed + i);
  const plan = asUsage(() => planComparison({ base: baseConfig(o), inits, seeds }));
  const lines = ctx.json || !ctx.interactive;
  const emit = (value: unknown) => ctx.outJsonLine(value);

  if (o.queue !== undefined && o.out === undefined) {
    throw new UsageError(
      '--queue needs --out DIR for the results.',
      'Example: --queue redis://127.0.0.1:6379 --out runs/copy',
    );
  }
  let dir: string | null = null;
  let unlock: (() => Promise<void>) | null = null;
  if (o.out !== undefined) {
    checkOutDir(o.out);
    dir = await ensureDir(o.out, ctx.io.cwd);
    unlock = await lockDir(dir, 'ortholab train');
  }
  try {
    if (o.queue !== undefined && o.out !== undefined && dir !== null) {
      // The same runs as a plan {axes: {recurrentInitializer, seed}, fixed}, through the queue.
      return await submitQueued(ctx, o.queue, { inits, seeds, base: baseConfig(o) }, plan, dir, o.out);
    }
    return await trainInto(ctx, o, plan, dir, lines, emit);
  } finally {
    await unlock?.();
  }
}

/** The rest of `train` (and of a local `sweep`) once the results directory (if any) is locked. */
export async function trainInto(
  ctx: Context,
  o: { readonly out?: string | undefined; readonly workers?: number | undefined; readonly force?: boolean | undefined },
  plan: PlannedRun[],
  dir: string | null,
  lines: boolean,
  emit: (value: unknown) => void,
): Promise<number> {
  if (dir !== null) {
    await checkSamePlan(dir, o.out ?? dir, plan, o.force ?? false);
    await ensureDir(resolve(dir, 'runs'), ctx.io.cwd);
    await ensureDir(resolve(dir, 'checkpoints'), ctx.io.cwd);
    const planDoc = {
      format: 'ortholab.cli.train-plan',
      version: 1,
      runs: plan.map((p) => ({ id: p.id, label: p.label, seed: p.seed, config: p.config })),
    };
    await writeFileAtomic(resolve(dir, 'plan.json'), `${toJson(planDoc)}\n`, { cwd: dir, force: true });
  }

  // Finished runs from an earlier invocation are kept, not recomputed.
  const results = new Map<string, RunResult>();
  if (dir !== null) {
    for (const p of plan) {
      const done = await readJsonIfExists<RunResult>(runPath(dir, p.id));
      if (done !== null && done.id === p.id) results.set(p.id, done);
    }
  }
  const todo = plan.filter((p) => !results.has(p.id));
  if (lines) {
    emit({ type: 'plan', runs: plan.length, finished: results.size, todo: todo.length, out: o.out ?? null });
    for (const p of plan) if (results.has(p.id)) emit({ type: 'skipped', run: p.id, reason: 'finished earlier' });
  } else if (results.size > 0) {
    ctx.note(`${results.size} of ${plan.length} runs already finished in ${o.out}; running the other ${todo.length}.`);
  }

  const workers = todo.length <= 1 ? 0 : (o.workers ?? defaultWorkers(todo.length));
  let interrupted = false;
  try {
    if (workers === 0) {
      for (const p of todo) {
        const r = await runSequential(ctx, p, dir, lines);
        if (r === null) {
          interrupted = true;
          break;
        }
        results.set(p.id, r);
        if (lines) emit({ type: 'result', run: p.id, ...r });
      }
    } else {
      const bar = lines ? null : startProgress(ctx, todo.length, 'runs');
      const tasks: TrainTask[] = todo.map((run) => ({ run, dir }));
      try {
        await runSweep('trainTask', tasks, trainTask, {
          workers,
          signal: ctx.io.signal,
          onResult: (i, r) => {
            results.set(todo[i]!.id, r);
            if (lines) emit({ type: 'result', run: todo[i]!.id, ...r });
            bar?.tick();
          },
        });
      } finally {
        bar?.stop();
      }
    }
  } catch (e) {
    if (!(e instanceof CancelledError)) throw e;
    interrupted = true;
  }

  const finished = plan.flatMap((p) => results.get(p.id) ?? []);
  const summary = summarizeComparison(finished);
  if (dir !== null && !interrupted) {
    await writeFileAtomic(resolve(dir, 'summary.json'), `${toJson({ runs: plan.length, summary })}\n`, {
      cwd: dir,
      force: true,
    });
  }
  if (interrupted) {
    const where =
      o.out === undefined
        ? 'nothing was saved (use --out DIR to keep results and resume)'
        : `finished runs and the last checkpoints are in ${o.out}; run the same command to resume`;
    if (lines) emit({ type: 'interrupted', finished: finished.length, runs: plan.length });
    ctx.note(`ortholab: interrupted after ${finished.length} of ${plan.length} runs; ${where}.`);
    return EXIT_INTERRUPTED;
  }
  if (lines) {
    emit({ type: 'summary', summary });
    return 0;
  }
  printResults(ctx, false, finished, o.out ?? null, 'initializer');
  return 0;
}

interface PlanDoc {
  readonly runs?: readonly { readonly id?: string; readonly config?: Record<string, unknown> }[];
}

/** "T 50 → 5, steps 4000 → 5": the settings that differ between two run configs. */
export function settingsDiff(before: object, after: object): string {
  const b = new Map<string, unknown>(Object.entries(before));
  const a = new Map<string, unknown>(Object.entries(after));
  const keys = [...new Set([...b.keys(), ...a.keys()])];
  const show = (v: unknown) => (v === undefined ? '(unset)' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  return keys
    .filter((k) => JSON.stringify(b.get(k)) !== JSON.stringify(a.get(k)))
    .map((k) => `${k} ${show(b.get(k))} → ${show(a.get(k))}`)
    .join(', ');
}

/**
 * A results directory holds one plan. Resuming with the same settings is fine; other settings
 * would silently mix with (and replace the summary of) the earlier ones, so they are refused
 * unless --force, which removes the earlier results first.
 */
async function checkSamePlan(dir: string, out: string, plan: readonly PlannedRun[], force: boolean): Promise<void> {
  const old = await readJsonIfExists<PlanDoc>(resolve(dir, 'plan.json'));
  if (old === null || !Array.isArray(old.runs)) return;
  const oldIds = old.runs.map((r) => r.id);
  const newIds = plan.map((p) => p.id);
  if (oldIds.length === newIds.length && oldIds.every((id, i) => id === newIds[i])) return;
  if (!force) {
    const diff =
      old.runs[0]?.config !== undefined && plan[0] !== undefined
        ? settingsDiff(old.runs[0].config, plan[0].config)
        : '';
    const what =
      diff !== '' && oldIds.length === newIds.length
        ? `other settings (${diff})`
        : `another plan (${oldIds.length} runs before, ${newIds.length} now${diff === '' ? '' : `; ${diff}`})`;
    throw new UsageError(
      `'${out}' holds the results of ${what}; resuming there would mix them.`,
      'Choose another --out folder, or pass --force to replace those results.',
    );
  }
  const keep = new Set(newIds);
  for (const sub of ['runs', 'checkpoints']) {
    for (const id of oldIds) {
      if (id === undefined || keep.has(id)) continue;
      await rm(resolve(dir, sub, `${id}.json`), { force: true });
    }
  }
  await rm(resolve(dir, 'summary.json'), { force: true });
}

/** One run in this thread, with a progress bar on a terminal or JSON lines otherwise. */
async function runSequential(
  ctx: Context,
  p: PlannedRun,
  dir: string | null,
  lines: boolean,
): Promise<RunResult | null> {
  let bar: Progress | null = null;
  let ratio = '-';
  const label = `${p.label} seed ${p.seed}`;
  const onEvent = (e: TrainEvent) => {
    if (lines) {
      if (e.type !== 'checkpoint') ctx.outJsonLine({ run: p.id, ...e });
      else ctx.outJsonLine({ run: p.id, type: 'checkpoint', step: e.step });
      return;
    }
    if (e.type === 'start') {
      ctx.out(
        `${ctx.style.bold(label)}: ${e.config.task} T = ${e.config.T}, ${e.config.units} units, ${e.config.cell === 'rnn' ? e.config.activation : `${e.config.cell.toUpperCase()} ${e.config.gatedInit}`}, ${e.parameterCount} parameters${e.resumed ? `, resumed at step ${e.step}` : ''}`,
      );
      if (e.gates) {
        const g = e.gates;
        ctx.out(
          `  recurrent gate blocks: ${g.gates.map((b) => `${b.gate} σ ${fmtNum(b.sigmaMin, 3)}..${fmtNum(b.sigmaMax, 3)} ρ ${fmtNum(b.spectralRadius, 3)} ‖WᵀW−I‖ ${fmtNum(b.orthogonalityDefect, 3)}`).join('; ')}; ‖Σ W_gᵀW_g − I‖ ${fmtNum(g.stackDefect, 3)}`,
        );
      }
      bar = startProgress(ctx, e.config.steps, 'steps', '| loss {loss} | test ratio {ratio}', { loss: '-', ratio });
      bar.update(e.step, { loss: '-', ratio });
    } else if (e.type === 'metrics' || e.type === 'done') {
      ratio = fmtNum(e.ratio, 3);
      bar?.update(e.step, { ratio });
    } else if (e.type === 'progress') bar?.update(e.step, { loss: fmtNum(e.loss, 4), ratio });
    else if (e.type === 'diverged') {
      bar?.stop();
      ctx.note(e.message);
    }
  };
  // A closure sees the bar onEvent assigned (TypeScript narrows the variable itself to null here).
  const stopBar = (): void => bar?.stop();
  try {
    return await runOne(p, { dir, signal: ctx.io.signal, onEvent });
  } finally {
    stopBar();
  }
}

/** Extensions of the files a run directory holds: an `--out` ending in one is a mistyped file name. */
const FILE_EXTENSIONS = ['.json', '.jsonl', '.npy', '.safetensors', '.svg', '.gif', '.png', '.csv', '.txt'];

/** `--out` names a directory; refuse names that look like a file (e.g. runs/copy/summary.json). */
export function checkOutDir(out: string): void {
  const base =
    out
      .replace(/[\\/]+$/, '')
      .split(/[\\/]/)
      .pop() ?? '';
  const ext = FILE_EXTENSIONS.find((e) => base.toLowerCase().endsWith(e));
  if (ext !== undefined) {
    throw new UsageError(
      `--out takes a directory for the run's results, but '${out}' looks like a file name (${ext}).`,
      'Example: --out runs/copy (it then holds summary.json, runs/ and checkpoints/).',
    );
  }
}
