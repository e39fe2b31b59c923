/**
 * Fonts, shipped from npm (@fontsource, bundled by Vite as woff2 files; no CDN, works offline),
 * registered through the FontFace API so only woff2 ships (every browser the explorer runs in
 * reads it) and each face is fetched only when text needs it:
 * - Source Serif 4 (Latin: regular, italic, semibold) for the article's text;
 * - Noto Sans KR for Hangul, limited to the Hangul code points, so its 540 KB subset is fetched
 *   only when Korean text is on screen (docs/decisions/0017).
 * Controls, figures and charts use the system's sans-serif, with Noto Sans KR for Hangul.
 */

import koreanRegular from '@fontsource/noto-sans-kr/files/noto-sans-kr-korean-400-normal.woff2?url';
import koreanBold from '@fontsource/noto-sans-kr/files/noto-sans-kr-korean-700-normal.woff2?url';
import serifItalic from '@fontsource/source-serif-4/files/source-serif-4-latin-400-italic.woff2?url';
import serifRegular from '@fontsource/source-serif-4/files/source-serif-4-latin-400-normal.woff2?url';
import serifSemibold from '@fontsource/source-serif-4/files/source-serif-4-latin-600-normal.woff2?url';

/** Hangul Jamo, CJK punctuation, compatibility Jamo, syllables and the Jamo extensions. */
const HANGUL = 'U+1100-11FF, U+3000-303F, U+3130-318F, U+A960-A97F, U+AC00-D7AF, U+D7B0-D7FF';

const FACES: readonly { family: string; url: string; weight: string; style: string; unicodeRange?: string }[] = [
  { family: 'Source Serif 4', url: serifRegular, weight: '400', style: 'normal' },
  { family: 'Source Serif 4', url: serifItalic, weight: '400', style: 'italic' },
  { family: 'Source Serif 4', url: serifSemibold, weight: '600', style: 'normal' },
  { family: 'Noto Sans KR', url: koreanRegular, weight: '400', style: 'normal', unicodeRange: HANGUL },
  { family: 'Noto Sans KR', url: koreanBold, weight: '700', style: 'normal', unicodeRange: HANGUL },
];

export function registerFonts(): void {
  if (typeof FontFace === 'undefined') return;
  for (const f of FACES) {
    document.fonts.add(
      new FontFace(f.family, `url(${f.url}) format('woff2')`, {
        weight: f.weight,
        style: f.style,
        display: 'swap',
        ...(f.unicodeRange ? { unicodeRange: f.unicodeRange } : {}),
      }),
    );
  }
}
