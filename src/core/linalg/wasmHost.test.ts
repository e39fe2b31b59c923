import { describe, expect, it } from 'vitest';
import { I32, encodeModule } from './wasmBinary.js';
import { exportedFunction, exportedMemory, wasmApi } from './wasmHost.js';

// A module of one exported function f(i32, i32) with an empty body, and its memory.
const bytes = encodeModule(1, [{ name: 'f', params: [I32, I32], locals: [], body: [] }]);

describe('wasmHost', () => {
  it('finds the engine API and reads checked exports', () => {
    const api = wasmApi();
    if (api === undefined) throw new Error('Node has WebAssembly');
    expect(api.validate(bytes)).toBe(true);
    const inst = new api.Instance(new api.Module(bytes), {});
    expect(exportedFunction(inst, 'f', 2)(1, 2)).toBeUndefined();
    expect(exportedMemory(inst).buffer.byteLength).toBe(65536);
  });

  it('refuses an export of the wrong kind or arity, naming it', () => {
    const api = wasmApi();
    if (api === undefined) throw new Error('Node has WebAssembly');
    const inst = new api.Instance(new api.Module(bytes), {});
    expect(() => exportedFunction(inst, 'f', 3)).toThrow('WebAssembly export f is not a function of 3 parameters');
    expect(() => exportedFunction(inst, 'g', 0)).toThrow('export g');
    expect(() => exportedFunction(inst, 'memory', 0)).toThrow('export memory');
    expect(() => exportedMemory(inst, 'f')).toThrow('WebAssembly export f is not a memory');
  });

  it('is undefined where the global is missing or not the API', () => {
    const saved = Reflect.get(globalThis, 'WebAssembly');
    try {
      Reflect.set(globalThis, 'WebAssembly', { validate: () => true });
      expect(wasmApi()).toBeUndefined();
      Reflect.deleteProperty(globalThis, 'WebAssembly');
      expect(wasmApi()).toBeUndefined();
    } finally {
      Reflect.set(globalThis, 'WebAssembly', saved);
    }
  });
});
