/**
 * The plain data a training run reports: events (yielded by `train`), test-set metrics and the
 * resumable trainer state. Everything here is JSON-safe (arrays, not typed arrays), so events
 * can be printed as JSON lines by the CLI or posted from a worker to the page as they are.
 */

import type { RngState } from '../random/index.js';
import type { TrainConfig } from './config.js';
import type { SerializedOptimizerState } from './optimizers.js';
import type { GatedParams } from './gatedParams.js';
import type { GateSpectrum, GatedSpectrumReport } from './gateSpectrum.js';
import type { RnnParams, SerializedMatrix, SerializedRnnParams } from './params.js';

/** A gated layer (canonical layout, gatedParams.ts) with the linear readout y_t = W_hy h_t + c. */
export interface GatedNetParams extends GatedParams {
  readonly Why: RnnParams['Why'];
  readonly c: RnnParams['c'];
}

/** The parameters of a training run: the vanilla cell's, or a gated layer's with its readout. */
export type TrainParams = RnnParams | GatedNetParams;

/** JSON-safe GatedNetParams, keyed by name. */
export type SerializedGatedNetParams = Record<'Wih' | 'Whh' | 'bih' | 'bhh' | 'Why' | 'c', SerializedMatrix>;

/** Test-set metrics; `ratio` = testLoss / the task's memoryless baseline loss. */
export interface RnnMetrics {
  readonly testLoss: number;
  readonly ratio: number;
  /** Copy: accuracy on the last 10 outputs; null where accuracy is undefined (adding). */
  readonly accuracy: number | null;
}

/** Everything a run reports, as plain JSON-friendly data (arrays, not typed arrays). */
export type TrainEvent =
  | {
      readonly type: 'start';
      readonly step: number;
      readonly config: TrainConfig;
      readonly resumed: boolean;
      readonly sequenceLength: number;
      readonly inputDim: number;
      readonly outputDim: number;
      readonly parameterCount: number;
      readonly baseline: { readonly loss: number; readonly accuracy: number | null };
      /** Gated cells: the per-gate spectrum of the recurrent matrix the run starts (or resumes) from. */
      readonly gates?: GatedSpectrumReport;
    }
  | {
      readonly type: 'progress';
      readonly step: number;
      readonly steps: number;
      readonly loss: number;
      readonly gradNorm: number;
      readonly clipped: boolean;
    }
  /** ‖∂L/∂h_t‖_F on the probe batch for t = 1..L (index t-1): the vanishing gradient made visible. */
  | {
      readonly type: 'probe';
      readonly step: number;
      readonly loss: number;
      readonly dhNorm: number[];
      /**
       * Gated cells: per gate (canonical letter i, f, g, o / r, z, n), ‖∂L/∂a_{g,t}‖_F of the
       * gate's pre-activation on the probe batch for t = 1..L (index t-1).
       */
      readonly gateNorm?: Record<string, number[]>;
    }
  | {
      readonly type: 'spectrum';
      readonly step: number;
      readonly spectralRadius: number;
      /** Singular values of W_hh, descending. */
      readonly singularValues: number[];
      /** Eigenvalues of W_hh (real and imaginary parts). */
      readonly eigenvalues: { readonly re: number[]; readonly im: number[] };
      /**
       * Gated cells, where the recurrent matrix is a G·n x n stack: spectralRadius is the largest
       * gate block's ρ, singularValues are the stack's (all 1 for whole-matrix orthogonal), the
       * eigenvalues are empty (a stack has none) and `gates` holds every block's numbers.
       */
      readonly gates?: readonly GateSpectrum[];
      /** Gated cells: ‖Σ_g W_gᵀW_g − I‖_F. */
      readonly stackDefect?: number;
    }
  | ({ readonly type: 'metrics'; readonly step: number } & RnnMetrics)
  | { readonly type: 'checkpoint'; readonly step: number; readonly state: TrainerState }
  | {
      readonly type: 'diverged';
      readonly step: number;
      readonly loss: number;
      readonly gradNorm: number;
      readonly message: string;
    }
  | ({ readonly type: 'done'; readonly step: number } & RnnMetrics);

/** A resumable snapshot: JSON-safe. */
export interface TrainerState {
  readonly format: 'ortholab.rnn.trainer';
  readonly version: 1;
  readonly config: TrainConfig;
  readonly step: number;
  /** SerializedRnnParams for cell 'rnn', SerializedGatedNetParams for 'lstm' and 'gru'. */
  readonly params: SerializedRnnParams | SerializedGatedNetParams;
  readonly optimizer: SerializedOptimizerState;
  readonly trainRng: RngState;
}
