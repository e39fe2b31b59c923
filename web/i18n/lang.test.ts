import { describe, expect, it } from 'vitest';
import { regimeMatrix, regimeStep } from '../sim/story.js';
import { defaultState, parseState, serializeState } from '../state/schema.js';
import { en } from './en.js';
import { CATALOGS, preferredLang } from './index.js';
import { ko } from './ko.js';

describe('language choice', () => {
  it('the browser’s first supported language wins; region tags and case do not matter', () => {
    expect(preferredLang(['ko-KR', 'en-US'])).toBe('ko');
    expect(preferredLang(['KO'])).toBe('ko');
    expect(preferredLang(['fr-FR', 'ko_KR', 'en'])).toBe('ko');
    expect(preferredLang(['en-GB', 'ko'])).toBe('en');
    expect(preferredLang(['fr', 'de'])).toBe('en');
    expect(preferredLang([])).toBe('en');
  });

  it('lang=ko round-trips through the URL schema as `lang`, and English (the default) is not written', () => {
    const p = parseState('?v=1&lang=ko&vid.n=8');
    expect(p.notices).toEqual([]);
    expect(p.state.ui.lang).toBe('ko');
    expect(serializeState(p.state)).toBe('v=1&lang=ko&vid.n=8');
    expect(parseState(`?${serializeState(p.state)}`).state).toEqual(p.state);
    const s = defaultState();
    expect(s.ui.lang).toBe('en');
    expect(serializeState(s)).toBe('v=1');
    expect(parseState('?lang=en').notices).toEqual([]);
  });

  it('an invalid lang is rejected with a notice (in both languages) and English is used', () => {
    const p = parseState('?lang=fr');
    expect(p.state.ui.lang).toBe('en');
    expect(p.notices).toHaveLength(1);
    expect(p.notices[0]!.key).toBe('lang');
    expect(p.notices[0]!.message).toBe('Language (lang): "fr" is not valid; expected one of en, ko. Using en.');
    expect(p.notices[0]!.say?.(ko)).toBe(
      '언어 (lang): "fr"은(는) 올바른 값이 아닙니다. 허용되는 값: en, ko 중 하나. en을(를) 사용합니다.',
    );
    // Only the short key is read: `ui.lang` is an unknown setting.
    const q = parseState('?ui.lang=ko');
    expect(q.state.ui.lang).toBe('en');
    expect(q.notices[0]!.message).toMatch(/Unknown setting "ui.lang"/);
  });

  it('notices word the same numbers in each language', () => {
    const p = parseState('?vid.n=999&vid.steps=10&vid.t=50');
    const en0 = p.notices.map((n) => n.say?.(en));
    const ko0 = p.notices.map((n) => n.say?.(ko));
    expect(en0[0]).toMatch(/an integer from 1 to 64/);
    expect(ko0[0]).toMatch(/1부터 64까지의 정수/);
    expect(en0[1]).toMatch(/Step 50 \(vid.t\) is beyond the 10 steps/);
    expect(ko0[1]).toMatch(/단계 50 \(vid.t\).*10 단계/);
  });

  it('the regime explanation is worded in Korean from core’s numbers, for every regime', () => {
    const cases = [
      ['rotation', 0.95, 'vanishing', /스펙트럼 반지름 0\.95 < 1.*절반/],
      ['rotation', 1.05, 'exploding', /스펙트럼 반지름 1\.05 > 1.*두 배/],
      ['rotation', 1, 'bounded', /사라지지도 폭발하지도/],
      ['shear', 1, 'polynomial', /조르당 블록.*t¹/],
    ] as const;
    for (const [preset, scale, regime, words] of cases) {
      const report = regimeStep(regimeMatrix(preset, []), scale, 64, 1).report!;
      expect(report.regime).toBe(regime);
      expect(CATALOGS.ko.reg.explain(report)).toMatch(words);
      expect(CATALOGS.en.reg.explain(report)).toBe(report.explanation.replace(/W\^t/g, 'Wᵗ').replace(/t\^1/g, 't¹'));
    }
  });
});
