// Regenerates the golden CLI outputs in test/golden/ (see test/golden/cases.ts).
// Run it only after a change that is meant to alter them: `npm run golden`, then review the diff.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GOLDEN_CASES } from '../test/golden/cases.js';
import { runCli } from '../test/helpers/cli.js';

const dir = fileURLToPath(new URL('../test/golden/', import.meta.url));
for (const c of GOLDEN_CASES) {
  const r = await runCli(c.argv);
  if (r.code !== 0) throw new Error(`ortholab ${c.argv.join(' ')} exited ${r.code}: ${r.stderr}`);
  writeFileSync(dir + c.name, r.stdout);
  console.log(`wrote test/golden/${c.name}`);
}
