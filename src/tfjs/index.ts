/**
 * TensorFlow.js adapter: every ortholab initializer as a TF.js `Initializer`, registered for
 * serialization, usable wherever TF.js layers take one (`kernelInitializer`,
 * `recurrentInitializer` of `tf.layers.simpleRNN`, `lstm`, `gru`, `dense`, ...).
 *
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { tfInitializer } from 'ortholab/tfjs';
 * tf.layers.lstm({ units: 512, recurrentInitializer: tfInitializer({ name: 'orthogonal', gates: 4, seed: 1 }) });
 * ```
 *
 * Values are computed in float64 by ortholab (orthogonal: blocked Householder QR, far faster
 * than TF.js' per-column tensor QR; see bench/RESULTS.md) and handed to TF.js as one tensor.
 * With a `seed` in the config, every `apply` returns core's `draw(config, shape)` (the registry's
 * seeding rule), the same values as `ortholab init`, the explorer and training's W_hh for that
 * spec, seed and shape, rounded to float32 (Keras 3 semantics: every call repeats them); without
 * one, each instance draws from its own generator seeded from `crypto.getRandomValues`, so
 * successive calls differ, like TF.js' unseeded initializers.
 *
 * TF.js is a peer dependency: `@tensorflow/tfjs` (or `@tensorflow/tfjs-core` + `@tensorflow/tfjs-layers`).
 */

import { type DataType, type Tensor, serialization, tensor } from '@tensorflow/tfjs-core';
import { initializers } from '@tensorflow/tfjs-layers';
import {
  ConfigError,
  type InitConfigInput,
  type InitName,
  type Initializer,
  type Rng,
  createRng,
  draw,
  getInitializer,
  listInitializers,
} from '../core/index.js';
import { isOneOf } from '../core/guards.js';

/** TF.js' Initializer type (its class is not exported from the package root). */
export type TfInitializer = ReturnType<typeof initializers.ones>;

// The base class is taken from a live TF.js initializer so that `instanceof Initializer` holds
// inside the very tfjs-layers instance the application uses (a deep import could load a second
// copy of the module and fail that check).
const TfInitializerBase = Object.getPrototypeOf(initializers.zeros().constructor) as abstract new () => TfInitializer;

function randomSeed(): number {
  // Missing only on old runtimes (Node < 19 without a global crypto).
  const c: typeof globalThis.crypto | undefined = globalThis.crypto;
  if (!c) throw new ConfigError('No seed was given and crypto.getRandomValues is unavailable: pass a seed.');
  const w = c.getRandomValues(new Uint32Array(2));
  return (w[0]! & 0x1fffff) * 4294967296 + w[1]!;
}

const DTYPES = ['float32', 'int32'] as const;

/** Base of the generated classes: one subclass per ortholab initializer name. */
export abstract class OrtholabTfInitializer extends TfInitializerBase {
  /** The ortholab initializer behind this TF.js one. */
  readonly ortholab: Initializer;
  private rng: Rng | undefined;

  protected constructor(name: InitName, args: Record<string, unknown>) {
    super();
    this.ortholab = getInitializer({ ...args, name });
  }

  /** TF.js deserialization entry point: rebuilds an instance from `getConfig()`. */
  static fromConfig<T extends serialization.Serializable>(
    cls: serialization.SerializableConstructor<T>,
    config: serialization.ConfigDict,
  ): T {
    // TF.js' deserializer adds its `customObjects` map to the nested config; it is not ours.
    const { customObjects: _ignored, ...args } = config;
    return new cls(args);
  }

  override apply(shape: number[], dtype: DataType = 'float32'): Tensor {
    if (!isOneOf(DTYPES, dtype)) {
      throw new ConfigError(`ortholab/${this.ortholab.name}: dtype '${dtype}' is not supported; use float32.`);
    }
    let values: Float64Array;
    if (!this.ortholab.random || this.ortholab.seed !== undefined) values = draw(this.ortholab, shape);
    else {
      this.rng ??= createRng(randomSeed());
      values = this.ortholab.values(shape, this.rng);
    }
    return tensor(dtype === 'float32' ? Float32Array.from(values) : Int32Array.from(values), shape, dtype);
  }

  override getConfig(): serialization.ConfigDict {
    const { name: _name, ...rest } = this.ortholab.config;
    return rest;
  }
}

/** A generated TF.js initializer class: `new cls(args)`, with the `className` TF.js serializes it under. */
export type TfInitClass = (new (args?: Record<string, unknown>) => OrtholabTfInitializer) & { className: string };

function pascal(name: string): string {
  return name[0]!.toUpperCase() + name.slice(1);
}

/** TF.js class per ortholab initializer, registered as 'Ortholab' + PascalName (e.g. 'OrtholabOrthogonal'). */
export const TF_INITIALIZER_CLASSES: Readonly<Record<InitName, TfInitClass>> = (() => {
  const out = {} as Record<InitName, TfInitClass>;
  for (const { name } of listInitializers()) {
    const cls = class extends OrtholabTfInitializer {
      static className = `Ortholab${pascal(name)}`;
      constructor(args: Record<string, unknown> = {}) {
        super(name, args);
      }
    };
    serialization.registerClass(cls);
    out[name] = cls;
  }
  return out;
})();

/** A TF.js initializer for an ortholab config (or name; Keras snake_case accepted). */
export function tfInitializer(config: InitConfigInput | string): OrtholabTfInitializer {
  const init = getInitializer(config);
  const { name, ...args } = init.config;
  return new TF_INITIALIZER_CLASSES[init.name](args);
}
