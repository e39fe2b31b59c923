// Entry of a gemm helper thread when ortholab runs from its TypeScript sources (tsx, Vitest):
// registers tsx's CommonJS hook in this thread (Vitest has none), then requires gemmWorker.ts.
// The built package starts gemmWorker.js directly.
const { workerData } = require('node:worker_threads');
require('tsx/cjs/api').register();
require(workerData.entry);
