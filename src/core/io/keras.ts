/**
 * Keras model files: each recurrent layer's class and units come from the saved config, its
 * kernels from the weights, so the gate layout is known, not guessed.
 *
 * - Keras 3 `.keras` (keras-team/keras v3.16.0, keras/src/saving/saving_lib.py): a zip with
 *   config.json (the serialized model) and model.weights.h5, where a layer's variables sit at
 *   `layers/<snake_case(class)>[_k]/.../vars/<i>` in creation order (a recurrent layer's under
 *   `cell/`, a Bidirectional's under `forward_layer/` and `backward_layer/`): 0 kernel,
 *   1 recurrent_kernel, 2 bias. Recent versions tag each vars group with attr name = layer
 *   name, which is used when present.
 * - Keras 2 `.h5` (keras-team/keras v2.15.0, keras/saving/legacy/hdf5_format.py): root attr
 *   model_config (JSON), group model_weights/<layer name> with attr weight_names listing each
 *   weight's path inside the group (e.g. lstm/lstm_cell/recurrent_kernel:0).
 */

import { FormatError } from '../errors.js';
import { type Hdf5File, openHdf5 } from './hdf5.js';
import { type RecurrentLayer, checkKerasKernels, kerasCell, kerasLayer } from './modelLayers.js';
import type { NamedTensor } from './tensorFile.js';
import { decodeUtf8 } from './utf8.js';
import { type ZipOptions, openZip } from './zip.js';
import { errorMessage } from '../guards.js';

/** What a model reader returns: the arrays (named by their path in the file) and the recurrent layers. */
export interface ModelFile {
  readonly format: 'pytorch' | 'keras3' | 'keras2' | 'tfjs';
  readonly tensors: NamedTensor[];
  readonly layers: RecurrentLayer[];
}

/** A value JSON.parse can return. */
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function obj(x: Json | undefined): { [k: string]: Json } | null {
  return x !== null && typeof x === 'object' && !Array.isArray(x) ? x : null;
}

/** Parses JSON text, with a FormatError naming `where` on failure. */
export function parseJson(text: string, where: string): Json {
  try {
    // JSON.parse yields exactly the values Json describes.
    const value: Json = JSON.parse(text);
    return value;
  } catch (e) {
    throw new FormatError(`${where} is not valid JSON (${errorMessage(e)}).`);
  }
}

/** A layer entry of a Keras config: class name, config dict. */
export interface KerasLayerConfig {
  readonly className: string;
  readonly name: string;
  readonly config: { [k: string]: Json };
}

/**
 * The layers of a serialized Keras model ({class_name, config: {layers: [...]}}), in order.
 * Accepts Sequential, Functional/Model and Keras 2's nesting under model_config.
 */
export function kerasConfigLayers(root: Json, where: string): KerasLayerConfig[] {
  let model = obj(root);
  if (model !== null && obj(model.model_config) !== null) model = obj(model.model_config);
  const config = model === null ? null : obj(model.config);
  const layers = config?.layers;
  if (model === null || config === null || !Array.isArray(layers)) {
    throw new FormatError(`${where} has no model config with a 'layers' list (class_name, config.layers).`);
  }
  return layers.map((l, k) => {
    const o = obj(l);
    const c = obj(o?.config);
    if (o === null || c === null || typeof o.class_name !== 'string') {
      throw new FormatError(`${where}: layer ${k} of the config has no class_name and config.`);
    }
    return { className: o.class_name, name: typeof c.name === 'string' ? c.name : `${o.class_name}_${k}`, config: c };
  });
}

/** units of a recurrent layer config, checked. */
export function kerasUnits(l: KerasLayerConfig, where: string): number {
  const u = l.config.units;
  if (typeof u !== 'number' || !Number.isSafeInteger(u) || u < 1) {
    throw new FormatError(
      `${where}: layer '${l.name}' (${l.className}) has units = ${JSON.stringify(u)}; a positive integer is needed.`,
    );
  }
  return u;
}

/** The inner recurrent layer config of a Bidirectional (its `layer`, and `backward_layer` if given). */
export function bidirectionalParts(
  l: KerasLayerConfig,
  where: string,
): { fwd: KerasLayerConfig; bwd: KerasLayerConfig } {
  const inner = (x: Json | undefined): KerasLayerConfig | null => {
    const o = obj(x);
    const c = obj(o?.config);
    if (o === null || c === null || typeof o.class_name !== 'string') return null;
    return { className: o.class_name, name: typeof c.name === 'string' ? c.name : o.class_name, config: c };
  };
  const fwd = inner(l.config.layer);
  if (fwd === null) throw new FormatError(`${where}: Bidirectional layer '${l.name}' has no inner layer config.`);
  return { fwd, bwd: inner(l.config.backward_layer) ?? fwd };
}

function snakeCase(name: string): string {
  // keras/src/utils/naming.py to_snake_case
  return name
    .replace(/\W+/g, '')
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

function allTensors(h5: Hdf5File): NamedTensor[] {
  return h5.datasets().map((p) => ({ name: p, array: h5.array(p) }));
}

/** Reads a Keras 3 `.keras` archive. */
export function readKeras3(bytes: Uint8Array, what: string, options: ZipOptions = {}): ModelFile {
  const zip = openZip(bytes, what, options);
  const cfgEntry = zip.entry('config.json');
  const h5Entry = zip.entry('model.weights.h5');
  if (cfgEntry === undefined || h5Entry === undefined) {
    const npz = zip.entry('model.weights.npz') !== undefined;
    throw new FormatError(
      `${what} is not a Keras 3 archive with config.json and model.weights.h5${npz ? ' (its weights are in the .npz format, which ortholab does not read; save with the default h5 weights)' : ''}.`,
    );
  }
  const cfgBytes = zip.read(cfgEntry);
  const config = parseJson(decodeUtf8(cfgBytes, `${what}: config.json`), `${what}: config.json`);
  const layers = kerasConfigLayers(config, `${what}: config.json`);
  const h5 = openHdf5(zip.read(h5Entry), `${what}: model.weights.h5`);
  const tensors = allTensors(h5);
  const byName = new Map(tensors.map((t) => [t.name, t]));
  // Where each layer's state lives: by the vars groups' name attribute when written, else by
  // saving_lib's container naming (snake_case class name, _1, _2, ... per class).
  const named = new Map<string, string>();
  for (const g of h5.children('layers')) {
    const n = h5.attrs(`layers/${g}/vars`).name;
    if (typeof n === 'string') named.set(n, `layers/${g}`);
  }
  const used = new Map<string, number>();
  const out: RecurrentLayer[] = [];
  const where = `${what}: model.weights.h5`;
  for (const l of layers) {
    if (l.className === 'InputLayer') continue;
    const base = snakeCase(l.className);
    const k = used.get(base);
    used.set(base, k === undefined ? 0 : k + 1);
    const path = named.get(l.name) ?? `layers/${k === undefined ? base : `${base}_${k + 1}`}`;
    const add = (inner: KerasLayerConfig, sub: string, direction: 'forward' | 'backward', display: string) => {
      const cell = kerasCell(inner.className);
      if (cell === null) return; // not a recurrent layer (the callers check first)
      const units = kerasUnits(inner, `${what}: config.json`);
      const kernel = byName.get(`${sub}/cell/vars/0`);
      const recurrent = byName.get(`${sub}/cell/vars/1`);
      checkKerasKernels(display, cell, units, kernel, recurrent, where);
      out.push(
        kerasLayer(
          'keras',
          display,
          inner.className,
          cell,
          units,
          direction,
          kernel,
          recurrent,
          `Keras 3 config.json: ${inner.className}(units=${units}); weights ${sub}/cell/vars/{0: kernel, 1: recurrent_kernel}`,
        ),
      );
    };
    if (kerasCell(l.className) !== null) add(l, path, 'forward', l.name);
    else if (l.className === 'Bidirectional') {
      const { fwd, bwd } = bidirectionalParts(l, `${what}: config.json`);
      if (kerasCell(fwd.className) !== null) add(fwd, `${path}/forward_layer`, 'forward', l.name);
      if (kerasCell(bwd.className) !== null) add(bwd, `${path}/backward_layer`, 'backward', l.name);
    }
  }
  return { format: 'keras3', tensors, layers: out };
}

/** Reads a Keras 2 (tf.keras) `.h5` model file. */
export function readKeras2(bytes: Uint8Array, what: string): ModelFile {
  const h5 = openHdf5(bytes, what);
  const rootAttrs = h5.attrs('');
  const mc = rootAttrs.model_config;
  if (typeof mc !== 'string') {
    const weightsOnly = Array.isArray(rootAttrs.layer_names);
    throw new FormatError(
      weightsOnly
        ? `${what} holds weights only (model.save_weights), without the model config that says each layer's class; save the whole model with model.save('m.h5') or model.save('m.keras').`
        : `${what} is an HDF5 file without a Keras model_config attribute; it is not a Keras model file.`,
    );
  }
  const layers = kerasConfigLayers(parseJson(mc, `${what}: model_config`), `${what}: model_config`);
  const tensors: NamedTensor[] = [];
  const out: RecurrentLayer[] = [];
  const weightsOf = (layer: string): { names: string[]; arrays: NamedTensor[] } => {
    const group = `model_weights/${layer}`;
    const wn = h5.attrs(group).weight_names;
    const names = Array.isArray(wn) ? wn.filter((x): x is string => typeof x === 'string') : [];
    const arrays = names.map((n) => {
      const path = `${group}/${n}`;
      if (!h5.isDataset(path))
        throw new FormatError(`${what}: weight '${n}' of layer '${layer}' is listed but missing at ${path}.`);
      return { name: `${layer}/${n}`, array: h5.array(path) };
    });
    return { names, arrays };
  };
  const role = (n: string) => (n.split('/').pop() ?? '').replace(/:\d+$/, '');
  for (const l of layers) {
    if (l.className === 'InputLayer') continue;
    const { names, arrays } = weightsOf(l.name);
    for (const a of arrays) tensors.push(a);
    const add = (inner: KerasLayerConfig, idx: number[], direction: 'forward' | 'backward') => {
      const cell = kerasCell(inner.className);
      if (cell === null) return; // not a recurrent layer (the callers check first)
      const units = kerasUnits(inner, `${what}: model_config`);
      const pick = (r: string) => idx.map((i) => arrays[i]).find((_, j) => role(names[idx[j]!]!) === r);
      const kernel = pick('kernel');
      const recurrent = pick('recurrent_kernel');
      checkKerasKernels(l.name, cell, units, kernel, recurrent, what);
      out.push(
        kerasLayer(
          'keras',
          l.name,
          inner.className,
          cell,
          units,
          direction,
          kernel,
          recurrent,
          `Keras 2 model_config: ${inner.className}(units=${units}); weights by name (kernel, recurrent_kernel)`,
        ),
      );
    };
    const all = names.map((_, i) => i);
    if (kerasCell(l.className) !== null) add(l, all, 'forward');
    else if (l.className === 'Bidirectional') {
      const { fwd, bwd } = bidirectionalParts(l, `${what}: model_config`);
      // Bidirectional.weights is forward_layer.weights + backward_layer.weights; names say which when they can.
      const isBack = (i: number) => /(^|\/)backward_/.test(names[i]!);
      const back = all.filter(isBack);
      const front = all.filter((i) => !isBack(i));
      const half = names.length / 2;
      const [f, b] = back.length > 0 ? [front, back] : [all.slice(0, half), all.slice(half)];
      if (kerasCell(fwd.className) !== null) add(fwd, f, 'forward');
      if (kerasCell(bwd.className) !== null) add(bwd, b, 'backward');
    }
  }
  return { format: 'keras2', tensors, layers: out };
}
