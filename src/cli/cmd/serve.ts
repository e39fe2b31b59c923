/**
 * `ortholab serve` (and `npm start`, which runs it): serves the built explorer (building it
 * first in a git checkout when its sources changed), prints the URL, and runs until Ctrl-C.
 * Port: `--port N`, else $PORT, else 5173. A port the user chose that is taken is an error
 * (exit 1); the default one falls forward to the next free port and says so.
 */

import { typed } from '../args.js';
import { COMMANDS } from '../commands.js';
import type { Context } from '../context.js';
import { openBrowser, serveExplorer } from '../server/explorer.js';
import { parseIntValue } from '../values.js';

/** The port to bind and whether the user chose it (flag or $PORT) rather than the default. */
export function chosenPort(
  optionPort: number,
  given: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): { port: number; explicit: boolean } {
  if (given.includes('port')) return { port: optionPort, explicit: true };
  const fromEnv = env.PORT;
  if (fromEnv !== undefined && fromEnv !== '') {
    const { min, max } = COMMANDS.serve.options.port;
    return { port: parseIntValue('PORT (environment)', fromEnv, min, max), explicit: true };
  }
  return { port: optionPort, explicit: false };
}

export async function serve(ctx: Context): Promise<number> {
  const { options: o } = typed(ctx.parsed, 'serve');
  const { port, explicit } = chosenPort(o.port, ctx.parsed.given, ctx.io.env);
  const running = await serveExplorer({
    port,
    fallForward: !explicit,
    host: o.host,
    build: o.rebuild ? 'always' : 'auto',
    log: (line) => ctx.note(line),
  });
  if (running.port !== running.requestedPort && running.requestedPort !== 0) {
    ctx.note(`Port ${running.requestedPort} is in use; serving on ${running.port} instead.`);
  }
  if (o.open) openBrowser(running.url);
  if (ctx.json) ctx.outJson({ url: running.url, host: running.host, port: running.port });
  else ctx.out(`ortholab explorer: ${running.url}\nPress Ctrl-C to stop.`);
  await new Promise<void>((resolve) => {
    if (ctx.io.signal === undefined || ctx.io.signal.aborted) return resolve();
    ctx.io.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await running.close();
  return 0;
}
