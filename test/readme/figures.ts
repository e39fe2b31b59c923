/**
 * The README's CLI figures: each is the file a command writes, run exactly as the README shows
 * it. `npm run figures` (scripts/figures.ts) regenerates them into docs/images/;
 * test/readme-figures.test.ts re-runs the commands and fails when a committed figure differs
 * from what its command draws now (PNG: decoded pixels, exactly; SVG: the text).
 */

export interface Figure {
  /** Path in the repository. */
  readonly image: string;
  /** The command as the README shows it (after `npx ortholab`); `output` is the file it writes. */
  readonly args: readonly string[];
  readonly output: string;
}

export const FIGURES: readonly Figure[] = [
  {
    image: 'docs/images/cli-powers-t20.png',
    args: ['powers', '--init', 'vanishing,exploding,orthogonal', '--png', 'frame.png', '--frame', '20'],
    output: 'frame.png',
  },
  {
    image: 'docs/images/cli-compare.svg',
    args: [
      'compare',
      '--inits',
      'orthogonal,glorotUniform,identity',
      '--n',
      '32',
      '--steps',
      '64',
      '--seeds',
      '3',
      '--svg',
      'compare.svg',
    ],
    output: 'compare.svg',
  },
];
