/**
 * Only the frames shown: the Lab computes every `computeStride`-th step of a linear W^t with
 * core's `stridedPowerFrames` (W^stride by binary powering, then one product per shown frame)
 * instead of one product per step. This file holds the frame budget, a fact of the page.
 */

/** Products a single n x n matmul "costs" in the frame budget below. */
const BUDGET_PRODUCTS_AT_512 = 64;

/**
 * The stride at which a linear W^t figure computes its frames: every step while the products
 * fit the budget (64 products of 512 x 512: about 1 s of the SIMD kernel on a quiet machine), every
 * k-th step beyond it. Small matrices always get every step.
 */
export function computeStride(n: number, steps: number): number {
  const maxFrames = Math.max(64, Math.floor((BUDGET_PRODUCTS_AT_512 * 512 ** 3) / Math.max(1, n) ** 3));
  return Math.max(1, Math.ceil(steps / maxFrames));
}
