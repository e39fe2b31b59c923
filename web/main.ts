/**
 * Entry: loads the explorer (boot.ts) as a chunk of its own. The browser ends parsing the page
 * (and lays it out) in the task that runs the entry script; keeping that script tiny leaves the
 * evaluation of the explorer's code to a task of its own, so neither becomes a long task at
 * load (issue 12's load budget; docs/decisions/0022-explorer-load.md).
 */

import('./boot.js').catch((e: unknown) => {
  const where = document.getElementById('notices');
  const msg = e instanceof Error ? e.message : String(e);
  // Before the explorer (and its message catalogs) loaded, so in both languages.
  if (where) {
    where.textContent = `The explorer could not start: ${msg}. Reload the page to try again. / 탐색기를 시작하지 못했습니다: ${msg}. 페이지를 새로 고쳐 다시 시도하십시오.`;
  }
});
