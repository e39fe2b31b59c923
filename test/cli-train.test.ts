/**
 * `ortholab train`: JSON lines, results directory, interruption and resume (bit-identical to an
 * uninterrupted run), skipping finished runs, and the event condenser against core runPlanned.
 */

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'ortholab-train-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SMALL = [
  '--task',
  'copy',
  '--T',
  '6',
  '--units',
  '8',
  '--set',
  'batchSize=8',
  '--set',
  'testSize=64',
  '--set',
  'evalEvery=20',
];

describe('train --out: one process per results directory', () => {
  it('refuses a directory locked by a running process, and takes over a stale lock', async () => {
    const out = join(dir, 'locked');
    mkdirSync(out, { recursive: true });
    const lock = join(out, '.ortholab.lock');
    // held by a live process (the test runner's parent)
    writeFileSync(lock, JSON.stringify({ pid: process.ppid, command: 'ortholab train', started: 'now' }));
    const busy = await runCli(['train', ...SMALL, '--steps', '3', '--out', out]);
    expect(busy.code).toBe(1);
    expect(busy.stderr).toMatch(new RegExp(`in use by another ortholab process \\(pid ${process.ppid}`));
    expect(existsSync(join(out, 'summary.json'))).toBe(false);
    // left by a process that has exited: taken over, and released at the end
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    writeFileSync(lock, JSON.stringify({ pid: gone, command: 'ortholab train', started: 'earlier' }));
    const ok = await runCli(['train', ...SMALL, '--steps', '3', '--out', out]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(existsSync(join(out, 'summary.json'))).toBe(true);
    expect(existsSync(lock)).toBe(false);
  });
});

describe('train', () => {
  it('prints JSON lines when stdout is not a terminal: plan, events, result, summary', async () => {
    const r = await runCli(['train', ...SMALL, '--steps', '25', '--seed', '2']);
    expect(r.code, r.stderr).toBe(0);
    const events = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events[0]).toMatchObject({ type: 'plan', runs: 1, todo: 1 });
    expect(events.filter((e) => e.type === 'progress')).toHaveLength(25);
    expect(events.at(-2)).toMatchObject({ type: 'result', status: 'done', steps: 25 });
    expect(events.at(-1).type).toBe('summary');
  });

  it('an interrupted run resumes from its checkpoint to the same result as an uninterrupted one', async () => {
    const args = ['train', ...SMALL, '--steps', '120', '--seed', '4', '--set', 'checkpointEvery=30', '--json'];
    const full = await runCli([...args, '--out', 'A'], { cwd: dir });
    expect(full.code, full.stderr).toBe(0);
    const id = readdirSync(join(dir, 'A/runs'))[0]!;

    const controller = new AbortController();
    const ck = join(dir, 'B/checkpoints', id);
    const timer = setInterval(() => {
      if (existsSync(ck)) controller.abort();
    }, 2);
    const cut = await runCli([...args, '--out', 'B'], { cwd: dir, signal: controller.signal });
    clearInterval(timer);
    expect(cut.code).toBe(130);
    expect(cut.stderr).toMatch(/interrupted after 0 of 1 runs; finished runs and the last checkpoints are in B/);
    expect(existsSync(join(dir, 'B/runs', id))).toBe(false);
    expect(existsSync(ck)).toBe(true);

    const resumed = await runCli([...args, '--out', 'B'], { cwd: dir });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/"resumed":true/);
    expect(readFileSync(join(dir, 'B/runs', id), 'utf8')).toBe(readFileSync(join(dir, 'A/runs', id), 'utf8'));
    expect(existsSync(ck)).toBe(false);
  });

  it('a comparison skips runs finished earlier and gives the same summary', async () => {
    const args = [
      'train',
      ...SMALL,
      '--steps',
      '20',
      '--compare-inits',
      'orthogonal,identity',
      '--seeds',
      '2',
      '--workers',
      '0',
      '--out',
      'C',
    ];
    const first = await runCli(args, { cwd: dir });
    expect(first.code, first.stderr).toBe(0);
    expect(readdirSync(join(dir, 'C/runs'))).toHaveLength(4);
    const again = await runCli(args, { cwd: dir });
    const lines = again.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ type: 'plan', runs: 4, finished: 4, todo: 0 });
    expect(lines.filter((l) => l.type === 'skipped')).toHaveLength(4);
    expect(lines.at(-1)).toEqual(
      first.stdout
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l))
        .at(-1),
    );
    const summary = JSON.parse(readFileSync(join(dir, 'C/summary.json'), 'utf8'));
    expect(summary.summary.map((s: { label: string }) => s.label)).toEqual(['orthogonal', 'identity']);
  });

  it('rejects bad settings with exit 2 and one line', async () => {
    for (const [argv, re] of [
      [['train', '--set', 'learningRate=-1'], /learningRate/],
      [['train', '--set', 'seed=3'], /--seed/],
      [['train', '--set', 'units=3'], /--units/],
      [['train', '--set', 'nosuch=1'], /unknown field "nosuch"/],
      [['train', '--init', 'identity', '--compare-inits', 'orthogonal'], /either --init or --compare-inits/],
    ] as [string[], RegExp][]) {
      const r = await runCli(argv);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(re);
    }
  });
});
