/**
 * Series colours. 'article' uses matplotlib's default cycle (tab10), as the article's plots
 * would; 'cvd' uses Okabe & Ito's palette ("Color universal design", 2008), distinguishable
 * under the common colour-vision deficiencies, plus dash patterns so series differ by more than
 * hue. Yellow (#F0E442) is left out: too light on white.
 */

import type { PaletteName } from '../../src/core/viz/colormap.js';

const TAB10 = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f'];
const OKABE_ITO = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'];
const DASHES = ['', '6 3', '2 2', '8 3 2 3', '1 3', '10 4'];

export interface SeriesStyle {
  readonly color: string;
  /** SVG stroke-dasharray ('' = solid). */
  readonly dash: string;
}

/** The style of the i-th series for a palette. */
export function seriesStyle(i: number, palette: PaletteName): SeriesStyle {
  if (palette === 'cvd') return { color: OKABE_ITO[i % OKABE_ITO.length]!, dash: DASHES[i % DASHES.length]! };
  return { color: TAB10[i % TAB10.length]!, dash: '' };
}
