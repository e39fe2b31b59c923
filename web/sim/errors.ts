/** Typed errors of the explorer's worker client. */

import { OrtholabError } from '../../src/core/errors.js';

/**
 * A computation in the worker failed. `workerCode` is the class name of the error thrown there
 * (ConfigError, ShapeError, ConvergenceError, ...), since errors cross the worker boundary as data.
 */
export class SimError extends OrtholabError {
  readonly workerCode: string;
  constructor(message: string, workerCode: string) {
    super(message);
    this.workerCode = workerCode;
  }
}
