/**
 * Section 5's per-gate picture for gated cells: at initialization, the gradient sent back
 * through an LSTM or a GRU, per gate. An adapter over core's training loop: `train(config)`
 * yields a 'probe' event before its first step (full BPTT on the fixed probe batch, nothing
 * updated), whose `dhNorm` is ‖∂L/∂h_t‖_F and whose `gateNorm` is ‖∂L/∂a_{g,t}‖_F of each gate's
 * pre-activation, t = 1..L. The run stops there: no training step is taken.
 */

import {
  ConfigError,
  type GatedSpectrumReport,
  type TrainConfigInput,
  type TrainEvent,
  train,
} from '../../src/core/index.js';

export interface GateProbe {
  /** ‖∂L/∂h_t‖_F on the probe batch for t = 1..L (index t − 1). */
  readonly dhNorm: readonly number[];
  /** Per gate (i, f, g, o for the LSTM; r, z, n for the GRU): ‖∂L/∂a_{g,t}‖_F for t = 1..L. */
  readonly gateNorm: Readonly<Record<string, readonly number[]>>;
  /** The gate blocks' spectra at initialization (from the start event). */
  readonly gates: GatedSpectrumReport | null;
}

/** The most events before the first probe (start, then the probe: two; a safety cap). */
const MAX_EVENTS = 8;

/**
 * The probe at step 0 of `config` (a gated cell, probeEvery > 0). O(L·batch·n²) for the
 * forward and backward pass of the probe batch. Throws core's ConfigError for a bad config.
 */
export function gateProbe(config: TrainConfigInput): GateProbe {
  const run = train({ ...config, steps: 0, evalEvery: 0, spectrumEvery: 0, checkpointEvery: 0 });
  let gates: GatedSpectrumReport | null = null;
  try {
    for (let k = 0; k < MAX_EVENTS; k++) {
      const next = run.next();
      if (next.done) break;
      const e: TrainEvent = next.value;
      if (e.type === 'start') gates = e.gates ?? null;
      if (e.type === 'probe') {
        if (!e.gateNorm) break;
        return { dhNorm: e.dhNorm, gateNorm: e.gateNorm, gates };
      }
    }
  } finally {
    run.return(undefined);
  }
  throw new ConfigError(
    `No per-gate probe for cell "${config.cell ?? 'rnn'}": per-gate norms exist for the lstm and gru cells with probeEvery > 0.`,
  );
}
