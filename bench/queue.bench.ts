/**
 * The run queue (BullMQ on a real redis-server started here; docs/sweeps.md):
 *
 * - load: N tiny jobs (default 2,000; steps = 0, 1 unit) through 2 worker processes. Reports
 *   jobs/s end to end (submitter process start to exit: enqueue, run, gather, write files) and
 *   over the workers' busy span, and the queue's overhead per job: worker time per job minus
 *   the compute time of the same run measured in-process (core `runPlanned`).
 * - speed: K runs of >= 10 s of CPU each (copy T = 50, 64 units, --steps S) as a local sweep
 *   (the default pool), through the queue with one worker, and with two workers. Targets: one
 *   worker within 5 % of the local wall time; two workers >= 1.8x one worker. Results are
 *   checked equal to the local ones byte for byte.
 *
 * `npm run bench -- queue [--part load|speed] [--jobs N] [--runs K] [--steps S]`. Wall times on a
 * shared machine depend on its load: the load average is printed before and after each part.
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

async function speed(redis: TestRedis): Promise<void> {
  const k = Number(flag('runs', '4'));
  const steps = Number(flag('steps', '500'));
  const plan = writePlan('speed.json', {
    version: 1,
    axes: { seed: Array.from({ length: k }, (_, i) => i + 1) },
    fixed: { task: 'copy', T: 50, units: 64, activation: 'linear', steps },
  });
  console.log(`speed part: ${k} runs of copy T = 50, 64 units, ${steps} steps; ${loadLine()}`);
  const local = await timed(['sweep', plan, '--out', 'local']);
  console.log(`local pool done (${fmt(local.seconds)} s); ${loadLine()}`);
  let ws = await startWorkers(redis, 1);
  const one = await timed(['sweep', plan, '--out', 'one', '--queue', redis.url()]);
  const runSeconds = ws[0]!.lines.filter((l) => l.type === 'done').map((l) => l.seconds as number);
  await stopWorkers(ws);
  // A different output directory but the same plan: cancel so the jobs run again.
  await timed(['sweep', 'cancel', plan, '--queue', redis.url()]);
  console.log(`one worker done (${fmt(one.seconds)} s); ${loadLine()}`);
  ws = await startWorkers(redis, 2);
  const two = await timed(['sweep', plan, '--out', 'two', '--queue', redis.url()]);
  await stopWorkers(ws);
  console.log(
    table(
      ['setup', 'wall (s)', 'vs local', 'speed-up vs one worker', 'same bits as local'],
      [
        ['local pool (sweep --out)', fmt(local.seconds), '1', '-', '-'],
        [
          'queue, 1 worker',
          fmt(one.seconds),
          `${fmt((one.seconds / local.seconds - 1) * 100, 2)} %`,
          '1',
          String(sameRuns('local', 'one')),
        ],
        [
          'queue, 2 workers',
          fmt(two.seconds),
          `${fmt((two.seconds / local.seconds - 1) * 100, 2)} %`,
          `${fmt(one.seconds / two.seconds)}x`,
          String(sameRuns('local', 'two')),
        ],
      ],
    ),
  );
  console.log(`run times on the one worker (s): ${runSeconds.map((s) => fmt(s)).join(', ')}; after: ${loadLine()}`);
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
