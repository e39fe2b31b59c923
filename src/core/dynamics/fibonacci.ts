/**
 * The article's opening example: powers of the Fibonacci matrix F = [[0, 1], [1, 1]],
 * F^n = [[Fib(n-1), Fib(n)], [Fib(n), Fib(n+1)]], computed three ways in float64 and exactly
 * with BigInt, to show where floating point stops being exact:
 * - `multiply`: n successive products I·F·F···F (exact while every entry is below 2^53, i.e.
 *   up to n = 78: Fib(79) > 2^53);
 * - `square`: repeated squaring (`matpow`), O(log n) products, exact over the same range;
 * - `eigen`: F = QΛQᵀ (F is symmetric), F^n = QΛ^nQᵀ with Λ = diag(ψ, φ), ψ = -0.6180,
 *   φ = 1.6180 (the golden ratio); rounding in Q and Λ makes it inexact much earlier.
 */

import { DomainError, fmt } from '../errors.js';
import { eig } from '../linalg/eig.js';
import { type Matrix, fromArray, identity } from '../linalg/matrix.js';
import { matmul } from '../linalg/matmul.js';
import { matpow } from '../linalg/matpow.js';

export type FibMethod = 'multiply' | 'square' | 'eigen';
export const FIB_METHODS: readonly FibMethod[] = ['multiply', 'square', 'eigen'];

/** The largest n accepted by the float64 routes: beyond it F^n overflows to Infinity. */
export const FIB_MAX_N = 1474;

/** F = [[0, 1], [1, 1]]. */
export function fibonacciMatrix(): Matrix {
  return fromArray([
    [0, 1],
    [1, 1],
  ]);
}

function checkN(n: number, max = Number.POSITIVE_INFINITY): void {
  if (!Number.isInteger(n) || n < 0 || n > max) {
    throw new DomainError(
      `Fibonacci power n must be an integer from 0 to ${max === Number.POSITIVE_INFINITY ? 'any size' : max}, got ${fmt(n)}.`,
    );
  }
}

/** Fib(n) exactly, Fib(0) = 0, Fib(1) = 1 (fast doubling, O(log n) BigInt products). */
export function fibExact(n: number): bigint {
  checkN(n, 1_000_000);
  const rec = (k: number): [bigint, bigint] => {
    if (k === 0) return [0n, 1n];
    const [a, b] = rec(k >> 1); // a = Fib(m), b = Fib(m+1), m = floor(k/2)
    const c = a * (2n * b - a);
    const d = a * a + b * b;
    return k & 1 ? [d, c + d] : [c, d];
  };
  return rec(n)[0];
}

/** F^n exactly as BigInt entries [[Fib(n-1), Fib(n)], [Fib(n), Fib(n+1)]] (Fib(-1) = 1). */
export function fibonacciPowerExact(n: number): [[bigint, bigint], [bigint, bigint]] {
  checkN(n, 1_000_000);
  const f = fibExact(n);
  const f1 = fibExact(n + 1);
  return [
    [f1 - f, f],
    [f, f1],
  ];
}

/** F^n in float64 by the chosen method. */
export function fibonacciPower(n: number, method: FibMethod = 'multiply'): Matrix {
  checkN(n, FIB_MAX_N);
  const F = fibonacciMatrix();
  switch (method) {
    case 'multiply': {
      let p = identity(2);
      for (let t = 0; t < n; t++) p = matmul(p, F);
      return p;
    }
    case 'square':
      return matpow(F, n);
    case 'eigen': {
      const { q, lambda } = fibonacciEigen();
      // Q Λ^n Qᵀ for symmetric F.
      const l0 = lambda[0] ** n;
      const l1 = lambda[1] ** n;
      const Q = q.data;
      const out = new Float64Array(4);
      for (let i = 0; i < 2; i++) {
        for (let j = 0; j < 2; j++) out[i * 2 + j] = Q[i * 2]! * l0 * Q[j * 2]! + Q[i * 2 + 1]! * l1 * Q[j * 2 + 1]!;
      }
      return { rows: 2, cols: 2, data: out };
    }
    default:
      throw new DomainError(`Unknown Fibonacci method '${String(method)}'; use one of ${FIB_METHODS.join(', ')}.`);
  }
}

/**
 * F = QΛQ⁻¹ from the general eigensolver, eigenvalues ascending: Λ = (ψ, φ) = (-0.6180, 1.6180),
 * Q's columns the unit eigenvectors (-0.8506, 0.5257) and (-0.5257, -0.8506) up to sign.
 * F is symmetric, so Q⁻¹ = Qᵀ.
 */
export function fibonacciEigen(): { q: Matrix; lambda: [number, number] } {
  const { re, vectors } = eig(fibonacciMatrix(), { vectors: true });
  if (!vectors) throw new DomainError('eig returned no eigenvectors for the Fibonacci matrix.');
  const order = re[0]! <= re[1]! ? [0, 1] : [1, 0];
  const V = vectors.re.data;
  const q = new Float64Array(4);
  for (let c = 0; c < 2; c++) {
    const src = order[c]!;
    // Sign convention of the article: first component negative.
    const s = V[src]! > 0 ? -1 : 1;
    q[c] = s * V[src]!;
    q[2 + c] = s * V[2 + src]!;
  }
  return { q: { rows: 2, cols: 2, data: q }, lambda: [re[order[0]!]!, re[order[1]!]!] };
}

export interface FibMethodResult {
  readonly method: FibMethod;
  readonly matrix: number[][];
  /** max |computed − exact| over the four entries (as a float64; Infinity on overflow). */
  readonly maxAbsError: number;
  /** max |computed − exact| / |exact| (0 when exact). */
  readonly maxRelError: number;
  readonly exact: boolean;
}

export interface FibReport {
  readonly n: number;
  /** Exact entries as decimal strings (they exceed 2^53 from n = 79). */
  readonly exact: [[string, string], [string, string]];
  readonly methods: FibMethodResult[];
  /** Whether Fib(n+1) is still below 2^53 (all integers representable). */
  readonly belowTwoPow53: boolean;
}

function errorOf(computed: Matrix, exact: [[bigint, bigint], [bigint, bigint]]): { abs: number; rel: number } {
  let abs = 0;
  let rel = 0;
  for (let i = 0; i < 2; i++) {
    for (let j = 0; j < 2; j++) {
      const c = computed.data[i * 2 + j]!;
      const e = exact[i]![j]!;
      let d: number;
      if (!Number.isFinite(c)) d = Number.POSITIVE_INFINITY;
      else if (Number.isInteger(c)) d = Math.abs(Number(BigInt(c) - e));
      else d = Math.abs(c - Number(e));
      abs = Math.max(abs, d);
      const en = Math.abs(Number(e));
      if (d > 0) rel = Math.max(rel, en === 0 ? Number.POSITIVE_INFINITY : d / en);
    }
  }
  return { abs, rel };
}

/** F^n by every method against the exact value. */
export function fibonacciReport(n: number): FibReport {
  checkN(n, FIB_MAX_N);
  const exact = fibonacciPowerExact(n);
  const methods = FIB_METHODS.map((method) => {
    const m = fibonacciPower(n, method);
    const { abs, rel } = errorOf(m, exact);
    return {
      method,
      matrix: [
        [m.data[0]!, m.data[1]!],
        [m.data[2]!, m.data[3]!],
      ],
      maxAbsError: abs,
      maxRelError: rel,
      exact: abs === 0,
    };
  });
  return {
    n,
    exact: [
      [exact[0][0].toString(), exact[0][1].toString()],
      [exact[1][0].toString(), exact[1][1].toString()],
    ],
    methods,
    belowTwoPow53: exact[1][1] <= 2n ** 53n,
  };
}

/** The smallest n at which `method` is no longer exact (searching n = 0..limit), or null. */
export function firstInexactPower(method: FibMethod, limit = 200): number | null {
  for (let n = 0; n <= Math.min(limit, FIB_MAX_N); n++) {
    if (errorOf(fibonacciPower(n, method), fibonacciPowerExact(n)).abs !== 0) return n;
  }
  return null;
}

/**
 * The golden-ratio demo: round(start · φ^i) for i = 0..count-1 (13 gives 13, 21, 34, 55, 89)
 * and the ratios Fib(k+1)/Fib(k) for k = 1..count converging to φ.
 */
export function goldenRatioDemo(start = 13, count = 5): { phi: number; sequence: number[]; ratios: number[] } {
  const phi = (1 + Math.sqrt(5)) / 2;
  const sequence = Array.from({ length: count }, (_, i) => Math.round(start * phi ** i));
  const ratios = Array.from({ length: count }, (_, k) => Number(fibExact(k + 2)) / Number(fibExact(k + 1)));
  return { phi, sequence, ratios };
}
