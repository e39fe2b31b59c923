/**
 * Node's entry of `ortholab/tfjs` (package.json `exports`, condition "node"): the adapter of
 * ./index.ts, loaded so that a missing peer dependency is one clear error instead of Node's
 * "Cannot find package '@tensorflow/tfjs-core' imported from ...". Bundlers take ./index.ts
 * directly (they report a missing package at build time). The exports are the same.
 */

import type * as Adapter from './index.js';
import { errorMessage } from '../core/guards.js';

/** Importing `ortholab/tfjs` without TensorFlow.js installed. */
export class MissingPeerDependencyError extends Error {
  constructor(missing: string, options: { cause: unknown }) {
    super(
      `ortholab/tfjs needs TensorFlow.js, an optional peer dependency that is not installed (${missing} was not found). ` +
        "Install it beside ortholab: 'npm install @tensorflow/tfjs' (or '@tensorflow/tfjs-core @tensorflow/tfjs-layers').",
      options,
    );
    this.name = 'MissingPeerDependencyError';
  }
}

let adapter: typeof Adapter;
try {
  adapter = await import('./index.js');
} catch (e) {
  const code = typeof e === 'object' && e !== null && 'code' in e ? e.code : undefined;
  // Node names the missing package only in the message; the code says it is a missing module.
  const missing = /Cannot find (?:package|module) '(@tensorflow\/[^'/]+)/.exec(errorMessage(e))?.[1];
  if (code === 'ERR_MODULE_NOT_FOUND' && missing !== undefined) {
    throw new MissingPeerDependencyError(missing, { cause: e });
  }
  throw e;
}

export type TfInitializer = Adapter.TfInitializer;
export type OrtholabTfInitializer = Adapter.OrtholabTfInitializer;
export const OrtholabTfInitializer: typeof Adapter.OrtholabTfInitializer = adapter.OrtholabTfInitializer;
export const TF_INITIALIZER_CLASSES: typeof Adapter.TF_INITIALIZER_CLASSES = adapter.TF_INITIALIZER_CLASSES;
export const tfInitializer: typeof Adapter.tfInitializer = adapter.tfInitializer;
