/**
 * Helpers for JSON trees whose objects may have a null prototype and whose
 * numbers may be opaque objects (the core keeps number lexemes exactly).
 * Only arrays and plain objects are containers; everything else is a leaf.
 */

/** A JSON object as the rules read it. */
export type JsonObject = { [key: string]: unknown };

/** Tells whether `value` is a plain object (prototype `Object.prototype` or null). */
export function isJsonObject(value: unknown): value is JsonObject {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return false;
  }
  const prototype = Object.getPrototypeOf(value);

  return prototype === Object.prototype || prototype === null;
}

/** Reads an own property, ignoring inherited ones such as `__proto__`. */
export function ownValue(object: JsonObject, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/** Tells whether `key` is present and its value is not null. */
export function isSet(object: JsonObject, key: string): boolean {
  const value = ownValue(object, key);

  return value !== undefined && value !== null;
}

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Appends a key to a path: `record.created_at`, `a["odd key"]`. */
export function childPath(path: string, key: string): string {
  if (PLAIN_KEY.test(key)) {
    return path === "" ? key : `${path}.${key}`;
  }

  return `${path}[${JSON.stringify(key)}]`;
}

/** Appends an array index to a path: `items[0]`. */
export function indexPath(path: string, index: number): string {
  return `${path}[${index}]`;
}
