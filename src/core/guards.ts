/**
 * Small type guards for values of unknown type (parsed JSON, worker messages, thrown values,
 * table names), so callers narrow instead of casting. Each guard checks everything its type
 * claims (element by element for arrays and records): what passes can be used as that type.
 */

/** True when `value` is one of `options`, narrowing it to their type (name tables such as ACTIVATIONS). */
export function isOneOf<T>(options: readonly T[], value: unknown): value is T {
  return options.some((o) => o === value);
}

/** A non-null, non-array object, whose properties can then be read as unknown. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True when `key` is an own property of `table`, narrowing it to the table's keys (name tables). */
export function isKeyOf<T extends object>(table: T, key: unknown): key is keyof T & string {
  return typeof key === 'string' && Object.hasOwn(table, key);
}

/**
 * A new empty record without a prototype, for keys read from a file: "__proto__" or
 * "constructor" become plain entries, and a missing key reads as undefined.
 */
export function emptyRecord<T>(): Record<string, T> {
  return Object.create(null);
}

/** A string. */
export function isString(value: unknown): value is string {
  return typeof value === 'string';
}

/** A number (any, including NaN and ±Infinity: check finiteness where it matters). */
export function isNumber(value: unknown): value is number {
  return typeof value === 'number';
}

/** An array whose every element passes `item`. O(length). */
export function isArrayOf<T>(value: unknown, item: (x: unknown) => x is T): value is T[] {
  return Array.isArray(value) && value.every((x) => item(x));
}

/** A record (see isRecord) whose every own enumerable value passes `item`. O(size). */
export function isRecordOf<T>(value: unknown, item: (x: unknown) => x is T): value is Record<string, T> {
  return isRecord(value) && Object.values(value).every((x) => item(x));
}

/** True when `xs` has exactly two elements, narrowing it to a pair (a 2-D shape). */
export function isPair<T>(xs: readonly T[]): xs is readonly [T, T] {
  return xs.length === 2;
}

/** An array of strings. */
export function isStringArray(value: unknown): value is string[] {
  return isArrayOf(value, isString);
}

/** An array of numbers. */
export function isNumberArray(value: unknown): value is number[] {
  return isArrayOf(value, isNumber);
}

/**
 * An ArrayBuffer or SharedArrayBuffer, also one from another realm (a worker, a vm context),
 * where `instanceof ArrayBuffer` is false: checked by its built-in tag.
 */
export function isArrayBufferLike(value: unknown): value is ArrayBufferLike {
  const tag = Object.prototype.toString.call(value);
  return tag === '[object ArrayBuffer]' || tag === '[object SharedArrayBuffer]';
}

/** The message of a thrown value (an Error's message, or the value as text). */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
