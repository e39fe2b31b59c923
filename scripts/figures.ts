// Regenerates the README's CLI figures (test/readme/figures.ts) by running each command in a
// temporary directory and copying the file it writes to docs/images/. Usage: npm run figures
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../test/helpers/cli.js';
import { FIGURES } from '../test/readme/figures.js';
import { showCommand } from '../test/readme/tour.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ortholab-figures-'));
try {
  for (const f of FIGURES) {
    const r = await runCli(f.args, { cwd: dir });
    if (r.code !== 0) throw new Error(`${showCommand(f.args)} exited ${r.code}: ${r.stderr}`);
    copyFileSync(join(dir, f.output), join(root, f.image));
    console.log(`wrote ${f.image} (${showCommand(f.args)})`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
