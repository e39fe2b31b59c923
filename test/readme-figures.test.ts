/**
 * The README's CLI figures are what their commands draw now: each command (test/readme/figures.ts)
 * runs as the README shows it and its file is compared with the committed one, PNGs by their
 * decoded pixels (exactly), SVGs as text. Regenerate with `npm run figures` after an intended change.
 */

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decode } from 'fast-png';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { FIGURES } from './readme/figures.js';
import { showCommand } from './readme/tour.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'ortholab-figures-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The pixels of a PNG as RGBA bytes with its size, whatever its colour type. */
function pixels(bytes: Uint8Array): { width: number; height: number; data: number[] } {
  const png = decode(bytes);
  const c = png.channels;
  const out: number[] = [];
  for (let i = 0; i < png.width * png.height; i++) {
    const px = Array.from(png.data.subarray(i * c, i * c + c) as ArrayLike<number>);
    const rgb = c >= 3 ? px.slice(0, 3) : [px[0]!, px[0]!, px[0]!];
    out.push(...rgb, c === 4 || c === 2 ? px[c - 1]! : 255);
  }
  return { width: png.width, height: png.height, data: out };
}

describe('README CLI figures (regenerate with `npm run figures`)', () => {
  for (const f of FIGURES) {
    it(`${f.image} is what \`${showCommand(f.args)}\` draws`, async () => {
      expect(readme, 'the README shows the command and the figure').toContain(showCommand(f.args));
      expect(readme).toContain(f.image);
      const r = await runCli(f.args, { cwd: dir });
      expect(r.code, r.stderr).toBe(0);
      const now = new Uint8Array(readFileSync(join(dir, f.output)));
      const committed = new Uint8Array(readFileSync(join(root, f.image)));
      if (f.image.endsWith('.png')) {
        const a = pixels(now);
        const b = pixels(committed);
        expect([a.width, a.height]).toEqual([b.width, b.height]);
        let differing = 0;
        for (let i = 0; i < a.data.length; i++) if (a.data[i] !== b.data[i]) differing++;
        expect(differing, 'bytes of differing pixels; run npm run figures').toBe(0);
      } else {
        expect(new TextDecoder().decode(now)).toBe(new TextDecoder().decode(committed));
      }
    }, 60_000);
  }
});
