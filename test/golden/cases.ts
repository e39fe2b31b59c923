/**
 * Golden CLI outputs: seeded commands whose text and JSON output are pinned in test/golden/.
 * `npm run golden` (scripts/golden.ts) rewrites the files after an intended change; the test
 * (test/cli-golden.test.ts) never rewrites them.
 */
export const GOLDEN_CASES: readonly { readonly name: string; readonly argv: readonly string[] }[] = [
  { name: 'fib-10.txt', argv: ['fib', '10'] },
  { name: 'fib-80.json', argv: ['fib', '80', '--json'] },
  { name: 'spectrum-fibonacci.txt', argv: ['spectrum', '--init', 'fibonacci'] },
  {
    name: 'spectrum-orthogonal-8.json',
    argv: ['spectrum', '--init', 'orthogonal', '--n', '8', '--seed', '1', '--json'],
  },
  { name: 'powers-article.txt', argv: ['powers', '--init', 'vanishing,exploding,orthogonal', '--seed', '3'] },
  { name: 'powers-shear.json', argv: ['powers', '--init', 'shear', '--n', '2', '--steps', '8', '--json'] },
  {
    name: 'compare-small.txt',
    argv: [
      'compare',
      '--inits',
      'orthogonal,glorotUniform',
      '--n',
      '16',
      '--steps',
      '32',
      '--seeds',
      '3',
      '--workers',
      '0',
    ],
  },
];
