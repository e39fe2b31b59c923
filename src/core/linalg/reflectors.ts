/**
 * Internal kernels shared by the Hessenberg, tridiagonal and bidiagonal reductions:
 * Householder reflectors in the LAPACK dlarfg convention, their backward accumulation into
 * an explicit orthogonal matrix, a scaled hypot and plane rotations on rows.
 *
 * Not part of the public API (not re-exported from index.ts): the arguments are raw
 * Float64Array offsets and strides, chosen so the callers' inner loops stay on contiguous rows.
 */

/** Smallest positive normal double (LAPACK dlamch('S')). */
export const SAFMIN = 2.2250738585072014e-308;
/** Threshold below which a reflector's beta is rescaled (dlamch('S') / dlamch('E')). */
const RESCALE_BELOW = SAFMIN / Number.EPSILON;

/** sqrt(a² + b²) without overflow or destructive underflow; a fast path for moderate values. */
export function hypot2(a: number, b: number): number {
  const x = a < 0 ? -a : a;
  const y = b < 0 ? -b : b;
  const big = Math.max(x, y);
  const small = Math.min(x, y);
  if (big === 0 || Number.isNaN(big)) return big;
  if (big < 1e150 && small > 1e-150) return Math.sqrt(x * x + y * y);
  const r = small / big;
  return big * Math.sqrt(1 + r * r);
}

/** Euclidean norm of `len` entries of x starting at `off` with stride `stride`, scaled. */
export function norm2Strided(x: Float64Array, off: number, stride: number, len: number): number {
  let scale = 0;
  for (let i = 0, p = off; i < len; i++, p += stride) {
    const a = Math.abs(x[p]);
    if (a > scale) scale = a;
  }
  if (scale === 0 || !Number.isFinite(scale)) return scale;
  if (scale < 1e150 && scale > 1e-150) {
    let s = 0;
    for (let i = 0, p = off; i < len; i++, p += stride) s += x[p] * x[p];
    return Math.sqrt(s);
  }
  const inv = 1 / scale;
  let s = 0;
  for (let i = 0, p = off; i < len; i++, p += stride) {
    const t = x[p] * inv;
    s += t * t;
  }
  return scale * Math.sqrt(s);
}

/**
 * Householder reflector H = I − tau·v·vᵀ with v₀ = 1 such that H·[α; x] = [β; 0]
 * (LAPACK dlarfg convention; Golub & Van Loan, Matrix Computations, 4th ed., 5.1.2).
 * Input: α = x[off], x = the next len − 1 entries with the given stride. Output, in place:
 * x[off] = β and the tail of v over x. Returns tau (0 when the tail is already zero, H = I).
 * β has the opposite sign of α so that α − β does not cancel.
 */
export function householder(x: Float64Array, off: number, stride: number, len: number): number {
  if (len <= 1) return 0;
  const tail = off + stride;
  let xnorm = norm2Strided(x, tail, stride, len - 1);
  if (xnorm === 0) return 0;
  let alpha = x[off];
  let beta = -Math.sign(alpha || 1) * hypot2(alpha, xnorm);
  // A tiny beta would make 1/(α − β) overflow: rescale by 1/RESCALE_BELOW until it is safe.
  let knt = 0;
  if (Math.abs(beta) < RESCALE_BELOW) {
    const up = 1 / RESCALE_BELOW;
    do {
      knt++;
      for (let i = 1, p = tail; i < len; i++, p += stride) x[p] *= up;
      beta *= up;
      alpha *= up;
    } while (Math.abs(beta) < RESCALE_BELOW && knt < 20);
    xnorm = norm2Strided(x, tail, stride, len - 1);
    beta = -Math.sign(alpha || 1) * hypot2(alpha, xnorm);
  }
  const tau = (beta - alpha) / beta;
  const f = 1 / (alpha - beta);
  for (let i = 1, p = tail; i < len; i++, p += stride) x[p] *= f;
  for (let j = 0; j < knt; j++) beta *= RESCALE_BELOW;
  x[off] = beta;
  return tau;
}

/**
 * Forms Q = H₀·H₁·…·H_{r−1}·[I; 0] (m x q, row-major; r = taus.length <= q) from reflectors
 * stored LAPACK-style in `store` (row stride `ld`): reflector k acts on indices k+s … m−1
 * (s = `shift`: 1 for the Hessenberg and tridiagonal reductions, 0 for the left reflectors of
 * the bidiagonal reduction); its v has v₀ = 1 implicit and the tail in rows k+s+1 … m−1 of
 * column k. Backward accumulation (each step touches only the trailing block), applied from
 * the left so that every update streams along rows. About 4mq² − 4/3·q³ flops.
 */
export function accumulateReflectors(
  store: Float64Array,
  ld: number,
  m: number,
  q: number,
  taus: Float64Array,
  shift: number,
): Float64Array {
  const out = new Float64Array(m * q);
  for (let i = 0; i < Math.min(m, q); i++) out[i * q + i] = 1;
  const v = new Float64Array(m);
  const w = new Float64Array(q);
  for (let k = taus.length - 1; k >= 0; k--) {
    const tau = taus[k];
    if (tau === 0) continue;
    const s = k + shift;
    v[s] = 1;
    for (let i = s + 1; i < m; i++) v[i] = store[i * ld + k];
    // Columns < s of rows >= s are zero in the partial product, so only columns s..q-1 change.
    w.fill(0, s, q);
    for (let i = s; i < m; i++) {
      const vi = v[i];
      if (vi === 0) continue;
      const r = i * q;
      for (let j = s; j < q; j++) w[j] += vi * out[r + j];
    }
    for (let i = s; i < m; i++) {
      const f = tau * v[i];
      if (f === 0) continue;
      const r = i * q;
      for (let j = s; j < q; j++) out[r + j] -= f * w[j];
    }
  }
  return out;
}

/**
 * Plane rotation of rows p and q of a row-major matrix with `cols` columns:
 * row_p ← c·row_p + s·row_q, row_q ← c·row_q − s·row_p (BLAS drot on rows).
 */
export function rotateRows(a: Float64Array, cols: number, p: number, q: number, c: number, s: number): void {
  const rp = p * cols;
  const rq = q * cols;
  for (let j = 0; j < cols; j++) {
    const x = a[rp + j];
    const y = a[rq + j];
    a[rp + j] = c * x + s * y;
    a[rq + j] = c * y - s * x;
  }
}

/** Square transpose of an n x n row-major buffer into a new buffer. */
export function transposeSquare(a: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  const B = 32;
  for (let ii = 0; ii < n; ii += B) {
    const iEnd = Math.min(ii + B, n);
    for (let jj = 0; jj < n; jj += B) {
      const jEnd = Math.min(jj + B, n);
      for (let i = ii; i < iEnd; i++) for (let j = jj; j < jEnd; j++) out[j * n + i] = a[i * n + j];
    }
  }
  return out;
}

/**
 * Index of the pivot component used by the sign/phase conventions: the first component whose
 * modulus is at least (1 − 1e-8)·max modulus. The tolerance keeps exact ties that rounding
 * splits (e.g. (1, 1)/√2) on the first index. `mod2(i)` is the squared modulus.
 */
export function pivotIndex(len: number, mod2: (i: number) => number): number {
  let max = 0;
  for (let i = 0; i < len; i++) {
    const m = mod2(i);
    if (m > max) max = m;
  }
  const thresh = max * (1 - 2e-8);
  for (let i = 0; i < len; i++) if (mod2(i) >= thresh) return i;
  return 0;
}
