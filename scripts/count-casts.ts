// Counts the type assertions in src/ and web/ on the TypeScript AST (issue 16's measure; see
// docs/decisions/0024-strict-types.md):
//
//   npx tsx scripts/count-casts.ts            # the counts
//   npx tsx scripts/count-casts.ts --list     # and every non-test site
//   npx tsx scripts/count-casts.ts --tests    # and every test site
//
// as = `x as T` other than `as const` outside *.test.ts; testAs = the same in *.test.ts;
// asConst = `as const`; unknownAs = `x as unknown as T` (both kinds); nonNull = `x!` (non-test).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const root = join(import.meta.dirname, '..');
const list = process.argv.includes('--list');
const tests = process.argv.includes('--tests');

function walk(dir: string, out: string[]): string[] {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.tsx?$/.test(e) && !e.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const counts = { as: 0, testAs: 0, asConst: 0, unknownAs: 0, nonNull: 0 };
for (const file of [...walk(join(root, 'src'), []), ...walk(join(root, 'web'), [])]) {
  const src = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const isTest = file.endsWith('.test.ts');
  const site = (n: ts.Node) =>
    `${relative(root, file)}:${src.getLineAndCharacterOfPosition(n.getStart()).line + 1}: ${n.getText(src).slice(0, 100).replace(/\s+/g, ' ')}`;
  const visit = (n: ts.Node): void => {
    if (ts.isAsExpression(n)) {
      if (n.type.getText(src) === 'const') counts.asConst++;
      else {
        if (isTest) counts.testAs++;
        else counts.as++;
        if (ts.isAsExpression(n.expression) && n.expression.type.getText(src) === 'unknown') counts.unknownAs++;
        if ((isTest && tests) || (!isTest && list)) console.log(site(n));
      }
    } else if (ts.isNonNullExpression(n) && !isTest) counts.nonNull++;
    ts.forEachChild(n, visit);
  };
  visit(src);
}
console.log(JSON.stringify(counts));
