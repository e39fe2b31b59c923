/**
 * One entry point for both gated cells: dispatches on the workspace's cell to lstm.ts / gru.ts.
 * Callers that hold a `GatedWorkspace` (training loops, probes, tests) need not branch.
 */

import type { GatedParams } from './gatedParams.js';
import type { GatedWorkspace } from './gatedWorkspace.js';
import { gruBackward, gruForward } from './gru.js';
import { type GatedBackwardOptions, type GatedForwardOptions, lstmBackward, lstmForward } from './lstm.js';

/** `lstmForward` or `gruForward`, by `ws.dims.cell`. */
export function gatedForward(
  p: GatedParams,
  x: Float64Array,
  rows: number,
  ws: GatedWorkspace,
  options: GatedForwardOptions = {},
): void {
  if (ws.dims.cell === 'lstm') lstmForward(p, x, rows, ws, options);
  else gruForward(p, x, rows, ws, options);
}

/** `lstmBackward` or `gruBackward`, by `ws.dims.cell`. */
export function gatedBackward(
  p: GatedParams,
  x: Float64Array,
  ws: GatedWorkspace,
  dH: Float64Array,
  options: GatedBackwardOptions = {},
): void {
  if (ws.dims.cell === 'lstm') lstmBackward(p, x, ws, dH, options);
  else gruBackward(p, x, ws, dH, options);
}
