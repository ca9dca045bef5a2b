import {
  EMPTY,
  type HostileCase,
  INVALID_UTF8,
  invalidJson,
  MAX_BODY_BYTES,
  notAnObject,
} from "./hostile-case.js";
import {
  BIG_INTEGERS,
  concatBytes,
  EXPONENTS,
  longStringInsert,
  nested,
  PROTO_KEYS,
  PROTOTYPE_NAMES,
  sampleBody,
  utf8,
} from "./payloads.js";

const PRODUCT_INSERT = sampleBody("supabase-product-insert.json");
const PRODUCT_TEXT = new TextDecoder().decode(PRODUCT_INSERT);
const HALF = Math.floor(PRODUCT_INSERT.byteLength / 2);

/** Bodies that are not a JSON object the pipeline accepts, and edge cases that are. */
export const PAYLOAD_CASES: readonly HostileCase[] = [
  {
    name: "trailing comma",
    body: utf8('{"type": "INSERT", "table": "products",}'),
    expected: invalidJson(
      'invalid JSON at line 1, column 40: unexpected character "}"; expected a string key',
    ),
  },
  {
    name: "truncated JSON",
    body: PRODUCT_INSERT.subarray(0, HALF),
    expected: invalidJson(
      "invalid JSON at line 10, column 23: unterminated string",
    ),
  },
  { name: "empty body", body: new Uint8Array(), expected: EMPTY },
  { name: "whitespace only", body: utf8(" \r\n\t "), expected: EMPTY },
  {
    name: "byte-order mark",
    body: concatBytes(new Uint8Array([0xef, 0xbb, 0xbf]), PRODUCT_INSERT),
    expected: invalidJson(
      "invalid JSON at line 1, column 1: byte-order mark is not allowed; send UTF-8 without a BOM",
    ),
  },
  {
    name: "invalid UTF-8 byte",
    body: concatBytes(
      utf8('{"name": "caf'),
      new Uint8Array([0xc3, 0x28]),
      utf8('"}'),
    ),
    base64: true,
    expected: INVALID_UTF8,
  },
  {
    name: "UTF-8 encoded surrogate",
    body: concatBytes(
      utf8('{"name": "'),
      new Uint8Array([0xed, 0xa0, 0x80]),
      utf8('"}'),
    ),
    base64: true,
    expected: INVALID_UTF8,
  },
  {
    name: "garbage after the document",
    body: utf8(`${PRODUCT_TEXT.trimEnd()}\ngarbage`),
    expected: invalidJson(
      'invalid JSON at line 20, column 1: unexpected character "g" after the JSON document',
    ),
  },
  {
    name: "two documents",
    body: utf8('{"type": "INSERT"}{"type": "INSERT"}'),
    expected: invalidJson(
      'invalid JSON at line 1, column 19: unexpected character "{" after the JSON document',
    ),
  },
  {
    name: "NaN",
    body: utf8('{"price": NaN}'),
    expected: invalidJson(
      'invalid JSON at line 1, column 11: unexpected character "N"; expected a value',
    ),
  },
  {
    name: "negative Infinity",
    body: utf8('{"price": -Infinity}'),
    expected: invalidJson(
      'invalid JSON at line 1, column 12: invalid number; expected a digit after "-"',
    ),
  },
  {
    name: "single quotes",
    body: utf8("{'type': 'INSERT'}"),
    expected: invalidJson(
      `invalid JSON at line 1, column 2: unexpected character "'"; expected a string key`,
    ),
  },
  {
    name: "unescaped control character",
    body: utf8('{"name": "tab\there"}'),
    expected: invalidJson(
      "invalid JSON at line 1, column 14: control character U+0009 must be escaped in a string",
    ),
  },
  {
    name: "NUL byte after the document",
    body: utf8('{"type": "INSERT"}\u0000'),
    expected: invalidJson(
      "invalid JSON at line 1, column 19: unexpected control character U+0000 after the JSON document",
    ),
  },
  {
    name: "top level array",
    body: utf8("[{}]"),
    expected: notAnObject("an array"),
  },
  {
    name: "top level string",
    body: utf8('"INSERT"'),
    expected: notAnObject("a string"),
  },
  {
    name: "top level number",
    body: utf8("9007199254740993"),
    expected: notAnObject("a number"),
  },
  { name: "top level null", body: utf8("null"), expected: notAnObject("null") },
  {
    name: "duplicate key",
    body: utf8('{"type": "INSERT", "table": "products", "type": "DELETE"}'),
    expected: {
      kind: "rejected",
      status: 400,
      code: "duplicate_key",
      message:
        'invalid JSON at line 1, column 41: duplicate key "type" in the same object',
    },
  },
  {
    name: "duplicate key in a record",
    body: utf8('{"table": "products", "record": {"price": 1, "price": 2}}'),
    expected: {
      kind: "rejected",
      status: 400,
      code: "duplicate_key",
      message:
        'invalid JSON at line 1, column 46: duplicate key "price" in the same object',
    },
  },
  {
    name: "duplicate key spelled with an escape",
    body: utf8('{"table": "products", "\\u0074able": "stores"}'),
    expected: {
      kind: "rejected",
      status: 400,
      code: "duplicate_key",
      message:
        'invalid JSON at line 1, column 23: duplicate key "table" in the same object',
    },
  },
  {
    name: "__proto__ keys",
    body: PROTO_KEYS,
    expected: {
      kind: "accepted",
      eventType: "product_update",
      processedIncludes: [
        '"__proto__": {',
        '"polluted": "yes"',
        '"created_at": "kept"',
      ],
    },
  },
  {
    name: "constructor and prototype keys",
    body: PROTOTYPE_NAMES,
    expected: {
      kind: "accepted",
      eventType: "store_create",
      processedIncludes: [
        '"constructor": {',
        '"prototype": {',
        '"toString": "text"',
      ],
    },
  },
  {
    name: "100,000 levels of nesting",
    body: nested(100_000),
    expected: {
      kind: "rejected",
      status: 400,
      code: "nesting_too_deep",
      message:
        "invalid JSON at line 1, column 261: nesting deeper than 256 levels is not accepted",
    },
  },
  {
    name: "257 levels of nesting",
    body: nested(257),
    expected: {
      kind: "rejected",
      status: 400,
      code: "nesting_too_deep",
      message:
        "invalid JSON at line 1, column 261: nesting deeper than 256 levels is not accepted",
    },
  },
  {
    name: "256 levels of nesting",
    body: nested(256),
    expected: { kind: "accepted", eventType: "unknown" },
  },
  {
    name: "long string within the limit",
    body: longStringInsert(MAX_BODY_BYTES),
    expected: {
      kind: "accepted",
      eventType: "product_create",
      processedIncludes: [`"description": "${"x".repeat(1000)}`],
    },
  },
  {
    name: "integers beyond 2^53",
    body: BIG_INTEGERS,
    expected: {
      kind: "accepted",
      eventType: "product_update",
      processedIncludes: [
        '"sku_number": 9007199254740993',
        '"batch": 123456789012345678901234567890',
        '"offset": -9223372036854775809',
      ],
    },
  },
  {
    name: "numbers with exponents",
    body: EXPONENTS,
    expected: {
      kind: "accepted",
      eventType: "product_update",
      processedIncludes: [
        '"price": 8.9e1',
        '"tolerance": 1.5E-7',
        '"ceiling": 1e400',
        '"floor": -2.5e-400',
      ],
    },
  },
  {
    name: "lone surrogate escape",
    body: utf8(
      '{"type": "INSERT", "table": "stores", "record": {"name": "\\ud800"}}',
    ),
    expected: invalidJson(
      "invalid JSON at line 1, column 59: lone surrogate \\ud800 in a string; expected valid Unicode",
    ),
  },
  {
    name: "surrogate pair escape",
    body: utf8(
      '{"type": "INSERT", "table": "stores", "record": {"name": "\\ud83e\\uddea"}}',
    ),
    expected: {
      kind: "accepted",
      eventType: "store_create",
      processedIncludes: ['"name": "\u{1f9ea}"'],
    },
  },
];
