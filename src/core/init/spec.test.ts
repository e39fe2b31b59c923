import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { getInitializer } from './registry.js';
import { formatInitSpec, initSpecNames, parseInitList, parseInitSpec, splitInitList } from './spec.js';

describe('init specs', () => {
  it('parses bare names, aliases and parameters (numbers and enum names)', () => {
    expect(parseInitSpec('orthogonal')).toEqual({ name: 'orthogonal' });
    expect(parseInitSpec('glorot_uniform')).toEqual({ name: 'glorot_uniform' });
    expect(parseInitSpec('orthogonal(gain=1.1,seed=3)')).toEqual({ name: 'orthogonal', gain: 1.1, seed: 3 });
    expect(parseInitSpec(' varianceScaling( mode=fan_avg , scale=2 ) ')).toEqual({
      name: 'varianceScaling',
      mode: 'fan_avg',
      scale: 2,
    });
    // An explicit 0 survives (no `||` defaults).
    expect(parseInitSpec('randomNormal(stddev=0)')).toEqual({ name: 'randomNormal', stddev: 0 });
  });

  it('rejects malformed specs, unknown names and parameters with ConfigError', () => {
    for (const bad of [
      '',
      '3x',
      'orthogonal(',
      'orthogonal(gain)',
      'orthogonal(gain=1,gain=2)',
      'orthogonal(gain=a b)',
    ]) {
      expect(() => parseInitSpec(bad), bad).toThrow(ConfigError);
    }
    expect(() => parseInitSpec('orthgonal')).toThrow(/Valid names/);
    expect(() => parseInitSpec('orthogonal(gian=1)')).toThrow(/unknown parameter 'gian'/);
    expect(() => parseInitSpec('randomUniform(minval=1,maxval=0)')).toThrow(/minval/);
  });

  it('splits lists at top-level commas only', () => {
    expect(splitInitList('a,b(x=1,y=2), c')).toEqual(['a', 'b(x=1,y=2)', 'c']);
    expect(parseInitList('orthogonal,identity(gain=2)')).toEqual([
      { name: 'orthogonal' },
      { name: 'identity', gain: 2 },
    ]);
    expect(() => parseInitList('orthogonal,,identity')).toThrow(/empty entry/);
  });

  it('formatInitSpec round-trips canonical configs of every initializer', () => {
    for (const name of initSpecNames()) {
      const config = parseInitSpec(name);
      const canonical = getInitializer(config).config;
      expect(parseInitSpec(formatInitSpec(canonical))).toEqual(canonical);
    }
    expect(formatInitSpec({ name: 'orthogonal', seed: 1, gain: 1.5 })).toBe('orthogonal(gain=1.5,seed=1)');
  });
});
