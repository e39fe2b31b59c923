/** `ortholab train`: waits for the RNN lab (src/core/rnn) to land on main. */

import type { Context } from '../context.js';
import { CliFileError } from '../errors.js';

export async function train(_ctx: Context): Promise<number> {
  throw new CliFileError('train needs the RNN lab (src/core/rnn), which is not merged into this build yet.');
}
