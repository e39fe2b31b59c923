/**
 * The README's CLI tour runs as shown and prints what the README says: every `$ npx ortholab`
 * command in the tour section is run in order in a fresh directory and its output compared
 * with the README (a trailing "..." line means the rest was left out). The slow training
 * example runs only with ORTHOLAB_SLOW=1.
 */

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { TOUR, TOUR_END, TOUR_START, excerpt, sameOutput, splitCommand } from './readme/tour.js';

const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');
const section = readme.slice(readme.indexOf(TOUR_START), readme.indexOf(TOUR_END));
const blocks = [...section.matchAll(/```console\n\$ npx ortholab ([^\n]*)\n([\s\S]*?)```/g)].map((m) => ({
  args: splitCommand(m[1]!),
  shown: m[2]!.replace(/\n$/, ''),
}));
const dir = mkdtempSync(join(tmpdir(), 'ortholab-readme-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('README CLI tour', () => {
  it('lists the tour commands', () => {
    expect(blocks.map((b) => b.args)).toEqual(TOUR.map((s) => [...s.args]));
  });

  blocks.forEach((block, i) => {
    const step = TOUR[i];
    const slow = step?.slow === true && process.env.ORTHOLAB_SLOW !== '1';
    it.skipIf(slow)(`npx ortholab ${block.args.join(' ')}`, async () => {
      const r = await runCli(block.args, { cwd: dir, tty: step?.tty, env: step?.tty ? { NO_COLOR: '1' } : {} });
      expect(r.code, r.stderr).toBe(0);
      expect(sameOutput(excerpt(r.stdout, step?.keep), block.shown), `got:\n${excerpt(r.stdout, step?.keep)}`).toBe(
        true,
      );
    });
  });
});
