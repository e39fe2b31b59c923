import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { TRAIN_CONFIG_KEYS, parseTrainConfig } from './config.js';

describe('parseTrainConfig', () => {
  it('fills Keras SimpleRNN defaults (glorotUniform kernel, orthogonal recurrent, zeros bias)', () => {
    const c = parseTrainConfig({});
    expect(c.kernelInitializer).toEqual({ name: 'glorotUniform' });
    expect(c.recurrentInitializer).toEqual({ name: 'orthogonal', gain: 1, gates: 1, gateAxis: 'cols' });
    expect(c.biasInitializer).toEqual({ name: 'zeros' });
    expect(c.activation).toBe('tanh');
    expect(c.clipNorm).toBeNull();
    expect(c.truncate).toBeNull();
    expect(Object.keys(c)).toEqual(TRAIN_CONFIG_KEYS);
  });

  it('keeps explicit zeros (never `||` defaults) and accepts numeric strings from a CLI or URL', () => {
    const c = parseTrainConfig({ evalEvery: 0, seed: 0, momentum: 0, steps: 0 });
    expect([c.evalEvery, c.seed, c.momentum, c.steps]).toEqual([0, 0, 0, 0]);
    const s = parseTrainConfig({ units: '128', learningRate: '1e-3', clipNorm: 'none', truncate: '10', seed: '-3' });
    expect([s.units, s.learningRate, s.clipNorm, s.truncate, s.seed]).toEqual([128, 0.001, null, 10, -3]);
  });

  it('normalizes initializers through the registry: canonical configs, Keras aliases accepted', () => {
    const c = parseTrainConfig({
      recurrentInitializer: { stddev: 0.1, name: 'randomNormal' },
      kernelInitializer: 'glorot_uniform',
    });
    expect(JSON.stringify(c.recurrentInitializer)).toBe('{"name":"randomNormal","mean":0,"stddev":0.1}');
    expect(c.kernelInitializer).toEqual({ name: 'glorotUniform' });
  });

  it('is idempotent and JSON round-trips', () => {
    const c = parseTrainConfig({ task: 'adding', T: 30, activation: 'relu', recurrentInitializer: 'identity' });
    expect(parseTrainConfig(c)).toEqual(c);
    expect(parseTrainConfig(JSON.parse(JSON.stringify(c)))).toEqual(c);
  });

  const bad: [Record<string, unknown>, RegExp][] = [
    [{ task: 'copying' }, /task: got "copying"; must be one of 'copy', 'adding'/],
    [{ lrSchedule: 'exponential' }, /lrSchedule: got "exponential"; must be one of 'constant', 'cosine', 'linear'/],
    [{ lrFinal: 1.5 }, /lrFinal: got 1.5; must be a finite number >= 0 and <= 1/],
    [{ activation: 'sigmoid' }, /activation: got "sigmoid"; must be one of 'linear', 'tanh', 'relu'/],
    [{ optimizer: 'adagrad' }, /must be one of 'sgd', 'rmsprop', 'adam'/],
    [{ units: 0 }, /units: got 0; must be an integer >= 1/],
    [{ units: 2.5 }, /units: got 2.5; must be an integer >= 1/],
    [{ T: 0 }, /T: got 0; must be an integer >= 1/],
    [{ task: 'adding', T: 1 }, /adding task needs T >= 2/],
    [{ learningRate: 0 }, /learningRate: got 0; must be a finite number > 0/],
    [{ learningRate: -1 }, /learningRate: got -1/],
    [{ learningRate: Number.NaN }, /learningRate: got NaN/],
    [{ learningRate: 'NaN' }, /learningRate: got "NaN"/],
    [{ learningRate: 'fast' }, /learningRate: got "fast"/],
    [{ momentum: 1 }, /momentum: got 1; must be a finite number >= 0 and < 1/],
    [{ clipNorm: 0 }, /clipNorm: got 0; must be a finite number > 0 or none/],
    [{ seed: 0.5 }, /seed: got 0.5; must be an integer/],
    [{ recurrentInitializer: 3 }, /recurrentInitializer: got 3; expected an initializer name/],
    [
      { recurrentInitializer: 'orthogonl' },
      /recurrentInitializer: Unknown initializer "orthogonl". Valid names: zeros/,
    ],
    [{ kernelInitializer: { name: 'randomNormal', stddev: -1 } }, /kernelInitializer: .*'stddev' must be/],
    [{ lr: 0.1 }, /unknown field "lr"; allowed: task, T, units/],
  ];
  for (const [input, msg] of bad) {
    it(`rejects ${JSON.stringify(input)} with a ConfigError`, () => {
      expect(() => parseTrainConfig(input)).toThrow(ConfigError);
      expect(() => parseTrainConfig(input)).toThrow(msg);
    });
  }

  it('lists every problem at once', () => {
    expect(() => parseTrainConfig({ units: 0, activation: 'x', learningRate: -1 })).toThrow(
      /units: .*; activation: .*; learningRate: /,
    );
  });
});
