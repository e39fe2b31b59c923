#!/usr/bin/env node
/**
 * `ortholab`: the command-line front end. `main(argv, io)` is the whole CLI as a function
 * (tests call it in-process with captured streams); the bottom of this file wires it to the
 * real process when run as a program. Commands are loaded lazily so `ortholab fib` does not
 * load the GIF encoder.
 */

import { readFileSync } from 'node:fs';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseCommandLine } from './args.js';
import type { CommandName } from './commands.js';
import { type Handler, makeContext } from './context.js';
import { EXIT_INTERRUPTED, EXIT_OK, EXIT_RUNTIME, UsageError, errorLine, exitCodeFor } from './errors.js';
import { commandHelp, mainHelp } from './help.js';
import type { CliIo } from './output.js';

const HANDLERS: Record<CommandName, () => Promise<Handler>> = {
  fib: async () => (await import('./cmd/fib.js')).fib,
  init: async () => (await import('./cmd/init.js')).init,
  spectrum: async () => (await import('./cmd/spectrum.js')).spectrum,
  powers: async () => (await import('./cmd/powers.js')).powers,
  compare: async () => (await import('./cmd/compare.js')).compare,
  train: async () => (await import('./cmd/train.js')).train,
  diagnose: async () => (await import('./cmd/diagnose.js')).diagnose,
  serve: async () => (await import('./cmd/serve.js')).serve,
  sweep: async () => (await import('./cmd/sweep.js')).sweep,
  worker: async () => (await import('./cmd/worker.js')).worker,
};

/** The package version, read from package.json (two levels up from src/cli or dist/cli). */
export function version(): string {
  try {
    const url = new URL('../../package.json', import.meta.url);
    return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').trim();
}

/**
 * Runs the CLI on `argv` (the arguments after `ortholab`) and resolves to the exit code:
 * 0 success, 1 runtime error, 2 usage error, 130 interrupted. Never throws.
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const debug = argv.includes('--debug');
  const fail = (e: unknown): number => {
    io.stderr.write(`ortholab: error: ${oneLine(errorLine(e))}\n`);
    if (debug && e instanceof Error && e.stack) io.stderr.write(`${e.stack}\n`);
    return exitCodeFor(e);
  };
  let parsed: ReturnType<typeof parseCommandLine>;
  try {
    parsed = parseCommandLine(argv);
  } catch (e) {
    return fail(e);
  }
  if (parsed.version) {
    io.stdout.write(`${version()}\n`);
    return EXIT_OK;
  }
  if (parsed.help) {
    io.stdout.write(parsed.command === null ? mainHelp(version()) : commandHelp(parsed.command));
    return EXIT_OK;
  }
  if (parsed.command === null) return fail(new UsageError('no command given.'));
  const ctx = makeContext(io, parsed);
  try {
    const handler = await HANDLERS[parsed.command]();
    return (await handler(ctx)) ?? EXIT_OK;
  } catch (e) {
    if (io.signal?.aborted && (e as { name?: string }).name === 'AbortError') {
      io.stderr.write('ortholab: interrupted; finished work was kept.\n');
      return EXIT_INTERRUPTED;
    }
    return fail(e);
  }
}

/** Wires `main` to the running process: streams, environment, Ctrl-C, exit code. */
async function runAsProgram(): Promise<void> {
  const controller = new AbortController();
  let interrupts = 0;
  process.on('SIGINT', () => {
    interrupts++;
    if (interrupts > 1) process.exit(EXIT_INTERRUPTED);
    controller.abort();
  });
  // `ortholab ... | head` closes stdout early: stop quietly instead of crashing with EPIPE.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(EXIT_OK);
    throw e;
  });
  const code = await main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    signal: controller.signal,
  });
  process.exitCode = code;
}

function isMainModule(): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMainModule()) {
  runAsProgram().catch((e) => {
    process.stderr.write(`ortholab: error: ${oneLine(errorLine(e))}\n`);
    process.exitCode = EXIT_RUNTIME;
  });
}
