// A typed reader for JSON test fixtures: the parsed value is unknown, and every field is read
// through a guard (src/core/guards.ts) with the type it must have, so a malformed fixture fails
// at load time with the file and the path of the bad field instead of as a wrong number later.
import { readFileSync } from 'node:fs';
import { isNumber, isNumberArray, isRecord, isString } from '../src/core/guards.js';

function shown(v: unknown): string {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

/** One JSON object of a fixture; `path` locates it in the file for error messages. */
export class FixtureObject {
  private constructor(
    private readonly fields: Record<string, unknown>,
    readonly path: string,
  ) {}

  /** `value` as an object, or a thrown Error naming `path`. */
  static of(value: unknown, path: string): FixtureObject {
    if (!isRecord(value)) throw new Error(`malformed fixture: ${path} should be an object, got ${shown(value)}`);
    return new FixtureObject(value, path);
  }

  private fail(key: string, what: string): never {
    throw new Error(`malformed fixture: ${this.path}.${key} should be ${what}, got ${shown(this.fields[key])}`);
  }

  /** Whether the object has the field `key` (for optional fields). */
  has(key: string): boolean {
    return Object.hasOwn(this.fields, key);
  }

  string(key: string): string {
    const v = this.fields[key];
    return isString(v) ? v : this.fail(key, 'a string');
  }

  number(key: string): number {
    const v = this.fields[key];
    return isNumber(v) ? v : this.fail(key, 'a number');
  }

  numbers(key: string): number[] {
    const v = this.fields[key];
    return isNumberArray(v) ? v : this.fail(key, 'an array of numbers');
  }

  /** An array whose elements are numbers or null (JSON's stand-in for a missing value). */
  numbersOrNull(key: string): (number | null)[] {
    const v = this.fields[key];
    if (!Array.isArray(v)) return this.fail(key, 'an array of numbers or null');
    const out: (number | null)[] = [];
    for (const x of v) out.push(isNumber(x) || x === null ? x : this.fail(key, 'an array of numbers or null'));
    return out;
  }

  object(key: string): FixtureObject {
    return FixtureObject.of(this.fields[key], `${this.path}.${key}`);
  }

  objects(key: string): FixtureObject[] {
    const v = this.fields[key];
    if (!Array.isArray(v)) return this.fail(key, 'an array of objects');
    return v.map((x, i) => FixtureObject.of(x, `${this.path}.${key}[${i}]`));
  }
}

/** The top-level object of a JSON fixture file (a URL, e.g. `new URL('…', import.meta.url)`). */
export function readFixture(url: URL): FixtureObject {
  const text = readFileSync(url, 'utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new Error(`malformed fixture: ${url.pathname} is not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  return FixtureObject.of(value, url.pathname.split('/').pop() ?? url.pathname);
}
