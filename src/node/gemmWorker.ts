/** Entry of one gemm helper thread (see gemmThreads.ts): runs core's helper loop until stopped. */

import { workerData } from 'node:worker_threads';
import { OrtholabError } from '../core/errors.js';
import { isRecord } from '../core/guards.js';
import { runGemmHelper } from '../core/linalg/gemmThreads.js';
import type { GemmWorkerData } from './gemmThreads.js';

/** The helper's workerData, checked (it is structured-cloned from startNodeGemmThreads). */
function parseGemmWorkerData(data: unknown): GemmWorkerData {
  if (isRecord(data) && typeof data.entry === 'string' && isRecord(data.init)) {
    const { memory, index, pages } = data.init;
    if (typeof index === 'number' && typeof pages === 'number')
      return { entry: data.entry, init: { memory, index, pages } };
  }
  throw new OrtholabError('gemmWorker: workerData is not the GemmWorkerData gemmThreads.ts sends');
}

runGemmHelper(parseGemmWorkerData(workerData).init);
