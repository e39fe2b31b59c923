/**
 * Sweeps through the BullMQ queue on a real redis-server (started here on a free port with
 * appendonly, stopped at the end): worker processes, one SIGKILLed mid-run; the submitter
 * killed and re-attached; Redis restarted mid-sweep; refused jobs; bad URLs and credentials.
 * Every result must equal a local run of the same plan byte for byte. All waits poll a
 * condition (Redis state, files, the processes' JSON lines); the stall interval is short
 * (--lock-seconds 2) so a dead worker's run is re-queued quickly.
 */

import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandSweepPlan, parseTrainConfig } from '../src/core/index.js';
import { runCli } from './helpers/cli.js';
import { type CliProcess, killAll, spawnCli, waitFor } from './helpers/proc.js';
import { type TestRedis, freePort, startRedis } from './helpers/redis.js';

const PASSWORD = 'pw-Quokka-42';
const dir = mkdtempSync(join(tmpdir(), 'ortholab-queue-'));
let redis: TestRedis;
let client: Redis;

beforeAll(async () => {
  redis = await startRedis({ password: PASSWORD });
  client = new Redis({ host: '127.0.0.1', port: redis.port, password: PASSWORD, maxRetriesPerRequest: null });
  client.on('error', () => undefined); // reconnects after the restart test
}, 60_000);

afterAll(async () => {
  await killAll();
  client?.disconnect();
  await redis?.dispose();
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

const FIXED = {
  task: 'copy',
  T: 6,
  units: 8,
  activation: 'linear',
  batchSize: 8,
  testSize: 64,
  evalEvery: 50,
  steps: 200,
  checkpointEvery: 20,
};

function writePlan(name: string, doc: unknown): string {
  writeFileSync(join(dir, name), JSON.stringify(doc));
  return name;
}

/** The runs/ files of a results directory, by name. */
function runFiles(out: string): Map<string, string> {
  const d = join(dir, out, 'runs');
  // A SIGKILLed writer may leave a hidden temporary file (.name.pid.n.tmp); results are *.json.
  const files = readdirSync(d).filter((f) => !f.startsWith('.'));
  return new Map(files.map((f) => [f, readFileSync(join(d, f), 'utf8')]));
}

function countFiles(out: string): number {
  try {
    return readdirSync(join(dir, out, 'runs')).filter((f) => !f.startsWith('.')).length;
  } catch {
    return 0;
  }
}

function expectSameResults(a: string, b: string, runs: number): void {
  const x = runFiles(a);
  const y = runFiles(b);
  expect(x.size).toBe(runs);
  expect([...y.keys()].sort()).toEqual([...x.keys()].sort());
  for (const [f, text] of x) expect(y.get(f), f).toBe(text);
  expect(readFileSync(join(dir, b, 'summary.json'), 'utf8')).toBe(readFileSync(join(dir, a, 'summary.json'), 'utf8'));
}

const WORKER_ARGS = ['--lock-seconds', '2', '--checkpoint-seconds', '0'];

function startWorker(): CliProcess {
  return spawnCli(['worker', '--queue', redis.url(), ...WORKER_ARGS], dir);
}

const ready = (w: CliProcess) =>
  waitFor('a worker to connect', () => {
    if (w.child.exitCode !== null) throw new Error(`the worker exited: ${w.stdout()} ${w.stderr()}`);
    return w.lines.some((l) => l.type === 'worker');
  });

async function stopWorker(w: CliProcess): Promise<void> {
  w.child.kill('SIGTERM');
  expect(await w.exit, w.stderr()).toBe(0);
  expect(w.lines.at(-1)).toMatchObject({ type: 'stopped' });
}

/** The run a worker has started and not yet reported done, if any. */
function openRun(w: CliProcess): string | undefined {
  const start = w.lines.filter((l) => l.type === 'start').at(-1);
  if (start === undefined || w.lines.some((l) => l.type === 'done' && l.run === start.run)) return undefined;
  return start.run as string;
}

/** The step of a run's checkpoint in Redis, or null. */
async function checkpointStep(queue: string, run: string): Promise<number | null> {
  const text = await client.get(`ortholab:ck:${queue}:${run}`);
  return text === null ? null : (JSON.parse(text) as { state: { step: number } }).state.step;
}

/**
 * Freezes every worker in the middle of a run, whatever the machine's speed: CLIENT PAUSE WRITE
 * holds each worker at its next Redis write, and a run awaits every checkpoint write. Returns a
 * worker whose open run has a checkpoint in Redis before its last step, with Redis still paused
 * (act on the worker, then call `unpause`). If no worker is in that state, unpauses, waits for
 * some checkpoint or log line to move, and looks again. No clock is involved.
 */
async function freezeMidRun(
  ws: readonly CliProcess[],
  queue: string,
  steps: number,
): Promise<{ i: number; run: string }> {
  for (;;) {
    await waitFor('a run in progress', () => ws.some((w) => openRun(w) !== undefined));
    await client.call('CLIENT', 'PAUSE', '600000', 'WRITE');
    const seen: string[] = [];
    for (const [i, w] of ws.entries()) {
      const run = openRun(w);
      const step = run === undefined ? null : await checkpointStep(queue, run);
      if (run !== undefined && step !== null && step > 0 && step < steps) return { i, run };
      seen.push(`${run}:${step}:${w.lines.length}`);
    }
    await unpause();
    await waitFor('a worker to move on', async () => {
      for (const [k, w] of ws.entries()) {
        const run = openRun(w);
        const step = run === undefined ? null : await checkpointStep(queue, run);
        if (`${run}:${step}:${w.lines.length}` !== seen[k]) return true;
      }
      return false;
    });
  }
}

const unpause = () => client.call('CLIENT', 'UNPAUSE');

function jobCounts(queue: string): Promise<Record<string, number>> {
  const q = new Queue(queue, { connection: client });
  return q.getJobCounts().finally(() => q.close());
}

describe('sweep --queue with worker processes', () => {
  it('24 runs, 3 workers, one SIGKILLed mid-run, the submitter killed and re-attached: every result once, bit for bit', async () => {
    const plan = writePlan('grid.json', {
      version: 1,
      axes: {
        recurrentInitializer: ['orthogonal', 'identity', 'glorotUniform'],
        learningRate: [1e-3, 3e-3],
        seed: [1, 2, 3, 4],
      },
      fixed: FIXED,
    });
    const local = await runCli(['sweep', plan, '--out', 'local', '--workers', '0'], { cwd: dir });
    expect(local.code, local.stderr).toBe(0);

    // Ctrl-C right after submitting: exit 130, nothing cancelled, the runs stay queued.
    const detached = await runCli(['sweep', plan, '--out', 'queued', '--queue', redis.url()], {
      cwd: dir,
      signal: AbortSignal.abort(),
    });
    expect(detached.code, detached.stderr).toBe(130);
    expect(detached.stderr).toMatch(/nothing was cancelled, the runs stay queued\. Run the same command to re-attach/);
    expect(JSON.parse(detached.stdout.split('\n')[0]!)).toMatchObject({ type: 'plan', runs: 24, enqueued: 24 });

    const submitter = spawnCli(['sweep', plan, '--out', 'queued', '--queue', redis.url()], dir);
    const planLine = await waitFor('the plan line', () => submitter.lines.find((l) => l.type === 'plan'));
    expect(planLine).toMatchObject({ runs: 24, enqueued: 0, redis: `redis://:***@127.0.0.1:${redis.port}/0` });
    const queue = planLine.queue as string;
    // The workers start only now, with all 24 runs queued and the submitter attached, so the
    // runs are still ahead of them however fast this machine is.
    const workers = [startWorker(), startWorker(), startWorker()];
    await Promise.all(workers.map(ready));

    // A worker with a run in progress that has saved a checkpoint to Redis: kill it there.
    const victim = await freezeMidRun(workers, queue, FIXED.steps);
    workers[victim.i]!.child.kill('SIGKILL');
    expect(await workers[victim.i]!.exit).toBe('SIGKILL');
    await unpause();
    const alive = workers.filter((_, i) => i !== victim.i);

    // Kill the submitter once it has written a result, and re-attach with the same command.
    await waitFor('a first result in the directory', () => countFiles('queued') >= 1);
    submitter.child.kill('SIGKILL');
    await submitter.exit;
    const again = await runCli(['sweep', plan, '--out', 'queued', '--queue', redis.url()], { cwd: dir });
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout.split('\n')[0]!)).toMatchObject({ type: 'plan', runs: 24, enqueued: 0 });

    expectSameResults('local', 'queued', 24);
    // Exactly once: 24 jobs in the queue, all completed; the killed run resumed from its checkpoint.
    const counts = await jobCounts(queue);
    expect(counts.completed).toBe(24);
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(24);
    const resumed = alive.flatMap((w) => w.lines).find((l) => l.type === 'start' && l.run === victim.run);
    expect(resumed?.resumedAt).toBeGreaterThan(0);
    // Finished runs leave no checkpoint behind.
    expect(await client.keys(`ortholab:ck:${queue}:*`)).toEqual([]);

    const status = await runCli(['sweep', 'status', plan, '--queue', redis.url(), '--json'], { cwd: dir });
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ runs: 24, completed: 24, failed: 0, running: 0, queued: 0 });
    const results = await runCli(['sweep', 'results', plan, '--queue', redis.url(), '--out', 'collected'], {
      cwd: dir,
    });
    expect(results.code, results.stderr).toBe(0);
    expectSameResults('local', 'collected', 24);
    const cancel = await runCli(['sweep', 'cancel', plan, '--queue', redis.url()], { cwd: dir });
    expect(cancel.code, cancel.stderr).toBe(0);
    expect(cancel.stdout).toMatch(/removed 24 jobs/);
    expect(await client.zscore('ortholab:sweeps', queue)).toBeNull();

    await Promise.all(alive.map(stopWorker));
    for (const w of workers) expect(w.stdout() + w.stderr()).not.toContain(PASSWORD);
    expect(again.stdout + again.stderr + submitter.stdout() + submitter.stderr()).not.toContain(PASSWORD);
  }, 120_000);

  it('refuses malformed jobs with the reason; survives a Redis restart mid-sweep with nothing lost', async () => {
    // Jobs no ortholab submitter would write, on a plan registered before the real one.
    const bogus = new Queue('ortholab-bogus', { connection: client });
    const good = { format: 'ortholab.sweep.run', version: 1, plan: 'x', index: 0, label: 'orthogonal' };
    await bogus.add('run', { ...good, version: 2, config: {} }, { jobId: 'v2' });
    await bogus.add('run', { ...good, config: { units: 0 } }, { jobId: 'bad-config' });
    await bogus.add('run', { ...good, config: parseTrainConfig(FIXED) }, { jobId: 'wrong-id' });
    await client.zadd('ortholab:sweeps', 1, 'ortholab-bogus');

    const doc = {
      version: 1,
      axes: { recurrentInitializer: ['orthogonal', 'identity'], seed: [5, 6, 7, 8] },
      fixed: { ...FIXED, steps: 600 },
    };
    const plan = writePlan('restart.json', doc);
    const queue = `ortholab-${expandSweepPlan(doc).hash}`;
    const worker = startWorker();
    const local = await runCli(['sweep', plan, '--out', 'local2', '--workers', '0'], { cwd: dir });
    expect(local.code, local.stderr).toBe(0);
    await ready(worker);

    const failed = await waitFor('the three bad jobs to fail', async () => {
      const jobs = await bogus.getJobs(['failed']);
      return jobs.length === 3 ? jobs : undefined;
    });
    const reasons = Object.fromEntries(failed.map((j) => [j.id, j.failedReason]));
    expect(reasons.v2).toMatch(/unknown plan version 2; this worker reads version 1/);
    expect(reasons['bad-config']).toMatch(/malformed config: Invalid training config: units: got 0/);
    expect(reasons['wrong-id']).toMatch(/the id does not match the config/);
    expect(failed.every((j) => j.attemptsMade <= 1)).toBe(true);
    await bogus.obliterate({ force: true });
    await bogus.close();
    await client.zrem('ortholab:sweeps', 'ortholab-bogus');

    const submitter = runCli(['sweep', plan, '--out', 'restarted', '--queue', redis.url()], { cwd: dir });
    await waitFor('two finished runs', () => countFiles('restarted') >= 2);
    await redis.restart();
    // SIGTERM mid-run: the run saves a checkpoint, goes back to the queue, the worker exits 0;
    // a new worker resumes it from there.
    const { run: busy } = await freezeMidRun([worker], queue, 600);
    worker.child.kill('SIGTERM');
    await unpause();
    expect(await worker.exit, worker.stderr()).toBe(0);
    expect(worker.lines.at(-1)).toMatchObject({ type: 'stopped' });
    expect(worker.lines.find((l) => l.type === 'requeued')).toMatchObject({ run: busy });
    const second = spawnCli(['worker', '--queue', redis.url(), ...WORKER_ARGS, '--concurrency', '2'], dir);
    const r = await submitter;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/lost the connection to Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+\/0 .*; reconnecting/);
    expectSameResults('local2', 'restarted', 8);
    const counts = await jobCounts(queue);
    expect(counts.completed).toBe(8);
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(8);
    const resumed = second.lines.find((l) => l.type === 'start' && l.run === busy);
    expect(resumed?.resumedAt).toBeGreaterThan(0);
    await stopWorker(second);
  }, 120_000);
});

describe('compare --queue', () => {
  it('runs the comparison on a worker: output equal to a local compare byte for byte; Ctrl-C detaches, re-running re-attaches', async () => {
    const args = ['compare', '--inits', 'orthogonal,glorotUniform,randomNormal', '--n', '12', '--steps', '60'];
    const more = ['--seeds', '4', '--seed', '3', '--activation', 'tanh', '--json'];
    const local = await runCli([...args, ...more, '--workers', '0'], { cwd: dir });
    expect(local.code, local.stderr).toBe(0);

    // Submitted, then interrupted at once: exit 130, the 12 runs stay queued for a worker.
    const queued = [...args, ...more, '--queue', redis.url()];
    const detached = await runCli(queued, { cwd: dir, signal: AbortSignal.abort() });
    expect(detached.code, detached.stderr).toBe(130);
    expect(detached.stderr).toMatch(/12 runs, 12 newly queued on ortholab-[0-9a-f]{13,14} at redis:\/\/:\*\*\*@/);
    expect(detached.stderr).toMatch(/nothing was cancelled, the runs stay queued\. Run the same command to re-attach/);
    const queue = /on (ortholab-[0-9a-f]{13,14})/.exec(detached.stderr)?.[1] ?? '';
    expect(await jobCounts(queue)).toMatchObject({ waiting: 12, completed: 0 });

    const worker = startWorker();
    await ready(worker);
    const attached = await runCli(queued, { cwd: dir });
    expect(attached.code, attached.stderr).toBe(0);
    expect(attached.stderr).toMatch(/12 runs, 0 newly queued/);
    expect(attached.stdout).toBe(local.stdout);
    expect(worker.lines.filter((l) => l.type === 'done')).toHaveLength(12);

    // Everything done: the same command collects the results again without new jobs or runs.
    const again = await runCli(queued, { cwd: dir });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toBe(local.stdout);
    expect(await jobCounts(queue)).toMatchObject({ completed: 12 });
    expect(Object.values(await jobCounts(queue)).reduce((a, b) => a + b, 0)).toBe(12);

    // Text output and the chart are the same as well.
    const textArgs = [...args, '--seeds', '2', '--svg', 'q.svg'];
    const localText = await runCli([...textArgs, '--workers', '0'], { cwd: dir });
    const localSvg = readFileSync(join(dir, 'q.svg'), 'utf8');
    const queuedText = await runCli([...textArgs, '--force', '--queue', redis.url()], { cwd: dir });
    expect(queuedText.code, queuedText.stderr).toBe(0);
    expect(queuedText.stdout).toBe(localText.stdout);
    expect(readFileSync(join(dir, 'q.svg'), 'utf8')).toBe(localSvg);

    // Jobs no ortholab submitter would write are refused with the reason, never retried.
    const bogus = new Queue('ortholab-bogus-compare', { connection: client });
    const done = new Queue(queue, { connection: client });
    const good: Record<string, unknown> = (await done.getJobs(['completed'], 0, 0))[0]?.data ?? {};
    await done.close();
    expect(good).toMatchObject({ format: 'ortholab.sweep.compare', version: 1, options: { n: 12, steps: 60 } });
    const options: Record<string, unknown> = { ...(good.options ?? {}) };
    await bogus.add('compare', { ...good, version: 3 }, { jobId: 'cmp-v3' });
    await bogus.add('compare', { ...good, options: { ...options, n: 0 } }, { jobId: 'cmp-n0' });
    await bogus.add('compare', { ...good, options: { ...options, code: 'x' } }, { jobId: 'cmp-extra' });
    await bogus.add('compare', { ...good, config: { name: 'nope' } }, { jobId: 'cmp-init' });
    await bogus.add('compare', good, { jobId: 'cmp-wrong-id' });
    await client.zadd('ortholab:sweeps', Date.now(), 'ortholab-bogus-compare');
    const failed = await waitFor('the five bad jobs to fail', async () => {
      const jobs = await bogus.getJobs(['failed']);
      return jobs.length === 5 ? jobs : undefined;
    });
    const reasons = Object.fromEntries(failed.map((j) => [j.id, j.failedReason]));
    expect(reasons['cmp-v3']).toMatch(/unknown plan version 3; this worker reads version 1/);
    expect(reasons['cmp-n0']).toMatch(/malformed compare run: compare: n must be an integer from 1 to 4096, got 0/);
    expect(reasons['cmp-extra']).toMatch(/options must be an object with keys n, steps, activation, gradients/);
    expect(reasons['cmp-init']).toMatch(/malformed compare run: .*nope/);
    expect(reasons['cmp-wrong-id']).toMatch(/the id does not match the run \(expected cmp-[0-9a-f]{13,14}\)/);
    expect(failed.every((j) => j.attemptsMade <= 1)).toBe(true);
    await bogus.obliterate({ force: true });
    await bogus.close();
    await client.zrem('ortholab:sweeps', 'ortholab-bogus-compare');

    const both = await runCli([...queued, '--workers', '2'], { cwd: dir });
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--workers is for a local compare/);
    await stopWorker(worker);
    for (const r of [detached, attached, again, queuedText]) expect(r.stdout + r.stderr).not.toContain(PASSWORD);
    expect(worker.stdout() + worker.stderr()).not.toContain(PASSWORD);
  }, 120_000);
});

describe('train --compare-inits --queue', () => {
  it('the comparison goes through the queue as a plan: the same files as a local train, re-running adds nothing', async () => {
    const argv = (out: string) => [
      'train',
      ...['--task', 'copy', '--T', '6', '--units', '8', '--activation', 'linear', '--steps', '60'],
      ...['--set', 'batchSize=8', '--set', 'testSize=32', '--set', 'evalEvery=20'],
      ...['--compare-inits', 'orthogonal,identity', '--seeds', '2', '--out', out],
    ];
    const local = await runCli([...argv('train-local'), '--workers', '0'], { cwd: dir });
    expect(local.code, local.stderr).toBe(0);
    const worker = startWorker();
    await ready(worker);
    const queued = await runCli([...argv('train-queued'), '--queue', redis.url()], { cwd: dir });
    expect(queued.code, queued.stderr).toBe(0);
    expect(JSON.parse(queued.stdout.split('\n')[0] ?? '')).toMatchObject({ type: 'plan', runs: 4, enqueued: 4 });
    expectSameResults('train-local', 'train-queued', 4);
    const again = await runCli([...argv('train-again'), '--queue', redis.url()], { cwd: dir });
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout.split('\n')[0] ?? '')).toMatchObject({ type: 'plan', runs: 4, enqueued: 0 });
    expectSameResults('train-local', 'train-again', 4);
    expect(worker.lines.filter((l) => l.type === 'done')).toHaveLength(4);
    await stopWorker(worker);
  }, 120_000);
});

describe('bad queue URLs and servers: a clear error within seconds', () => {
  it('refused credentials, no password, connection refused, a silent server: exit 1; the password never shown', async () => {
    const plan = writePlan('one.json', { version: 1, axes: {}, fixed: { ...FIXED, steps: 5 } });
    const closed = await freePort();
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
    const silentPort = (silent.address() as { port: number }).port;
    try {
      const cases: [string[], RegExp][] = [
        [
          ['sweep', plan, '--out', 'E', '--queue', `redis://:wrong-Pass9@127.0.0.1:${redis.port}`],
          /refused the credentials/,
        ],
        [['sweep', 'status', plan, '--queue', `redis://127.0.0.1:${redis.port}`], /requires a password/],
        [['worker', '--queue', `redis://:wrong-Pass9@127.0.0.1:${closed}`], /connection refused/],
        [['worker', '--queue', `redis://:wrong-Pass9@127.0.0.1:${silentPort}`], /no answer within 5 s/],
      ];
      for (const [argv, re] of cases) {
        const r = await runCli(argv, { cwd: dir });
        expect(r.code, r.stderr).toBe(1);
        expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
        expect(r.stderr).toMatch(re);
        expect(r.stdout + r.stderr).not.toContain('wrong-Pass9');
      }
    } finally {
      silent.close();
    }
  });
});
