#!/usr/bin/env node
/**
 * `ortholab`: the command-line front end. `main(argv, io)` is the whole CLI as a function
 * (tests call it in-process with captured streams); the bottom of this file wires it to the
 * real process when run as a program. Commands are loaded lazily so `ortholab fib` does not
 * load the GIF encoder.
 *
 * As a program, commands run in a worker thread (runner.ts) while the main thread only relays
 * output and listens for Ctrl-C, so Ctrl-C works during long synchronous computations too:
 * the first SIGINT asks the command to stop (train keeps its finished runs and exits 130 by
 * itself); if it has not ended within INTERRUPT_GRACE_MS the worker is terminated, its
 * temporary files are removed, and the process exits 130 with a one-line note. A second
 * SIGINT does that at once. `serve` (a server, not a computation), `worker` (a queue consumer
 * whose runs already run on a thread pool, and which handles SIGTERM and Ctrl-C itself by
 * checkpointing each run), help, version and command line errors run in the main thread.
 */

import { readFileSync, realpathSync, unlinkSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread } from 'node:worker_threads';
import { CancelledError, isRecord } from '../core/index.js';
import { parseCommandLine } from './args.js';
import { applyThreads, resolveThreads } from './threads.js';
import { type HandlerLoader, type HandlerTable, makeContext } from './context.js';
import { EXIT_INTERRUPTED, EXIT_OK, EXIT_RUNTIME, UsageError, errorLine, exitCodeFor } from './errors.js';
import { commandHelp, mainHelp } from './help.js';
import type { CliIo } from './output.js';
import type { ControlMessage, RunnerData, RunnerMessage } from './runner.js';

const HANDLERS: HandlerTable = {
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
    const pkg: unknown = JSON.parse(readFileSync(url, 'utf8'));
    return isRecord(pkg) && typeof pkg.version === 'string' ? pkg.version : 'unknown';
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
export async function main(
  argv: readonly string[],
  io: CliIo,
  loadHandler: HandlerLoader = (command) => HANDLERS[command](),
): Promise<number> {
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
  try {
    const flag = parsed.options.threads;
    // The server computes nothing; every other command may multiply matrices.
    if (parsed.command !== 'serve') applyThreads(resolveThreads(typeof flag === 'number' ? flag : undefined, io.env));
  } catch (e) {
    return fail(e);
  }
  const ctx = makeContext(io, parsed);
  try {
    const handler = await loadHandler(parsed.command);
    return (await handler(ctx)) ?? EXIT_OK;
  } catch (e) {
    if (io.signal?.aborted && e instanceof CancelledError) {
      io.stderr.write(`${INTERRUPTED_NOTE}\n`);
      return EXIT_INTERRUPTED;
    }
    return fail(e);
  }
}

/** The note on stderr when Ctrl-C stopped a command (train writes its own, saying what it kept). */
export const INTERRUPTED_NOTE = 'ortholab: interrupted.';

/** How long a command may take to stop by itself after Ctrl-C before its thread is terminated. */
export const INTERRUPT_GRACE_MS = 500;

/** How long a terminated worker may take to stop before the process exits anyway. */
const STOP_WAIT_MS = 1000;

/** Commands that run in the main thread as a program (see the module comment). */
function runsInWorker(argv: readonly string[]): boolean {
  try {
    const parsed = parseCommandLine(argv);
    return (
      !parsed.help &&
      !parsed.version &&
      parsed.command !== null &&
      parsed.command !== 'serve' &&
      parsed.command !== 'worker'
    );
  } catch {
    return false; // the usage error is reported by main() in this thread
  }
}

/** The worker entry: runner.ts under tsx or Vitest, runner.js once built. */
function runnerFile(): URL {
  return new URL(import.meta.url.endsWith('.ts') ? './runner.ts' : './runner.js', import.meta.url);
}

/** Runs the command in a worker thread; resolves to its exit code (see the module comment). */
function runInWorker(argv: readonly string[]): Promise<number> {
  return new Promise((resolveCode) => {
    const temps = new Set<string>();
    let ended = false;
    let noted = false;
    const tty = (s: NodeJS.WriteStream) => ({ isTTY: s.isTTY === true, columns: s.columns });
    // Under tsx the TypeScript runner is required from a CommonJS entry file (runner-tsx.cjs):
    // tsx's hooks are not active for a TypeScript entry file or eval code of a worker.
    const runner = runnerFile();
    const fromSources = runner.pathname.endsWith('.ts');
    const worker = new Worker(fromSources ? new URL('./runner-tsx.cjs', import.meta.url) : runner, {
      workerData: {
        runnerPath: fileURLToPath(runner),
        argv,
        env: { ...process.env },
        cwd: process.cwd(),
        stdout: tty(process.stdout),
        stderr: tty(process.stderr),
      } satisfies RunnerData,
    });
    const finish = (code: number) => {
      if (ended) return;
      ended = true;
      process.off('SIGINT', onSigint);
      clearTimeout(grace);
      resolveCode(code);
    };
    /**
     * Stops now: terminate the worker, then remove its temporary files and exit 130 with the
     * note. Node delivers the messages a worker posted before it stopped ahead of its 'exit'
     * event, so every temp file it created is known by then; a thread that does not stop
     * within STOP_WAIT_MS (stuck outside JavaScript) does not hold the exit up.
     */
    let stopping = false;
    const exitInterrupted = () => {
      for (const path of temps) {
        try {
          unlinkSync(path);
        } catch {
          // already renamed or removed
        }
      }
      if (!noted) process.stderr.write(`${INTERRUPTED_NOTE}\n`);
      process.exit(EXIT_INTERRUPTED);
    };
    const forceStop = () => {
      if (stopping) return exitInterrupted(); // a further Ctrl-C while waiting
      if (ended) return;
      stopping = true;
      worker.once('exit', exitInterrupted);
      setTimeout(exitInterrupted, STOP_WAIT_MS).unref();
      void worker.terminate();
    };
    let interrupts = 0;
    let grace: ReturnType<typeof setTimeout> | undefined;
    const onSigint = () => {
      interrupts++;
      if (interrupts > 1) return forceStop();
      if (stopping) return;
      worker.postMessage({ type: 'abort' } satisfies ControlMessage);
      grace = setTimeout(forceStop, INTERRUPT_GRACE_MS);
    };
    process.on('SIGINT', onSigint);
    worker.on('message', (m: RunnerMessage) => {
      if (m.type === 'stdout') process.stdout.write(m.text);
      else if (m.type === 'stderr') {
        if (m.text.startsWith('ortholab: interrupted')) noted = true;
        process.stderr.write(m.text);
      } else if (m.type === 'temp') {
        if (m.op === 'add') temps.add(m.path);
        else temps.delete(m.path);
      } else if (m.type === 'done') {
        // Every output message came before this one: the thread can go.
        void worker.terminate();
        finish(m.code);
      }
    });
    worker.on('error', (e) => {
      process.stderr.write(`ortholab: error: ${oneLine(errorLine(e))}\n`);
      finish(EXIT_RUNTIME);
    });
    worker.on('exit', () => {
      if (ended || stopping) return;
      process.stderr.write('ortholab: error: the command stopped without a result (rerun with --debug for details)\n');
      finish(EXIT_RUNTIME);
    });
  });
}

/** Wires `main` to the running process: streams, environment, Ctrl-C, exit code. */
async function runAsProgram(): Promise<void> {
  // `ortholab ... | head` closes stdout early: stop quietly instead of crashing with EPIPE.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(EXIT_OK);
    throw e;
  });
  const argv = process.argv.slice(2);
  if (runsInWorker(argv)) {
    process.exitCode = await runInWorker(argv);
    return;
  }
  const controller = new AbortController();
  let interrupts = 0;
  process.on('SIGINT', () => {
    interrupts++;
    if (interrupts > 1) process.exit(EXIT_INTERRUPTED);
    controller.abort();
  });
  const code = await main(argv, {
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

if (isMainThread && isMainModule()) {
  runAsProgram().catch((e) => {
    process.stderr.write(`ortholab: error: ${oneLine(errorLine(e))}\n`);
    process.exitCode = EXIT_RUNTIME;
  });
}
