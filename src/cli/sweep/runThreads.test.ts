import { MessageChannel } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { compareRun, expandSweepPlan, serialize } from '../../core/index.js';
import { runOne } from '../train/runOne.js';
import { withDefaultCheckpoints } from './loadPlan.js';
import { RunThreads } from './runThreads.js';
import type { CompareTask, RunThreadAck, RunThreadMessage } from './worker.js';

const pools: RunThreads[] = [];
function threads(size: number): RunThreads {
  const p = new RunThreads(size);
  pools.push(p);
  return p;
}
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.destroy()));
});

const compare = (seed: number): CompareTask => ({
  config: serialize({ name: 'orthogonal', gain: 1 }),
  seed,
  options: { n: 8, steps: 5, activation: 'linear', gradients: true },
});

describe('RunThreads (the queue worker threads)', () => {
  it('runs a training run with the same bits as in-process, checkpoints arriving in order', async () => {
    const doc = withDefaultCheckpoints({
      version: 1,
      axes: { seed: [4] },
      fixed: { task: 'copy', T: 3, units: 4, steps: 40, batchSize: 2, testSize: 4 },
    });
    const run = expandSweepPlan(doc).runs[0]!;
    expect(run.config.checkpointEvery).toBe(10);
    const { port1, port2 } = new MessageChannel();
    const steps: number[] = [];
    port1.on('message', (m: RunThreadMessage) => {
      if (m.type !== 'checkpoint') return;
      steps.push(m.checkpoint.state.step);
      port1.postMessage({ type: 'ack', seq: m.seq, stop: false } satisfies RunThreadAck);
    });
    const pool = threads(1);
    const result = await pool.run('queueRunTask', { run, checkpoint: null, port: port2 }, [port2]);
    port1.close();
    const local = await runOne(run, { dir: null });
    expect(JSON.stringify(result)).toBe(JSON.stringify(local));
    expect(steps).toEqual([10, 20, 30, 40]);
  });

  it('queues tasks beyond its threads and returns each result to its caller', async () => {
    const pool = threads(2);
    const seeds = [1, 2, 3, 4, 5];
    const results = await Promise.all(seeds.map((s) => pool.run('compareTask', compare(s))));
    expect(results.map((r) => r.seed)).toEqual(seeds);
    for (const [i, r] of results.entries()) {
      const c = compare(seeds[i]!);
      expect(JSON.stringify(r)).toBe(JSON.stringify(compareRun(c.config, c.seed, c.options)));
    }
  });

  it("rejects a task whose function throws, with the thread's message, and keeps the thread", async () => {
    const pool = threads(1);
    const bad: CompareTask = { ...compare(1), options: { n: 0, steps: 5 } };
    await expect(pool.run('compareTask', bad)).rejects.toThrow(/n must be an integer from 1 to 4096/);
    expect((await pool.run('compareTask', compare(2))).seed).toBe(2);
  });

  it('destroy rejects running and waiting tasks, and later calls', async () => {
    const pool = threads(1);
    const slow: CompareTask = { ...compare(1), options: { n: 64, steps: 400, activation: 'tanh', gradients: true } };
    const running = expect(pool.run('compareTask', slow)).rejects.toThrow(/stopped/);
    const waiting = expect(pool.run('compareTask', compare(2))).rejects.toThrow(/stopped/);
    await pool.destroy();
    await running;
    await waiting;
    await expect(pool.run('warmUp', null)).rejects.toThrow(/stopped/);
  });
});
