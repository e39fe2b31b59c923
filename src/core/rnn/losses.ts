/**
 * Losses of the RNN lab on the output buffer of `rnnForward`, each with its gradient.
 *
 * - `softmaxCrossEntropy`: a softmax over the d_out outputs at every step, cross-entropy
 *   against a class per step, averaged over all steps and sequences (the copying task's loss,
 *   Arjovsky et al. 2016). Log-sum-exp with the max subtracted, so large logits do not overflow.
 * - `mseLast`: mean squared error of the last step's outputs, averaged over sequences and output
 *   units (the adding problem's loss, Le et al. 2015).
 */

/** Names of the losses (the task decides which one is used). */
export const LOSSES = ['softmaxCrossEntropy', 'mseLast'] as const;
export type LossName = (typeof LOSSES)[number];

/**
 * Mean cross-entropy of `count` softmax rows of width `classes` in `y` (row r at r·ld, ld ≥
 * classes, default classes) against integer `targets[r]` ∈ [0, classes). If `dy` is given,
 * writes dL/dy there in the same layout ((softmax - onehot) / count; columns classes..ld−1 not
 * touched); `dy` must not alias `y`. Returns the mean loss (NaN if y holds NaN). Cost count·classes.
 */
export function softmaxCrossEntropy(
  y: Float64Array,
  targets: Int32Array,
  count: number,
  classes: number,
  dy: Float64Array | null,
  ld: number = classes,
): number {
  let total = 0;
  const inv = 1 / count;
  for (let r = 0; r < count; r++) {
    const off = r * ld;
    let max = y[off]!;
    for (let k = 1; k < classes; k++) if (y[off + k]! > max) max = y[off + k]!;
    // Shift by the max and never add it back: log Σ exp(y - max) - (y_target - max) keeps full
    // precision even for logits of 1e5 and more (no cancellation against a large log Z).
    // With dy, each exp(y - max) is parked in dy and scaled in place below (one Math.exp per
    // entry instead of two: the same values, so the same bits; dy must not alias y).
    let sum = 0;
    if (dy) {
      for (let k = 0; k < classes; k++) {
        const e = Math.exp(y[off + k]! - max);
        dy[off + k] = e;
        sum += e;
      }
    } else {
      for (let k = 0; k < classes; k++) sum += Math.exp(y[off + k]! - max);
    }
    const target = targets[r]!;
    total += Math.log(sum) - (y[off + target]! - max);
    if (dy) {
      const s = inv / sum;
      for (let k = 0; k < classes; k++) dy[off + k] = dy[off + k]! * s;
      dy[off + target] = dy[off + target]! - inv;
    }
  }
  return total * inv;
}

/**
 * Mean squared error of `rows` x `width` outputs `y` against `targets` (same layout): the mean
 * of (y - target)² over all rows·width entries. If `dy` is given, writes 2(y - target)/(rows·width).
 * y and dy may have rows of ld ≥ width entries (default width; targets: width).
 */
export function mseLast(
  y: Float64Array,
  targets: Float64Array,
  rows: number,
  width: number,
  dy: Float64Array | null,
  ld: number = width,
): number {
  const count = rows * width;
  let total = 0;
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < width; k++) {
      const e = y[r * ld + k]! - targets[r * width + k]!;
      total += e * e;
      if (dy) dy[r * ld + k] = (2 * e) / count;
    }
  }
  return total / count;
}

/**
 * Fraction of rows r in [from, to) whose argmax over `classes` outputs equals `targets[r]`
 * (ties go to the lowest index). Rows are laid out as in `softmaxCrossEntropy`.
 */
export function argmaxAccuracy(
  y: Float64Array,
  targets: Int32Array,
  from: number,
  to: number,
  classes: number,
): { correct: number; total: number } {
  let correct = 0;
  for (let r = from; r < to; r++) {
    const off = r * classes;
    let best = 0;
    for (let k = 1; k < classes; k++) if (y[off + k]! > y[off + best]!) best = k;
    if (best === targets[r]) correct++;
  }
  return { correct, total: to - from };
}
