/** Runs the CLI in-process with captured streams (fast; no subprocess). */

import { main } from '../../src/cli/main.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  /** Pretend stdout is a terminal (colours, progress bars). */
  readonly tty?: boolean | undefined;
  readonly env?: Record<string, string | undefined>;
  readonly cwd?: string;
  readonly signal?: AbortSignal | undefined;
}

export async function runCli(argv: readonly string[], options: RunOptions = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (s: string) => (stdout += s), isTTY: options.tty ?? false },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    signal: options.signal,
  });
  return { code, stdout, stderr };
}
