/**
 * The worker-thread side of `ortholab` run as a program (see `runAsProgram` in main.ts): runs
 * `main(argv, io)` with stdout and stderr forwarded to the main thread as messages (so output
 * and the final exit code arrive in order), the terminal facts of the real streams (isTTY,
 * columns) so progress bars and colours still work, an AbortSignal the main thread fires on
 * Ctrl-C, and every temporary file reported, so that the main thread can remove them if it has
 * to terminate this thread in the middle of a long synchronous computation or a write.
 */

import { createRequire } from 'node:module';
import { clearLine, clearScreenDown, cursorTo, moveCursor } from 'node:readline';
import { parentPort, workerData } from 'node:worker_threads';
import { OrtholabError } from '../core/index.js';
import { COMMAND_NAMES } from './commands.js';
import type { Handler, HandlerTable } from './context.js';
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
  const stream = {
    isTTY: tty.isTTY,
    columns: tty.columns,
    rows: 24,
    write(s: string | Uint8Array): boolean {
      port.postMessage({ type, text: typeof s === 'string' ? s : new TextDecoder().decode(s) } satisfies RunnerMessage);
      return true;
    },
    // The cursor moves of a terminal stream, for cli-progress (escape codes through write).
    cursorTo: (x: number, y?: number) => cursorTo(stream as unknown as NodeJS.WritableStream, x, y),
    moveCursor: (dx: number, dy: number) => moveCursor(stream as unknown as NodeJS.WritableStream, dx, dy),
    clearLine: (dir: -1 | 0 | 1) => clearLine(stream as unknown as NodeJS.WritableStream, dir),
    clearScreenDown: () => clearScreenDown(stream as unknown as NodeJS.WritableStream),
    on: () => stream,
    once: () => stream,
    removeListener: () => stream,
    off: () => stream,
  };
  return stream;
}

/**
 * The command table when running from the TypeScript sources: in a worker only tsx's CommonJS
 * hook is active, so main.ts's lazy `import('./cmd/NAME.js')` cannot resolve the .ts files;
 * require() through that hook can. Undefined (main's own lazy imports) once built.
 */
function sourceHandlers(runnerPath: string): HandlerTable | undefined {
  if (!runnerPath.endsWith('.ts')) return undefined;
  const req = createRequire(runnerPath);
  const load = (name: string) => async () => (req(`./cmd/${name}.ts`) as Record<string, Handler>)[name];
  return Object.fromEntries(COMMAND_NAMES.map((name) => [name, load(name)])) as HandlerTable;
}

async function run(): Promise<void> {
  const port = parentPort;
  if (port === null) return;
  const data = workerData as RunnerData;
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
