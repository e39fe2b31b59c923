/**
 * Chart widths that fit the screen. Charts are SVG drawn at a fixed size and scaled down by
 * CSS (max-width: 100%); on a phone a 640-wide chart would shrink its 10 px labels to about
 * 5 px. Drawing it at the width actually available keeps the text at its intended size.
 */

/** Horizontal room the page leaves around a figure (main's padding plus a little slack). */
const GUTTER = 40;

/**
 * `preferred`, or the width of the viewport minus the page gutter when that is smaller, but
 * never below `min` (a chart narrower than that is unreadable anyway and simply scales).
 */
export function fitWidth(preferred: number, min = 280): number {
  const room = (viewportWidth() ?? preferred + GUTTER) - GUTTER;
  return Math.round(Math.max(min, Math.min(preferred, room)));
}

/**
 * The page's width, read once and again only after a resize: reading clientWidth forces a
 * layout of the whole page when anything changed, and charts are redrawn at display rate.
 */
let cachedWidth: number | null = null;
function viewportWidth(): number | null {
  if (cachedWidth !== null) return cachedWidth;
  const doc = globalThis.document;
  if (!doc) return null;
  cachedWidth = doc.documentElement.clientWidth;
  return cachedWidth;
}
if (typeof window !== 'undefined') {
  window.addEventListener('resize', () => {
    cachedWidth = null;
  });
}
