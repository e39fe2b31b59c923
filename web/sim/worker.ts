/**
 * Worker entry: binds the handler to the worker's message port. Typed through a minimal local
 * interface because web/ is type-checked with the DOM lib (DOM and WebWorker libs clash).
 */

import { startExplorerGemmThreads } from './gemmThreads.js';
import { createHandler } from './handler.js';
import type { SimRequest, SimResponse } from './protocol.js';

interface WorkerScope {
  postMessage(msg: SimResponse, transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent<SimRequest>) => void) | null;
}

const scope = self as unknown as WorkerScope;
// gemm on every core when the page is cross-origin isolated (helpers start in the background).
startExplorerGemmThreads();
const handle = createHandler((msg, transfer) => scope.postMessage(msg, transfer ?? []));
scope.onmessage = (e) => {
  void handle(e.data);
};
