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
  const room = (globalThis.document?.documentElement.clientWidth ?? preferred + GUTTER) - GUTTER;
  return Math.round(Math.max(min, Math.min(preferred, room)));
}
