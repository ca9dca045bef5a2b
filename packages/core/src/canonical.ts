import { createHash } from "node:crypto";
import { canonicalNumber, JsonNumber, type JsonValue } from "./json-number.js";

/**
 * Serializes a value in the RFC 8785 (JCS) canonical form: keys sorted by
 * UTF-16 code units, no whitespace, strings escaped as ECMAScript's
 * JSON.stringify escapes them, and numbers through `canonicalNumber`, which
 * never rounds through a double.
 */
export function canonicalize(value: JsonValue): string {
  if (value === null) {
    return "null";
  }
  if (typeof value === "boolean") {
    return value ? "true" : "false";
  }
  if (typeof value === "string") {
    return JSON.stringify(value);
  }
  if (value instanceof JsonNumber) {
    return canonicalNumber(value.text);
  }
  if (Array.isArray(value)) {
    return `[${value.map(canonicalize).join(",")}]`;
  }
  const keys = Object.keys(value).sort();
  const members = keys.map(
    (key) => `${JSON.stringify(key)}:${canonicalize(value[key] as JsonValue)}`,
  );

  return `{${members.join(",")}}`;
}

/** SHA-256, lowercase hex, of the canonical form of a payload. */
export function hashPayload(value: JsonValue): string {
  return createHash("sha256").update(canonicalize(value), "utf8").digest("hex");
}

/** SHA-256 of bytes, lowercase hex. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}
