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
 *   Beside the wall times, the CPU time (user + system, all threads) of the local sweep process
 *   against the submitter's plus the worker's during the sweep (/usr/bin/time and /proc; left
 *   out where they are missing): on a busy machine it is the figure that does not depend on the
 *   load.
 * - latency: where a queued sweep's fixed cost goes, on a plan of one tiny run (steps 10): the
 *   submitter's wall time split at its JSON lines (process start-up and enqueue until its
 *   'plan' line; the worker's 'serving', 'start' and 'done' lines; the 'result' line; exit),
 *   against a local sweep of the same plan (start-up included), in R repetitions.
 * - threads: the CPU time of this process while one run (copy T = 50, 64 units, --steps S,
 *   checkpoints acknowledged as the worker does) runs on the queue worker's thread
 *   (runThreads.ts) and, for comparison, on a piscina thread (what the worker used before), in
 *   R interleaved repetitions.
 *
 * `npm run bench -- queue [--part load|speed|latency|threads] [--jobs N] [--runs K] [--steps S]
 * [--reps R] [--with-two]`. Wall times on a shared machine depend on its load: the load average
 * is printed with each repetition.
 */

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { type PlannedRun, expandSweepPlan, runPlanned } from '../src/core/index.js';
import { withDefaultCheckpoints } from '../src/cli/sweep/loadPlan.js';
import { RunThreads } from '../src/cli/sweep/runThreads.js';
import type { RunThreadAck, RunThreadMessage } from '../src/cli/sweep/worker.js';
import { type CliProcess, cliArgv, killAll, spawnCli, waitFor } from '../test/helpers/proc.js';
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

const TIME = '/usr/bin/time';
let timedCount = 0;

/**
 * Wall seconds of one CLI process, start to exit (which must be 0), and its CPU seconds (user +
 * system, every thread) as /usr/bin/time reports them, or null without /usr/bin/time.
 */
async function timed(argv: string[]): Promise<{ seconds: number; cpu: number | null }> {
  const withTime = existsSync(TIME);
  const cpuFile = join(dir, `.cpu-${++timedCount}`);
  const args = withTime ? ['-f', '%U %S', '-o', cpuFile, process.execPath, ...cliArgv(argv)] : cliArgv(argv);
  const t0 = performance.now();
  const child = spawn(withTime ? TIME : process.execPath, args, {
    cwd: dir,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => {
    stderr += b.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  const seconds = (performance.now() - t0) / 1000;
  if (code !== 0) throw new Error(`ortholab ${argv.join(' ')} exited with ${code}: ${stderr}`);
  if (!withTime) return { seconds, cpu: null };
  const [user, system] = readFileSync(cpuFile, 'utf8').trim().split(/\s+/).map(Number);
  return { seconds, cpu: (user ?? Number.NaN) + (system ?? Number.NaN) };
}

/** CPU seconds (user + system, every thread) a running process has used so far, or null (no /proc). */
function processCpu(pid: number | undefined): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime, fields 14 and 15 of proc(5), in clock ticks (USER_HZ = 100 on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

const sumOrNull = (xs: readonly (number | null)[]) =>
  xs.some((x) => x === null) ? null : xs.reduce<number>((a, b) => a + (b ?? 0), 0);

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
  const before = sumOrNull(ws.map((w) => processCpu(w.child.pid)));
  const r = await timed(['sweep', plan, '--out', out, '--queue', redis.url()]);
  const after = sumOrNull(ws.map((w) => processCpu(w.child.pid)));
  const runSeconds = ws.flatMap((w) => w.lines.filter((l) => l.type === 'done').map((l) => Number(l.seconds)));
  await stopWorkers(ws);
  // The next repetition submits the same plan again: cancel, so its runs are computed again.
  await timed(['sweep', 'cancel', plan, '--queue', redis.url()]);
  // The queue's CPU: the submitter's and the workers' during the sweep (not their start-up).
  const cpu = r.cpu === null || before === null || after === null ? null : r.cpu + after - before;
  return { seconds: r.seconds, runSeconds, cpu };
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
  const cpuRatios: number[] = [];
  const twoSpeedups: number[] = [];
  let allSame = true;
  for (let r = 0; r < reps; r++) {
    const measure = {
      local: () => timed(['sweep', plan, '--out', `local${r}`]),
      one: () => queued(redis, plan, `one${r}`, 1),
    };
    let local: Awaited<ReturnType<typeof timed>>;
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
    const ratio = one.seconds / local.seconds;
    ratios.push(ratio);
    const cpuRatio = one.cpu === null || local.cpu === null ? null : one.cpu / local.cpu;
    if (cpuRatio !== null) cpuRatios.push(cpuRatio);
    const compute = one.runSeconds.reduce((a, b) => a + b, 0);
    if (two !== null) twoSpeedups.push(one.seconds / two.seconds);
    rows.push([
      String(r + 1),
      r % 2 === 0 ? 'local' : 'queue',
      fmt(local.seconds),
      fmt(one.seconds),
      `${fmt((ratio - 1) * 100, 2)} %`,
      fmt(compute),
      fmt(one.seconds - compute),
      local.cpu === null ? '-' : fmt(local.cpu),
      one.cpu === null ? '-' : fmt(one.cpu),
      cpuRatio === null ? '-' : `${fmt((cpuRatio - 1) * 100, 2)} %`,
      two === null ? '-' : `${fmt(two.seconds)} (${fmt(one.seconds / two.seconds)}x)`,
      String(same),
      loadLine().replace(/^load average:?\s*/i, ''),
    ]);
    console.log(
      `repetition ${r + 1} done: local ${fmt(local.seconds)} s, one worker ${fmt(one.seconds)} s; ${loadLine()}`,
    );
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
        'local CPU (s)',
        'queue CPU (s)',
        'CPU vs local',
        'queue, 2 workers (s)',
        'same bits',
        'load after',
      ],
      rows,
    ),
  );
  console.log(
    `median of queue/local over ${reps}: ${fmt((median(ratios) - 1) * 100, 2)} % (all: ${ratios.map((x) => `${fmt((x - 1) * 100, 2)} %`).join(', ')})${cpuRatios.length > 0 ? `; CPU time: ${fmt((median(cpuRatios) - 1) * 100, 2)} %` : ''}${twoSpeedups.length > 0 ? `; median 2 workers vs 1: ${fmt(median(twoSpeedups))}x` : ''}; every result equal to local: ${allSame}; after: ${loadLine()}`,
  );
}

/** A CLI process whose stdout lines are noted with the time they arrived (ms since `t0`). */
function stamped(argv: string[], t0: number) {
  const child = spawn(process.execPath, cliArgv(argv), {
    cwd: dir,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const marks = new Map<string, number>();
  let partial = '';
  child.stdout.on('data', (b: Buffer) => {
    const now = Date.now() - t0;
    const parts = (partial + b.toString()).split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) {
      const type = /"type":"(\w+)"/.exec(line)?.[1];
      if (type !== undefined && !marks.has(type)) marks.set(type, now);
    }
  });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  return { marks, exit };
}

async function latency(redis: TestRedis): Promise<void> {
  const reps = Number(flag('reps', '5'));
  const plan = writePlan('latency.json', {
    version: 1,
    axes: { seed: [1] },
    fixed: { task: 'copy', T: 5, units: 4, activation: 'linear', steps: 10 },
  });
  console.log(`latency part: a plan of one tiny run (10 steps), ${reps} repetitions; ${loadLine()}`);
  const rows: string[][] = [];
  for (let r = 0; r < reps; r++) {
    const local = await timed(['sweep', plan, '--out', `lat-local${r}`]);
    const [w] = await startWorkers(redis, 1);
    if (w === undefined) throw new Error('no worker');
    const t0 = Date.now();
    const sub = stamped(['sweep', plan, '--out', `lat-queue${r}`, '--queue', redis.url()], t0);
    const code = await sub.exit;
    const total = Date.now() - t0;
    if (code !== 0) throw new Error(`the submitter exited with ${code}`);
    const at = (type: string) => {
      const line = w.lines.find((l) => l.type === type && typeof l.time === 'string');
      return line === undefined ? Number.NaN : Date.parse(String(line.time)) - t0;
    };
    const planAt = sub.marks.get('plan') ?? Number.NaN;
    const resultAt = sub.marks.get('result') ?? Number.NaN;
    await stopWorkers([w]);
    await timed(['sweep', 'cancel', plan, '--queue', redis.url()]);
    rows.push([
      String(r + 1),
      String(Math.round(local.seconds * 1000)),
      String(total),
      String(planAt),
      String(at('serving') - planAt),
      String(at('start') - at('serving')),
      String(at('done') - at('start')),
      String(resultAt - at('done')),
      String(total - resultAt),
      loadLine().replace(/^load average:?\s*/i, ''),
    ]);
  }
  console.log(
    table(
      [
        'rep',
        'local sweep (ms)',
        'queued sweep (ms)',
        'submitter start-up + enqueue (ms)',
        '-> worker serving (ms)',
        '-> run start (ms)',
        'run (ms)',
        '-> submitter has the result (ms)',
        '-> exit (ms)',
        'load after',
      ],
      rows,
    ),
  );
}

/** Runs `start(port)` (one queueRunTask) and acknowledges its checkpoints as the queue worker does. */
async function acked(
  start: (port: MessageChannel['port2']) => Promise<unknown>,
): Promise<{ wall: number; cpu: number }> {
  const { port1, port2 } = new MessageChannel();
  port1.on('message', (m: RunThreadMessage) => {
    if (m.type === 'checkpoint') port1.postMessage({ type: 'ack', seq: m.seq, stop: false } satisfies RunThreadAck);
  });
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  try {
    await start(port2);
  } finally {
    port1.close();
  }
  const c = process.cpuUsage(c0);
  return { wall: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6 };
}

async function threads(): Promise<void> {
  const steps = Number(flag('steps', '500'));
  const reps = Number(flag('reps', '5'));
  const doc = withDefaultCheckpoints({
    version: 1,
    axes: { seed: [1] },
    fixed: { task: 'copy', T: 50, units: 64, activation: 'linear', steps },
  });
  const run: PlannedRun | undefined = expandSweepPlan(doc).runs[0];
  if (run === undefined) throw new Error('the plan has no run');
  console.log(
    `threads part: one run of copy T = 50, 64 units, ${steps} steps, on the queue worker's thread and on a piscina thread; ${reps} interleaved repetitions; ${loadLine()}`,
  );
  const ours = new RunThreads(1);
  // worker.ts through a CommonJS wrapper (queue-piscina-task.cjs): see that file.
  const pool = new Piscina({
    filename: new URL('./queue-piscina-task.cjs', import.meta.url).href,
    minThreads: 1,
    maxThreads: 1,
  });
  try {
    await ours.run('warmUp', null);
    await pool.run(null, { name: 'warmUp' });
    const subjects = [
      {
        name: 'queue thread (runThreads.ts)',
        measure: () => acked((port) => ours.run('queueRunTask', { run, checkpoint: null, port }, [port])),
      },
      {
        name: 'piscina thread',
        measure: () =>
          acked((port) => pool.run({ run, checkpoint: null, port }, { name: 'queueRunTask', transferList: [port] })),
      },
    ];
    const cpu = subjects.map((): number[] => []);
    const rows: string[][] = [];
    for (let r = 0; r < reps; r++) {
      const order = r % 2 === 0 ? [0, 1] : [1, 0];
      for (const i of order) {
        const subject = subjects[i]!;
        const m = await subject.measure();
        cpu[i]!.push(m.cpu);
        rows.push([
          String(r + 1),
          subject.name,
          fmt(m.wall),
          fmt(m.cpu),
          loadLine().replace(/^load average:?\s*/i, ''),
        ]);
      }
    }
    console.log(table(['rep', 'thread', 'wall (s)', 'CPU (s)', 'load after'], rows));
    const a = median(cpu[0]!);
    const b = median(cpu[1]!);
    console.log(
      `median CPU: queue thread ${fmt(a)} s, piscina thread ${fmt(b)} s (${fmt((b / a - 1) * 100, 2)} % more); after: ${loadLine()}`,
    );
  } finally {
    await ours.destroy();
    await pool.destroy();
  }
}

const redis = await startRedis();
try {
  console.log(`machine: ${machineLine()}`);
  if (part === 'all' || part === 'load') await load(redis);
  if (part === 'all' || part === 'speed') await speed(redis);
  if (part === 'all' || part === 'latency') await latency(redis);
  if (part === 'all' || part === 'threads') await threads();
} finally {
  await killAll();
  await redis.dispose();
  rmSync(dir, { recursive: true, force: true });
}
