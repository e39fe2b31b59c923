/**
 * The worker's message handler, written against a `post` function so it runs (and is tested)
 * outside a Worker too. Jobs are cooperative: between frames a job yields to the event loop
 * (so cancel messages get read) and posts what it has when ~40 ms of work or 8 MB of frames
 * have accumulated, so the page can draw early frames while later ones are computed.
 */

import {
  type Matrix,
  OrtholabError,
  type TrainEvent,
  scaledPower,
  stridedPowerFrames,
  train,
} from '../../src/core/index.js';
import { lutFor, rasterize } from '../../src/core/viz/colormap.js';
import { buildMatrix, eigenvalues, frameStride, powerFrames } from './compute.js';
import { gateProbe } from './gateprobe.js';
import type {
  FrameRequest,
  GateProbeRequest,
  PowersRequest,
  RasterRequest,
  SimRequest,
  SimResponse,
  ThroughTimeRequest,
  TrainRequest,
} from './protocol.js';
import { throughTime } from './throughtime.js';
import { computeStride } from './strided.js';

export type Post = (msg: SimResponse, transfer?: Transferable[]) => void;

const CHUNK_MS = 40;
const CHUNK_BYTES = 8 << 20;
/**
 * Frames of matrices larger than this stay in the worker, which also colours them (the page
 * would otherwise copy, store and rasterize up to 100 MB on its own thread).
 */
export const REMOTE_N = 64;

/** Resolves on the next macrotask (MessageChannel: no 4 ms timer clamping). */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      resolve();
    };
    ch.port2.postMessage(0);
  });
}

export function createHandler(post: Post, now: () => number = () => performance.now()) {
  const cancelled = new Set<number>();
  /** Frames kept for the page's raster requests, by powers job id (remote jobs only). */
  const kept = new Map<number, { n: number; frames: Float32Array[]; exp10: number[] }>();

  async function powers(req: PowersRequest): Promise<void> {
    const t0 = now();
    let W: Matrix;
    try {
      W = buildMatrix(req.source);
    } catch (e) {
      fail(req.id, e);
      return;
    }
    const n = W.rows;
    // A linear figure computes only the frames it shows (W^{ks} by strided products); a
    // non-linear one must take every step, and keeps every stride-th frame within the budget.
    const linear = req.activation === 'linear';
    const memoryStride = frameStride(n, req.steps, req.budgetBytes);
    const stride = linear ? Math.max(memoryStride, computeStride(n, req.steps)) : memoryStride;
    const normStride = linear ? stride : 1;
    const frameCount = Math.floor(req.steps / stride) + 1;
    const remote = n > REMOTE_N;
    const store: { n: number; frames: Float32Array[]; exp10: number[] } = { n, frames: [], exp10: [] };
    if (remote) kept.set(req.id, store);
    post({
      type: 'powers-start',
      id: req.id,
      n,
      W: W.data.slice(),
      steps: req.steps,
      stride,
      frameCount,
      normStride,
      remote,
    });
    const nn = n * n;
    const maxPerChunk = Math.max(1, Math.floor(CHUNK_BYTES / (4 * nn)));
    let frames: Float32Array[] = [];
    let exps: number[] = [];
    let norms: number[] = [];
    let firstFrame = 0;
    let firstStep = 0;
    let storedSoFar = 0;
    let lastPost = now();
    const flush = (): void => {
      if (norms.length === 0) return;
      const buf = new Float32Array(frames.length * nn);
      frames.forEach((f, i) => {
        buf.set(f, i * nn);
      });
      const exp10 = Float64Array.from(exps);
      const log10Norms = Float64Array.from(norms);
      // Posted by copy, not transfer: detaching any ArrayBuffer in a thread invalidates a V8
      // protector and makes every typed-array read in the worker ~18% slower afterwards
      // (docs/decisions/0004-linalg-by-hand.md). The copy costs far less than that.
      post({ type: 'powers-chunk', id: req.id, firstFrame, frames: buf, exp10, firstStep, log10Norms });
      firstFrame = storedSoFar;
      firstStep += norms.length * normStride;
      frames = [];
      exps = [];
      norms = [];
      lastPost = now();
    };
    try {
      const source = linear ? stridedPowerFrames(W, req.steps, stride) : powerFrames(W, req.steps, req.activation);
      for (const f of source) {
        norms.push(f.log10Norm);
        if (f.step % stride === 0) {
          const frame = Float32Array.from(f.mantissa);
          if (remote) {
            store.frames.push(frame);
            store.exp10.push(f.exp10);
          } else frames.push(frame);
          exps.push(f.exp10);
          storedSoFar++;
        }
        if (now() - lastPost > CHUNK_MS || frames.length >= maxPerChunk) {
          flush();
          await yieldToEventLoop();
          if (cancelled.has(req.id)) {
            cancelled.delete(req.id);
            // The frames computed so far stay (the page keeps showing them) until 'release'.
            post({ type: 'cancelled', id: req.id });
            return;
          }
        }
      }
      flush();
      // Frames first (the page can play them), then the spectrum for captions and badges.
      post({ type: 'spectrum', id: req.id, eig: eigenvalues(W) });
      cancelled.delete(req.id);
      post({ type: 'done', id: req.id, ms: now() - t0 });
    } catch (e) {
      fail(req.id, e);
    }
  }

  /** Colours one kept frame (the page shows it as is). */
  function raster(req: RasterRequest): void {
    const job = kept.get(req.job);
    const values = job?.frames[req.frame];
    if (!job || !values) {
      post({ type: 'error', id: req.id, code: 'Gone', message: 'That frame is not (or no longer) computed.' });
      return;
    }
    const rgba = new Uint8ClampedArray(values.length * 4);
    const exp10 = job.exp10[req.frame]!;
    const stats = rasterize(values, exp10, req.norm, lutFor(req.palette), rgba);
    // Copied, not transferred (see flush above).
    post({ type: 'raster', id: req.id, rows: job.n, cols: job.n, rgba, mantissa: values.slice(), exp10, stats });
  }

  async function frame(req: FrameRequest): Promise<void> {
    try {
      const W = buildMatrix(req.source);
      if (req.activation === 'linear') {
        // W^t by binary powering: O(log t) products instead of t.
        const p = scaledPower(W, req.step);
        post({ type: 'frame', id: req.id, n: W.rows, mantissa: p.mantissa.data, exp10: p.exp10 });
        return;
      }
      let k = 0;
      for (const f of powerFrames(W, req.step, req.activation)) {
        if (f.step === req.step) {
          const mantissa = f.mantissa.slice();
          post({ type: 'frame', id: req.id, n: W.rows, mantissa, exp10: f.exp10 });
          return;
        }
        if (++k % 8 === 0) {
          await yieldToEventLoop();
          if (cancelled.delete(req.id)) {
            post({ type: 'cancelled', id: req.id });
            return;
          }
        }
      }
    } catch (e) {
      fail(req.id, e);
    }
  }

  /**
   * Advances every run by one event in turn (so the loss curves grow together), posting the
   * events every ~40 ms; checkpoint events are dropped (the page does not resume runs).
   */
  async function trainRuns(req: TrainRequest): Promise<void> {
    const t0 = now();
    let runs: Generator<TrainEvent, void, undefined>[];
    try {
      runs = req.configs.map((c) => train(c));
    } catch (e) {
      fail(req.id, e);
      return;
    }
    const live = runs.map(() => true);
    let batch: { run: number; event: TrainEvent }[] = [];
    let lastPost = now();
    try {
      while (live.some(Boolean)) {
        for (let r = 0; r < runs.length; r++) {
          if (!live[r]) continue;
          const next = runs[r]!.next();
          if (next.done) live[r] = false;
          else if (next.value.type !== 'checkpoint') batch.push({ run: r, event: next.value });
        }
        if (now() - lastPost > CHUNK_MS) {
          post({ type: 'train-events', id: req.id, events: batch });
          batch = [];
          lastPost = now();
          await yieldToEventLoop();
          if (cancelled.delete(req.id)) {
            post({ type: 'cancelled', id: req.id });
            return;
          }
        }
      }
      if (batch.length) post({ type: 'train-events', id: req.id, events: batch });
      cancelled.delete(req.id);
      post({ type: 'done', id: req.id, ms: now() - t0 });
    } catch (e) {
      fail(req.id, e);
    }
  }

  /** Section 5's vanilla gradient figure: one forward and backward pass per matrix. */
  function throughTimeRuns(req: ThroughTimeRequest): void {
    try {
      const runs = req.runs.map((r) => {
        const W = buildMatrix(r.source);
        for (let k = 0; k < W.data.length; k++) W.data[k] = W.data[k]! * r.gain;
        return throughTime(r.label, W, req.options);
      });
      post({ type: 'through-time', id: req.id, runs });
    } catch (e) {
      fail(req.id, e);
    }
  }

  /** Section 5's gated gradient figure: the probe at initialization, one per config. */
  function gateProbes(req: GateProbeRequest): void {
    try {
      post({ type: 'gate-probe', id: req.id, runs: req.configs.map((c) => gateProbe(c)) });
    } catch (e) {
      fail(req.id, e);
    }
  }

  function fail(id: number, e: unknown): void {
    const code = e instanceof OrtholabError ? e.code : e instanceof Error ? e.name : 'Error';
    post({ type: 'error', id, code, message: e instanceof Error ? e.message : String(e) });
  }

  return (req: SimRequest): Promise<void> => {
    switch (req.type) {
      case 'cancel':
        cancelled.add(req.id);
        return Promise.resolve();
      case 'release':
        kept.delete(req.id);
        return Promise.resolve();
      case 'raster':
        raster(req);
        return Promise.resolve();
      case 'powers':
        return powers(req);
      case 'frame':
        return frame(req);
      case 'train':
        return trainRuns(req);
      case 'through-time':
        throughTimeRuns(req);
        return Promise.resolve();
      case 'gate-probe':
        gateProbes(req);
        return Promise.resolve();
    }
  };
}
