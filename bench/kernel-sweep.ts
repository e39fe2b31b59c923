/**
 * In-cache micro-kernel sweep behind the 4 x 3 choice in src/core/linalg/gemm.ts: generates the
 * MR x NR register-tile kernel for several shapes (and k-unrolled variants), runs each on two
 * packed panels that fit in L1 (kc = 256) and prints the best GFLOP/s of 30 short runs.
 *
 *   npx tsx bench/kernel-sweep.ts
 *
 * Not run by `npm run bench`. Generated with `new Function` here only; the library's kernel is
 * written out by hand.
 */

type Kernel = (kc: number, w: Float64Array, ai: number, bi: number, c: Float64Array, cOff: number, ldc: number) => void;

function generate(mr: number, nr: number, unroll: number): Kernel {
  const ix = (base: string, off: number): string => (off === 0 ? base : `((${base} + ${off}) | 0)`);
  const step = (u: number): string => {
    let s = '';
    for (let r = 0; r < mr; r++) s += `const a${r}_${u} = w[${ix('ia', r + u * mr)}];`;
    for (let c = 0; c < nr; c++) {
      s += `{ const b = w[${ix('ib', c + u * nr)}];`;
      for (let r = 0; r < mr; r++) s += `c${r}${c} += a${r}_${u} * b;`;
      s += '}';
    }
    return s;
  };
  const acc: string[] = [];
  for (let r = 0; r < mr; r++) for (let c = 0; c < nr; c++) acc.push(`c${r}${c} = 0`);
  let body = `let ia = ai | 0, ib = bi | 0; let ${acc.join(', ')}; let p = 0;\n`;
  body += `for (; p + ${unroll - 1} < kc; p += ${unroll}) { ${Array.from({ length: unroll }, (_, u) => step(u)).join('')} ia = (ia + ${mr * unroll}) | 0; ib = (ib + ${nr * unroll}) | 0; }\n`;
  body += `for (; p < kc; p++) { ${step(0)} ia = (ia + ${mr}) | 0; ib = (ib + ${nr}) | 0; }\n`;
  for (let r = 0; r < mr; r++) for (let c = 0; c < nr; c++) body += `c[cOff + ${r} * ldc + ${c}] += c${r}${c};`;
  return new Function('kc', 'w', 'ai', 'bi', 'c', 'cOff', 'ldc', body) as Kernel;
}

const kc = 256;
const w = new Float64Array(kc * 16).map((_, i) => Math.sin(i));
const c = new Float64Array(64);
const shapes: [number, number, number][] = [
  [4, 3, 1],
  [3, 4, 1],
  [2, 5, 1],
  [3, 3, 1],
  [2, 6, 1],
  [4, 4, 1],
  [2, 4, 1],
  [1, 8, 1],
  [4, 3, 2],
  [4, 4, 2],
  [4, 3, 4],
];
const cases = shapes.map(([mr, nr, u]) => ({
  label: `${mr}x${nr}${u > 1 ? ` unroll ${u}` : ''}`,
  k: generate(mr, nr, u),
  flops: 2 * mr * nr * kc,
  best: 0,
}));
for (const t of cases) for (let r = 0; r < 3000; r++) t.k(kc, w, 0, kc * 8, c, 0, 8);
const reps = 240;
for (let round = 0; round < 30; round++) {
  for (const t of cases) {
    const t0 = performance.now();
    for (let r = 0; r < reps; r++) t.k(kc, w, 0, kc * 8, c, 0, 8);
    t.best = Math.max(t.best, (t.flops * reps) / (performance.now() - t0) / 1e6);
  }
}
cases.sort((p, q) => q.best - p.best);
console.log('| kernel | GFLOP/s (best of 30) |\n| --- | --- |');
for (const t of cases) console.log(`| ${t.label} | ${t.best.toFixed(2)} |`);
