import { describe, expect, it } from "vitest";
import {
  InvalidPayloadError,
  JsonNumber,
  parsePayload,
  serializeJson,
} from "../src/index.js";

const bytes = (text: string) => new TextEncoder().encode(text);

function rejection(body: Uint8Array): InvalidPayloadError {
  try {
    parsePayload(body);
  } catch (error) {
    if (error instanceof InvalidPayloadError) {
      return error;
    }
    throw error;
  }
  throw new Error("expected the body to be rejected");
}

describe("parsePayload", () => {
  it.each([
    ["", "empty_body", "body is empty; expected a JSON object"],
    [" \n\t", "empty_body", "body is empty; expected a JSON object"],
    [
      "[1,2]",
      "not_an_object",
      "top level of the body is an array; expected a JSON object",
    ],
    [
      '"text"',
      "not_an_object",
      "top level of the body is a string; expected a JSON object",
    ],
    [
      "42",
      "not_an_object",
      "top level of the body is a number; expected a JSON object",
    ],
    [
      "null",
      "not_an_object",
      "top level of the body is null; expected a JSON object",
    ],
    [
      "true",
      "not_an_object",
      "top level of the body is a boolean; expected a JSON object",
    ],
    [
      '{"a":1',
      "invalid_json",
      'invalid JSON at line 1, column 7: unexpected end of input; expected "," or "}"',
    ],
    [
      '{"a":1}x',
      "invalid_json",
      'invalid JSON at line 1, column 8: unexpected character "x" after the JSON document',
    ],
    [
      "{'a':1}",
      "invalid_json",
      `invalid JSON at line 1, column 2: unexpected character "'"; expected a string key`,
    ],
    [
      '{"a":NaN}',
      "invalid_json",
      'invalid JSON at line 1, column 6: unexpected character "N"; expected a value',
    ],
    [
      '{"a":01}',
      "invalid_json",
      "invalid JSON at line 1, column 6: invalid number; leading zeros are not allowed",
    ],
    [
      '{"a":1.}',
      "invalid_json",
      'invalid JSON at line 1, column 8: invalid number; expected a digit after "."',
    ],
    [
      '{"a":"x\ty"}',
      "invalid_json",
      "invalid JSON at line 1, column 8: control character U+0009 must be escaped in a string",
    ],
    [
      '{"a":"\\q"}',
      "invalid_json",
      'invalid JSON at line 1, column 7: invalid escape "\\\\q" in a string',
    ],
    [
      '{"a":"\\u12"}',
      "invalid_json",
      "invalid JSON at line 1, column 7: invalid \\u escape; expected 4 hex digits",
    ],
    [
      '{"a":"abc',
      "invalid_json",
      "invalid JSON at line 1, column 10: unterminated string",
    ],
    [
      '{\n  "a": 1,\n  "a": 2\n}',
      "duplicate_key",
      'invalid JSON at line 3, column 3: duplicate key "a" in the same object',
    ],
    [
      '{"a":1e1234567890}',
      "invalid_json",
      "invalid JSON at line 1, column 6: invalid number; exponent out of range",
    ],
    [
      '{"a":"\\ud800"}',
      "invalid_json",
      "invalid JSON at line 1, column 7: lone surrogate \\ud800 in a string; expected valid Unicode",
    ],
    [
      '{"a":"\\udc00"}',
      "invalid_json",
      "invalid JSON at line 1, column 7: lone surrogate \\udc00 in a string; expected valid Unicode",
    ],
    [
      '{"a":tru}',
      "invalid_json",
      "invalid JSON at line 1, column 6: invalid literal; expected true",
    ],
    [
      '{"a":\u00a0}',
      "invalid_json",
      'invalid JSON at line 1, column 6: unexpected character "\u00a0" (U+00A0); expected a value',
    ],
    [
      "\uFEFF{}",
      "invalid_json",
      "invalid JSON at line 1, column 1: byte-order mark is not allowed; send UTF-8 without a BOM",
    ],
  ])("rejects %j", (text, code, message) => {
    const error = rejection(bytes(text));

    expect(error.code).toBe(code);
    expect(error.message).toBe(message);
  });

  it("rejects invalid UTF-8", () => {
    const error = rejection(
      new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]),
    );

    expect(error.code).toBe("invalid_utf8");
    expect(error.message).toBe("body is not valid UTF-8");
  });

  it("rejects nesting beyond the bound without overflowing the stack", () => {
    const depth = 100_000;
    const text = `{"a":${"[".repeat(depth)}${"]".repeat(depth)}}`;
    const error = rejection(bytes(text));

    expect(error.code).toBe("nesting_too_deep");
    expect(error.message).toBe(
      "invalid JSON at line 1, column 261: nesting deeper than 256 levels is not accepted",
    );
  });

  it("keeps prototype keys as data", () => {
    const payload = parsePayload(
      bytes('{"__proto__":{"polluted":true},"constructor":1,"prototype":2}'),
    );

    expect(Object.keys(payload)).toEqual([
      "__proto__",
      "constructor",
      "prototype",
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(payload)).toBeNull();
  });

  it("keeps number lexemes exactly", () => {
    const payload = parsePayload(
      bytes('{"big":12345678901234567890,"e":8.9e1}'),
    );

    expect(payload.big).toEqual(new JsonNumber("12345678901234567890"));
    expect(serializeJson(payload)).toBe(
      '{\n  "big": 12345678901234567890,\n  "e": 8.9e1\n}',
    );
  });

  it("reports the line and column of a problem", () => {
    const error = rejection(bytes('{\n  "a": 1,\n  "b": tru\n}'));

    expect(error.line).toBe(3);
    expect(error.column).toBe(8);
    expect(error.offset).toBe(19);
  });
});
