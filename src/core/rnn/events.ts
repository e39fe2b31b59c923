/**
 * The plain data a training run reports: events (yielded by `train`), test-set metrics and the
 * resumable trainer state. Everything here is JSON-safe (arrays, not typed arrays), so events
 * can be printed as JSON lines by the CLI or posted from a worker to the page as they are.
 */

import type { RngState } from '../random/index.js';
import type { TrainConfig } from './config.js';
import type { SerializedOptimizerState } from './optimizers.js';
import type { SerializedRnnParams } from './params.js';

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
  | { readonly type: 'probe'; readonly step: number; readonly loss: number; readonly dhNorm: number[] }
  | {
      readonly type: 'spectrum';
      readonly step: number;
      readonly spectralRadius: number;
      /** Singular values of W_hh, descending. */
      readonly singularValues: number[];
      /** Eigenvalues of W_hh (real and imaginary parts). */
      readonly eigenvalues: { readonly re: number[]; readonly im: number[] };
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
  readonly params: SerializedRnnParams;
  readonly optimizer: SerializedOptimizerState;
  readonly trainRng: RngState;
}
