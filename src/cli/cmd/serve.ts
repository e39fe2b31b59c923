/**
 * `ortholab serve`: starts the web explorer through `serve({port, host})` from src/cli/serve.ts
 * (written with the explorer). The module is loaded by a computed specifier so this command
 * builds before the explorer exists, and says so instead of failing obscurely.
 */

import { typed } from '../args.js';
import type { Context } from '../context.js';
import { CliFileError } from '../errors.js';

interface ServeModule {
  serve(options: { port: number; host: string }): Promise<unknown> | unknown;
}

export async function serve(ctx: Context): Promise<number> {
  const { options: o } = typed(ctx.parsed, 'serve');
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  const specifier = new URL(`../serve${ext}`, import.meta.url).href;
  let mod: ServeModule;
  try {
    mod = (await import(/* @vite-ignore */ specifier)) as ServeModule;
  } catch (e) {
    if (
      (e as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' ||
      /Cannot find module|Failed to load/.test(String(e))
    ) {
      throw new CliFileError('the web explorer is not part of this build yet; the other commands work without it.');
    }
    throw e;
  }
  await mod.serve({ port: o.port, host: o.host });
  return 0;
}
