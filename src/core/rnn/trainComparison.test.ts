import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { type CompareSpec, compareInits, planComparison, runPlanned, summarizeComparison } from './trainComparison.js';

const spec: CompareSpec = {
  base: {
    task: 'adding',
    T: 6,
    units: 6,
    activation: 'relu',
    batchSize: 4,
    steps: 12,
    testSize: 10,
    evalEvery: 6,
    probeEvery: 0,
    spectrumEvery: 6,
  },
  inits: ['orthogonal', { name: 'randomNormal', stddev: 0.5, mean: 0 }],
  seeds: [0, 1, 2],
};

describe('planComparison', () => {
  const plan = planComparison(spec);
  it('lists init x seed, initializer-major, with parsed configs', () => {
    expect(plan.map((r) => [r.label, r.seed])).toEqual([
      ['orthogonal', 0],
      ['orthogonal', 1],
      ['orthogonal', 2],
      ['randomNormal(stddev=0.5)', 0],
      ['randomNormal(stddev=0.5)', 1],
      ['randomNormal(stddev=0.5)', 2],
    ]);
    expect(plan[4]!.config.recurrentInitializer).toEqual({ name: 'randomNormal', mean: 0, stddev: 0.5 });
    expect(plan[4]!.config.seed).toBe(1);
  });
  it('ids are unique, stable across calls, and change with any setting', () => {
    const ids = plan.map((r) => r.id);
    expect(new Set(ids).size).toBe(6);
    expect(planComparison(spec).map((r) => r.id)).toEqual(ids);
    expect(ids[0]).toMatch(/^orthogonal-seed0-[0-9a-f]{8}$/);
    const other = planComparison({ ...spec, base: { ...spec.base, learningRate: 0.002 } }).map((r) => r.id);
    for (let i = 0; i < 6; i++) expect(other[i]).not.toBe(ids[i]);
  });
  it('rejects empty or duplicate lists and bad base configs', () => {
    expect(() => planComparison({ ...spec, inits: [] })).toThrow(/at least one recurrent initializer/);
    expect(() => planComparison({ ...spec, seeds: [] })).toThrow(/at least one integer seed/);
    expect(() => planComparison({ ...spec, seeds: [1, 1] })).toThrow(/distinct/);
    expect(() => planComparison({ ...spec, inits: ['identity', { name: 'identity' }] })).toThrow(/listed twice/);
    expect(() => planComparison({ ...spec, base: { units: 0 } })).toThrow(ConfigError);
  });
  it('ids are file-name safe', () => {
    expect(planComparison({ ...spec, inits: [{ name: 'orthogonal', gain: 1.5 }] })[0]!.id).toMatch(
      /^orthogonal\(gain=1\.5\)-seed0-[0-9a-f]{8}$/,
    );
    expect(() => planComparison({ ...spec, inits: ['nope'] })).toThrow(/Unknown initializer/);
  });
});

describe('runPlanned and compareInits', () => {
  const plan = planComparison(spec);
  it('a run gives a deterministic, JSON-safe record with curve, train loss and spectrum', () => {
    const a = runPlanned(plan[0]!);
    expect(runPlanned(plan[0]!)).toEqual(a);
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
    expect(a.status).toBe('done');
    expect(a.steps).toBe(12);
    expect(a.curve.map((c) => c.step)).toEqual([0, 6, 12]);
    expect(a.trainLoss.map((c) => c.step)).toEqual([6, 12]);
    expect(a.spectrum.map((c) => c.step)).toEqual([0, 6, 12]);
    expect(a.final).toEqual({ testLoss: a.curve[2]!.testLoss, ratio: a.curve[2]!.ratio, accuracy: null });
    expect(a.baseline.loss).toBeCloseTo(1 / 6, 15);
  });
  it('skips finished ids so an interrupted sweep resumes', () => {
    const skip = plan.slice(0, 4).map((r) => r.id);
    const seen: string[] = [];
    const results = Array.from(compareInits(spec, { skip, onEvent: (run) => seen.push(run.id) }));
    expect(results.map((r) => r.id)).toEqual(plan.slice(4).map((r) => r.id));
    expect(new Set(seen)).toEqual(new Set(plan.slice(4).map((r) => r.id)));
  });
  it('summarizes per initializer', () => {
    const results = plan.slice(0, 2).map((r) => runPlanned(r));
    const s = summarizeComparison(results)[0]!;
    expect(s.label).toBe('orthogonal');
    expect(s.runs).toBe(2);
    expect(s.diverged).toBe(0);
    expect(s.meanTestLoss).toBeCloseTo((results[0]!.final.testLoss + results[1]!.final.testLoss) / 2, 15);
    expect(s.medianTestLoss).toBeCloseTo(s.meanTestLoss, 15); // two runs: median = mean
    expect(s.meanAccuracy).toBeNull();
  });
});
