/**
 * The page side of the simulation worker: starts jobs, collects streamed frames into one
 * buffer, and cancels. A `PowersJob` is readable while it runs (`framesReady` grows), so an
 * animation can start on the first frames.
 */

import { LocalizedCancel } from '../i18n/index.js';
import type { HeatFrame } from '../views/heatmap.js';
import type { Activation, MatrixSource, Spectrum } from './compute.js';
import { CancelledError, type TrainConfigInput, type TrainEvent } from '../../src/core/index.js';
import { SimError } from './errors.js';
import type { ColorNorm, PaletteName } from '../../src/core/viz/colormap.js';
import type { GateProbe } from './gateprobe.js';
import type {
  FrameResult,
  PowersChunk,
  PowersStart,
  RasterResult,
  SimRequest,
  SimResponse,
  ThroughTimeRequest,
} from './protocol.js';
import type { ThroughTimeSeries } from './throughtime.js';

/** Asks the worker to colour stored frame `frame` of job `job`. */
export type RasterFetch = (job: number, frame: number, norm: ColorNorm, palette: PaletteName) => Promise<RasterResult>;

/** Rasters kept per job (the current frame, the next ones while playing, a few recent). */
const RASTER_CACHE = 6;

/** Something that speaks the protocol: a Worker, or an in-page stand-in in tests. */
export interface SimPort {
  postMessage(msg: SimRequest): void;
  addEventListener(type: 'message', fn: (e: MessageEvent<SimResponse>) => void): void;
}

export type JobStatus = 'starting' | 'running' | 'done' | 'cancelled' | 'error';

/** Default memory for stored frames per job (float32): 192 MB. */
export const FRAME_BUDGET = 192 << 20;

export class PowersJob {
  status: JobStatus = 'starting';
  n = 0;
  steps = 0;
  stride = 1;
  frameCount = 0;
  W: Float64Array = new Float64Array(0);
  eig: Spectrum | null = null;
  frames: Float32Array = new Float32Array(0);
  exp10: Float64Array = new Float64Array(0);
  log10Norms: Float64Array = new Float64Array(0);
  framesReady = 0;
  stepsReady = 0;
  /** Norms exist every `normStride` steps (the Lab computes only the frames it shows). */
  normStride = 1;
  /** Frames stay in the worker; `rasterAt` fetches coloured frames. */
  remote = false;
  private readonly rasters = new Map<string, RasterResult | 'pending'>();
  ms = 0;
  error: { code: string; message: string } | null = null;
  readonly done: Promise<PowersJob>;
  private settle!: (job: PowersJob) => void;

  constructor(
    readonly id: number,
    private readonly onCancel: (id: number) => void,
    private readonly onUpdate: (job: PowersJob) => void,
    private readonly fetchRaster: RasterFetch | null = null,
    private readonly onRelease: (id: number) => void = () => {},
  ) {
    this.done = new Promise((resolve) => {
      this.settle = resolve;
    });
  }

  /** The stored frame nearest at or below `step` (null before it has been computed). */
  frameAt(step: number): (HeatFrame & { step: number }) | null {
    const k = Math.min(Math.floor(step / this.stride), this.framesReady - 1);
    if (k < 0 || this.remote) return null;
    const nn = this.n * this.n;
    return {
      rows: this.n,
      cols: this.n,
      values: this.frames.subarray(k * nn, (k + 1) * nn),
      exp10: this.exp10[k]!,
      step: k * this.stride,
    };
  }

  /** The last step that has a norm and a frame once the job is complete. */
  get lastStep(): number {
    return Math.floor(this.steps / this.normStride) * this.normStride;
  }

  /** Steps that have norms so far, with their log10 norms (for charts and exports). */
  normPoints(): { xs: Float64Array; values: Float64Array } {
    if (this.normStride === 1) {
      const values = this.log10Norms.subarray(0, this.stepsReady);
      return { xs: Float64Array.from(values, (_v, i) => i), values };
    }
    const count = this.stepsReady > 0 ? Math.floor((this.stepsReady - 1) / this.normStride) + 1 : 0;
    const xs = Float64Array.from({ length: count }, (_v, k) => k * this.normStride);
    return { xs, values: Float64Array.from(xs, (x) => this.log10Norms[x]!) };
  }

  /**
   * The coloured frame at or below `step` for a remote job: from the cache, or null after
   * asking the worker (the job's update callback runs when it arrives).
   */
  rasterAt(step: number, norm: ColorNorm, palette: PaletteName): (RasterResult & { step: number }) | null {
    const k = Math.min(Math.floor(step / this.stride), this.framesReady - 1);
    if (k < 0 || !this.fetchRaster) return null;
    const key = `${k}|${norm.kind}|${norm.limit}|${norm.linthresh}|${palette}`;
    const hit = this.rasters.get(key);
    if (hit && hit !== 'pending') {
      // Most recently used last, so the oldest is evicted first.
      this.rasters.delete(key);
      this.rasters.set(key, hit);
      return { ...hit, step: k * this.stride };
    }
    if (!hit) {
      this.rasters.set(key, 'pending');
      this.fetchRaster(this.id, k, norm, palette).then(
        (r) => {
          if (this.rasters.get(key) !== 'pending') return;
          this.rasters.set(key, r);
          for (const oldest of this.rasters.keys()) {
            if (this.rasters.size <= RASTER_CACHE) break;
            this.rasters.delete(oldest); // Map keys iterate oldest first
          }
          this.onUpdate(this);
        },
        () => this.rasters.delete(key),
      );
    }
    return null;
  }

  /** Frees the frames the worker keeps for this job (after a newer job replaced it). */
  release(): void {
    this.cancel();
    this.rasters.clear();
    if (this.remote) this.onRelease(this.id);
  }

  cancel(): void {
    if (this.status === 'starting' || this.status === 'running') {
      this.onCancel(this.id);
      this.status = 'cancelled';
      this.settle(this);
    }
  }

  /** @internal */
  receive(msg: SimResponse): void {
    if (this.status === 'cancelled') return;
    switch (msg.type) {
      case 'powers-start':
        this.start(msg);
        break;
      case 'powers-chunk':
        this.chunk(msg);
        break;
      case 'spectrum':
        this.eig = msg.eig;
        break;
      case 'done':
        this.status = 'done';
        this.ms = msg.ms;
        this.settle(this);
        break;
      case 'cancelled':
        this.status = 'cancelled';
        this.settle(this);
        break;
      case 'error':
        this.status = 'error';
        this.error = { code: msg.code, message: msg.message };
        this.settle(this);
        break;
    }
    this.onUpdate(this);
  }

  private start(msg: PowersStart): void {
    this.status = 'running';
    this.n = msg.n;
    this.steps = msg.steps;
    this.stride = msg.stride;
    this.frameCount = msg.frameCount;
    this.normStride = msg.normStride;
    this.remote = msg.remote;
    this.W = msg.W;
    this.frames = new Float32Array(msg.remote ? 0 : msg.frameCount * msg.n * msg.n);
    this.exp10 = new Float64Array(msg.frameCount);
    this.log10Norms = new Float64Array(msg.steps + 1).fill(Number.NaN);
  }

  private chunk(msg: PowersChunk): void {
    const nn = this.n * this.n;
    if (!this.remote) this.frames.set(msg.frames, msg.firstFrame * nn);
    this.exp10.set(msg.exp10, msg.firstFrame);
    const m = msg.log10Norms;
    for (let i = 0; i < m.length; i++) this.log10Norms[msg.firstStep + i * this.normStride] = m[i]!;
    this.framesReady = msg.firstFrame + msg.exp10.length;
    if (m.length > 0) this.stepsReady = msg.firstStep + (m.length - 1) * this.normStride + 1;
  }
}

/** A set of training runs in the worker; events arrive through `onEvents`. */
export class TrainJob {
  status: JobStatus = 'running';
  error: { code: string; message: string } | null = null;
  ms = 0;
  readonly done: Promise<TrainJob>;
  private settle!: (job: TrainJob) => void;

  constructor(
    readonly id: number,
    private readonly onCancel: (id: number) => void,
    private readonly onEvents: (events: readonly { run: number; event: TrainEvent }[], job: TrainJob) => void,
  ) {
    this.done = new Promise((resolve) => {
      this.settle = resolve;
    });
  }

  cancel(): void {
    if (this.status !== 'running') return;
    this.onCancel(this.id);
    this.status = 'cancelled';
    this.settle(this);
    this.onEvents([], this);
  }

  /** @internal */
  receive(msg: SimResponse): void {
    if (this.status !== 'running') return;
    if (msg.type === 'train-events') this.onEvents(msg.events, this);
    else if (msg.type === 'done' || msg.type === 'cancelled' || msg.type === 'error') {
      this.status = msg.type === 'done' ? 'done' : msg.type === 'cancelled' ? 'cancelled' : 'error';
      if (msg.type === 'done') this.ms = msg.ms;
      if (msg.type === 'error') this.error = { code: msg.code, message: msg.message };
      this.settle(this);
      this.onEvents([], this);
    }
  }
}

export interface PowersParams {
  readonly source: MatrixSource;
  readonly steps: number;
  readonly activation: Activation;
  readonly budgetBytes?: number;
}

export class SimClient {
  private nextId = 1;
  private readonly jobs = new Map<number, PowersJob | TrainJob>();
  private readonly frames = new Map<number, { resolve: (r: FrameResult) => void; reject: (e: Error) => void }>();
  private readonly rasters = new Map<number, { resolve: (r: RasterResult) => void; reject: (e: Error) => void }>();
  /** One-answer requests (section 5's gradient figure): the handler of each pending id. */
  private readonly answers = new Map<number, (msg: SimResponse) => void>();
  private readonly fetchRaster: RasterFetch = (job, frame, norm, palette) => {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.rasters.set(id, { resolve, reject });
      this.port.postMessage({ type: 'raster', id, job, frame, norm, palette });
    });
  };

  constructor(private readonly port: SimPort) {
    port.addEventListener('message', (e) => {
      const raster = this.rasters.get(e.data.id);
      if (raster) {
        this.rasters.delete(e.data.id);
        if (e.data.type === 'raster') raster.resolve(e.data);
        else
          raster.reject(
            e.data.type === 'error'
              ? new SimError(e.data.message, e.data.code)
              : new CancelledError('No raster: the computation was cancelled.'),
          );
        return;
      }
      const answer = this.answers.get(e.data.id);
      if (answer) {
        this.answers.delete(e.data.id);
        answer(e.data);
        return;
      }
      const waiting = this.frames.get(e.data.id);
      if (waiting) {
        this.frames.delete(e.data.id);
        if (e.data.type === 'frame') waiting.resolve(e.data);
        else if (e.data.type === 'error') waiting.reject(new SimError(e.data.message, e.data.code));
        else waiting.reject(new LocalizedCancel((m) => m.powers.jobCancelled));
        return;
      }
      const job = this.jobs.get(e.data.id);
      if (!job) return;
      job.receive(e.data);
      if (job.status !== 'running' && job.status !== 'starting') this.jobs.delete(job.id);
    });
  }

  /** Starts W^t (or f(W h)) for `steps` steps; `onUpdate` runs after every message. */
  powers(params: PowersParams, onUpdate: (job: PowersJob) => void = () => {}): PowersJob {
    const id = this.nextId++;
    const job = new PowersJob(
      id,
      (jid) => {
        this.jobs.delete(jid);
        this.port.postMessage({ type: 'cancel', id: jid });
      },
      onUpdate,
      this.fetchRaster,
      (jid) => this.port.postMessage({ type: 'release', id: jid }),
    );
    this.jobs.set(id, job);
    this.port.postMessage({
      type: 'powers',
      id,
      source: params.source,
      steps: params.steps,
      activation: params.activation,
      budgetBytes: params.budgetBytes ?? FRAME_BUDGET,
    });
    return job;
  }

  /** Starts training runs (one per config); `onEvents` gets each batch of events. */
  train(
    configs: readonly TrainConfigInput[],
    onEvents: (events: readonly { run: number; event: TrainEvent }[], job: TrainJob) => void,
  ): TrainJob {
    const id = this.nextId++;
    const job = new TrainJob(
      id,
      (jid) => {
        this.jobs.delete(jid);
        this.port.postMessage({ type: 'cancel', id: jid });
      },
      onEvents,
    );
    this.jobs.set(id, job);
    this.port.postMessage({ type: 'train', id, configs });
    return job;
  }

  /** One exact float64 frame h_t, recomputed in the worker (for .npy export). */
  frame(params: { source: MatrixSource; step: number; activation: Activation }): Promise<FrameResult> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.frames.set(id, { resolve, reject });
      this.port.postMessage({ type: 'frame', id, ...params });
    });
  }

  /** Section 5's vanilla gradient figure, computed in the worker (rejects with the worker's error). */
  throughTime(runs: ThroughTimeRequest['runs'], options: ThroughTimeRequest['options']): Promise<ThroughTimeSeries[]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.answers.set(id, (msg) => {
        if (msg.type === 'through-time') resolve([...msg.runs]);
        else
          reject(
            msg.type === 'error'
              ? new SimError(msg.message, msg.code)
              : new SimError('The worker sent no gradient result.', 'NoResult'),
          );
      });
      this.port.postMessage({ type: 'through-time', id, runs, options });
    });
  }

  /** Section 5's per-gate figure: each config's probe at initialization, computed in the worker. */
  gateProbe(configs: readonly TrainConfigInput[]): Promise<GateProbe[]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.answers.set(id, (msg) => {
        if (msg.type === 'gate-probe') resolve([...msg.runs]);
        else
          reject(
            msg.type === 'error'
              ? new SimError(msg.message, msg.code)
              : new SimError('The worker sent no probe result.', 'NoResult'),
          );
      });
      this.port.postMessage({ type: 'gate-probe', id, configs });
    });
  }

  /** Jobs still running (for a global "cancel" button and tests). */
  get running(): number {
    return this.jobs.size;
  }
}

/** Starts the real worker (Vite bundles it as a separate module). */
export function startWorker(): SimClient {
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'ortholab-sim' });
  return new SimClient(worker);
}
