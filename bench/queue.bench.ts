/**
 * The run queue (BullMQ on a real redis-server started here; docs/sweeps.md):
 *
 * - load: N tiny jobs (default 2,000; steps = 0, 1 unit) through 2 worker processes. Reports
 *   jobs/s end to end (submitter process start to exit: enqueue, run, gather, write files) and
 *   over the workers' busy span, and the queue's overhead per job: worker time per job minus
 *   the compute time of the same run measured in-process (core `runPlanned`).
 * - speed: K runs of >= 10 s of CPU each (copy T = 50, 64 units, --steps S) as a local sweep
 *   (the default pool) and through the queue with one worker (started before the clock), in R
 *   interleaved repetitions (which goes first alternates, so a drift in the machine's load hits
 *   both alike); with --with-two also two workers in each repetition. Reports every repetition,
 *   the worker's own run time beside the wall time, and the median ratio. Targets: one worker
 *   within 5 % of the local wall time; two workers >= 1.8x one worker. Results are checked equal
 *   to the local ones byte for byte.
 *
 * `npm run bench -- queue [--part load|speed] [--jobs N] [--runs K] [--steps S] [--reps R]
 * [--with-two]`. Wall times on a shared machine depend on its load: the load average is printed
 * with each repetition.
 */

import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expandSweepPlan, runPlanned } from '../src/core/index.js';
import { type CliProcess, killAll, spawnCli, waitFor } from '../test/helpers/proc.js';
import { type TestRedis, startRedis } from '../test/helpers/redis.js';
import { loadLine, machineLine, table } from './lib.js';

const args = process.argv.slice(2);
const flag = (name: string, def: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : def;
};
const part = flag('part', 'all');
const dir = mkdtempSync(join(tmpdir(), 'ortholab-bench-queue-'));

function writePlan(name: string, doc: unknown): string {
  writeFileSync(join(dir, name), JSON.stringify(doc));
  return name;
}

async function startWorkers(redis: TestRedis, n: number): Promise<CliProcess[]> {
  const ws = Array.from({ length: n }, () => spawnCli(['worker', '--queue', redis.url()], dir));
  await Promise.all(
    ws.map((w) => waitFor('a worker to connect', () => w.lines.some((l) => l.type === 'worker'), 120_000)),
  );
  return ws;
}

async function stopWorkers(ws: CliProcess[]): Promise<void> {
  for (const w of ws) w.child.kill('SIGTERM');
  await Promise.all(ws.map((w) => w.exit));
}

/** Wall seconds of one CLI process, start to exit (which must be 0). */
async function timed(argv: string[]): Promise<{ seconds: number; proc: CliProcess }> {
  const t0 = performance.now();
  const proc = spawnCli(argv, dir);
  const code = await proc.exit;
  const seconds = (performance.now() - t0) / 1000;
  if (code !== 0) throw new Error(`ortholab ${argv.join(' ')} exited with ${code}: ${proc.stderr()}`);
  return { seconds, proc };
}

function sameRuns(a: string, b: string): boolean {
  const files = (d: string) =>
    readdirSync(join(dir, d, 'runs'))
      .filter((f) => !f.startsWith('.'))
      .sort();
  const fa = files(a);
  return (
    JSON.stringify(fa) === JSON.stringify(files(b)) &&
    fa.every((f) => readFileSync(join(dir, a, 'runs', f), 'utf8') === readFileSync(join(dir, b, 'runs', f), 'utf8'))
  );
}

const fmt = (x: number, d = 3) => Number(x.toPrecision(d)).toString();

async function load(redis: TestRedis): Promise<void> {
  const jobs = Number(flag('jobs', '2000'));
  const doc = {
    version: 1,
    axes: { seed: Array.from({ length: jobs }, (_, i) => i) },
    fixed: {
      task: 'copy',
      T: 1,
      units: 1,
      steps: 0,
      batchSize: 1,
      testSize: 1,
      probeEvery: 0,
      spectrumEvery: 0,
      evalEvery: 0,
      checkpointEvery: 0,
    },
  };
  const plan = writePlan('tiny.json', doc);
  // Compute alone: the same runs in-process, no queue, no files.
  const runs = expandSweepPlan(doc).runs;
  for (const r of runs.slice(0, 50)) runPlanned(r); // warm-up
  const c0 = performance.now();
  for (const r of runs) runPlanned(r);
  const compute = (performance.now() - c0) / 1000 / jobs;

  console.log(`load part: ${jobs} tiny jobs, 2 workers; ${loadLine()}`);
  const ws = await startWorkers(redis, 2);
  const { seconds } = await timed(['sweep', plan, '--out', 'tiny', '--queue', redis.url()]);
  const times = ws.flatMap((w) => w.lines).filter((l) => l.type === 'start' || l.type === 'done');
  const stamps = times.map((l) => Date.parse(l.time as string));
  const span = (Math.max(...stamps) - Math.min(...stamps)) / 1000;
  const done = ws.map((w) => w.lines.filter((l) => l.type === 'done').length);
  await stopWorkers(ws);
  const perJob = (span * 2) / jobs;
  console.log(
    table(
      [
        'jobs',
        'end to end (s)',
        'jobs/s end to end',
        'workers busy span (s)',
        'jobs/s over the span',
        'per worker',
        'compute per job',
        'queue overhead per job',
      ],
      [
        [
          String(jobs),
          fmt(seconds),
          fmt(jobs / seconds),
          fmt(span),
          fmt(jobs / span),
          done.join(' + '),
          `${fmt(compute * 1000)} ms`,
          `${fmt((perJob - compute) * 1000)} ms`,
        ],
      ],
    ),
  );
  console.log(`after: ${loadLine()}`);
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] ?? Number.NaN) : ((s[m - 1] ?? Number.NaN) + (s[m] ?? Number.NaN)) / 2;
};

/** One sweep of the plan through the queue with `n` fresh workers (started before the clock). */
async function queued(redis: TestRedis, plan: string, out: string, n: number) {
  const ws = await startWorkers(redis, n);
  const r = await timed(['sweep', plan, '--out', out, '--queue', redis.url()]);
  const runSeconds = ws.flatMap((w) => w.lines.filter((l) => l.type === 'done').map((l) => Number(l.seconds)));
  await stopWorkers(ws);
  // The next repetition submits the same plan again: cancel, so its runs are computed again.
  await timed(['sweep', 'cancel', plan, '--queue', redis.url()]);
  return { seconds: r.seconds, runSeconds };
}

async function speed(redis: TestRedis): Promise<void> {
  const k = Number(flag('runs', '4'));
  const steps = Number(flag('steps', '500'));
  const reps = Number(flag('reps', '5'));
  const withTwo = args.includes('--with-two');
  const plan = writePlan('speed.json', {
    version: 1,
    axes: { seed: Array.from({ length: k }, (_, i) => i + 1) },
    fixed: { task: 'copy', T: 50, units: 64, activation: 'linear', steps },
  });
  console.log(
    `speed part: ${k} runs of copy T = 50, 64 units, ${steps} steps; ${reps} interleaved repetitions (local and queue alternate which goes first); ${loadLine()}`,
  );
  const rows: string[][] = [];
  const ratios: number[] = [];
  const twoSpeedups: number[] = [];
  let allSame = true;
  for (let r = 0; r < reps; r++) {
    const measure = {
      local: async () => (await timed(['sweep', plan, '--out', `local${r}`])).seconds,
      one: () => queued(redis, plan, `one${r}`, 1),
    };
    let local: number;
    let one: Awaited<ReturnType<typeof queued>>;
    if (r % 2 === 0) {
      local = await measure.local();
      one = await measure.one();
    } else {
      one = await measure.one();
      local = await measure.local();
    }
    const two = withTwo ? await queued(redis, plan, `two${r}`, 2) : null;
    const same = sameRuns(`local${r}`, `one${r}`) && (two === null || sameRuns(`local${r}`, `two${r}`));
    allSame &&= same;
    const ratio = one.seconds / local;
    ratios.push(ratio);
    const compute = one.runSeconds.reduce((a, b) => a + b, 0);
    if (two !== null) twoSpeedups.push(one.seconds / two.seconds);
    rows.push([
      String(r + 1),
      r % 2 === 0 ? 'local' : 'queue',
      fmt(local),
      fmt(one.seconds),
      `${fmt((ratio - 1) * 100, 2)} %`,
      fmt(compute),
      fmt(one.seconds - compute),
      two === null ? '-' : `${fmt(two.seconds)} (${fmt(one.seconds / two.seconds)}x)`,
      String(same),
      loadLine().replace(/^load average:?\s*/i, ''),
    ]);
    console.log(`repetition ${r + 1} done: local ${fmt(local)} s, one worker ${fmt(one.seconds)} s; ${loadLine()}`);
  }
  console.log(
    table(
      [
        'rep',
        'first',
        'local pool (s)',
        'queue, 1 worker (s)',
        'vs local',
        "worker's run time (s)",
        'queue and processes (s)',
        'queue, 2 workers (s)',
        'same bits',
        'load after',
      ],
      rows,
    ),
  );
  console.log(
    `median of queue/local over ${reps}: ${fmt((median(ratios) - 1) * 100, 2)} % (all: ${ratios.map((x) => `${fmt((x - 1) * 100, 2)} %`).join(', ')})${twoSpeedups.length > 0 ? `; median 2 workers vs 1: ${fmt(median(twoSpeedups))}x` : ''}; every result equal to local: ${allSame}; after: ${loadLine()}`,
  );
}

const redis = await startRedis();
try {
  console.log(`machine: ${machineLine()}`);
  if (part === 'all' || part === 'load') await load(redis);
  if (part === 'all' || part === 'speed') await speed(redis);
} finally {
  await killAll();
  await redis.dispose();
  rmSync(dir, { recursive: true, force: true });
}
