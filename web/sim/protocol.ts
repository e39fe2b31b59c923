/**
 * Messages between the page and the simulation worker. Every request carries an id; the
 * worker answers with messages carrying the same id, streams partial results, and stops a job
 * when it receives `{type: 'cancel', id}` (checked between frames). Payloads are plain data
 * and typed arrays (transferred, not copied).
 */

import type { TrainConfigInput, TrainEvent } from '../../src/core/index.js';
import type { ColorNorm, PaletteName, RasterStats } from '../../src/core/viz/colormap.js';
import type { Activation, MatrixSource } from './compute.js';
import type { GateProbe } from './gateprobe.js';
import type { ThroughTimeOptions, ThroughTimeSeries } from './throughtime.js';

export interface PowersRequest {
  readonly type: 'powers';
  readonly id: number;
  readonly source: MatrixSource;
  readonly steps: number;
  readonly activation: Activation;
  /** Memory allowed for stored frames (Float32); beyond it every k-th step is kept. */
  readonly budgetBytes: number;
}

export interface CancelRequest {
  readonly type: 'cancel';
  readonly id: number;
}

/** One exact float64 frame h_t (for .npy export): recomputed from scratch, nothing stored. */
export interface FrameRequest {
  readonly type: 'frame';
  readonly id: number;
  readonly source: MatrixSource;
  readonly step: number;
  readonly activation: Activation;
}

/** Several training runs (one per initializer) advanced in turn, one step each. */
export interface TrainRequest {
  readonly type: 'train';
  readonly id: number;
  readonly configs: readonly TrainConfigInput[];
}

/**
 * Colours for one stored frame of a job whose frames stay in the worker (n > 64): the worker
 * rasterizes it (the page only copies the pixels onto a canvas).
 */
export interface RasterRequest {
  readonly type: 'raster';
  readonly id: number;
  /** The powers job whose frame is wanted. */
  readonly job: number;
  /** Index of the stored frame (step = frame · stride). */
  readonly frame: number;
  readonly norm: ColorNorm;
  readonly palette: PaletteName;
}

/** The page no longer needs a job's frames: the worker frees them. */
export interface ReleaseRequest {
  readonly type: 'release';
  readonly id: number;
}

/** Section 5's gradient figure, vanilla cell: forward and backward norms per matrix (throughtime.ts). */
export interface ThroughTimeRequest {
  readonly type: 'through-time';
  readonly id: number;
  /** One run per matrix: W = gain · (the source's matrix). */
  readonly runs: readonly { readonly label: string; readonly source: MatrixSource; readonly gain: number }[];
  readonly options: ThroughTimeOptions;
}

/** Section 5's gradient figure, gated cells: the probe at initialization per config (gateprobe.ts). */
export interface GateProbeRequest {
  readonly type: 'gate-probe';
  readonly id: number;
  readonly configs: readonly TrainConfigInput[];
}

export type SimRequest =
  | PowersRequest
  | FrameRequest
  | TrainRequest
  | CancelRequest
  | RasterRequest
  | ReleaseRequest
  | ThroughTimeRequest
  | GateProbeRequest;

export interface PowersStart {
  readonly type: 'powers-start';
  readonly id: number;
  readonly n: number;
  /** The matrix W itself (float64, row-major). */
  readonly W: Float64Array;
  readonly steps: number;
  /** Frames are stored for steps 0, stride, 2·stride, ... */
  readonly stride: number;
  readonly frameCount: number;
  /** Norms exist every `normStride` steps (1, or the stride when only shown frames are computed). */
  readonly normStride: number;
  /** Frames stay in the worker (large n): the page asks for rasters instead of receiving frames. */
  readonly remote: boolean;
}

/** Eigenvalues of W, sent after the frames (O(n³): about a second at n = 512). */
export interface PowersSpectrum {
  readonly type: 'spectrum';
  readonly id: number;
  /** null when the eigenvalue iteration did not converge. */
  readonly eig: { readonly re: Float64Array; readonly im: Float64Array } | null;
}

export interface PowersChunk {
  readonly type: 'powers-chunk';
  readonly id: number;
  /** Index of the first stored frame in this chunk. */
  readonly firstFrame: number;
  /** count · n² float32 mantissas. */
  readonly frames: Float32Array;
  /** Decimal exponent per frame in this chunk. */
  readonly exp10: Float64Array;
  /** First step whose norm is in `log10Norms`; the others follow every `normStride` steps. */
  readonly firstStep: number;
  readonly log10Norms: Float64Array;
}

export interface RasterResult {
  readonly type: 'raster';
  readonly id: number;
  readonly rows: number;
  readonly cols: number;
  /** rows · cols RGBA pixels. */
  readonly rgba: Uint8ClampedArray<ArrayBuffer>;
  /** The frame itself (for the hover read-out): entries are mantissa · 10^exp10. */
  readonly mantissa: Float32Array;
  readonly exp10: number;
  readonly stats: RasterStats;
}

export interface JobDone {
  readonly type: 'done';
  readonly id: number;
  /** Compute time in the worker (ms). */
  readonly ms: number;
}

export interface JobCancelled {
  readonly type: 'cancelled';
  readonly id: number;
}

export interface JobFailed {
  readonly type: 'error';
  readonly id: number;
  /** The error class name (ConfigError, ShapeError, ...) and its message, shown inline. */
  readonly code: string;
  readonly message: string;
}

export interface FrameResult {
  readonly type: 'frame';
  readonly id: number;
  readonly n: number;
  /** Entries are mantissa · 10^exp10 (float64). */
  readonly mantissa: Float64Array;
  readonly exp10: number;
}

/** Events of the training runs since the last message, each tagged with its run index. */
export interface TrainEvents {
  readonly type: 'train-events';
  readonly id: number;
  readonly events: readonly { readonly run: number; readonly event: TrainEvent }[];
}

export interface ThroughTimeResult {
  readonly type: 'through-time';
  readonly id: number;
  readonly runs: readonly ThroughTimeSeries[];
}

export interface GateProbeResult {
  readonly type: 'gate-probe';
  readonly id: number;
  readonly runs: readonly GateProbe[];
}

export type SimResponse =
  | ThroughTimeResult
  | GateProbeResult
  | PowersStart
  | PowersSpectrum
  | PowersChunk
  | FrameResult
  | RasterResult
  | TrainEvents
  | JobDone
  | JobCancelled
  | JobFailed;
