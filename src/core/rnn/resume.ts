/**
 * Resuming a training run: the config fields that determine the trajectory must equal the
 * checkpoint's. Shared by the vanilla and the gated trainers (train.ts, gatedTrain.ts).
 */

import { ConfigError } from '../errors.js';
import { isRecord } from '../guards.js';
import { type TrainConfig, parseTrainConfig } from './config.js';

/** Config fields that determine the training trajectory; a resumed run must match them. */
export const TRAJECTORY_KEYS = [
  'task',
  'T',
  'units',
  'cell',
  'activation',
  'kernelInitializer',
  'recurrentInitializer',
  'biasInitializer',
  'outputInitializer',
  'gatedInit',
  'optimizer',
  'learningRate',
  'lrSchedule',
  'lrFinal',
  'momentum',
  'rho',
  'beta1',
  'beta2',
  'epsilon',
  'clipNorm',
  'batchSize',
  'seed',
  'truncate',
] as const satisfies readonly (keyof TrainConfig)[];

/**
 * The parts of a trainer state (TrainerState, as read back from a checkpoint) that resuming
 * needs, after checkResumable: the step, and the snapshots their own parsers check when they
 * are restored (parameters, optimizer state, the training data's RNG state).
 */
export interface ResumeState {
  readonly step: number;
  readonly params: unknown;
  readonly optimizer: unknown;
  readonly trainRng: unknown;
}

/**
 * Throws ConfigError unless `from` is a trainer state whose trajectory fields equal `config`'s.
 * A checkpoint of another cell is refused first, with both cells named (a checkpoint written
 * before cells existed is a vanilla 'rnn' one: parsing fills the default). `from` may be
 * anything (a parsed checkpoint file); what is returned has been checked up to the snapshots.
 */
export function checkResumable(config: TrainConfig, from: unknown): ResumeState {
  if (!isRecord(from) || from.format !== 'ortholab.rnn.trainer' || from.version !== 1) {
    throw new ConfigError('resumeFrom must be a trainer state {format: "ortholab.rnn.trainer", version: 1, ...}.');
  }
  const prev = parseTrainConfig(from.config);
  if (prev.cell !== config.cell) {
    throw new ConfigError(
      `Cannot resume: the checkpoint is of a ${prev.cell} cell and the config asks for ${config.cell}; a run keeps its cell (start a new run, or resume with cell ${prev.cell}).`,
    );
  }
  // With a decaying learning rate, `steps` sets the decay, so it is part of the trajectory too.
  // With a constant one, lrFinal has no effect and may differ.
  const keys: readonly (keyof TrainConfig)[] =
    config.lrSchedule === 'constant' ? TRAJECTORY_KEYS.filter((k) => k !== 'lrFinal') : [...TRAJECTORY_KEYS, 'steps'];
  const differ = keys.filter((k) => JSON.stringify(prev[k]) !== JSON.stringify(config[k]));
  if (differ.length > 0) {
    throw new ConfigError(
      `Cannot resume: the config differs from the checkpoint's in ${differ.join(', ')}. Only reporting fields (steps unless the learning rate decays, testSize, evalEvery, probeSize, probeEvery, spectrumEvery, checkpointEvery) may change.`,
    );
  }
  const { step, params, optimizer, trainRng } = from;
  if (typeof step !== 'number' || !Number.isInteger(step) || step < 0) {
    throw new ConfigError(`Cannot resume: step must be an integer >= 0, got ${String(step)}.`);
  }
  return { step, params, optimizer, trainRng };
}
