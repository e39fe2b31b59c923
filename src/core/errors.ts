/**
 * Typed errors raised by ortholab's core. Every message says what was wrong and what is
 * allowed, so a front end can show it as is. The CLI maps ConfigError/ShapeError/DomainError
 * raised from user input to exit code 2 and everything else to exit code 1.
 */

/** Base class: `code` is a stable machine-readable name (the class name). */
export class OrtholabError extends Error {
  readonly code: string;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
    this.code = new.target.name;
  }
}

/** Dimensions that do not fit: mismatched products, non-square input to eig, bad sizes. */
export class ShapeError extends OrtholabError {}

/** A value outside the domain of a function: NaN or ±Infinity entries, negative stddev, t < 0. */
export class DomainError extends OrtholabError {}

/** An iterative algorithm hit its iteration cap. `iterations` says how many it ran. */
export class ConvergenceError extends OrtholabError {
  readonly iterations: number;
  constructor(message: string, iterations: number) {
    super(message);
    this.iterations = iterations;
  }
}

/** A configuration that does not parse: unknown names, bad parameters. Lists what is allowed. */
export class ConfigError extends OrtholabError {}

/** A file or byte stream that is not in the format it claims (.npy, .safetensors, JSON). */
export class FormatError extends OrtholabError {}

/**
 * A cancellable computation stopped because its caller asked it to (an AbortSignal fired:
 * Ctrl-C in the CLI, a newer request or the cancel button in the explorer). Not a failure:
 * front ends recognize it with `instanceof` and report the interruption, not an error.
 */
export class CancelledError extends OrtholabError {}

/** Formats a number for messages: integers as is, others with up to 6 significant digits. */
export function fmt(x: number): string {
  if (Number.isInteger(x)) return String(x);
  if (!Number.isFinite(x)) return String(x);
  return String(Number(x.toPrecision(6)));
}
