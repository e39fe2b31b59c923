/**
 * `ortholab serve`: builds the explorer if needed and serves it (src/cli/serve.ts, shared with
 * `npm start`), prints the URL, and runs until Ctrl-C.
 */

import { typed } from '../args.js';
import type { Context } from '../context.js';
import { serve as startServer } from '../serve.js';

export async function serve(ctx: Context): Promise<number> {
  const { options: o } = typed(ctx.parsed, 'serve');
  const running = await startServer({
    port: o.port,
    host: o.host,
    open: o.open,
    build: o.rebuild ? 'always' : 'auto',
    log: (line) => ctx.note(line),
  });
  if (ctx.json) ctx.outJson({ url: running.url, host: running.host, port: running.port });
  else ctx.out(`ortholab explorer: ${running.url}\nPress Ctrl-C to stop.`);
  await new Promise<void>((resolve) => {
    if (ctx.io.signal === undefined || ctx.io.signal.aborted) return resolve();
    ctx.io.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await running.close();
  return 0;
}
