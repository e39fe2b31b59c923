// Robustness of the model-file readers (PyTorch zip + pickle, Keras 3 zip + HDF5, Keras 2
// HDF5, TF.js JSON + shards): every truncation of the small fixtures and a few hundred seeded
// mutations per target must end in a value or a FormatError, never another exception. The
// full run (5,000 mutations per target, hang watchdog) is `npx tsx scripts/fuzz-readers.ts`.
import { describe, expect, it } from 'vitest';
import { TARGETS, mutate, runCase } from '../../../test/helpers/modelFuzz.js';
import { createRng } from '../random/index.js';

describe('truncation at every byte', () => {
  it.each(TARGETS.filter((t) => t.wrap === undefined).map((t) => [t.name, t] as const))('%s', (_, t) => {
    let read = 0;
    for (let n = 0; n < t.bytes.length; n++)
      if (runCase(t, t.bytes.subarray(0, n), `${t.name}[0:${n}]`) === 'read') read++;
    // Only JSON text may lose its trailing newline and still be whole.
    expect(read).toBeLessThanOrEqual(t.name.includes('model.json') ? 1 : 0);
    expect(runCase(t, t.bytes, t.name)).toBe(t.name.includes('evil') ? 'refused' : 'read');
  });
});

describe('seeded mutations', () => {
  it.each(TARGETS.map((t, i) => [t.name, t, i] as const))('%s', (_, t, i) => {
    const rng = createRng(0x14 + i);
    const n = t.name.includes('.h5') ? 50 : 200;
    const seen = { read: 0, refused: 0 };
    for (let k = 0; k < n; k++) seen[runCase(t, mutate(rng, t.bytes, t.hot), `${t.name} mutant ${k}`)]++;
    expect(seen.read + seen.refused).toBe(n);
  });
});
