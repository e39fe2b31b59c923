/** "Did you mean" suggestions for mistyped commands, options, values and initializer names. */

import { closest, distance } from 'fastest-levenshtein';

/** The closest of `candidates` to `word` if it is close enough to be a plausible typo. */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0 || word === '') return undefined;
  const lower = word.toLowerCase();
  const prefix = candidates.filter((c) => c.toLowerCase().startsWith(lower));
  if (prefix.length === 1 && lower.length >= 2) return prefix[0];
  const caseless = candidates.find((c) => c.toLowerCase() === lower);
  if (caseless !== undefined) return caseless;
  const best = closest(word, [...candidates]);
  const d = distance(word.toLowerCase(), best.toLowerCase());
  return d < word.length && d <= Math.max(2, Math.floor(Math.max(word.length, best.length) / 3)) ? best : undefined;
}

/** "Did you mean X?" or undefined. */
export const didYouMean = (s: string | undefined): string | undefined =>
  s === undefined ? undefined : `Did you mean ${s}?`;
