import { describe, expect, it } from 'vitest';
import { createRng, randInt, type Rng } from '../../src/core/random/index.js';
import { formatNumber, parseMatrixText } from './fields.js';
import { formatInitRef, parseInitRef, splitTopLevel } from './initspec.js';
import {
  MAX_STEPS,
  SCHEMA_VERSION,
  defaultState,
  fieldsOf,
  parseState,
  serializeState,
  stateEquals,
  type State,
  fieldValue,
} from './schema.js';

/** Every field of a parsed state must be valid, whatever the input was. */
function assertValid(s: State): void {
  for (const [g, name, field] of fieldsOf()) {
    const v = fieldValue(s[g], name);
    expect(field.valid(v), `${g}.${name} = ${JSON.stringify(v)}`).toBe(true);
  }
  expect(s.vid.t).toBeLessThanOrEqual(s.vid.steps);
  expect(s.lab.t).toBeLessThanOrEqual(s.lab.steps);
}

describe('URL state schema', () => {
  it('defaults serialize to just the version and parse back without notices', () => {
    expect(serializeState(defaultState())).toBe(`v=${SCHEMA_VERSION}`);
    const r = parseState('');
    expect(r.notices).toEqual([]);
    expect(stateEquals(r.state, defaultState())).toBe(true);
  });

  it('every default is valid for its own field and survives format/parse', () => {
    for (const [g, name, field] of fieldsOf()) {
      expect(field.valid(field.default), `${g}.${name}`).toBe(true);
      const r = field.parse(field.format(field.default));
      expect(r.ok && field.equals(r.value, field.default), `${g}.${name}`).toBe(true);
    }
  });

  it('round-trips a hand-written non-default state exactly', () => {
    const q =
      'v=1&ui.palette=cvd&fib.t=79&reg.preset=custom&reg.m=1,1;0,1&reg.scale=1.05&vid.init=orthogonal(gain=1.1),glorotUniform' +
      '&vid.n=12&vid.seed=4294967295&vid.steps=1000&vid.lim=1e-7&vid.scale=symlog&vid.act=relu&vid.t=999' +
      '&lab.init=varianceScaling(distribution=uniform,mode=fanAvg,scale=2)&lab.n=512&lab.eig=0';
    const a = parseState(q);
    expect(a.notices).toEqual([]);
    expect(a.state.vid.init.map(formatInitRef)).toEqual(['orthogonal(gain=1.1)', 'glorotUniform']);
    expect(a.state.reg.m).toEqual([
      [1, 1],
      [0, 1],
    ]);
    expect(a.state.lab.eig).toBe(false);
    const b = parseState(serializeState(a.state));
    expect(b.notices).toEqual([]);
    expect(stateEquals(a.state, b.state)).toBe(true);
    expect(serializeState(b.state)).toBe(serializeState(a.state));
  });

  it('accepts a leading "?" and keeps an explicit 0', () => {
    const r = parseState('?v=1&vid.seed=0&grad.input=0&vid.t=0');
    expect(r.notices).toEqual([]);
    expect(r.state.vid.seed).toBe(0);
    expect(r.state.grad.input).toBe(0);
  });

  it('falls back to the default with a notice naming the key and what is allowed', () => {
    const r = parseState('v=1&vid.n=abc&vid.steps=100000&vid.scale=rainbow&bogus=1&vid.lim=0&vid.lim=3');
    expect(r.state.vid.n).toBe(5);
    expect(r.state.vid.steps).toBe(64);
    expect(r.state.vid.scale).toBe('linear');
    expect(r.state.vid.lim).toBe(5);
    const keys = r.notices.map((n) => n.key);
    expect(keys).toEqual(['vid.n', 'vid.steps', 'vid.scale', 'bogus', 'vid.lim', 'vid.lim']);
    expect(r.notices[0]!.message).toMatch(/integer from 1 to 64/);
    expect(r.notices[2]!.message).toMatch(/linear, symlog/);
  });

  it('says why an initializer list was rejected', () => {
    const r = parseState('vid.init=vanishing,nope(x=1)');
    expect(r.notices[0]!.message).toMatch(/unknown initializer "nope"/);
    const g = parseState('lab.init=orthogonal(gian=2)');
    expect(g.notices[0]!.message).toMatch(/no parameter "gian" \(it takes gain\)/);
  });

  it('reports an unsupported version and still reads the values', () => {
    const r = parseState('v=7&fib.t=3');
    expect(r.state.fib.t).toBe(3);
    expect(r.notices).toHaveLength(1);
    expect(r.notices[0]!.message).toMatch(/version "7"/);
  });

  it('clamps a step beyond the step count, with a notice', () => {
    const r = parseState(`v=1&vid.steps=10&vid.t=${MAX_STEPS}`);
    expect(r.state.vid.t).toBe(10);
    expect(r.notices.map((n) => n.key)).toEqual(['vid.t']);
  });

  it('rejects non-decimal numbers: hex, Infinity, NaN, empty, spaces', () => {
    for (const bad of ['0x10', 'Infinity', 'NaN', '', ' 5', '5 ', '1e999', '--1', '1,5']) {
      const r = parseState(`vid.lim=${encodeURIComponent(bad)}`);
      expect(r.state.vid.lim, bad).toBe(5);
      expect(r.notices, bad).toHaveLength(1);
    }
  });

  it('rejects ragged, oversized, non-square or non-finite matrices', () => {
    expect(parseMatrixText('1,2;3', 8)).toBeUndefined();
    expect(parseMatrixText('1,,2', 8)).toBeUndefined();
    expect(parseMatrixText('1,2;3,4', 1)).toBeUndefined();
    for (const bad of ['1,2;3', '1,2,3;4,5,6', '1,NaN;0,1', '']) {
      const r = parseState(`reg.m=${bad}`);
      expect(r.notices, bad).toHaveLength(1);
    }
  });

  it('initializer specs: canonical order, unknown names and parameters rejected', () => {
    const s = parseInitRef('varianceScaling(scale=2,mode=fanAvg)');
    expect(typeof s === 'string' ? s : formatInitRef(s)).toBe('varianceScaling(mode=fanAvg,scale=2)');
    expect(parseInitRef('nope')).toMatch(/unknown initializer/);
    expect(parseInitRef('orthogonal(gian=2)')).toMatch(/no parameter "gian".*gain/);
    expect(parseInitRef('orthogonal(gain=1e9)')).toMatch(/from -1000000 to 1000000/);
    expect(parseInitRef('randomUniform(minval=1,maxval=0)')).toMatch(/must not exceed maxval/);
    expect(parseInitRef('varianceScaling(mode=fan_up)')).toMatch(/fanIn, fanOut, fanAvg/);
    expect(parseInitRef('orthogonal(gain=1,gain=2)')).toMatch(/twice/);
    expect(splitTopLevel('a,b(c=1,d=2),e')).toEqual(['a', 'b(c=1,d=2)', 'e']);
  });
});

// Garbage built from the pieces URLs are made of, so that the fuzzer reaches the parsers'
// corners (valid keys with bad values, valid values under bad keys, escapes, separators).
const KEYS = [...fieldsOf()].map(([g, n]) => `${g}.${n}`).concat(['v', 'x', '', '.', 'vid.', '.n', 'vid.n.n']);
const TOKENS = [
  '0',
  '1',
  '-1',
  '5',
  '64',
  '1000',
  '1e300',
  '1e-300',
  '-0',
  '0.5',
  '1e+5',
  '3.14159',
  '4294967296',
  '99999999999999999',
  'NaN',
  'Infinity',
  'null',
  'undefined',
  'true',
  'linear',
  'symlog',
  'tanh',
  'relu',
  'cvd',
  'article',
  'orthogonal',
  'orthogonal(gain=2)',
  'vanishing,exploding',
  'identity(gain=0)',
  'glorotUniform(',
  ')',
  '(',
  '0,1;1,1',
  '1;2',
  ';',
  ',',
  '=',
  '&',
  '%',
  '%2',
  '%ZZ',
  '%00',
  '+',
  ' ',
  '\u00e9',
  '\ud83d\ude00',
  '<script>',
  '"',
];

function garbage(rng: Rng): string {
  const n = randInt(rng, 8);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = rng.next();
    if (r < 0.15) {
      let s = '';
      const len = randInt(rng, 30);
      for (let k = 0; k < len; k++) s += String.fromCharCode(32 + randInt(rng, 95));
      parts.push(s);
    } else {
      const key = KEYS[randInt(rng, KEYS.length)];
      let value = '';
      const m = rng.next() < 0.6 ? 1 : 2 + randInt(rng, 2);
      for (let k = 0; k < m; k++) value += TOKENS[randInt(rng, TOKENS.length)];
      parts.push(r < 0.9 ? `${key}=${encodeURIComponent(value)}` : `${key}=${value}`);
    }
  }
  return (rng.next() < 0.5 ? '?' : '') + parts.join('&');
}

describe('URL state schema under fuzzed garbage (seeded)', () => {
  it('never throws, always yields a valid state, and that state round-trips without notices', () => {
    const rng = createRng(20160627);
    let withNotices = 0;
    let nonDefault = 0;
    for (let i = 0; i < 2000; i++) {
      const q = garbage(rng);
      const r = parseState(q);
      assertValid(r.state);
      if (r.notices.length > 0) withNotices++;
      for (const n of r.notices) expect(typeof n.message).toBe('string');
      const text = serializeState(r.state);
      if (text !== `v=${SCHEMA_VERSION}`) nonDefault++;
      const back = parseState(text);
      expect(back.notices, `${q} -> ${text}`).toEqual([]);
      expect(stateEquals(back.state, r.state), `${q} -> ${text}`).toBe(true);
    }
    // The fuzzer must exercise both paths, or this test could not fail.
    expect(withNotices).toBeGreaterThan(600);
    expect(nonDefault).toBeGreaterThan(150);
  });

  it('a degenerate colour limit (1e-300: every cell saturated) is refused with a notice', () => {
    for (const key of ['vid.lim', 'vid.lt', 'lab.lim']) {
      const r = parseState(`v=1&${key}=1e-300`);
      expect(r.notices.map((n) => n.key)).toEqual([key]);
      expect(r.notices[0]!.message).toMatch(/a number from 1e-12 to 1e\+?300/);
    }
    expect(parseState('v=1&vid.lim=1e-12').notices).toEqual([]);
  });

  it('numbers round-trip through their shortest text form', () => {
    const rng = createRng(7);
    for (let i = 0; i < 2000; i++) {
      const x = (rng.next() - 0.5) * 10 ** (randInt(rng, 600) - 300);
      const r = parseState(`vid.lim=${encodeURIComponent(formatNumber(Math.abs(x) || 1))}`);
      const back = parseState(serializeState(r.state));
      expect(back.state.vid.lim).toBe(r.state.vid.lim);
    }
  });
});
