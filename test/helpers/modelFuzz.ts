// Shared by src/core/io/modelFuzz.test.ts (small counts) and scripts/fuzz-readers.ts (5,000+
// mutations per reader): the model-file readers, the files they are fuzzed on, a seeded
// mutator and the check that every failure is a FormatError that says something.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FormatError } from '../../src/core/errors.js';
import { readKeras2, readKeras3 } from '../../src/core/io/keras.js';
import { readTfjs } from '../../src/core/io/tfjs.js';
import { readTorch } from '../../src/core/io/torch.js';
import { openZip } from '../../src/core/io/zip.js';
import { type Rng, randInt } from '../../src/core/random/index.js';
import { patchStoredEntry } from './zipPatch.js';

const MODELS = fileURLToPath(new URL('../fixtures/models/', import.meta.url));
const bytesOf = (rel: string) => new Uint8Array(readFileSync(MODELS + rel));

/** Returns the number of float64 entries the reader produced. */
export type Reader = (b: Uint8Array) => number;

const count = (ts: { array: { data: Float64Array } }[]) => ts.reduce((s, t) => s + t.array.data.length, 0);

const tfjsJson = bytesOf('tfjs_model/model.json');
const shard1 = bytesOf('tfjs_model/group1-shard1of2.bin');
const shard2 = bytesOf('tfjs_model/group1-shard2of2.bin');

export interface FuzzTarget {
  readonly name: string;
  readonly read: Reader;
  readonly bytes: Uint8Array;
  /** Mutations land in [0, hot) three times out of four (where the structure is). */
  readonly hot: number;
  /** Re-wrap the mutated bytes (e.g. into a zip with a fixed CRC) before reading. */
  readonly wrap?: (mutated: Uint8Array) => Uint8Array;
}

function innerEntry(zipFile: string, entry: string): { inner: Uint8Array; wrap: (m: Uint8Array) => Uint8Array } {
  const outer = bytesOf(zipFile);
  const z = openZip(outer, zipFile);
  const e = z.entry(entry);
  if (e === undefined) throw new Error(`${zipFile} has no ${entry}`);
  const inner = z.read(e).slice();
  return { inner, wrap: (m) => patchStoredEntry(outer, entry, (d) => d.set(m.subarray(0, d.length))) };
}

const pkl = innerEntry('torch_dtypes.pt', 'torch_dtypes/data.pkl');
const k3cfg = innerEntry('keras3_tiny.keras', 'config.json');
const k3h5 = innerEntry('keras3_tiny.keras', 'model.weights.h5');

const torchRead: Reader = (b) => count(readTorch(b, 'fuzz.pt'));
const keras3Read: Reader = (b) => count(readKeras3(b, 'fuzz.keras').tensors);

export const TARGETS: FuzzTarget[] = [
  { name: 'torch_dtypes.pt (whole archive)', read: torchRead, bytes: bytesOf('torch_dtypes.pt'), hot: 2881 },
  { name: 'torch_evil.pt (whole archive)', read: torchRead, bytes: bytesOf('torch_evil.pt'), hot: 501 },
  {
    name: 'torch_dtypes.pt data.pkl (CRC fixed)',
    read: torchRead,
    bytes: pkl.inner,
    hot: pkl.inner.length,
    wrap: pkl.wrap,
  },
  { name: 'keras3_tiny.keras (whole archive)', read: keras3Read, bytes: bytesOf('keras3_tiny.keras'), hot: 1200 },
  {
    name: 'keras3_tiny.keras config.json (CRC fixed)',
    read: keras3Read,
    bytes: k3cfg.inner,
    hot: k3cfg.inner.length,
    wrap: k3cfg.wrap,
  },
  {
    name: 'keras3_tiny.keras model.weights.h5 (CRC fixed)',
    read: keras3Read,
    bytes: k3h5.inner,
    hot: 3000,
    wrap: k3h5.wrap,
  },
  {
    name: 'keras2_tiny.h5',
    read: (b) => count(readKeras2(b, 'fuzz.h5').tensors),
    bytes: bytesOf('keras2_tiny.h5'),
    hot: 3000,
  },
  {
    name: 'tfjs model.json',
    read: (b) =>
      count(
        readTfjs(
          b,
          'model.json',
          new Map([
            ['group1-shard1of2.bin', shard1],
            ['group1-shard2of2.bin', shard2],
          ]),
        ).tensors,
      ),
    bytes: tfjsJson,
    hot: tfjsJson.length,
  },
  {
    name: 'tfjs shard 2',
    read: (b) =>
      count(
        readTfjs(
          tfjsJson,
          'model.json',
          new Map([
            ['group1-shard1of2.bin', shard1],
            ['group1-shard2of2.bin', b],
          ]),
        ).tensors,
      ),
    bytes: shard2,
    hot: shard2.length,
  },
];

/** Flips, sets or splices 1–4 bytes, or truncates/extends, three quarters in the hot region. */
export function mutate(rng: Rng, src: Uint8Array, hot: number): Uint8Array {
  const b = src.slice();
  const flips = 1 + randInt(rng, 4);
  for (let k = 0; k < flips; k++) {
    const at = randInt(rng, 4) === 0 ? randInt(rng, b.length) : randInt(rng, Math.min(hot, b.length));
    const mode = randInt(rng, 4);
    if (mode === 0) b[at] = randInt(rng, 256);
    else if (mode === 1) b[at] = b[at]! ^ (1 << randInt(rng, 8));
    else if (mode === 2)
      b[at] = [0x00, 0xff, 0x7f, 0x80, 0x01, 0x02, 0x10, 0x22, 0x2c, 0x5b, 0x7b, 0x7d][randInt(rng, 12)]!;
    else {
      // a 4-byte little-endian field set to a boundary value (sizes, offsets, addresses)
      const v = [0, 1, 0xffffffff, 0x7fffffff, 0x80000000, b.length, b.length + 1][randInt(rng, 7)]!;
      for (let j = 0; j < 4 && at + j < b.length; j++) b[at + j] = (v >>> (8 * j)) & 0xff;
    }
  }
  return b;
}

export type Outcome = 'read' | 'refused';

/**
 * Runs the target's reader on `mutated`: 'read' when it returns (the values it produced must
 * not outnumber the input bytes), 'refused' on a FormatError with a real message; anything
 * else throws an Error describing the crash.
 */
export function runCase(t: FuzzTarget, mutated: Uint8Array, label: string): Outcome {
  const input = t.wrap ? t.wrap(mutated) : mutated;
  try {
    const n = t.read(input);
    if (n > input.length) throw new Error(`${label}: produced ${n} values from ${input.length} bytes`);
    return 'read';
  } catch (e) {
    if (e instanceof FormatError && e.message.length > 20) return 'refused';
    throw new Error(
      `${label}: expected a FormatError, got ${(e as Error)?.constructor?.name}: ${String((e as Error)?.message ?? e)}`,
    );
  }
}
