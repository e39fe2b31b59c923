// Regenerates the "CLI tour" section of README.md from test/readme/tour.ts by running each
// command (in a temporary directory, in order) and pasting its real output. Usage: npm run readme
// (`npm run readme -- --keep-slow` reuses the README's current output of the slow steps).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../test/helpers/cli.js';
import { TOUR, TOUR_END, TOUR_START, excerpt, showCommand } from '../test/readme/tour.js';

const readme = fileURLToPath(new URL('../README.md', import.meta.url));
const keepSlow = process.argv.includes('--keep-slow');
const current = readFileSync(readme, 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'ortholab-tour-'));
const parts: string[] = [TOUR_START];
try {
  for (const step of TOUR) {
    const shown = `$ ${showCommand(step.args)}\n`;
    const at = current.indexOf(shown);
    if (keepSlow && step.slow && at >= 0) {
      const end = current.indexOf('\n```', at);
      if (step.intro) parts.push('', step.intro);
      parts.push('', '```console', current.slice(at, end), '```');
      console.log(`kept ${showCommand(step.args)}`);
      continue;
    }
    const r = await runCli(step.args, { cwd: dir, tty: step.tty, env: step.tty ? { NO_COLOR: '1' } : {} });
    if (r.code !== 0) throw new Error(`${showCommand(step.args)} exited ${r.code}: ${r.stderr}`);
    if (step.intro) parts.push('', step.intro);
    parts.push('', '```console', `$ ${showCommand(step.args)}`, excerpt(r.stdout, step.keep), '```');
    console.log(`ran ${showCommand(step.args)}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
parts.push('', TOUR_END);
const text = current;
const a = text.indexOf(TOUR_START);
const b = text.indexOf(TOUR_END);
if (a < 0 || b < 0) throw new Error('README.md has no cli-tour markers');
writeFileSync(readme, text.slice(0, a) + parts.join('\n') + text.slice(b + TOUR_END.length));
console.log('updated README.md');
