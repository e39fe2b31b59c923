/**
 * Fonts, shipped from npm (@fontsource, bundled by Vite; no CDN, works offline):
 * - Source Serif 4 (Latin, regular, italic and semibold) for the article's text;
 * - Noto Sans KR for Hangul, registered with the Hangul code points only, so the browser
 *   downloads its 540 KB subset only when Korean text is on screen (docs/decisions/0017).
 * Controls, figures and charts use the system's sans-serif, with Noto Sans KR for Hangul.
 */

import '@fontsource/source-serif-4/latin-400.css';
import '@fontsource/source-serif-4/latin-400-italic.css';
import '@fontsource/source-serif-4/latin-600.css';
import koreanRegular from '@fontsource/noto-sans-kr/files/noto-sans-kr-korean-400-normal.woff2?url';
import koreanBold from '@fontsource/noto-sans-kr/files/noto-sans-kr-korean-700-normal.woff2?url';

/** Hangul Jamo, compatibility Jamo, syllables, Jamo extensions and CJK punctuation. */
const HANGUL = 'U+1100-11FF, U+3000-303F, U+3130-318F, U+A960-A97F, U+AC00-D7AF, U+D7B0-D7FF';

export function registerFonts(): void {
  if (typeof FontFace === 'undefined') return;
  for (const [url, weight] of [
    [koreanRegular, '400'],
    [koreanBold, '700'],
  ] as const) {
    document.fonts.add(
      new FontFace('Noto Sans KR', `url(${url}) format('woff2')`, { weight, unicodeRange: HANGUL, display: 'swap' }),
    );
  }
}
