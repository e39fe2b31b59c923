/** `ortholab fib N`: F^N three ways (core `fibonacciReport`), exact value and float64 error. */

import { type FibReport, fibonacciReport } from '../../core/index.js';
import { typed } from '../args.js';
import type { Context } from '../context.js';
import { fmtNum, formatTable } from '../output.js';

/** A 2x2 matrix of exact decimal strings or float64 values as [[a, b], [c, d]]. */
function mat(m: readonly (readonly (string | number)[])[]): string {
  return `[${m.map((r) => `[${r.map((v) => String(v)).join(', ')}]`).join(', ')}]`;
}

/** Long exact integers are shortened for the table (JSON keeps every digit). */
function shortInt(s: string): string {
  return s.length <= 24 ? s : `${s.slice(0, 10)}...${s.slice(-6)} (${s.length} digits)`;
}

export function fibText(r: FibReport, ctx: Context): string {
  const { bold, green, red } = ctx.style;
  const n = r.n;
  const lines: string[] = [];
  lines.push(
    `${bold(`F^${n}`)} with F = [[0, 1], [1, 1]]: F^${n} = [[Fib(${n - 1}), Fib(${n})], [Fib(${n}), Fib(${n + 1})]]`,
  );
  lines.push(`exact:  Fib(${n}) = ${shortInt(r.exact[0][1])}, Fib(${n + 1}) = ${shortInt(r.exact[1][1])}`);
  lines.push('');
  const rows = r.methods.map((m) => [
    m.method,
    mat(m.matrix.map((row) => row.map((v) => (Math.abs(v) >= 1e21 ? v.toPrecision(17) : v)))),
    fmtNum(m.maxAbsError),
    fmtNum(m.maxRelError),
    m.exact ? green('yes') : red('no'),
  ]);
  lines.push(
    formatTable(['method', `F^${n} in float64`, 'max abs error', 'max rel error', 'exact'], rows, [
      'left',
      'left',
      'right',
      'right',
      'left',
    ]),
  );
  lines.push('');
  lines.push(
    r.belowTwoPow53
      ? `Every entry is at most 2^53, an integer float64 holds exactly: any error comes from the method.`
      : `Fib(${n + 1}) > 2^53 (true from n = 78 on): float64 cannot hold every integer this large, so every float64 method rounds.`,
  );
  return lines.join('\n');
}

export async function fib(ctx: Context): Promise<number> {
  const { positionals } = typed(ctx.parsed, 'fib');
  const report = fibonacciReport(positionals.N);
  if (ctx.json) ctx.outJson(report);
  else ctx.out(fibText(report, ctx));
  return 0;
}
