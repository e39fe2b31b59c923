/**
 * `ortholab sweep PLAN --out DIR` on this machine: a plan over initializers and seeds gives the
 * same files as `train --compare-inits`; malformed plans and URLs are usage errors naming the
 * field (exit 2) and never show a password. The queue itself is tested in cli-queue.test.ts.
 */

import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'ortholab-sweep-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writePlan(name: string, doc: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof doc === 'string' ? doc : JSON.stringify(doc));
  return path;
}

const FIXED = {
  task: 'copy',
  T: 6,
  units: 8,
  activation: 'linear',
  batchSize: 8,
  testSize: 64,
  evalEvery: 20,
  steps: 30,
};

describe('the README plan example', () => {
  it('expands to the 18 runs the README says, labelled as it says', async () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('### Sweep plans'));
    const json = /```json\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
    const path = writePlan('readme.json', json);
    const r = await runCli(['sweep', path, '--out', 'R', '--json', '--workers', '0'], {
      cwd: dir,
      // Only the plan line: stop before any run starts.
      signal: AbortSignal.abort(),
    });
    expect(JSON.parse(r.stdout.split('\n')[0]!)).toMatchObject({ type: 'plan', runs: 18, todo: 18 });
    const plan = JSON.parse(readFileSync(join(dir, 'R/plan.json'), 'utf8')) as { runs: { label: string }[] };
    expect(plan.runs.map((x) => x.label)).toContain('identity learningRate=0.0003');
  });
});

describe('sweep (local)', () => {
  it('a plan of initializers x seeds writes the same files as train --compare-inits', async () => {
    const plan = writePlan('inits.json', {
      version: 1,
      axes: { recurrentInitializer: ['orthogonal', 'identity'], seed: [1, 2] },
      fixed: FIXED,
    });
    const s = await runCli(['sweep', plan, '--out', 'S', '--workers', '0'], { cwd: dir });
    expect(s.code, s.stderr).toBe(0);
    const t = await runCli(
      [
        'train',
        ...['--task', 'copy', '--T', '6', '--units', '8', '--steps', '30', '--seed', '1', '--seeds', '2'],
        ...['--set', 'batchSize=8', '--set', 'testSize=64', '--set', 'evalEvery=20'],
        ...['--compare-inits', 'orthogonal,identity', '--workers', '0', '--out', 'T'],
      ],
      { cwd: dir },
    );
    expect(t.code, t.stderr).toBe(0);
    const files = readdirSync(join(dir, 'S/runs')).sort();
    expect(files).toHaveLength(4);
    expect(readdirSync(join(dir, 'T/runs')).sort()).toEqual(files);
    for (const f of files) {
      expect(readFileSync(join(dir, 'S/runs', f), 'utf8')).toBe(readFileSync(join(dir, 'T/runs', f), 'utf8'));
    }
    expect(readFileSync(join(dir, 'S/summary.json'), 'utf8')).toBe(readFileSync(join(dir, 'T/summary.json'), 'utf8'));
    // The JSON lines name the plan and every result; a second invocation skips finished runs.
    const again = await runCli(['sweep', plan, '--out', 'S'], { cwd: dir });
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout.split('\n')[0]!)).toMatchObject({ type: 'plan', runs: 4, finished: 4, todo: 0 });
  });

  it('malformed plans: exit 2 naming the field; a missing file: exit 1', async () => {
    const cases: [unknown, RegExp][] = [
      ['{"version": 1, "axes": ', /plan '.*bad0\.json' is not valid JSON/],
      [{ version: 3, axes: {} }, /plan\.version: got 3; supported: 1/],
      [{ version: 1, axes: { batchSize: [8, -1] } }, /plan\.axes\.batchSize\[1\]: got -1/],
      [{ version: 1, axes: { learningrate: [1] } }, /plan\.axes: "learningrate" is not a training setting/],
      [
        { version: 1, fixed: { ...FIXED, optimizer: 'adamw' } },
        /plan\.fixed\.optimizer: got "adamw"; must be one of 'sgd', /,
      ],
    ];
    for (const [i, [doc, re]] of cases.entries()) {
      const r = await runCli(['sweep', writePlan(`bad${i}.json`, doc), '--out', 'X'], { cwd: dir });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(re);
    }
    const missing = await runCli(['sweep', 'nothere.json', '--out', 'X'], { cwd: dir });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cannot read 'nothere\.json': no such file/);
  });

  it('usage: actions need --queue, runs need --out, a malformed URL is exit 2 without its password', async () => {
    const plan = writePlan('ok.json', { version: 1, axes: {}, fixed: FIXED });
    const cases: [string[], RegExp][] = [
      [['sweep', 'status', plan], /'sweep status' needs --queue URL/],
      [['sweep', 'status'], /missing PLAN: 'sweep status' needs the plan file/],
      [['sweep', plan], /'sweep' needs --out DIR/],
      [['sweep', plan, 'extra'], /unexpected argument 'extra'/],
      [['sweep', plan, '--out', 'Y', '--queue', 'http://:hunter2@h:1'], /scheme must be redis:\/\/ or rediss:\/\//],
      [['sweep', plan, '--out', 'Y', '--queue', 'redis://:hunter2@h:99999'], /"redis:\/\/:\*\*\*@h:99999"/],
      [['sweep', plan, '--out', 'Y', '--queue', 'redis://:hunter2@h:6379/x'], /the database must be a number/],
      [['sweep', plan, '--out', 'Y', '--queue', 'not a url'], /not a URL/],
      [['worker', '--queue', 'redis://:hunter2@:6379'], /--queue/],
      [['worker'], /--queue is required/],
      [['train', '--queue', 'redis://127.0.0.1:6379'], /--queue needs --out DIR/],
      [['train', '--out', 'Y', '--queue', 'redis://:hunter2@h:0'], /the port must be 1 to 65535/],
    ];
    for (const [argv, re] of cases) {
      const r = await runCli(argv, { cwd: dir });
      expect(r.code, `${argv.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(re);
      expect(r.stderr).not.toContain('hunter2');
    }
  });
});
