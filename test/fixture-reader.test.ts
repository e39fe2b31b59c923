import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { FixtureObject, readFixture } from './fixture-reader.js';

const dir = mkdtempSync(join(tmpdir(), 'fixture-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): URL {
  const path = join(dir, name);
  writeFileSync(path, text);
  return pathToFileURL(path);
}

describe('fixture reader', () => {
  it('reads well-typed fields', () => {
    const f = readFixture(file('ok.json', '{"name":"a","n":2,"a":[1,2.5],"s":[1,null],"c":[{"x":1}],"o":{"y":3}}'));
    expect(f.string('name')).toBe('a');
    expect(f.number('n')).toBe(2);
    expect(f.numbers('a')).toEqual([1, 2.5]);
    expect(f.numbersOrNull('s')).toEqual([1, null]);
    expect(f.objects('c').map((c) => c.number('x'))).toEqual([1]);
    expect(f.object('o').number('y')).toBe(3);
    expect(f.has('o')).toBe(true);
    expect(f.has('missing')).toBe(false);
  });

  it('fails naming the file and the path of a malformed field', () => {
    const f = readFixture(file('bad.json', '{"n":"2","a":[1,"x"],"c":[{"x":1},{"x":"one"}],"o":[1]}'));
    expect(() => f.number('n')).toThrow(/malformed fixture: bad\.json\.n should be a number, got "2"/);
    expect(() => f.numbers('a')).toThrow(/bad\.json\.a should be an array of numbers/);
    expect(() => f.numbersOrNull('a')).toThrow(/bad\.json\.a should be an array of numbers or null/);
    expect(() => f.string('missing')).toThrow(/bad\.json\.missing should be a string, got undefined/);
    expect(() => f.object('o')).toThrow(/bad\.json\.o should be an object/);
    expect(() => f.objects('c')[1]?.number('x')).toThrow(/bad\.json\.c\[1\]\.x should be a number, got "one"/);
    expect(() => readFixture(file('notjson.json', '{"n":'))).toThrow(/malformed fixture: .*notjson\.json is not JSON/);
    expect(() => readFixture(file('array.json', '[1]'))).toThrow(/array\.json should be an object, got \[1\]/);
    expect(() => FixtureObject.of(null, 'x')).toThrow(/x should be an object, got null/);
  });
});
