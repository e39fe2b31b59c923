/**
 * ortholab core API: pure TypeScript (no DOM, no Node). Every number the CLI and the
 * explorer show is computed here.
 */
export * from './errors.js';
export * from './params.js';
export * from './guards.js';
export * from './random/index.js';
export * from './linalg/index.js';
export * from './init/index.js';
export * from './dynamics/index.js';
export * from './io/index.js';
export * from './rnn/index.js';
export * from './viz/index.js';
export * from './report/index.js';
