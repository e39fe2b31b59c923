/** Entry of one gemm helper thread (see gemmThreads.ts): runs core's helper loop until stopped. */

import { workerData } from 'node:worker_threads';
import { runGemmHelper } from '../core/linalg/gemmThreads.js';
import type { GemmWorkerData } from './gemmThreads.js';

runGemmHelper((workerData as GemmWorkerData).init);
