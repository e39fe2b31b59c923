/**
 * Reads a sweep plan file and expands it with core's `expandSweepPlan`. A file that is not JSON
 * or a plan that does not validate is a UsageError (exit 2) naming the field. Unless the plan
 * sets `checkpointEvery`, runs checkpoint as `train --out` does (about 20 times per run), the
 * same for a local and a queued sweep, so both have the same run ids.
 */

import { type SweepPlan, expandSweepPlan } from '../../core/index.js';
import { UsageError, asUsage } from '../errors.js';
import { readInputFile } from '../files.js';
import { defaultCheckpointEvery } from '../cmd/train.js';
import { errorMessage } from '../../core/index.js';

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The plan with the default checkpoint interval filled in (when it can be). */
export function withDefaultCheckpoints(doc: unknown): unknown {
  if (!isObject(doc)) return doc;
  const axes = doc.axes ?? {};
  const fixed = doc.fixed ?? {};
  if (!isObject(axes) || !isObject(fixed) || 'checkpointEvery' in axes || 'checkpointEvery' in fixed) return doc;
  const steps = Array.isArray(axes.steps) ? axes.steps : [fixed.steps ?? 1000];
  const numeric = steps.filter((s): s is number => typeof s === 'number' && Number.isFinite(s));
  if (numeric.length === 0) return doc;
  return { ...doc, fixed: { ...fixed, checkpointEvery: defaultCheckpointEvery(Math.min(...numeric)) } };
}

export async function loadPlan(path: string, cwd: string): Promise<SweepPlan> {
  const bytes = await readInputFile(path, cwd);
  let doc: unknown;
  try {
    doc = JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    throw new UsageError(`plan '${path}' is not valid JSON: ${errorMessage(e)}.`);
  }
  return asUsage(() => expandSweepPlan(withDefaultCheckpoints(doc)));
}
