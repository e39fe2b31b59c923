/**
 * Seeded test-matrix generators shared by the linear-algebra tests (QR, LU, eig, SVD, powers).
 *
 * Usage:
 *   const rng = createRng(1);
 *   const a = makeMatrix('jordan', 6, 6, rng);                   // one matrix of a kind
 *   for (const t of testMatrices({ seed: 7, count: 1000 })) {...} // a spread over kinds/shapes
 *
 * Every generator draws only from the `Rng` it is given, so a (seed, kind, size) triple always
 * gives the same matrix. Where the construction fixes them, `eigenvalues` (real, sorted
 * ascending, with multiplicity) and `rank` are reported so eigen/SVD tests can check against them.
 */

import { identity, type Matrix, transpose, zeros } from '../src/core/linalg/matrix.js';
import { matmul } from '../src/core/linalg/matmul.js';
import { qr } from '../src/core/linalg/qr.js';
import { createRng, type Rng } from '../src/core/random/rng.js';
import { fillNormal, randInt } from '../src/core/random/samplers.js';

/**
 * - gaussian: iid N(0, 1), any shape.
 * - orthogonal: orthonormal columns (tall/square) or rows (wide), Q of the QR of a Gaussian.
 * - upperTriangular / lowerTriangular: Gaussian entries on and above (below) the diagonal, any shape.
 * - diagonal: Gaussian diagonal, any shape.
 * - zero: all zeros, any shape.
 * - rankDeficient: U·V with U m x r, V r x n Gaussian, 0 ≤ r < min(m, n) (r = 0 gives zero).
 * - symmetric: (G + Gᵀ)/2, square.
 * - companion: companion matrix of a monic polynomial with N(0, 1) coefficients, square
 *   (ones on the subdiagonal, -coefficients in the last column).
 * - repeated: Q·diag(λ)·Qᵀ with only two distinct eigenvalues (1 and -2), square, symmetric.
 * - clustered: Q·diag(λ)·Qᵀ, half the eigenvalues within 1e-8 of 1 and the rest spread, square.
 * - jordan: direct sum of Jordan blocks (sizes 1..4, eigenvalues from {-1, 0.5, 1, 2}), square,
 *   defective when a block has size > 1.
 * - nonnormal: Q·T·Qᵀ with T upper triangular (Gaussian diagonal = eigenvalues), square.
 * - shear: I + e_0·e_{n-1}ᵀ, square; n = 2 gives the article's [[1, 1], [0, 1]].
 */
export type MatrixKind =
  | 'gaussian'
  | 'orthogonal'
  | 'upperTriangular'
  | 'lowerTriangular'
  | 'diagonal'
  | 'zero'
  | 'rankDeficient'
  | 'symmetric'
  | 'companion'
  | 'repeated'
  | 'clustered'
  | 'jordan'
  | 'nonnormal'
  | 'shear';

/** Kinds defined for any shape; the others are square only. */
export const RECTANGULAR_KINDS: readonly MatrixKind[] = [
  'gaussian',
  'orthogonal',
  'upperTriangular',
  'lowerTriangular',
  'diagonal',
  'zero',
  'rankDeficient',
];

export const SQUARE_KINDS: readonly MatrixKind[] = [
  'symmetric',
  'companion',
  'repeated',
  'clustered',
  'jordan',
  'nonnormal',
  'shear',
];

export const MATRIX_KINDS: readonly MatrixKind[] = [...RECTANGULAR_KINDS, ...SQUARE_KINDS];

export interface TestMatrix {
  kind: MatrixKind;
  /** e.g. 'jordan 6x6 #17': kind, shape and index in the generated list, for failure messages. */
  label: string;
  a: Matrix;
  /** Real eigenvalues with multiplicity, ascending, when the construction fixes them. */
  eigenvalues?: number[] | undefined;
  /** The rank when the construction fixes it (exact arithmetic). */
  rank?: number;
}

/** An m x n matrix with iid N(0, 1) entries. */
export function gaussian(m: number, n: number, rng: Rng): Matrix {
  const a = zeros(m, n);
  fillNormal(rng, a.data);
  return a;
}

/** A Haar-ish orthogonal factor: m x n with orthonormal columns (m ≥ n) or rows (m < n). */
export function orthogonal(m: number, n: number, rng: Rng): Matrix {
  if (m >= n) return qr(gaussian(m, n, rng)).q;
  return transpose(qr(gaussian(n, m, rng)).q);
}

function similarity(q: Matrix, t: Matrix): Matrix {
  return matmul(matmul(q, t), transpose(q));
}

function diagMatrix(d: readonly number[]): Matrix {
  const n = d.length;
  const a = zeros(n, n);
  for (let i = 0; i < n; i++) a.data[i * n + i] = d[i]!;
  return a;
}

const sortAsc = (x: number[]): number[] => x.sort((p, q) => p - q);

/**
 * One matrix of `kind`, m x n. Square-only kinds throw if m ≠ n. Returns the matrix together
 * with the eigenvalues/rank the construction fixes.
 */
export function makeTestMatrix(kind: MatrixKind, m: number, n: number, rng: Rng): Omit<TestMatrix, 'label'> {
  if (!RECTANGULAR_KINDS.includes(kind) && m !== n) throw new Error(`test matrix kind '${kind}' is square only`);
  const k = Math.min(m, n);
  switch (kind) {
    case 'gaussian':
      return { kind, a: gaussian(m, n, rng) };
    case 'orthogonal':
      return { kind, a: orthogonal(m, n, rng), rank: k };
    case 'upperTriangular':
    case 'lowerTriangular': {
      const a = gaussian(m, n, rng);
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) if (kind === 'upperTriangular' ? j < i : j > i) a.data[i * n + j] = 0;
      }
      const diag = Array.from({ length: k }, (_, i) => a.data[i * n + i]!);
      return m === n ? { kind, a, eigenvalues: sortAsc(diag) } : { kind, a };
    }
    case 'diagonal': {
      const a = zeros(m, n);
      const d = fillNormal(rng, new Float64Array(k));
      for (let i = 0; i < k; i++) a.data[i * n + i] = d[i]!;
      return m === n ? { kind, a, eigenvalues: sortAsc(Array.from(d)), rank: k } : { kind, a, rank: k };
    }
    case 'zero':
      return m === n
        ? { kind, a: zeros(m, n), eigenvalues: new Array(n).fill(0), rank: 0 }
        : { kind, a: zeros(m, n), rank: 0 };
    case 'rankDeficient': {
      const r = k <= 1 ? 0 : 1 + randInt(rng, k - 1);
      return { kind, a: matmul(gaussian(m, r, rng), gaussian(r, n, rng)), rank: r };
    }
    case 'symmetric': {
      const g = gaussian(n, n, rng);
      const a = zeros(n, n);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) a.data[i * n + j] = 0.5 * (g.data[i * n + j]! + g.data[j * n + i]!);
      return { kind, a };
    }
    case 'companion': {
      const c = fillNormal(rng, new Float64Array(n));
      const a = zeros(n, n);
      for (let i = 1; i < n; i++) a.data[i * n + i - 1] = 1;
      for (let i = 0; i < n; i++) a.data[i * n + n - 1] = -c[i]!;
      return { kind, a };
    }
    case 'repeated': {
      const lam = Array.from({ length: n }, (_, i) => (i % 3 === 2 ? -2 : 1));
      return { kind, a: similarity(orthogonal(n, n, rng), diagMatrix(lam)), eigenvalues: sortAsc(lam) };
    }
    case 'clustered': {
      const half = Math.ceil(n / 2);
      const lam = Array.from({ length: n }, (_, i) => (i < half ? 1 + i * 1e-8 : 2 + 3 * rng.next()));
      return { kind, a: similarity(orthogonal(n, n, rng), diagMatrix(lam)), eigenvalues: sortAsc(lam) };
    }
    case 'jordan': {
      const choices = [-1, 0.5, 1, 2];
      const a = zeros(n, n);
      const lam: number[] = [];
      let i = 0;
      while (i < n) {
        const size = Math.min(n - i, 1 + randInt(rng, 4));
        const l = choices[randInt(rng, choices.length)]!;
        for (let p = i; p < i + size; p++) {
          a.data[p * n + p] = l;
          if (p + 1 < i + size) a.data[p * n + p + 1] = 1;
          lam.push(l);
        }
        i += size;
      }
      return { kind, a, eigenvalues: sortAsc(lam) };
    }
    case 'nonnormal': {
      const t = makeTestMatrix('upperTriangular', n, n, rng);
      return { kind, a: similarity(orthogonal(n, n, rng), t.a), eigenvalues: t.eigenvalues };
    }
    case 'shear': {
      const a = identity(n);
      if (n >= 2) a.data[n - 1] = 1;
      return { kind, a, eigenvalues: new Array(n).fill(1), rank: n };
    }
  }
}

/** As makeTestMatrix, just the matrix. */
export function makeMatrix(kind: MatrixKind, m: number, n: number, rng: Rng): Matrix {
  return makeTestMatrix(kind, m, n, rng).a;
}

export interface TestMatrixOptions {
  /** Seed of the whole list (default 0). */
  seed?: number;
  /** How many matrices (default 1000). */
  count?: number;
  /** Largest dimension (default 64); sizes are drawn from 1..maxSize, biased to small ones. */
  maxSize?: number;
  /** 'square' restricts to square matrices; 'any' (default) mixes tall, square and wide. */
  shapes?: 'square' | 'any';
  /** Restrict to these kinds (default all that fit `shapes`). */
  kinds?: readonly MatrixKind[];
}

/**
 * A reproducible list spread evenly over kinds (round robin) and, for rectangular kinds, over
 * tall / square / wide. Sizes are floor(maxSize^u) (+1 half the time) for u uniform on [0, 1),
 * clamped to 1..maxSize: small sizes are common, so the list stays fast, and large ones appear.
 */
export function testMatrices(options: TestMatrixOptions = {}): TestMatrix[] {
  const seed = options.seed ?? 0;
  const count = options.count ?? 1000;
  const maxSize = options.maxSize ?? 64;
  const shapes = options.shapes ?? 'any';
  const kinds = options.kinds ?? MATRIX_KINDS;
  const rng = createRng(seed);
  const out: TestMatrix[] = [];
  const size = (): number =>
    Math.min(maxSize, Math.max(1, Math.floor(maxSize ** rng.next()) + (rng.next() < 0.5 ? 0 : 1)));
  for (let idx = 0; idx < count; idx++) {
    const kind = kinds[idx % kinds.length]!;
    let m = size();
    let n = m;
    if (shapes === 'any' && RECTANGULAR_KINDS.includes(kind)) {
      const shape = Math.floor(idx / kinds.length) % 3; // 0 square, 1 tall, 2 wide
      const other = size();
      if (shape === 1) {
        m = Math.max(m, other);
        n = Math.min(n, other);
      } else if (shape === 2) {
        m = Math.min(m, other);
        n = Math.max(n, other);
      }
    }
    const t = makeTestMatrix(kind, m, n, rng);
    out.push({ ...t, label: `${kind} ${m}x${n} #${idx}` });
  }
  return out;
}

/** The article's fixed examples: Fibonacci F, the shear S and the rotation R (REFERENCE.md §1). */
export const ARTICLE_MATRICES = {
  fibonacci: [
    [0, 1],
    [1, 1],
  ],
  shear: [
    [1, 1],
    [0, 1],
  ],
  rotation: [
    [0, 1],
    [-1, 0],
  ],
} as const;
