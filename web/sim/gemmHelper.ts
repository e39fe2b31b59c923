/** Entry of one gemm helper Web Worker (gemmThreads.ts): runs core's helper loop until terminated. */

import { type GemmHelperInit, runGemmHelper } from '../../src/core/linalg/gemmThreads.js';

// web/ is type-checked with the DOM lib, where `self` is a Window; here it is the worker's scope.
self.onmessage = (e: MessageEvent<GemmHelperInit>) => {
  self.onmessage = null;
  runGemmHelper(e.data);
};
