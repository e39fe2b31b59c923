/**
 * TensorFlow.js layers models: `model.json` holds `modelTopology` (a Keras-style model config)
 * and `weightsManifest`, a list of groups {paths: shard files, weights: [{name, shape, dtype}]};
 * a group's shards, concatenated in order, hold its weights back to back, little-endian
 * (tfjs-core src/io/types.ts WeightsManifestConfig, io_utils.ts decodeWeights). Shards are
 * supplied by the caller by the path the manifest gives (the CLI reads them next to the file,
 * the web takes them from the files dropped together). Quantized weights and dtypes other than
 * float32, int32 and bool are refused by name; every byte count is checked before decoding.
 */

import { FormatError } from '../errors.js';
import { isKeyOf, isRecord } from '../guards.js';
import { ITEMSIZE, decodeElements } from './dtypes.js';
import {
  type Json,
  type KerasLayerConfig,
  type ModelFile,
  bidirectionalParts,
  kerasConfigLayers,
  kerasUnits,
  parseJson,
} from './keras.js';
import { type RecurrentLayer, checkKerasKernels, kerasCell, kerasLayer } from './modelLayers.js';
import { type Dtype, MAX_ELEMENTS, checkedNumel, checkedShape } from './ndarray.js';
import type { NamedTensor } from './tensorFile.js';
import { decodeUtf8 } from './utf8.js';

const TFJS_DTYPES: Record<string, Dtype> = { float32: 'float32', int32: 'int32', bool: 'bool' };

/** Largest model.json text accepted (64 MiB). */
export const TFJS_MAX_JSON_BYTES = 64 * 1024 * 1024;

/** True when the bytes are JSON text with a top-level "weightsManifest" (a TF.js model.json). */
export function isTfjsModelJson(bytes: Uint8Array): boolean {
  if (bytes.length > TFJS_MAX_JSON_BYTES) return false;
  let k = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (k < bytes.length && (bytes[k] === 0x20 || bytes[k] === 0x0a || bytes[k] === 0x0d || bytes[k] === 0x09)) k++;
  if (bytes[k] !== 0x7b) return false;
  // A cheap look for the key before parsing: the manifest key must appear in the text.
  const needle = '"weightsManifest"';
  outer: for (let i = k; i + needle.length <= bytes.length; i++) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle.charCodeAt(j)) continue outer;
    return true;
  }
  return false;
}

interface WeightSpec {
  readonly name: string;
  readonly shape: number[];
  readonly dtype: Dtype;
}

interface Manifest {
  readonly topology: Json | undefined;
  readonly groups: { readonly paths: string[]; readonly weights: WeightSpec[] }[];
}

function parseManifest(bytes: Uint8Array, what: string): Manifest {
  if (bytes.length > TFJS_MAX_JSON_BYTES)
    throw new FormatError(`${what}: ${bytes.length} bytes of JSON, above the ${TFJS_MAX_JSON_BYTES}-byte limit.`);
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const root = parseJson(decodeUtf8(bytes, what, start), what);
  if (root === null || typeof root !== 'object' || Array.isArray(root))
    throw new FormatError(`${what} is not a JSON object.`);
  const wm = root.weightsManifest;
  if (!Array.isArray(wm)) throw new FormatError(`${what} has no weightsManifest list; it is not a TF.js model.json.`);
  const groups = wm.map((g, gi) => {
    if (
      g === null ||
      typeof g !== 'object' ||
      Array.isArray(g) ||
      !Array.isArray(g.paths) ||
      !Array.isArray(g.weights)
    ) {
      throw new FormatError(`${what}: weightsManifest[${gi}] needs 'paths' and 'weights' lists.`);
    }
    const paths = g.paths.map((p, pi) => {
      if (typeof p !== 'string' || p === '')
        throw new FormatError(`${what}: weightsManifest[${gi}].paths[${pi}] is not a file name.`);
      // Shards sit next to model.json: no absolute paths, URLs or '..' that would reach elsewhere.
      if (/^[/\\]|^[a-zA-Z]:|:\/\/|(^|[/\\])\.\.([/\\]|$)/.test(p)) {
        throw new FormatError(
          `${what}: weight shard path '${p}' leaves the model's directory; only paths relative to model.json without '..' are read.`,
        );
      }
      return p;
    });
    const weights = g.weights.map((w, wi) => {
      const where = `${what}: weightsManifest[${gi}].weights[${wi}]`;
      if (
        w === null ||
        typeof w !== 'object' ||
        Array.isArray(w) ||
        typeof w.name !== 'string' ||
        !Array.isArray(w.shape)
      ) {
        throw new FormatError(`${where} needs a name and a shape.`);
      }
      if (w.quantization !== undefined && w.quantization !== null) {
        const q = isRecord(w.quantization) ? w.quantization.dtype : undefined;
        throw new FormatError(
          `${where} ('${w.name}') is quantized to ${String(q ?? 'an unknown type')}; ortholab reads unquantized float32 weights only (convert without --quantize_* options).`,
        );
      }
      const dtype = isKeyOf(TFJS_DTYPES, w.dtype) ? TFJS_DTYPES[w.dtype] : undefined;
      if (dtype === undefined) {
        throw new FormatError(
          `${where} ('${w.name}') has dtype ${JSON.stringify(w.dtype)}; float32, int32 and bool are read.`,
        );
      }
      const { shape } = checkedShape(w.shape, `${where} ('${w.name}')`);
      return { name: w.name, shape, dtype };
    });
    return { paths, weights };
  });
  return { topology: root.modelTopology, groups };
}

/** The shard paths model.json names, in order (for the CLI to read before calling readTfjs). */
export function tfjsShardPaths(bytes: Uint8Array, what: string): string[] {
  return parseManifest(bytes, what).groups.flatMap((g) => g.paths);
}

/**
 * Reads a TF.js model.json with its shards (`shards` maps each manifest path to its bytes).
 * Throws FormatError for a missing shard, shards whose total size differs from what the
 * weights need, quantized or unsupported dtypes, and a topology that does not fit the weights.
 */
export function readTfjs(
  bytes: Uint8Array,
  what: string,
  shards: ReadonlyMap<string, Uint8Array>,
  maxElements = MAX_ELEMENTS,
): ModelFile {
  const m = parseManifest(bytes, what);
  const tensors: NamedTensor[] = [];
  for (const g of m.groups) {
    const parts = g.paths.map((p) => {
      const b = shards.get(p);
      if (b === undefined) {
        throw new FormatError(
          `${what}: weight shard '${p}' is missing; put it next to model.json (or drop it together with model.json).`,
        );
      }
      return b;
    });
    const total = parts.reduce((s, b) => s + b.length, 0);
    let need = 0;
    for (const w of g.weights)
      need += checkedNumel(w.shape, `${what}: weight '${w.name}'`, maxElements) * ITEMSIZE[w.dtype];
    if (need !== total) {
      throw new FormatError(
        `${what}: shards ${g.paths.join(', ')} hold ${total} bytes, but their weights need ${need}; a shard is truncated, missing or from another model.`,
      );
    }
    const all = parts.length === 1 ? parts[0]! : new Uint8Array(total);
    if (parts.length > 1) {
      let o = 0;
      for (const b of parts) {
        all.set(b, o);
        o += b.length;
      }
    }
    let off = 0;
    for (const w of g.weights) {
      const n = checkedNumel(w.shape, w.name, maxElements);
      tensors.push({
        name: w.name,
        array: {
          shape: w.shape,
          dtype: w.dtype,
          data: decodeElements(all, off, n, w.dtype, true).data,
          fortranOrder: false,
        },
      });
      off += n * ITEMSIZE[w.dtype];
    }
  }
  const layers = tfjsLayers(m.topology, tensors, what);
  return { format: 'tfjs', tensors, layers };
}

/**
 * Recurrent layers of a TF.js topology. A layer's weights are those named `<layer>/...`; the
 * kernel and recurrent kernel are told by the last name component (kernel, recurrent_kernel),
 * and a Bidirectional's directions by a forward_/backward_ component.
 */
function tfjsLayers(topology: Json | undefined, tensors: readonly NamedTensor[], what: string): RecurrentLayer[] {
  if (topology === undefined || topology === null) {
    throw new FormatError(
      `${what} has no modelTopology; a layers model (tf.LayersModel.save) is needed to know each layer's class.`,
    );
  }
  const where = `${what}: modelTopology`;
  const layers = kerasConfigLayers(topology, where);
  const out: RecurrentLayer[] = [];
  const last = (n: string) => (n.split('/').pop() ?? '').replace(/(_\d+)?(:\d+)?$/, '');
  // Weights by their first name component (the layer), so the lookup is linear in the weights.
  const byLayer = new Map<string, NamedTensor[]>();
  for (const t of tensors) {
    const head = t.name.split('/')[0]!;
    const list = byLayer.get(head);
    if (list === undefined) byLayer.set(head, [t]);
    else list.push(t);
  }
  for (const l of layers) {
    const mine = byLayer.get(l.name) ?? [];
    const add = (inner: KerasLayerConfig, ws: NamedTensor[], direction: 'forward' | 'backward') => {
      const cell = kerasCell(inner.className);
      if (cell === null) return; // not a recurrent layer (the callers check first)
      const units = kerasUnits(inner, where);
      const kernel = ws.find((t) => last(t.name) === 'kernel');
      const recurrent = ws.find((t) => last(t.name) === 'recurrent_kernel');
      checkKerasKernels(l.name, cell, units, kernel, recurrent, what);
      out.push(
        kerasLayer(
          'tfjs',
          l.name,
          inner.className,
          cell,
          units,
          direction,
          kernel,
          recurrent,
          `TF.js modelTopology: ${inner.className}(units=${units}); weights by name (kernel, recurrent_kernel)`,
        ),
      );
    };
    if (kerasCell(l.className) !== null) add(l, mine, 'forward');
    else if (l.className === 'Bidirectional') {
      const { fwd, bwd } = bidirectionalParts(l, where);
      const back = (t: NamedTensor) => /\/backward_/.test(t.name);
      if (kerasCell(fwd.className) !== null)
        add(
          fwd,
          mine.filter((t) => !back(t)),
          'forward',
        );
      if (kerasCell(bwd.className) !== null) add(bwd, mine.filter(back), 'backward');
    }
  }
  return out;
}
