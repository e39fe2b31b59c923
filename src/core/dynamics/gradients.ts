/**
 * Gradients through time for h_t = f(a_t), a_t = W h_{t-1} + u_t + b. The Jacobian of h_t
 * with respect to h_{t-1} is J_t = diag(f'(a_t))·W, so
 *   ∂h_T/∂h_t = J_T·J_{T-1}···J_{t+1}   (= W^{T-t} for linear f).
 * Vanishing and exploding gradients are the decay or growth of these products with T − t.
 * For orthogonal W and linear f every product is orthogonal: all singular values 1
 * (dynamical isometry; Saxe, McClelland & Ganguli 2014; Pennington et al. 2017).
 */

import { DomainError, ShapeError, fmt } from '../errors.js';
import { type Matrix, assertFinite, assertMatrix, assertSquare, identity, zeros } from '../linalg/matrix.js';
import { matTvec, matmulInto, matvec } from '../linalg/matmul.js';
import { normFrobenius } from '../linalg/norms.js';
import { singularValues } from '../linalg/svd.js';
import { type Activation, activationDerivative, applyActivation, parseActivation } from './activation.js';

export interface GradientOptions {
  /** T, the number of steps. Integer >= 1. */
  readonly steps: number;
  readonly activation?: Activation;
  /** Initial state h_0 (length n). Default (1, ..., 1)/sqrt(n). */
  readonly h0?: ArrayLike<number>;
  readonly bias?: ArrayLike<number>;
  /** Inputs u_t as a T x n matrix (row t-1 at step t). */
  readonly inputs?: Matrix;
  /** Upstream gradient ∂L/∂h_T for `vector` norms. Default (1, ..., 1)/sqrt(n). */
  readonly upstream?: ArrayLike<number>;
  /**
   * Also form the n x n products ∂h_T/∂h_t (O(T·n³)) for their Frobenius norms and the singular
   * values of the whole product. Default true.
   */
  readonly jacobians?: boolean;
}

export interface GradientResult {
  readonly n: number;
  readonly steps: number;
  readonly activation: Activation;
  /** ‖∂L/∂h_t‖_2 for t = 0..T (index t), with ∂L/∂h_T = upstream: the back-propagated gradient. */
  readonly vector: number[];
  /** ‖∂h_T/∂h_t‖_F for t = 0..T; [] without jacobians. ‖·‖_F/√n is the RMS singular value. */
  readonly frobenius: number[];
  /** Singular values of ∂h_T/∂h_0, descending; [] without jacobians. */
  readonly singularValues: number[];
  /** First step (counting back from T) where a norm overflowed, or null. */
  readonly overflowAt: number | null;
}

function unitOnes(n: number): Float64Array {
  return new Float64Array(n).fill(1 / Math.sqrt(n));
}

function vectorArg(name: string, v: ArrayLike<number> | undefined, n: number): Float64Array {
  if (v === undefined) return unitOnes(n);
  if (v.length !== n) throw new ShapeError(`gradientNorms: ${name} has length ${v.length}, expected ${n}.`);
  const out = Float64Array.from(v);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(out[i]))
      throw new DomainError(`gradientNorms: ${name}[${i}] is ${fmt(out[i]!)}; it must be finite.`);
  }
  return out;
}

/** Norms of the gradients through time; see GradientResult. */
export function gradientNorms(w: Matrix, options: GradientOptions): GradientResult {
  assertMatrix('gradientNorms', w);
  assertSquare('gradientNorms', w);
  assertFinite('gradientNorms', w);
  const n = w.rows;
  const T = options.steps;
  if (!Number.isInteger(T) || T < 1)
    throw new DomainError(`gradientNorms: steps must be an integer >= 1, got ${fmt(T)}.`);
  const activation = parseActivation(options.activation ?? 'linear');
  const h0 = vectorArg('h0', options.h0, n);
  const bias = options.bias === undefined ? undefined : vectorArg('bias', options.bias, n);
  const g = vectorArg('upstream', options.upstream, n);
  const inputs = options.inputs;
  if (inputs !== undefined) {
    assertMatrix('gradientNorms inputs', inputs);
    if (inputs.rows < T || inputs.cols !== n) {
      throw new ShapeError(`gradientNorms: inputs must be at least ${T} x ${n}, got ${inputs.rows}x${inputs.cols}.`);
    }
  }
  // Forward pass: keep f'(a_t) for t = 1..T (row t-1).
  const deriv = new Float64Array(T * n);
  let h = h0;
  const dv = new Float64Array(n);
  for (let t = 1; t <= T; t++) {
    const a = matvec(w, h);
    for (let i = 0; i < n; i++) a[i] = a[i]! + ((bias?.[i] ?? 0) + (inputs ? inputs.data[(t - 1) * n + i]! : 0));
    const hn = a.slice();
    applyActivation(activation, hn);
    activationDerivative(activation, a, hn, dv);
    deriv.set(dv, (t - 1) * n);
    h = hn;
  }
  // Backward: g_{t-1} = J_tᵀ g_t = Wᵀ (f'(a_t) ⊙ g_t);  P ← P·diag(f'(a_t))·W.
  const vector = new Array<number>(T + 1);
  const frobenius: number[] = [];
  const wantJac = options.jacobians ?? true;
  let overflowAt: number | null = null;
  vector[T] = normOf(g);
  let P = wantJac ? identity(n) : null;
  let next = wantJac ? zeros(n, n) : null; // the other buffer of the P ← P·W ping-pong
  if (P) frobenius[T] = Math.sqrt(n);
  const gd = new Float64Array(n);
  let gv = g;
  for (let t = T; t >= 1; t--) {
    const off = (t - 1) * n;
    for (let i = 0; i < n; i++) gd[i] = deriv[off + i]! * gv[i]!;
    gv = matTvec(w, gd);
    vector[t - 1] = normOf(gv);
    if (P && next) {
      // P·diag(f'(a_t)): skipped for linear f, where every f' is exactly 1.
      if (activation !== 'linear') {
        const pd = P.data;
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) pd[i * n + j] = pd[i * n + j]! * deriv[off + j]!;
        }
      }
      const prev = P;
      P = matmulInto(next, P, w);
      next = prev;
      frobenius[t - 1] = normFrobenius(P);
    }
    if (overflowAt === null && (!Number.isFinite(vector[t - 1]) || (P && !Number.isFinite(frobenius[t - 1])))) {
      overflowAt = t - 1;
    }
  }
  const sv = P && overflowAt === null ? Array.from(singularValues(P)) : [];
  return { n, steps: T, activation, vector, frobenius: P ? frobenius : [], singularValues: sv, overflowAt };
}

/** Euclidean norm of a vector (scaled, no overflow): linalg's Frobenius norm of one column. */
function normOf(v: Float64Array): number {
  return normFrobenius({ rows: v.length, cols: 1, data: v });
}
