// The gated-cell section's tables (docs/rnn-results.md) from the JSONL records of
// `scripts/literature.ts --gated --json FILE`: `npx tsx scripts/literature.ts --report a.jsonl,b.jsonl`.
// Markdown on stdout; nothing is typed by hand. Means are over the seeds present; every table says
// how many records it used, and a missing (experiment, seed) pair is listed, never filled in.
import { readFileSync } from 'node:fs';

interface Spectrum {
  gate: string;
  kerasGate: string;
  sigmaMin: number;
  sigmaMax: number;
  orthogonalityDefect: number;
  spectralRadius: number;
}

/** One run of scripts/literature.ts, as its --json file holds it (one JSON object per line). */
export interface RunRecord {
  experiment: string;
  seed: number;
  /** The settings that differ from the experiment's config (--steps, --set), for the report. */
  overrides?: Record<string, string | number>;
  steps: number;
  final: { testLoss: number; ratio: number; accuracy: number | null };
  firstSolvedStep: number | null;
  diverged: number | null;
  wallSeconds: number;
  curve: { step: number; testLoss: number; accuracy: number | null }[];
  /** Gated cells: per-gate numbers of the recurrent matrix and gradients. */
  gates?: {
    /** Gate blocks' spectra at initialization (start event) and at the last spectrum event. */
    before: readonly Spectrum[];
    after: readonly Spectrum[] | null;
    /** ‖∂L/∂a_g,t‖ per gate through time on the probe batch at initialization. */
    gateNormAtInit: Record<string, number[]> | null;
  };
}

const CELLS = ['lstm', 'gru'] as const;
const TASKS = ['copy50', 'copy100', 'adding100', 'adding200'] as const;
const SCHEMES = ['kerasDefault', 'pytorchDefault', 'perGateOrthogonal', 'glorot'] as const;

const mean = (xs: readonly number[]) => (xs.length === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / xs.length);
const f = (x: number, d = 3) => (Number.isFinite(x) ? x.toFixed(d) : String(x));
const g = (x: number) => (Number.isFinite(x) ? Number(x.toPrecision(3)).toString() : String(x));

/** The records of JSONL files; an unreadable line (a run killed mid-write) is skipped and named. */
export function readJsonl(paths: readonly string[]): RunRecord[] {
  const out: RunRecord[] = [];
  for (const p of paths) {
    for (const line of readFileSync(p, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      try {
        out.push(JSON.parse(line));
      } catch {
        console.error(`${p}: skipping an unreadable line (${line.length} characters)`);
      }
    }
  }
  return out;
}

/** log10(‖∂L/∂a_g,t‖ / max_t ‖∂L/∂a_g,t‖) at t (-inf when the norm is 0). */
function relLog(norms: readonly number[], t: number): number {
  const peak = Math.max(...norms);
  return Math.log10((norms[t] ?? Number.NaN) / peak);
}

export function gatedReport(paths: readonly string[]): string {
  const all = readJsonl(paths).filter((r) => r.gates !== undefined);
  const lines: string[] = [];
  const byName = (cell: string, task: string, scheme: string) =>
    all.filter((r) => r.experiment === `${cell}-${task}-${scheme}`).sort((a, b) => a.seed - b.seed);
  const seeds = [...new Set(all.map((r) => r.seed))].sort((a, b) => a - b);
  const settings = all[0]?.overrides ?? {};
  lines.push(
    `Records: ${all.length} (seeds ${seeds.join(', ')}); overrides of the documented grid: ${Object.entries(settings)
      .map(([k, v]) => `${k} = ${v}`)
      .join(', ')}.`,
  );
  // A grid run on part of the tasks (--only) lists only the missing runs of the (cell, task) rows it has.
  const hasRow = (cell: string, task: string) => all.some((r) => r.experiment.startsWith(`${cell}-${task}-`));
  const missing: string[] = [];
  for (const cell of CELLS)
    for (const task of TASKS.filter((t) => hasRow(cell, t)))
      for (const scheme of SCHEMES)
        for (const s of seeds)
          if (!byName(cell, task, scheme).some((r) => r.seed === s)) missing.push(`${cell}-${task}-${scheme}/${s}`);
  if (missing.length > 0) lines.push(`Missing runs (${missing.length}): ${missing.join(', ')}.`);
  lines.push('');

  // 1. Training outcome.
  lines.push(
    '**Training outcome** (test set; ratio = test loss / loss of the trivial baseline, < 1 is better than it).',
  );
  lines.push('');
  lines.push(
    '| cell | task | init | first solved step (per seed) | final ratio, mean (per seed) | final accuracy, mean (per seed) | best ratio reached, mean |',
  );
  lines.push('|---|---|---|---|---|---|---|');
  for (const cell of CELLS) {
    for (const task of TASKS) {
      for (const scheme of SCHEMES) {
        const rs = byName(cell, task, scheme);
        if (rs.length === 0) continue;
        const solved = rs.map((r) => r.firstSolvedStep ?? '–').join(', ');
        const ratios = rs.map((r) => r.final.ratio);
        const acc = rs.map((r) => r.final.accuracy);
        const accText = acc.every((a) => a === null)
          ? 'n/a'
          : `${f(100 * mean(acc.map((a) => a ?? Number.NaN)), 1)} % (${acc.map((a) => f(100 * (a ?? Number.NaN), 1)).join(', ')})`;
        const best = rs.map((r) => {
          const base = r.final.testLoss / r.final.ratio; // the baseline loss of this task
          return Math.min(...r.curve.map((c) => c.testLoss)) / base;
        });
        const div = rs.filter((r) => r.diverged !== null).length;
        lines.push(
          `| ${cell.toUpperCase()} | ${task} | ${scheme} | ${solved} | ${f(mean(ratios))} (${ratios.map((x) => f(x)).join(', ')})${div > 0 ? ` (${div} diverged)` : ''} | ${accText} | ${f(mean(best))} |`,
        );
      }
    }
  }
  lines.push('');

  // 1b. Do the initializers separate? Between-initializer spread of the mean final ratio against
  // the seed-to-seed spread within an initializer (pooled standard deviation, n - 1 per init).
  lines.push(
    "**Between initializers vs between seeds** (final ratio): the spread of the four initializers' means against the pooled seed-to-seed standard deviation within an initializer. A spread of a few pooled SDs or less, with 3 seeds, is not a difference we can claim.",
  );
  lines.push('');
  lines.push(
    '| cell | task | best init (mean ratio) | worst init (mean ratio) | spread of means | pooled seed SD | spread / SD |',
  );
  lines.push('|---|---|---|---|---|---|---|');
  for (const cell of CELLS) {
    for (const task of TASKS) {
      const groups = SCHEMES.map((scheme) => ({
        scheme,
        ratios: byName(cell, task, scheme).map((r) => r.final.ratio),
      })).filter((x) => x.ratios.length > 0);
      if (groups.length < 2) continue;
      const means = groups.map((x) => ({ scheme: x.scheme, m: mean(x.ratios) })).sort((a, b) => a.m - b.m);
      let ss = 0;
      let df = 0;
      for (const x of groups) {
        const m = mean(x.ratios);
        for (const v of x.ratios) ss += (v - m) ** 2;
        df += x.ratios.length - 1;
      }
      const sd = df > 0 ? Math.sqrt(ss / df) : Number.NaN;
      const best = means[0];
      const worst = means[means.length - 1];
      if (best === undefined || worst === undefined) continue;
      const spread = worst.m - best.m;
      lines.push(
        `| ${cell.toUpperCase()} | ${task} | ${best.scheme} (${f(best.m)}) | ${worst.scheme} (${f(worst.m)}) | ${f(spread)} | ${f(sd)} | ${f(spread / sd, 1)} |`,
      );
    }
  }
  lines.push('');

  // 2. Per-gate gradients through time at initialization.
  lines.push(
    '**Per-gate gradients through time at initialization** (probe batch): log10 of ‖∂L/∂a_g,t‖ relative to its largest value over t, at t = 1 (the start, where the copy task stores its symbols) and at t = L/2; mean over seeds. The forget gate has no gradient at t = 0 (c₋₁ = 0), hence t = 1.',
  );
  lines.push('');
  for (const cell of CELLS) {
    const gates = cell === 'lstm' ? ['i', 'f', 'g', 'o'] : ['r', 'z', 'n'];
    lines.push(`| ${cell.toUpperCase()} task | init | ${gates.map((x) => `${x}: t = 1 / L/2`).join(' | ')} |`);
    lines.push(`|---|---|${gates.map(() => '---').join('|')}|`);
    for (const task of TASKS) {
      for (const scheme of SCHEMES) {
        const rs = byName(cell, task, scheme).filter((r) => r.gates?.gateNormAtInit);
        if (rs.length === 0) continue;
        const cells = gates.map((gate) => {
          const at = (which: 'start' | 'mid') =>
            mean(
              rs.map((r) => {
                const v = r.gates?.gateNormAtInit?.[gate] ?? [];
                return relLog(v, which === 'start' ? 1 : Math.floor(v.length / 2));
              }),
            );
          return `${f(at('start'), 1)} / ${f(at('mid'), 1)}`;
        });
        lines.push(`| ${task} | ${scheme} | ${cells.join(' | ')} |`);
      }
    }
    lines.push('');
  }

  // 3. Gate blocks' spectra before and after training.
  lines.push(
    "**Gate blocks' spectra** of the recurrent matrix (each n x n block W_g): σ range, ‖W_gᵀW_g − I‖_F and spectral radius ρ; before = at initialization (the same for every task: mean over seeds), after = at the last step (mean over the four tasks and the seeds).",
  );
  lines.push('');
  lines.push(
    '| cell | init | gate | σ before | ‖W_gᵀW_g − I‖ before | ρ before | σ after | ‖W_gᵀW_g − I‖ after | ρ after |',
  );
  lines.push('|---|---|---|---|---|---|---|---|---|');
  for (const cell of CELLS) {
    for (const scheme of SCHEMES) {
      const rs = TASKS.flatMap((t) => byName(cell, t, scheme));
      const firstTask = byName(cell, TASKS[0], scheme);
      const beforeSrc = firstTask.length > 0 ? firstTask : rs;
      if (rs.length === 0) continue;
      const gates = (rs[0]?.gates?.before ?? []).map((s) => s.gate);
      for (const [k, gate] of gates.entries()) {
        const b = beforeSrc.map((r) => r.gates?.before[k]).filter((s): s is Spectrum => s !== undefined);
        const a = rs.map((r) => r.gates?.after?.[k]).filter((s): s is Spectrum => s !== undefined);
        const range = (ss: Spectrum[]) =>
          ss.length === 0 ? '–' : `${g(mean(ss.map((s) => s.sigmaMin)))}–${g(mean(ss.map((s) => s.sigmaMax)))}`;
        const m = (ss: Spectrum[], pick: (s: Spectrum) => number) => (ss.length === 0 ? '–' : g(mean(ss.map(pick))));
        lines.push(
          `| ${cell.toUpperCase()} | ${scheme} | ${gate} | ${range(b)} | ${m(b, (s) => s.orthogonalityDefect)} | ${m(b, (s) => s.spectralRadius)} | ${range(a)} | ${m(a, (s) => s.orthogonalityDefect)} | ${m(a, (s) => s.spectralRadius)} |`,
        );
      }
    }
  }
  const wall = all.reduce((a, r) => a + r.wallSeconds, 0);
  lines.push('');
  lines.push(
    `Compute: ${all.length} runs, ${f(wall / 3600, 2)} h of run time in total (the sum of the runs' wall times).`,
  );
  return lines.join('\n');
}
