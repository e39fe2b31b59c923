import { describe, expect, it } from 'vitest';
import { initMatrix, listInitializers } from '../../src/core/index.js';
import { CATALOG, initEntry, validateWithCore } from './catalog.js';

describe('initializer catalog', () => {
  it('offers every core initializer under its core name, the article videos first', () => {
    const names = CATALOG.map((e) => e.name);
    expect(names.slice().sort()).toEqual(
      listInitializers()
        .map((i) => i.name)
        .sort(),
    );
    expect(names.slice(0, 3)).toEqual(['vanishing', 'exploding', 'orthogonal']);
  });

  it('every entry with default parameters builds a matrix through core', () => {
    for (const e of CATALOG) {
      const n = e.fixedSize ?? 4;
      const m = initMatrix(e.toConfig({}), n, n, 7);
      expect(m.data.length, e.name).toBe(n * n);
      expect(m.data.every(Number.isFinite), e.name).toBe(true);
    }
  });

  it('takes fixed sizes from the registry (Fibonacci is 2 x 2)', () => {
    const fixed = Object.fromEntries(CATALOG.filter((e) => e.fixedSize !== null).map((e) => [e.name, e.fixedSize]));
    expect(fixed).toEqual(
      Object.fromEntries(
        listInitializers()
          .filter((i) => i.fixedShape !== null)
          .map((i) => [i.name, i.fixedShape?.[0]]),
      ),
    );
    expect(initEntry('fibonacci')?.fixedSize).toBe(2);
  });

  it('hides seed and LSTM-only parameters; defers cross-parameter rules to core', () => {
    const orth = initEntry('orthogonal')!;
    expect(orth.params.map((p) => p.key)).toEqual(['gain']);
    expect(validateWithCore(initEntry('randomUniform')!, { minval: 1, maxval: 0 })).toMatch(/minval/);
    expect(validateWithCore(orth, { gain: 2 })).toBeNull();
  });

  it('the video presets take their spectral radius as a parameter', () => {
    const v = initEntry('exploding')!;
    expect(v.params.map((p) => p.key)).toEqual(['radius']);
    expect(v.params[0]?.spec.default).toBe(1.19);
    const a = initMatrix(v.toConfig({}), 5, 5, 3);
    const b = initMatrix(v.toConfig({ radius: 2.38 }), 5, 5, 3);
    for (let k = 0; k < 25; k++) expect(b.data[k]).toBeCloseTo(2 * a.data[k]!, 12);
  });
});
