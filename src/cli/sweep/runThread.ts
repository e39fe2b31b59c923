/**
 * Entry of one queue-run thread (runThreads.ts): runs the tasks its main thread posts, one at a
 * time, with the functions of worker.ts (the same ones the local pool runs), and posts back
 * each result or error.
 */

import { parentPort } from 'node:worker_threads';
import type { RunThreadReply, RunThreadRequest } from './runThreads.js';
import { compareTask, queueRunTask, warmUp } from './worker.js';

async function handle(request: RunThreadRequest): Promise<RunThreadReply<unknown>> {
  try {
    switch (request.name) {
      case 'queueRunTask':
        return { ok: true, result: await queueRunTask(request.task) };
      case 'compareTask':
        return { ok: true, result: compareTask(request.task) };
      case 'warmUp':
        return { ok: true, result: warmUp() };
    }
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e : new Error(String(e)) };
  }
}

const port = parentPort;
if (port !== null) {
  port.on('message', (request: RunThreadRequest) => {
    void handle(request).then((reply) => port.postMessage(reply));
  });
}
