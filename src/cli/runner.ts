/**
 * The worker-thread side of `ortholab` run as a program (see `runAsProgram` in main.ts): runs
 * `main(argv, io)` with stdout and stderr forwarded to the main thread as messages (so output
 * and the final exit code arrive in order), the terminal facts of the real streams (isTTY,
 * columns) so progress bars and colours still work, an AbortSignal the main thread fires on
 * Ctrl-C, and every temporary file reported, so that the main thread can remove them if it has
 * to terminate this thread in the middle of a long synchronous computation or a write.
 */

import { createRequire } from 'node:module';
import { Writable } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';
import { OrtholabError, isRecord, isRecordOf, isStringArray } from '../core/index.js';
import { type HandlerLoader, isHandler } from './context.js';
import { setTempListener } from './files.js';
import { main } from './main.js';
import type { TextOut } from './output.js';

/** What the main thread passes to the worker. */
export interface RunnerData {
  /** This file (used by runner-tsx.cjs when the CLI runs from its sources). */
  readonly runnerPath: string;
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly stdout: { readonly isTTY: boolean; readonly columns?: number | undefined };
  readonly stderr: { readonly isTTY: boolean; readonly columns?: number | undefined };
}

/** The worker's data, checked (it is structured-cloned from main.ts; a mismatch is a bug there). */
export function parseRunnerData(data: unknown): RunnerData {
  const isTty = (s: unknown): s is RunnerData['stdout'] =>
    isRecord(s) && typeof s.isTTY === 'boolean' && (s.columns === undefined || typeof s.columns === 'number');
  const isEnvValue = (v: unknown): v is string | undefined => v === undefined || typeof v === 'string';
  if (
    isRecord(data) &&
    typeof data.runnerPath === 'string' &&
    isStringArray(data.argv) &&
    isRecordOf(data.env, isEnvValue) &&
    typeof data.cwd === 'string' &&
    isTty(data.stdout) &&
    isTty(data.stderr)
  ) {
    const { runnerPath, argv, env, cwd, stdout, stderr } = data;
    return { runnerPath, argv, env, cwd, stdout, stderr };
  }
  throw new OrtholabError('runner.ts: workerData is not the RunnerData main.ts sends');
}

/** Messages from the worker to the main thread. */
export type RunnerMessage =
  | { readonly type: 'stdout' | 'stderr'; readonly text: string }
  | { readonly type: 'temp'; readonly op: 'add' | 'remove'; readonly path: string }
  | { readonly type: 'done'; readonly code: number };

/** Messages from the main thread to the worker. */
export type ControlMessage = { readonly type: 'abort' };

function forwarded(type: 'stdout' | 'stderr', tty: RunnerData['stdout']): TextOut {
  const port = parentPort;
  if (port === null) throw new OrtholabError('runner.ts runs only in a worker thread');
  // A real Writable (so cli-progress, which moves the cursor with readline's escape codes, can
  // draw on it) whose writes post synchronously: the callback runs at once, so nothing is
  // buffered and text arrives in the order it was written.
  const stream = new Writable({
    decodeStrings: false,
    write(chunk: unknown, _encoding, done) {
      const text =
        typeof chunk === 'string'
          ? chunk
          : chunk instanceof Uint8Array
            ? new TextDecoder().decode(chunk)
            : String(chunk);
      port.postMessage({ type, text } satisfies RunnerMessage);
      done();
    },
  });
  return Object.assign(stream, { isTTY: tty.isTTY, columns: tty.columns, rows: 24 });
}

/**
 * The command table when running from the TypeScript sources: in a worker only tsx's CommonJS
 * hook is active, so main.ts's lazy `import('./cmd/NAME.js')` cannot resolve the .ts files;
 * require() through that hook can. Undefined (main's own lazy imports) once built.
 */
function sourceHandlers(runnerPath: string): HandlerLoader | undefined {
  if (!runnerPath.endsWith('.ts')) return undefined;
  const req = createRequire(runnerPath);
  return async (name) => {
    const mod: unknown = req(`./cmd/${name}.ts`);
    const handler = isRecord(mod) ? mod[name] : undefined;
    if (!isHandler(handler)) throw new OrtholabError(`./cmd/${name}.ts does not export a function named "${name}"`);
    return handler;
  };
}

async function run(): Promise<void> {
  const port = parentPort;
  if (port === null) return;
  const data = parseRunnerData(workerData);
  const controller = new AbortController();
  port.on('message', (m: ControlMessage) => {
    if (m.type === 'abort') controller.abort();
  });
  setTempListener((op, path) => port.postMessage({ type: 'temp', op, path } satisfies RunnerMessage));
  const code = await main(
    data.argv,
    {
      stdout: forwarded('stdout', data.stdout),
      stderr: forwarded('stderr', data.stderr),
      env: data.env,
      cwd: data.cwd,
      signal: controller.signal,
    },
    sourceHandlers(data.runnerPath),
  );
  port.postMessage({ type: 'done', code } satisfies RunnerMessage);
}

void run();
