// Worker entry of the CLI when it runs from its TypeScript sources under tsx (npm run ortholab,
// the tests): tsx's hooks are active once a worker's entry file runs, but not yet for eval code,
// so the TypeScript runner is required from this file. The built CLI imports runner.js directly.
require(require('node:worker_threads').workerData.runnerPath);
