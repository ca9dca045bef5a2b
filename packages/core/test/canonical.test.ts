import { describe, expect, it } from "vitest";
import {
  canonicalize,
  canonicalNumber,
  hashPayload,
  parseJson,
} from "../src/index.js";

const hashOf = (text: string) => hashPayload(parseJson(text));

describe("canonicalNumber", () => {
  it.each([
    ["89", "89"],
    ["89.0", "89"],
    ["8.9e1", "89"],
    ["890e-1", "89"],
    ["-0", "0"],
    ["0.0e10", "0"],
    ["1e21", "1e+21"],
    ["1e20", "100000000000000000000"],
    ["0.000001", "0.000001"],
    ["1e-7", "1e-7"],
    ["-1.5E+3", "-1500"],
    ["123.456e-2", "1.23456"],
    ["9007199254740993", "9007199254740993"],
    ["12345678901234567890123", "1.2345678901234567890123e+22"],
    [
      "0.1000000000000000055511151231257827",
      "0.1000000000000000055511151231257827",
    ],
  ])("writes %s as %s", (input, expected) => {
    expect(canonicalNumber(input)).toBe(expected);
  });

  it("matches JSON.stringify for doubles in shortest form", () => {
    for (const value of [
      0.1,
      1 / 3,
      5e-324,
      1.7976931348623157e308,
      123e-20,
      4.5,
    ]) {
      const text = String(value);
      expect(canonicalNumber(text)).toBe(JSON.stringify(value));
    }
  });
});

describe("canonicalize", () => {
  it("sorts keys by UTF-16 code units", () => {
    const value = parseJson(
      '{"b":1,"a":2,"\\u00e9":3,"\\ud83d\\ude00":4,"\\uff41":5}',
    );

    expect(canonicalize(value)).toBe('{"a":2,"b":1,"é":3,"😀":4,"ａ":5}');
  });

  it("escapes strings as JSON.stringify does", () => {
    const value = parseJson('["\\u0000\\u001f", "\\/", "\\u2028"]');

    expect(canonicalize(value)).toBe('["\\u0000\\u001f","/","\u2028"]');
  });
});

describe("hashPayload", () => {
  const base = hashOf(
    '{"record":{"price":89,"name":"CMP"},"table":"products"}',
  );

  it("is lowercase hex SHA-256", () => {
    expect(base).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ["key order", '{"table":"products","record":{"name":"CMP","price":89}}'],
    [
      "whitespace",
      '{ "record" : { "price" : 89 ,\n "name" : "CMP" } ,\t"table" : "products" }',
    ],
    [
      "\\u escapes",
      '{"record":{"price":89,"name":"\\u0043MP"},"t\\u0061ble":"products"}',
    ],
    ["89.0", '{"record":{"price":89.0,"name":"CMP"},"table":"products"}'],
    ["8.9e1", '{"record":{"price":8.9e1,"name":"CMP"},"table":"products"}'],
  ])("ignores %s", (_case, text) => {
    expect(hashOf(text)).toBe(base);
  });

  it.each([
    [
      "a string value",
      '{"record":{"price":89,"name":"CMQ"},"table":"products"}',
    ],
    [
      "a number value",
      '{"record":{"price":89.01,"name":"CMP"},"table":"products"}',
    ],
    [
      "a number into a string",
      '{"record":{"price":"89","name":"CMP"},"table":"products"}',
    ],
    ["a key", '{"record":{"Price":89,"name":"CMP"},"table":"products"}'],
    [
      "an added null",
      '{"record":{"price":89,"name":"CMP","x":null},"table":"products"}',
    ],
    [
      "array order",
      '{"record":{"price":89,"name":"CMP"},"table":["products"]}',
    ],
  ])("changes with %s", (_case, text) => {
    expect(hashOf(text)).not.toBe(base);
  });

  it("tells integers apart beyond 2^53", () => {
    const first = hashOf('{"id":9007199254740992}');
    const second = hashOf('{"id":9007199254740993}');

    expect(first).not.toBe(second);
  });

  it("tells long decimals apart that round to one double", () => {
    const first = hashOf('{"price":0.1}');
    const second = hashOf('{"price":0.1000000000000000055511151231257827}');

    expect(first).not.toBe(second);
  });
});
