import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { createRng } from '../random/index.js';
import { softmaxCrossEntropy, mseLast } from './losses.js';
import { addingTask, copyTask, makeTask } from './tasks.js';

describe('copy task (Arjovsky et al. 2016)', () => {
  const T = 7;
  const task = copyTask(T);
  const rows = 50;
  const b = task.createBatch(rows);
  task.sampleInto(createRng(1), b);
  const L = T + 20;
  const x = (t: number, i: number) => Array.from(b.x.subarray((t * rows + i) * 10, (t * rows + i + 1) * 10));
  const sym = (t: number, i: number) => x(t, i).indexOf(1);

  it('has length T+20, 10 input classes, 9 output classes and the baseline 10·ln 8/(T+20)', () => {
    expect([task.length, task.inputDim, task.outputDim]).toEqual([L, 10, 9]);
    expect(task.baseline.loss).toBeCloseTo((10 * Math.log(8)) / L, 15);
    // REFERENCE.md §4 quotes 0.29706 (T = 50) and 0.17329 (T = 100).
    expect(copyTask(50).baseline.loss).toBeCloseTo(0.29706, 5);
    expect(copyTask(100).baseline.loss).toBeCloseTo(0.17329, 5);
    expect(task.baseline.accuracy).toBe(1 / 8);
  });

  it('inputs: 10 symbols in 1..8, T-1 blanks, the delimiter, 10 blanks; every step one-hot', () => {
    for (let i = 0; i < rows; i++) {
      for (let t = 0; t < L; t++) {
        const v = x(t, i);
        expect(v.reduce((s, a) => s + a, 0)).toBe(1);
        const s = sym(t, i);
        if (t < 10) {
          expect(s).toBeGreaterThanOrEqual(1);
          expect(s).toBeLessThanOrEqual(8);
        } else expect(s).toBe(t === T + 9 ? 9 : 0);
      }
    }
  });

  it('targets: T+10 blanks, then the 10 symbols in order', () => {
    for (let i = 0; i < rows; i++) {
      for (let t = 0; t < L; t++) {
        const target = b.classes[t * rows + i];
        expect(target).toBe(t < T + 10 ? 0 : sym(t - T - 10, i));
      }
    }
  });

  it('the memoryless predictor (blank where certain, uniform on 1..8 at the end) scores exactly the baseline', () => {
    const y = new Float64Array(L * rows * 9);
    for (let t = 0; t < L; t++) {
      for (let i = 0; i < rows; i++) {
        const off = (t * rows + i) * 9;
        if (t < T + 10) {
          y.fill(-60, off, off + 9);
          y[off] = 0; // p(blank) = 1 - 8e-27
        } else {
          y[off] = -60; // uniform over 1..8
        }
      }
    }
    expect(softmaxCrossEntropy(y, b.classes, L * rows, 9, null)).toBeCloseTo(task.baseline.loss, 12);
  });

  it('symbols are uniform on 1..8 (chi-square, 7 dof, p > 1e-4)', () => {
    const big = task.createBatch(2000);
    task.sampleInto(createRng(2), big);
    const counts = new Array(9).fill(0);
    for (let t = 0; t < 10; t++) {
      for (let i = 0; i < 2000; i++) counts[big.classes[(L - 10 + t) * 2000 + i]!]++;
    }
    expect(counts[0]).toBe(0);
    const e = 20000 / 8;
    const chi = counts.slice(1).reduce((s, c) => s + (c - e) ** 2 / e, 0);
    expect(chi).toBeLessThan(29.9); // chi2(7) quantile at 1 - 1e-4
  });
});

describe('adding problem (Le et al. 2015)', () => {
  const T = 9;
  const task = addingTask(T);
  const rows = 400;
  const b = task.createBatch(rows);
  task.sampleInto(createRng(3), b);

  it('two markers, one in each half; target = the sum of the marked values; values in [0, 1)', () => {
    const half = Math.floor(T / 2);
    for (let i = 0; i < rows; i++) {
      const marks: number[] = [];
      let sum = 0;
      for (let t = 0; t < T; t++) {
        const v = b.x[(t * rows + i) * 2]!;
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThan(1);
        if (b.x[(t * rows + i) * 2 + 1] === 1) {
          marks.push(t);
          sum += v;
        } else expect(b.x[(t * rows + i) * 2 + 1]).toBe(0);
      }
      expect(marks.length).toBe(2);
      expect(marks[0]).toBeLessThan(half);
      expect(marks[1]).toBeGreaterThanOrEqual(half);
      expect(b.values[i]).toBe(sum);
    }
  });

  it('predicting 1 gives MSE 1/6 (the baseline), within 5 standard errors over 20000 sequences', () => {
    const big = task.createBatch(20000);
    task.sampleInto(createRng(4), big);
    const ones = new Float64Array(20000).fill(1);
    const mse = mseLast(ones, big.values, 20000, 1, null);
    // Var((s-1)²) for s = U1 + U2: E(s-1)^4 = 1/15, so sd = sqrt(1/15 - 1/36).
    expect(Math.abs(mse - 1 / 6)).toBeLessThan(5 * Math.sqrt((1 / 15 - 1 / 36) / 20000));
    expect(task.baseline).toEqual({ loss: 1 / 6, accuracy: null });
  });
});

describe('seeded batches', () => {
  it('same seed, same batch; the first copy symbols and adding target for seed 0 are pinned', () => {
    const c = copyTask(3);
    const b1 = c.createBatch(4);
    const b2 = c.createBatch(4);
    c.sampleInto(createRng(0), b1);
    c.sampleInto(createRng(0), b2);
    expect(b1.x).toEqual(b2.x);
    const first = Array.from({ length: 10 }, (_, t) => b1.classes[(13 + t) * 4]);
    expect(first).toEqual(GOLDEN_COPY);
    const a = addingTask(10);
    const ab = a.createBatch(2);
    a.sampleInto(createRng(0), ab);
    expect(ab.values[0]).toBe(GOLDEN_ADDING);
  });
  it('resampling a batch overwrites it completely', () => {
    const a = addingTask(6);
    const b = a.createBatch(3);
    a.sampleInto(createRng(1), b);
    a.sampleInto(createRng(2), b);
    const fresh = a.createBatch(3);
    a.sampleInto(createRng(2), fresh);
    expect(b.x).toEqual(fresh.x);
    const c = copyTask(4);
    const cb = c.createBatch(3);
    c.sampleInto(createRng(1), cb);
    c.sampleInto(createRng(2), cb);
    const cf = c.createBatch(3);
    c.sampleInto(createRng(2), cf);
    expect(cb.x).toEqual(cf.x);
    expect(cb.classes).toEqual(cf.classes);
  });
});

describe('bad input', () => {
  it('unknown task, T < 1, non-integer T, adding with T < 2 are ConfigErrors saying what is allowed', () => {
    // @ts-expect-error a task outside the table, as an untyped caller could pass
    expect(() => makeTask('copying', 5)).toThrow(/Allowed: copy, adding/);
    expect(() => copyTask(0)).toThrow(ConfigError);
    expect(() => copyTask(2.5)).toThrow(/integer >= 1/);
    expect(() => addingTask(1)).toThrow(/integer >= 2/);
    expect(() => copyTask(Number.NaN)).toThrow(ConfigError);
  });
});

// Pinned from this implementation (seed 0); a change is a change of every seeded result.
const GOLDEN_COPY = [4, 3, 4, 8, 7, 4, 3, 5, 4, 1];
const GOLDEN_ADDING = 1.7108416119385663;
