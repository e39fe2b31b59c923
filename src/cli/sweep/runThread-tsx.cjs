// Entry of a queue-run thread when ortholab runs from its TypeScript sources (tsx, Vitest):
// registers tsx's CommonJS hook in this thread, then requires runThread.ts (as runner-tsx.cjs
// and gemmWorker-tsx.cjs do). The built package starts runThread.js directly.
const { workerData } = require('node:worker_threads');
require('tsx/cjs/api').register();
require(workerData.entry);
