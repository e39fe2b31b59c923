/**
 * Worker entry: binds the handler to the worker's message port. web/ is type-checked with the
 * DOM lib (DOM and WebWorker libs clash), where `self` is a Window; here it is the worker's
 * global scope, whose `onmessage` and `postMessage(message, {transfer})` have the same shape.
 */

import { startExplorerGemmThreads } from './gemmThreads.js';
import { createHandler } from './handler.js';
import type { SimRequest, SimResponse } from './protocol.js';

// gemm on every core when the page is cross-origin isolated (helpers start in the background).
startExplorerGemmThreads();
const post = (msg: SimResponse, transfer?: Transferable[]) => self.postMessage(msg, { transfer: transfer ?? [] });
const handle = createHandler(post);
self.onmessage = (e: MessageEvent<SimRequest>) => {
  void handle(e.data);
};
