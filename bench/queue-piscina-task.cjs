// The queue worker's task module (src/cli/sweep/worker.ts) for a piscina pool in
// bench/queue.bench.ts --part threads: piscina's thread cannot import a .ts file as an ES module
// here, so it requires it through tsx's CommonJS hook (active in worker threads under tsx).
module.exports = require('../src/cli/sweep/worker.ts');
