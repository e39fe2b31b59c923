/**
 * Reads PyTorch files written by `torch.save` since PyTorch 1.6: a zip archive holding
 * `<name>/data.pkl` (the pickled object) and `<name>/data/<key>` (the raw little-endian bytes
 * of each storage), see torch/serialization.py `_save` / `_load` (PyTorch 1.13–2.x).
 *
 * The pickle is read by the restricted unpickler of pickle.ts, which knows only what tensors
 * and state dicts need: `collections.OrderedDict`, `torch._utils._rebuild_tensor_v2` and the
 * typed storage classes; a storage is the persistent id ('storage', StorageClass, key,
 * location, numel). Anything else, a whole pickled `nn.Module` or `os.system` included, is a
 * FormatError naming the global; nothing from the file is ever executed. Views are honoured:
 * each tensor is gathered from its storage with its offset, sizes and strides, and tensors
 * sharing a storage read the same decoded values. Legacy files (pre-1.6, `torch.save(...,
 * _use_new_zipfile_serialization=False)`) are refused with how to re-save them.
 */

import { FormatError } from '../errors.js';
import { isKeyOf } from '../guards.js';
import { ITEMSIZE, decodeElements } from './dtypes.js';
import { type Dtype, MAX_ELEMENTS, type NdArray, checkedNumel, formatShape } from './ndarray.js';
import { type PyGlobal, type PyObj, describePy, unpickle } from './pickle.js';
import type { NamedTensor } from './tensorFile.js';
import { type ZipArchive, type ZipOptions, openZip } from './zip.js';

/** Storage classes `torch.save` names in persistent ids, with their element type. */
export const TORCH_STORAGES = {
  FloatStorage: 'float32',
  DoubleStorage: 'float64',
  HalfStorage: 'float16',
  BFloat16Storage: 'bfloat16',
  IntStorage: 'int32',
  LongStorage: 'int64',
  ShortStorage: 'int16',
  CharStorage: 'int8',
  ByteStorage: 'uint8',
  BoolStorage: 'bool',
} as const satisfies Record<string, Dtype>;

const REBUILD = 'torch._utils._rebuild_tensor_v2';
const ORDERED_DICT = 'collections.OrderedDict';
const ALLOWED = new Set<string>([REBUILD, ORDERED_DICT, ...Object.keys(TORCH_STORAGES).map((s) => `torch.${s}`)]);

/** The first bytes of a legacy torch.save: PROTO 2, LONG1 10 bytes, the magic number 0x1950a86a20f9469cfc6c. */
const LEGACY_MAGIC = [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19];

export interface ReadTorchOptions extends ZipOptions {
  /** Largest element count per tensor (default MAX_ELEMENTS). */
  readonly maxElements?: number;
}

/**
 * A storage named by a persistent id. Storages and tensors are classes so that the opaque
 * values the unpickler carries are recognized with instanceof (a tensor passed where a storage
 * belongs is a FormatError, not a crash).
 */
class StorageRef {
  readonly dtype: Dtype;
  readonly key: string;
  readonly numel: number;
  constructor(dtype: Dtype, key: string, numel: number) {
    this.dtype = dtype;
    this.key = key;
    this.numel = numel;
  }
}

/** A tensor view of a storage: `_rebuild_tensor_v2(storage, offset, size, stride, ...)`. */
class TensorRef {
  readonly storage: StorageRef;
  readonly offset: number;
  readonly shape: number[];
  readonly stride: number[];
  constructor(storage: StorageRef, offset: number, shape: number[], stride: number[]) {
    this.storage = storage;
    this.offset = offset;
    this.shape = shape;
    this.stride = stride;
  }
}

/** True when the bytes start like a legacy (pre-1.6) torch.save file. */
export function isLegacyTorch(bytes: Uint8Array): boolean {
  return bytes.length >= LEGACY_MAGIC.length && LEGACY_MAGIC.every((b, k) => bytes[k] === b);
}

const LEGACY_HINT =
  "Re-save it with a current PyTorch: torch.save(torch.load('old.pt'), 'new.pt') writes the zip format (the default since PyTorch 1.6).";

function hintFor(module: string, name: string): string {
  if (module === 'torch._utils' && name === '_rebuild_parameter') {
    return 'The file holds nn.Parameter objects (a pickled model or optimizer); save model.state_dict() instead.';
  }
  if (module.startsWith('torch.nn') || module === '__main__' || /^[A-Z]/.test(name)) {
    return 'This looks like a whole pickled model (torch.save(model)); save its weights with torch.save(model.state_dict(), path) instead.';
  }
  return 'Only tensors and (nested) dicts, lists and numbers of a state dict are read.';
}

function asInt(x: PyObj, what: string): number {
  if (typeof x === 'number' && Number.isSafeInteger(x) && x >= 0) return x;
  throw new FormatError(`${what} is ${describePy(x)}; a non-negative integer is needed.`);
}

function intTuple(x: PyObj, what: string): number[] {
  if (x === null || typeof x !== 'object' || x instanceof Uint8Array || x.kind !== 'tuple') {
    throw new FormatError(`${what} is ${describePy(x)}; a tuple of integers is needed.`);
  }
  return x.items.map((v, k) => asInt(v, `${what}[${k}]`));
}

/**
 * Reads a PyTorch zip file into its tensors, named by their path in the saved object (state
 * dict keys; nested dicts and lists joined with '.'), in pickle order. Non-tensor values
 * (ints, floats, strings) are skipped. `what` names the file in messages. O(file size + total
 * elements); every storage is checked against its declared size before it is decoded.
 */
export function readTorch(input: Uint8Array, what: string, options: ReadTorchOptions = {}): NamedTensor[] {
  if (isLegacyTorch(input)) {
    throw new FormatError(
      `${what} is a legacy PyTorch file (saved before 1.6 or with _use_new_zipfile_serialization=False), which ortholab does not read. ${LEGACY_HINT}`,
    );
  }
  if (input.length >= 2 && input[0] === 0x80) {
    throw new FormatError(
      `${what} is a bare Python pickle, not a PyTorch zip archive; ortholab reads torch.save files of PyTorch ≥ 1.6. ${LEGACY_HINT}`,
    );
  }
  const zip = openZip(input, what, options);
  const pkl = zip.entries.find((e) => /^[^/]+\/data\.pkl$/.test(e.name) || e.name === 'data.pkl');
  if (pkl === undefined) {
    throw new FormatError(
      `${what} is a zip archive without a data.pkl entry, so not a torch.save file (entries: ${zip.entries
        .slice(0, 6)
        .map((e) => e.name)
        .join(', ')}${zip.entries.length > 6 ? ', ...' : ''}).`,
    );
  }
  const prefix = pkl.name.slice(0, pkl.name.length - 'data.pkl'.length);
  const order = zip.entry(`${prefix}byteorder`);
  if (order !== undefined) {
    const text = String.fromCharCode(...zip.read(order).subarray(0, 16));
    if (text !== 'little') {
      throw new FormatError(
        `${what} stores its tensors in '${text}' byte order; ortholab reads little-endian files only.`,
      );
    }
  }
  const maxElements = options.maxElements ?? MAX_ELEMENTS;
  const storages = new Map<string, StorageRef>();
  const where = `${what} (${pkl.name})`;
  const root = unpickle(zip.read(pkl), where, {
    globals: ALLOWED,
    refusalHint: hintFor,
    persistentLoad(pid) {
      if (pid === null || typeof pid !== 'object' || pid instanceof Uint8Array || pid.kind !== 'tuple') {
        throw new FormatError(`${where}: a persistent id is ${describePy(pid)}, not a storage tuple.`);
      }
      if (pid.items.length !== 5 || pid.items[0] !== 'storage') {
        throw new FormatError(`${where}: a persistent id is not ('storage', class, key, location, numel).`);
      }
      // Five items, checked above.
      const cls = pid.items[1]!,
        key = pid.items[2]!,
        numel = pid.items[4]!;
      if (cls === null || typeof cls !== 'object' || cls instanceof Uint8Array || cls.kind !== 'global') {
        throw new FormatError(`${where}: a storage's class is ${describePy(cls)}.`);
      }
      if (typeof key !== 'string')
        throw new FormatError(`${where}: a storage key is ${describePy(key)}, not a string.`);
      const dtype: Dtype | undefined = isKeyOf(TORCH_STORAGES, cls.name) ? TORCH_STORAGES[cls.name] : undefined;
      if (cls.module !== 'torch' || dtype === undefined) {
        throw new FormatError(`${where}: a storage's class is ${cls.module}.${cls.name}, not a torch storage class.`);
      }
      const n = asInt(numel, `${where}: the element count of storage '${key}'`);
      const prev = storages.get(key);
      if (prev !== undefined && (prev.dtype !== dtype || prev.numel !== n)) {
        throw new FormatError(`${where}: storage '${key}' is declared twice with different types or sizes.`);
      }
      const ref = prev ?? new StorageRef(dtype, key, n);
      storages.set(key, ref);
      return { kind: 'opaque', value: ref };
    },
    reduce(fn: PyGlobal, args: PyObj[]): PyObj {
      const full = `${fn.module}.${fn.name}`;
      if (full === ORDERED_DICT) {
        if (args.length !== 0)
          throw new FormatError(`${where}: OrderedDict is called with arguments; only OrderedDict() is read.`);
        return { kind: 'dict', map: new Map() };
      }
      if (full === REBUILD) {
        if (args.length < 6 || args.length > 7) {
          throw new FormatError(`${where}: _rebuild_tensor_v2 takes 6 or 7 arguments, got ${args.length}.`);
        }
        const st = args[0]!;
        if (
          st === null ||
          typeof st !== 'object' ||
          st instanceof Uint8Array ||
          st.kind !== 'opaque' ||
          !(st.value instanceof StorageRef)
        ) {
          throw new FormatError(`${where}: a tensor's storage is ${describePy(st)}, not a storage reference.`);
        }
        const t = new TensorRef(
          st.value,
          asInt(args[1]!, `${where}: a storage offset`),
          intTuple(args[2]!, `${where}: a tensor's size`),
          intTuple(args[3]!, `${where}: a tensor's stride`),
        );
        if (t.shape.length !== t.stride.length) {
          throw new FormatError(`${where}: a tensor has ${t.shape.length} sizes but ${t.stride.length} strides.`);
        }
        return { kind: 'opaque', value: t };
      }
      throw new FormatError(`${where}: ${full} is a class, not a function; it cannot be called.`);
    },
  });

  const found: { name: string; ref: TensorRef }[] = [];
  collect(root, '', found, 0);
  const decoded = new Map<string, { data: Float64Array; rounded: number }>();
  // Views may repeat storage elements (stride 0, shared storages): bound what they expand to.
  const budget = Math.max(8 * input.length, 1 << 24);
  let total = 0;
  for (const { name, ref } of found) {
    total += checkedNumel(ref.shape, `${what}: tensor '${name}'`, maxElements);
    if (total > budget) {
      throw new FormatError(
        `${what}: the tensors' views expand to more than ${budget} values, 8 per byte of the file (stride-0 or repeated views); refused.`,
      );
    }
  }
  return found.map(({ name, ref }) => ({
    name,
    array: gather(zip, prefix, ref, decoded, `${what}: tensor '${name}'`, maxElements),
  }));
}

function isTensorRef(x: PyObj): x is { kind: 'opaque'; value: TensorRef } {
  return (
    x !== null &&
    typeof x === 'object' &&
    !(x instanceof Uint8Array) &&
    x.kind === 'opaque' &&
    x.value instanceof TensorRef
  );
}

/**
 * Collects the tensors under `x` with their dotted paths. A container reached a second time
 * (the pickle memo can share one, or make one contain itself) is not entered again, so the
 * walk is linear in the number of containers whatever the sharing; a tensor shared by two keys
 * (tied weights) is reported under both.
 */
function collect(
  x: PyObj,
  path: string,
  out: { name: string; ref: TensorRef }[],
  depth: number,
  seen: Set<object> = new Set(),
): void {
  if (depth > 100) throw new FormatError(`'${path}' is nested more than 100 levels deep.`);
  if (x === null || typeof x !== 'object' || x instanceof Uint8Array) return;
  const join = (k: string | number) => (path === '' ? String(k) : `${path}.${k}`);
  if (isTensorRef(x)) {
    out.push({ name: path === '' ? 'tensor' : path, ref: x.value });
    return;
  }
  if (seen.has(x)) return;
  seen.add(x);
  if (x.kind === 'dict') for (const [k, v] of x.map) collect(v, join(k), out, depth + 1, seen);
  else if (x.kind === 'list' || x.kind === 'tuple') {
    for (let k = 0; k < x.items.length; k++) collect(x.items[k]!, join(k), out, depth + 1, seen);
  }
}

function gather(
  zip: ZipArchive,
  prefix: string,
  t: TensorRef,
  decoded: Map<string, { data: Float64Array; rounded: number }>,
  where: string,
  maxElements: number,
): NdArray {
  const { storage, offset, shape, stride } = t;
  const n = checkedNumel(shape, where, maxElements);
  // The last element a view touches must lie inside its storage.
  let last = offset;
  for (let k = 0; k < shape.length; k++) if (shape[k]! > 0) last += (shape[k]! - 1) * stride[k]!;
  if (n > 0 && last >= storage.numel) {
    throw new FormatError(
      `${where}: the view ${formatShape(shape)} with strides ${formatShape(stride)} at offset ${offset} reaches element ${last} of a storage of ${storage.numel}.`,
    );
  }
  let src = decoded.get(storage.key);
  if (src === undefined) {
    const entry = zip.entry(`${prefix}data/${storage.key}`);
    if (entry === undefined)
      throw new FormatError(`${where}: its storage '${prefix}data/${storage.key}' is missing from the archive.`);
    const need = storage.numel * ITEMSIZE[storage.dtype];
    if (entry.size < need) {
      throw new FormatError(
        `${where}: storage '${storage.key}' holds ${entry.size} bytes, fewer than the ${need} its ${storage.numel} ${storage.dtype} elements need.`,
      );
    }
    src = decodeElements(zip.read(entry), 0, storage.numel, storage.dtype, true);
    decoded.set(storage.key, src);
  }
  const data = new Float64Array(n);
  const rank = shape.length;
  const idx = new Array<number>(rank).fill(0);
  let at = offset;
  for (let k = 0; k < n; k++) {
    data[k] = src.data[at]!;
    for (let d = rank - 1; d >= 0; d--) {
      idx[d] = idx[d]! + 1;
      at += stride[d]!;
      if (idx[d]! < shape[d]!) break;
      at -= idx[d]! * stride[d]!;
      idx[d] = 0;
    }
  }
  return { shape, dtype: storage.dtype, data, fortranOrder: false, ...(src.rounded ? { rounded: src.rounded } : {}) };
}
