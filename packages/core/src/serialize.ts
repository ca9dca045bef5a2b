import { JsonNumber } from "./json-number.js";

/**
 * Serializes a value as indented JSON, writing each number as its original
 * lexeme so that no digit is lost. Plain JavaScript numbers are accepted for
 * values the pipeline adds itself, such as metadata.
 */
export function serializeJson(value: unknown, indent = ""): string {
  if (value === null || value === undefined) {
    return "null";
  }
  if (value instanceof JsonNumber) {
    return value.text;
  }
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false";
    case "string":
      return JSON.stringify(value);
    case "number":
      if (!Number.isFinite(value)) {
        throw new RangeError(`cannot serialize the non-finite number ${value}`);
      }
      return JSON.stringify(value);
    default:
      break;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      return "[]";
    }
    const items = value.map((item) => inner + serializeJson(item, inner));
    return `[\n${items.join(",\n")}\n${indent}]`;
  }
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object);
  if (keys.length === 0) {
    return "{}";
  }
  const members = keys.map(
    (key) =>
      `${inner}${JSON.stringify(key)}: ${serializeJson(object[key], inner)}`,
  );

  return `{\n${members.join(",\n")}\n${indent}}`;
}
