// The part of the WebAssembly JavaScript API that core's kernels use, found and checked at run time.
//
// Core is compiled without the DOM and Node type libraries (tsconfig.core.json), so the global
// `WebAssembly` has no type here. Instead of one unchecked cast per kernel module, this file
// describes the few constructors core calls, reads the global once, and checks its shape; an
// instance's exports are read through checks of their kind and arity (a WebAssembly function's
// `length` is its parameter count), so a kernel built with the wrong signature fails loudly
// where it is loaded rather than computing with the wrong arguments.

/** A memory: its buffer is an ArrayBuffer, or a SharedArrayBuffer for a shared memory. */
export interface WasmMemory {
  readonly buffer: ArrayBufferLike;
}

/** An instance; its exports are checked where they are read (`exportedFunction`, `exportedMemory`). */
export interface WasmInstance {
  readonly exports: object;
}

/** The constructors and `validate` of the global `WebAssembly` object. */
export interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => WasmInstance;
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
}

/** An exported WebAssembly function of numeric (i32, f64) parameters and at most one result (undefined for none). */
export type WasmFunction = (...args: number[]) => number | undefined;

function isWasmApi(x: unknown): x is WasmApi {
  return (
    typeof x === 'object' &&
    x !== null &&
    'validate' in x &&
    typeof x.validate === 'function' &&
    'Module' in x &&
    typeof x.Module === 'function' &&
    'Instance' in x &&
    typeof x.Instance === 'function' &&
    'Memory' in x &&
    typeof x.Memory === 'function'
  );
}

/** The engine's WebAssembly API, or undefined where there is none (the kernels then use JavaScript). */
export function wasmApi(): WasmApi | undefined {
  const api: unknown = Reflect.get(globalThis, 'WebAssembly');
  return isWasmApi(api) ? api : undefined;
}

function isWasmFunction(x: unknown, params: number): x is WasmFunction {
  return typeof x === 'function' && x.length === params;
}

/**
 * The exported function `name` of an instance, checked to be a function of `params` parameters.
 * Core's modules are built by core (wasmBinary.ts), so a mismatch is a bug in core: it throws.
 */
export function exportedFunction(instance: WasmInstance, name: string, params: number): WasmFunction {
  const f: unknown = Reflect.get(instance.exports, name);
  if (!isWasmFunction(f, params))
    throw new TypeError(`WebAssembly export ${name} is not a function of ${params} parameters`);
  return f;
}

function isWasmMemory(m: unknown): m is WasmMemory {
  return (
    typeof m === 'object' &&
    m !== null &&
    'buffer' in m &&
    (m.buffer instanceof ArrayBuffer ||
      (typeof SharedArrayBuffer !== 'undefined' && m.buffer instanceof SharedArrayBuffer))
  );
}

/** The exported memory `name` (default 'memory') of an instance, checked to have a buffer. */
export function exportedMemory(instance: WasmInstance, name = 'memory'): WasmMemory {
  const m: unknown = Reflect.get(instance.exports, name);
  if (!isWasmMemory(m)) throw new TypeError(`WebAssembly export ${name} is not a memory`);
  return m;
}
