import { describe, expect, it } from 'vitest';
import { getInitializer } from './init/index.js';
import {
  type EnumParam,
  type IntParam,
  type NumberParam,
  type ParamSpec,
  describeParam,
  isParamValue,
  parseParamValue,
} from './params.js';
import { TRAIN_CONFIG_FIELDS, parseTrainConfig } from './rnn/index.js';

const ok = (spec: ParamSpec, raw: unknown) => {
  const r = parseParamValue(spec, raw);
  if (!r.ok) throw new Error(`expected ${JSON.stringify(raw)} to parse: ${r.allowed}`);
  return r.value;
};
const bad = (spec: ParamSpec, raw: unknown) => {
  const r = parseParamValue(spec, raw);
  expect(r.ok, JSON.stringify(raw)).toBe(false);
  return r.ok ? '' : r.allowed;
};

describe('ParamSpec: one parser for every table', () => {
  const unit: NumberParam = { kind: 'number', min: 0, max: 1, openMax: true, default: 0.5, doc: 'x' };

  it('numbers: JS numbers and decimal text, bounds open or closed, -0 read as 0', () => {
    expect(ok(unit, 0)).toBe(0);
    expect(ok(unit, '0.25')).toBe(0.25);
    expect(ok(unit, ' 1e-3 ')).toBe(0.001);
    expect(Object.is(ok(unit, '-0'), 0)).toBe(true);
    expect(ok(unit, undefined)).toBe(0.5);
    for (const raw of [1, '1', -1e-300, Number.NaN, 'NaN', 'inf', '0x1', '', '1,5', null, true, [0.5]]) bad(unit, raw);
    expect(describeParam(unit)).toBe('a finite number >= 0 and < 1');
    const open: NumberParam = { kind: 'number', min: 0, openMin: true, doc: 'x' };
    bad(open, 0);
    expect(ok(open, 5e-324)).toBe(5e-324);
    expect(describeParam(open)).toBe('a finite number > 0');
  });

  it('nullable numbers and ints take none/null as null; others do not', () => {
    const clip: NumberParam = { kind: 'number', min: 0, openMin: true, nullable: true, default: null, doc: 'x' };
    expect(ok(clip, 'none')).toBeNull();
    expect(ok(clip, null)).toBeNull();
    expect(ok(clip, undefined)).toBeNull();
    expect(describeParam(clip)).toBe('a finite number > 0 or none');
    bad({ kind: 'int', min: 1, doc: 'x' }, 'none');
  });

  it('ints: safe integers only, 1e3 is 1000, no default means required', () => {
    const n: IntParam = { kind: 'int', min: 1, max: 4096, doc: 'x' };
    expect(ok(n, '1e3')).toBe(1000);
    for (const raw of ['2.5', 0, 4097, 2 ** 53, undefined]) bad(n, raw);
    expect(describeParam(n)).toBe('an integer >= 1 and <= 4096');
  });

  it('enums: canonical values and declared aliases; the phrase lists the values', () => {
    const mode: EnumParam<'fanIn' | 'fanAvg'> = {
      kind: 'enum',
      values: ['fanIn', 'fanAvg'],
      aliases: { fan_avg: 'fanAvg' },
      doc: 'x',
    };
    expect(ok(mode, 'fan_avg')).toBe('fanAvg');
    expect(bad(mode, 'fan_out')).toBe("one of 'fanIn', 'fanAvg'");
    expect(isParamValue(mode, 'fan_avg')).toBe(false); // stored values are canonical
    expect(isParamValue(mode, 'fanAvg')).toBe(true);
  });

  it('seeds: any safe integer; optional seeds read null/none/empty as no seed', () => {
    const optional: ParamSpec = { kind: 'seed', doc: 'x' };
    const required: ParamSpec = { kind: 'seed', default: 0, doc: 'x' };
    expect(ok(optional, undefined)).toBeUndefined();
    expect(ok(optional, 'none')).toBeUndefined();
    expect(ok(optional, -7)).toBe(-7);
    expect(ok(required, undefined)).toBe(0);
    bad(required, 'none');
    bad(optional, 0.5);
    bad(optional, 2 ** 53);
  });

  it('booleans and strings', () => {
    expect(ok({ kind: 'boolean', doc: 'x' }, '1')).toBe(true);
    expect(ok({ kind: 'boolean', doc: 'x' }, 'false')).toBe(false);
    bad({ kind: 'boolean', doc: 'x' }, 'yes');
    expect(ok({ kind: 'string', doc: 'x' }, 'a b')).toBe('a b');
    bad({ kind: 'string', doc: 'x' }, 3);
  });

  it('isParamValue agrees with parseParamValue on parsed values', () => {
    const specs: ParamSpec[] = [];
    for (const f of Object.values(TRAIN_CONFIG_FIELDS)) if (f.kind !== 'init') specs.push(f);
    for (const s of specs) {
      const r = parseParamValue(s, undefined);
      if (r.ok) expect(isParamValue(s, r.value)).toBe(true);
    }
  });
});

describe('one wording across tables', () => {
  it('the training config, the initializer registry and the phrase of the spec say the same', () => {
    expect(() => parseTrainConfig({ units: 0 })).toThrow(
      `units: got 0; must be ${describeParam(TRAIN_CONFIG_FIELDS.units)}`,
    );
    expect(() => parseTrainConfig({ momentum: 1 })).toThrow('must be a finite number >= 0 and < 1');
    expect(() => getInitializer({ name: 'vanishing', radius: 0 })).toThrow(
      "initializer 'vanishing': parameter 'radius' must be a finite number > 0, got 0.",
    );
  });
});
