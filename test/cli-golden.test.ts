import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GOLDEN_CASES } from './golden/cases.js';
import { runCli } from './helpers/cli.js';

const dir = fileURLToPath(new URL('./golden/', import.meta.url));

describe('golden CLI output (regenerate with `npm run golden` after an intended change)', () => {
  for (const c of GOLDEN_CASES) {
    it(`ortholab ${c.argv.join(' ')}`, async () => {
      const file = dir + c.name;
      expect(existsSync(file), `${c.name} is missing; run npm run golden`).toBe(true);
      const r = await runCli(c.argv);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout).toBe(readFileSync(file, 'utf8'));
      if (c.name.endsWith('.json')) JSON.parse(r.stdout);
    });
  }
});
