/**
 * Vite config for the explorer. Root is web/, the build goes to web-dist/ at the repository
 * root (gitignored). `base: './'` makes every asset URL relative, so the built app works
 * from any path and from `ortholab serve`. Core is bundled from source (src/core/*.ts).
 * Nothing is fetched at run time: no CDN, no remote fonts (checked by test/e2e).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: './',
  publicDir: false,
  clearScreen: false,
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../web-dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // No source maps in the shipped site (1.5 MB); `vite build --sourcemap` makes them when needed.
    sourcemap: false,
    // One small app: inline nothing as data: URLs except tiny assets, keep the worker separate.
    assetsInlineLimit: 4096,
    chunkSizeWarningLimit: 600,
  },
  worker: { format: 'es' },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});
