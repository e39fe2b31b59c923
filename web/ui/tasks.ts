/**
 * Splitting the page's work into tasks, so that no single task keeps the main thread for long
 * (the explorer's load budget, issue 12): `nextTask` resumes in a new task without a timer's
 * 4 ms clamp; `afterPaint` resumes once the page has been rendered.
 */

/** Resolves on the next task (a message, not a 4 ms-clamped timer), so the page can paint. */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      resolve();
    };
    ch.port2.postMessage(0);
  });
}

/**
 * Resolves in the task after the next rendering update (the page has been laid out and
 * painted), or on the next task when the page is hidden (no frames are rendered then).
 */
export function afterPaint(): Promise<void> {
  if (typeof requestAnimationFrame === 'undefined' || document.visibilityState === 'hidden') return nextTask();
  return new Promise((resolve) => requestAnimationFrame(() => void nextTask().then(resolve)));
}

/**
 * Runs `steps` to completion, a slice at a time, starting in a new task: a new task starts
 * whenever a slice has taken `sliceMs` (the iterator's own steps must be short); `onSlice` runs
 * at the end of each slice but the last. Returns the iterator's result.
 */
export async function runSliced<Y, R>(steps: Iterator<Y, R>, sliceMs = 16, onSlice?: () => void): Promise<R> {
  await nextTask();
  let start = performance.now();
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (performance.now() - start > sliceMs) {
      onSlice?.();
      await nextTask();
      start = performance.now();
    }
  }
}
