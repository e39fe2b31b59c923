// Dumps a dense sweep of the gated cells' exp, sigmoid and tanh (src/core/rnn/gatedActivations.ts)
// and of their Math.* counterparts, for scripts/activations_ulp.py, which measures both against
// mpmath. Rows of 7 float64: x, gateExp, Math.exp, gateSigmoid, Math-based sigmoid, gateTanh,
// Math.tanh.
//
//   npx tsx scripts/activations-ulp.ts OUT.bin [N]
import { writeFileSync } from 'node:fs';
import { gateExp, gateSigmoid, gateTanh } from '../src/core/rnn/gatedActivations.js';
import { createRng } from '../src/core/random/index.js';

const [out, count] = [process.argv[2], Number(process.argv[3] ?? 1_000_000)];
if (out === undefined || !Number.isInteger(count) || count < 1) {
  console.error('usage: npx tsx scripts/activations-ulp.ts OUT.bin [N]');
  process.exit(2);
}
const rng = createRng(2026);
const rows = new Float64Array(7 * count);
const mathSigmoid = (x: number): number => {
  const e = Math.exp(-Math.abs(x));
  return (x < 0 ? e : 1) / (1 + e);
};
for (let i = 0; i < count; i++) {
  // Dense over [-1, 1] and [-20, 20] (where the gates live and tanh saturates), the whole range
  // of exp ([-746, 710]), and magnitudes 2^-60 .. 1 of both signs.
  const u = rng.next();
  const m = i % 5;
  const x =
    m === 0
      ? 2 * u - 1
      : m === 1
        ? 40 * u - 20
        : m === 2
          ? 1456 * u - 746
          : m === 3
            ? 8 * u - 4
            : (i % 2 === 0 ? 1 : -1) * 2 ** (-60 * u);
  rows.set([x, gateExp(x), Math.exp(x), gateSigmoid(x), mathSigmoid(x), gateTanh(x), Math.tanh(x)], 7 * i);
}
writeFileSync(out, rows);
