import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { describeInit } from '../init/index.js';
import { parseTrainConfig } from './config.js';
import { planComparison, runId } from './trainComparison.js';
import { MAX_PLAN_RUNS, expandSweepPlan, hash53 } from './plan.js';

const fixed = { task: 'copy', T: 6, units: 8, steps: 20, batchSize: 4, testSize: 16 };

describe('expandSweepPlan', () => {
  const plan = expandSweepPlan({
    version: 1,
    axes: { recurrentInitializer: ['orthogonal', 'identity(gain=0.9)'], learningRate: [1e-3, 3e-3], seed: [1, 2, 3] },
    fixed,
  });

  it('expands the grid first axis outermost, each run a parsed config', () => {
    expect(plan.runs).toHaveLength(12);
    expect(
      plan.runs.map((r) => [r.config.recurrentInitializer.name, r.config.learningRate, r.seed]).slice(0, 4),
    ).toEqual([
      ['orthogonal', 1e-3, 1],
      ['orthogonal', 1e-3, 2],
      ['orthogonal', 1e-3, 3],
      ['orthogonal', 3e-3, 1],
    ]);
    expect(plan.runs[11]!.config).toEqual(
      parseTrainConfig({
        ...fixed,
        recurrentInitializer: { name: 'identity', gain: 0.9 },
        learningRate: 3e-3,
        seed: 3,
      }),
    );
    expect(plan.runs[11]!.label).toBe('identity(gain=0.9) learningRate=0.003');
    expect(new Set(plan.runs.map((r) => r.id)).size).toBe(12);
    for (const r of plan.runs) expect(r.id).toBe(runId(r.label, r.config));
  });

  it('hash: stable, 13 hex digits, changes with any run', () => {
    expect(plan.hash).toMatch(/^[0-9a-f]{13}$/);
    expect(expandSweepPlan(plan.doc).hash).toBe(plan.hash);
    const other = expandSweepPlan({ ...plan.doc, fixed: { ...fixed, steps: 21 } });
    expect(other.hash).not.toBe(plan.hash);
    expect(hash53('a')).not.toBe(hash53('b'));
  });

  it('a plan over initializers and seeds gives the same runs as train --compare-inits always has', () => {
    const inits = ['orthogonal', { name: 'randomNormal', stddev: 0.5 }];
    const seeds = [4, 5];
    // The ids and labels as planComparison computed them before plans existed.
    const before = inits.flatMap((init) =>
      seeds.map((seed) => {
        const config = parseTrainConfig({ ...fixed, recurrentInitializer: init, seed });
        return { id: runId(describeInit(init), config), label: describeInit(init), seed, config };
      }),
    );
    expect(planComparison({ base: fixed, inits, seeds })).toEqual(before);
  });

  it('no axes: one run labelled by its recurrent initializer', () => {
    const one = expandSweepPlan({ version: 1, axes: {}, fixed });
    expect(one.runs).toHaveLength(1);
    expect(one.runs[0]!.label).toBe('orthogonal');
  });

  it('malformed plans: a ConfigError naming the field', () => {
    const bad = (doc: unknown, re: RegExp) => {
      expect(() => expandSweepPlan(doc)).toThrow(ConfigError);
      expect(() => expandSweepPlan(doc)).toThrow(re);
    };
    bad(null, /^plan: must be a JSON object/);
    bad({ axes: {} }, /^plan\.version: got undefined; supported: 1/);
    bad({ version: 2, axes: {} }, /^plan\.version: got 2/);
    bad({ version: 1, axis: {} }, /^plan: unknown key "axis"; allowed: version, axes, fixed/);
    bad({ version: 1, axes: [] }, /^plan\.axes: must be an object/);
    bad({ version: 1, axes: { units: [] } }, /^plan\.axes\.units: must be a non-empty list/);
    bad({ version: 1, axes: { units: 8 } }, /^plan\.axes\.units: must be a non-empty list/);
    bad({ version: 1, axes: { unit: [8] } }, /^plan\.axes: "unit" is not a training setting; allowed: task, T, units/);
    bad({ version: 1, axes: { units: [8, 0] } }, /^plan\.axes\.units\[1\]: got 0; must be an integer >= 1/);
    bad({ version: 1, axes: { units: [8, 8] } }, /^plan\.axes\.units\[1\]: the same value as plan\.axes\.units\[0\]/);
    bad(
      { version: 1, axes: { recurrentInitializer: ['orthogonal', 'orthogonal(gain=1)'] } },
      /the same value as plan\.axes\.recurrentInitializer\[0\]/,
    );
    bad({ version: 1, axes: { recurrentInitializer: ['orthogonl'] } }, /^plan\.axes\.recurrentInitializer\[0\]: /);
    bad({ version: 1, fixed: { learningRate: -1 } }, /^plan\.fixed\.learningRate: got -1; must be a finite number > 0/);
    bad({ version: 1, fixed: { optimiser: 'adam' } }, /^plan\.fixed: "optimiser" is not a training setting/);
    bad({ version: 1, axes: { seed: [1] }, fixed: { seed: 2 } }, /^plan\.axes\.seed: "seed" is also in plan\.fixed/);
    bad(
      { version: 1, axes: { T: [1, 2] }, fixed: { task: 'adding' } },
      /^plan: run 1 \(T=1\): .*adding task needs T >= 2/,
    );
    const wide = Array.from({ length: 400 }, (_, i) => i);
    bad(
      { version: 1, axes: { seed: wide, units: wide.map((i) => i + 1) } },
      new RegExp(`more than ${MAX_PLAN_RUNS} runs`),
    );
  });
});
