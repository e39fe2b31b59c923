/** Entry of one gemm helper Web Worker (gemmThreads.ts): runs core's helper loop until terminated. */

import { type GemmHelperInit, runGemmHelper } from '../../src/core/linalg/gemmThreads.js';

interface HelperScope {
  onmessage: ((e: MessageEvent<GemmHelperInit>) => void) | null;
}

const scope = self as unknown as HelperScope;
scope.onmessage = (e) => {
  scope.onmessage = null;
  runGemmHelper(e.data);
};
