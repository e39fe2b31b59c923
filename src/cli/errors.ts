/**
 * Errors and exit codes of the CLI. Exit 2: the command line is wrong (unknown command or
 * option, malformed number, shape or list, invalid configuration). Exit 1: the command was
 * fine but running it failed (missing or corrupt file, no permission, numerical failure).
 * A failure prints one line `ortholab: error: ...` on stderr; `--debug` adds the stack.
 */

import { ConfigError, DomainError, OrtholabError, ShapeError, initSpecNames } from '../core/index.js';

export const EXIT_OK = 0;
export const EXIT_RUNTIME = 1;
export const EXIT_USAGE = 2;
/** Conventional exit status after SIGINT (128 + 2). */
export const EXIT_INTERRUPTED = 130;

/** The command line is wrong. `hint` is appended as "Try ...". */
export class UsageError extends OrtholabError {
  readonly hint: string | undefined;
  constructor(message: string, hint?: string) {
    super(message);
    this.hint = hint;
  }
}

/**
 * A file-system or I/O problem the user can fix (missing file, directory, permission).
 * `fsCode` is Node's error code ('ENOENT', 'EACCES', ...) when one caused it.
 */
export class CliFileError extends OrtholabError {
  readonly fsCode: string | undefined;
  constructor(message: string, fsCode?: string) {
    super(message);
    this.fsCode = fsCode;
  }
}

/** The `code` of a Node system error ('ENOENT', 'EACCES', 'EADDRINUSE', ...), or undefined for anything else. */
export function nodeErrorCode(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null || !('code' in e)) return undefined;
  return typeof e.code === 'string' ? e.code : undefined;
}

/**
 * Marks an error raised while turning user input into core values (parsing `--init`,
 * building the matrix from `--shape`): core's ConfigError/ShapeError/DomainError become usage
 * errors (exit 2). Errors raised later, while computing or reading files, keep exit 1.
 */
export function asUsage<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof ConfigError || e instanceof ShapeError || e instanceof DomainError) {
      throw new UsageError(withoutFunctionName(e.message));
    }
    throw e;
  }
}

/**
 * Core messages start with the library function that raised them ("matrixReport: entry ...",
 * "eigvals needs ..."), which helps library users and means nothing on the command line.
 */
export function withoutFunctionName(message: string): string {
  const m = /^([a-z][A-Za-z0-9]*)(:\s+|\s+(?=needs\b|expects\b|requires\b))(.*)$/s.exec(message);
  // Initializer names ("orthogonal: gain must be ...") are words of the command line: keep them.
  if (m === null || initSpecNames().includes(m[1]!)) return message;
  // "eigvals needs ..." has the function as its subject: say what it is instead.
  return m[2]!.startsWith(':') ? m[3]! : `the computation ${m[3]}`;
}

/** Exit code for an error thrown by a command. */
export function exitCodeFor(e: unknown): number {
  if (e instanceof UsageError) return EXIT_USAGE;
  // A ConfigError escaping a command is always about user-supplied configuration.
  if (e instanceof ConfigError) return EXIT_USAGE;
  return EXIT_RUNTIME;
}

/** The one line shown for an error (without the "ortholab: error: " prefix). */
export function errorLine(e: unknown): string {
  if (e instanceof UsageError) return e.hint ? `${e.message} ${e.hint}` : e.message;
  if (e instanceof CliFileError) return e.message;
  if (e instanceof OrtholabError) return withoutFunctionName(e.message);
  if (e instanceof RangeError && /allocation|Array buffer/i.test(e.message)) {
    return `out of memory (${e.message}); try a smaller size.`;
  }
  if (e instanceof Error) return `${e.message} (unexpected ${e.name}; rerun with --debug for details)`;
  return `${String(e)} (rerun with --debug for details)`;
}
