/**
 * Seeded initializer outputs are API: these values are pinned (produced by this implementation
 * when the blocked QR and the eigen solvers were final). A change here changes every seeded
 * result downstream (RNN training, CLI output, shared explorer links): make it on purpose and
 * say so in the changelog. Orthogonal values depend on the QR's rounding, vanishing on eigvals'.
 */
import { describe, expect, it } from 'vitest';
import { getInitializer } from './registry.js';

const GOLDEN: [string, number[], number[]][] = [
  [
    'orthogonal',
    [4, 3],
    // Stewart's construction since 2026-11-28 (CHANGELOG); cross-checked with NumPy to 2.2e-16:
    // npx tsx scripts/fixtures/dump-orthogonal.ts 4 3 0 | python3 scripts/fixtures/orthogonal_stewart.py
    [
      0.4246804177522554, 0.25236350714597927, 0.6900685049776163, 0.1909152282559686, -0.31217773507855456,
      -0.5682418336850981, -0.8303698441175194, 0.36666124071403716, 0.058471115540136176, -0.30607816057011933,
      -0.8392956907671144, 0.4443960008096909,
    ],
  ],
  [
    'glorotUniform',
    [3, 3],
    [
      0.0786393886281207, -0.865520461684576, 0.8783644287203947, 0.11241177506894906, 0.1894188967642414,
      -0.3113382566983125, 0.5433187951567378, -0.04234420348066914, -0.12897542294329867,
    ],
  ],
  [
    'henaff',
    [4, 4],
    [
      0.9696373309116955, 0.24454743200950435, 0, 0, -0.24454743200950435, 0.9696373309116955, 0, 0, 0, 0,
      -0.9120749163490549, -0.4100235931832027, 0, 0, 0.4100235931832027, -0.9120749163490549,
    ],
  ],
  [
    'vanishing',
    [3, 3],
    // Since 2026-12-06 (CHANGELOG): eigvals balances as LAPACK 3.5+ dgebal (2-norms), which
    // moved the spectral radius used for the rescaling by 3.6e-16 relative.
    [
      0.30427223917752094, 0.13678569005368876, -0.5949379374551695, -0.21929687215843469, -0.20116328613313703,
      0.29869639330878434, -0.45644723742657356, 0.061081105304564294, 0.28653352991982983,
    ],
  ],
];

describe('seeded initializer outputs are pinned (seed 0)', () => {
  for (const [name, shape, values] of GOLDEN) {
    it(`${name} ${JSON.stringify(shape)}`, () => {
      expect(Array.from(getInitializer({ name, seed: 0 }).values(shape))).toEqual(values);
    });
  }
});
