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
 * column k. Backward accumulation: each step touches only the trailing block, rows s… and
 * columns s…, as w = vᵀ·Q followed by Q −= τ·v·wᵀ. The update of reflector k is applied in
 * the same pass over the rows that forms w for reflector k−1 (four rows at a time), so Q is
 * streamed once per reflector. About 4mq² − 4/3·q³ flops.
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
  const pv = new Float64Array(m); // pending update out[i, j] −= pv_i·pw_j (pv carries τ)
  const pw = new Float64Array(q);
  let pendingFrom = -1; // first row and column of the pending update, −1 if none
  for (let k = taus.length - 1; k >= 0; k--) {
    const tau = taus[k];
    if (tau === 0) continue;
    const s = k + shift;
    v[s] = 1;
    for (let i = s + 1; i < m; i++) v[i] = store[i * ld + k];
    // Rows s … first−1 are still rows of the identity (first = the start of the pending
    // update, or all rows for the first reflector): row i adds v_i·e_i to w.
    const first = pendingFrom >= 0 ? pendingFrom : m;
    w.fill(0, s, q);
    for (let i = s; i < Math.min(first, q); i++) w[i] = v[i];
    if (pendingFrom >= 0) applyAndAccumulate(out, q, pendingFrom, m, pv, pw, v, w);
    for (let i = s; i < m; i++) pv[i] = tau * v[i];
    pw.set(w.subarray(s, q), s);
    pendingFrom = s;
  }
  if (pendingFrom >= 0) {
    for (let i = pendingFrom; i < m; i++) {
      const f = pv[i];
      if (f === 0) continue;
      const r = i * q;
      for (let j = pendingFrom; j < q; j++) out[r + j] -= f * pw[j];
    }
  }
  return out;
}

/**
 * Rows r0..r1−1, columns r0..q−1: out[i, j] −= pv_i·pw_j (the pending update), then
 * w[j] += v_i·out[i, j]. (Columns < r0 of these rows are zero and add nothing to w.)
 */
function applyAndAccumulate(
  out: Float64Array,
  q: number,
  r0: number,
  r1: number,
  pv: Float64Array,
  pw: Float64Array,
  v: Float64Array,
  w: Float64Array,
): void {
  const from = r0;
  let i = r0;
  for (; i + 3 < r1; i += 4) {
    const a = i * q;
    const b = a + q;
    const c = b + q;
    const d = c + q;
    const f0 = pv[i];
    const f1 = pv[i + 1];
    const f2 = pv[i + 2];
    const f3 = pv[i + 3];
    const v0 = v[i];
    const v1 = v[i + 1];
    const v2 = v[i + 2];
    const v3 = v[i + 3];
    for (let j = from; j < q; j++) {
      const pj = pw[j];
      const x0 = out[a + j] - f0 * pj;
      const x1 = out[b + j] - f1 * pj;
      const x2 = out[c + j] - f2 * pj;
      const x3 = out[d + j] - f3 * pj;
      out[a + j] = x0;
      out[b + j] = x1;
      out[c + j] = x2;
      out[d + j] = x3;
      w[j] += v0 * x0 + v1 * x1 + (v2 * x2 + v3 * x3);
    }
  }
  for (; i < r1; i++) {
    const a = i * q;
    const f = pv[i];
    const vi = v[i];
    for (let j = from; j < q; j++) {
      const x = out[a + j] - f * pw[j];
      out[a + j] = x;
      w[j] += vi * x;
    }
  }
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

/**
 * A chain of plane rotations on consecutive rows of a row-major matrix (`cols` columns), as a
 * QR sweep produces them (LAPACK dlasr with pivot 'V'). Ascending: for k = lo … hi−1, rows
 * (k, k+1) get row_k ← c_k·row_k + s_k·row_{k+1}, row_{k+1} ← c_k·row_{k+1} − s_k·row_k.
 * Descending: for k = hi … lo+1, rows (k, k−1) likewise with (c_k, s_k). Same result as
 * `rotateRows` called in that order, but each column is run through the whole chain with the
 * carried row value in a register (four columns at a time), so every entry is loaded and
 * stored once per sweep instead of twice.
 */
export function rotationChain(
  a: Float64Array,
  cols: number,
  lo: number,
  hi: number,
  cs: Float64Array,
  sn: Float64Array,
  descending: boolean,
): void {
  if (hi <= lo) return;
  const step = descending ? -cols : cols;
  const first = descending ? hi : lo;
  const count = hi - lo;
  let j = 0;
  for (; j + 3 < cols; j += 4) {
    let p = first * cols + j;
    let x0 = a[p];
    let x1 = a[p + 1];
    let x2 = a[p + 2];
    let x3 = a[p + 3];
    for (let t = 0, k = first; t < count; t++, k += descending ? -1 : 1) {
      const c = cs[k];
      const s = sn[k];
      const q = p + step;
      const y0 = a[q];
      const y1 = a[q + 1];
      const y2 = a[q + 2];
      const y3 = a[q + 3];
      a[p] = c * x0 + s * y0;
      a[p + 1] = c * x1 + s * y1;
      a[p + 2] = c * x2 + s * y2;
      a[p + 3] = c * x3 + s * y3;
      x0 = c * y0 - s * x0;
      x1 = c * y1 - s * x1;
      x2 = c * y2 - s * x2;
      x3 = c * y3 - s * x3;
      p = q;
    }
    a[p] = x0;
    a[p + 1] = x1;
    a[p + 2] = x2;
    a[p + 3] = x3;
  }
  for (; j < cols; j++) {
    let p = first * cols + j;
    let x = a[p];
    for (let t = 0, k = first; t < count; t++, k += descending ? -1 : 1) {
      const c = cs[k];
      const s = sn[k];
      const q = p + step;
      const y = a[q];
      a[p] = c * x + s * y;
      x = c * y - s * x;
      p = q;
    }
    a[p] = x;
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
