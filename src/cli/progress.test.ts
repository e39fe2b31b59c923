import { describe, expect, it } from 'vitest';
import { formatSeconds } from './progress.js';

describe('formatSeconds (the progress bar ETA)', () => {
  it('reads as seconds, minutes or hours, and "-" when unknown', () => {
    expect(formatSeconds(0)).toBe('0s');
    expect(formatSeconds(42.4)).toBe('42s');
    expect(formatSeconds(125)).toBe('2m05s');
    expect(formatSeconds(7300)).toBe('2h01m');
    expect(formatSeconds(Number.NaN)).toBe('-');
    expect(formatSeconds(Number.POSITIVE_INFINITY)).toBe('-');
  });
});
