/**
 * Small type guards for values of unknown type (parsed JSON, thrown values, table names), so
 * callers narrow instead of casting.
 */

/** True when `value` is one of `options`, narrowing it to their type (name tables such as ACTIVATIONS). */
export function isOneOf<T>(options: readonly T[], value: unknown): value is T {
  return options.some((o) => o === value);
}

/** A non-null, non-array object, whose properties can then be read as unknown. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The message of a thrown value (an Error's message, or the value as text). */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
