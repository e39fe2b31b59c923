/**
 * Child process for bench/init.bench.ts: times TF.js' own orthogonal initializer on one backend
 * and shape. Run in a separate process so a run that takes minutes can be killed at the time
 * limit (TF.js' kernels are synchronous and cannot be interrupted in-process).
 * Usage: tsx bench/tfjs-orthogonal-child.ts <cpu|wasm> <rows> <cols> <repeats>
 * Prints one JSON line: {"backend", "shape", "seconds": [..]}.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

const [backend, rows, cols, repeats] = process.argv.slice(2);
if (backend === undefined) throw new Error('usage: tfjs-orthogonal-child.ts BACKEND ROWS COLS REPEATS');
const shape = [Number(rows), Number(cols)];
await tf.setBackend(backend);
await tf.ready();
const warn = console.warn;
console.warn = () => {}; // TF.js warns "slowness may result" above 2000 elements; we know.
// Warm up kernels on a small shape.
tf.initializers.orthogonal({ seed: 1 }).apply([8, 8]).dispose();
const seconds: number[] = [];
for (let r = 0; r < Number(repeats); r++) {
  const t0 = performance.now();
  const t = tf.initializers.orthogonal({ seed: r + 1 }).apply(shape);
  await t.data();
  seconds.push((performance.now() - t0) / 1000);
  t.dispose();
}
console.warn = warn;
console.log(JSON.stringify({ backend: tf.getBackend(), shape, seconds }));
