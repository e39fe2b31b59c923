/**
 * Vite config for the explorer. Root is web/; the build goes to dist/web/ (gitignored), which
 * the npm package ships and `ortholab serve` serves. `base: './'` makes every asset URL
 * relative, so the built app works from any path. Core is bundled from source (src/core/*.ts).
 * Nothing is fetched at run time: no CDN, no remote fonts (checked by test/e2e).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));
const isolation = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

export default defineConfig({
  root: here,
  base: './',
  publicDir: false,
  clearScreen: false,
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // No source maps: the build ships in the npm package, whose sources are not in it.
    sourcemap: false,
    // One small app: inline nothing as data: URLs except tiny assets, keep the worker separate.
    assetsInlineLimit: 4096,
    chunkSizeWarningLimit: 600,
    // Sections after the first are dynamic imports (web/main.ts); Vite's preload helper would
    // add <link rel=modulepreload> tags and query the DOM for each one on the main thread, a
    // cost measured at load (docs/decisions/0022). The files are local: no waterfall to hide.
    modulePreload: false,
  },
  worker: { format: 'es' },
  // Cross-origin isolation, as `ortholab serve` sends it (staticServer.ts ISOLATION_HEADERS):
  // SharedArrayBuffer for gemm's threads.
  server: { host: '127.0.0.1', headers: isolation },
  preview: { host: '127.0.0.1', headers: isolation },
});
