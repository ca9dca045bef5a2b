import { type InvalidPayloadCode, InvalidPayloadError } from "./errors.js";
import {
  JsonNumber,
  type JsonObject,
  type JsonValue,
  MAX_EXPONENT_DIGITS,
} from "./json-number.js";

/** Default bound on nesting: deeper payloads are rejected before any work. */
export const DEFAULT_MAX_DEPTH = 256;

/** Options of the payload parser. */
export interface ParseOptions {
  /** Maximum nesting of arrays and objects. */
  readonly maxDepth?: number;
}

const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Computes the 1-based line and column of a character offset. */
function positionAt(text: string, offset: number) {
  let line = 1;
  let lineStart = 0;
  for (let index = 0; index < offset; index += 1) {
    if (text.charCodeAt(index) === 10) {
      line += 1;
      lineStart = index + 1;
    }
  }

  return { offset, line, column: offset - lineStart + 1 };
}

function describeCharacter(text: string, offset: number): string {
  if (offset >= text.length) {
    return "end of input";
  }
  const code = text.codePointAt(offset) ?? 0;
  if (code < 0x20 || code === 0x7f) {
    return `control character U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  }

  const character = String.fromCodePoint(code);
  if (code > 0x7e) {
    const hex = code.toString(16).toUpperCase().padStart(4, "0");
    return `character ${JSON.stringify(character)} (U+${hex})`;
  }

  return `character ${JSON.stringify(character)}`;
}

/**
 * A strict RFC 8259 parser that keeps number lexemes, rejects duplicate keys
 * and bounds nesting. Objects get a null prototype, so `__proto__`,
 * `constructor` and `prototype` are plain data keys.
 */
class Parser {
  private offset = 0;
  private depth = 0;

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
  ) {}

  parseDocument(): JsonValue {
    this.skipWhitespace();
    const value = this.parseValue();
    this.skipWhitespace();
    if (this.offset < this.text.length) {
      this.fail(
        "invalid_json",
        `unexpected ${describeCharacter(this.text, this.offset)} after the JSON document`,
      );
    }

    return value;
  }

  private fail(
    code: InvalidPayloadCode,
    problem: string,
    at = this.offset,
  ): never {
    const position = positionAt(this.text, at);
    throw new InvalidPayloadError(
      code,
      `invalid JSON at line ${position.line}, column ${position.column}: ${problem}`,
      position,
    );
  }

  private skipWhitespace(): void {
    const text = this.text;
    let offset = this.offset;
    for (;;) {
      const code = text.charCodeAt(offset);
      if (code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09) {
        offset += 1;
      } else {
        break;
      }
    }
    this.offset = offset;
  }

  private parseValue(): JsonValue {
    const code = this.text.charCodeAt(this.offset);
    switch (code) {
      case 0x7b:
        return this.parseObject();
      case 0x5b:
        return this.parseArray();
      case 0x22:
        return this.parseString();
      case 0x74:
        return this.parseLiteral("true", true);
      case 0x66:
        return this.parseLiteral("false", false);
      case 0x6e:
        return this.parseLiteral("null", null);
      default:
        if (code === 0x2d || (code >= 0x30 && code <= 0x39)) {
          return this.parseNumber();
        }
        return this.fail(
          "invalid_json",
          `unexpected ${describeCharacter(this.text, this.offset)}; expected a value`,
        );
    }
  }

  private enter(): void {
    this.depth += 1;
    if (this.depth > this.maxDepth) {
      this.fail(
        "nesting_too_deep",
        `nesting deeper than ${this.maxDepth} levels is not accepted`,
      );
    }
  }

  private parseObject(): JsonObject {
    this.enter();
    const object: JsonObject = Object.create(null);
    this.offset += 1;
    this.skipWhitespace();
    if (this.text.charCodeAt(this.offset) === 0x7d) {
      this.offset += 1;
      this.depth -= 1;
      return object;
    }
    for (;;) {
      if (this.text.charCodeAt(this.offset) !== 0x22) {
        this.fail(
          "invalid_json",
          `unexpected ${describeCharacter(this.text, this.offset)}; expected a string key`,
        );
      }
      const keyOffset = this.offset;
      const key = this.parseString();
      if (Object.hasOwn(object, key)) {
        this.fail(
          "duplicate_key",
          `duplicate key ${JSON.stringify(key)} in the same object`,
          keyOffset,
        );
      }
      this.skipWhitespace();
      if (this.text.charCodeAt(this.offset) !== 0x3a) {
        this.fail(
          "invalid_json",
          `unexpected ${describeCharacter(this.text, this.offset)}; expected ":"`,
        );
      }
      this.offset += 1;
      this.skipWhitespace();
      object[key] = this.parseValue();
      this.skipWhitespace();
      const next = this.text.charCodeAt(this.offset);
      if (next === 0x2c) {
        this.offset += 1;
        this.skipWhitespace();
      } else if (next === 0x7d) {
        this.offset += 1;
        this.depth -= 1;
        return object;
      } else {
        this.fail(
          "invalid_json",
          `unexpected ${describeCharacter(this.text, this.offset)}; expected "," or "}"`,
        );
      }
    }
  }

  private parseArray(): JsonValue[] {
    this.enter();
    const array: JsonValue[] = [];
    this.offset += 1;
    this.skipWhitespace();
    if (this.text.charCodeAt(this.offset) === 0x5d) {
      this.offset += 1;
      this.depth -= 1;
      return array;
    }
    for (;;) {
      array.push(this.parseValue());
      this.skipWhitespace();
      const next = this.text.charCodeAt(this.offset);
      if (next === 0x2c) {
        this.offset += 1;
        this.skipWhitespace();
      } else if (next === 0x5d) {
        this.offset += 1;
        this.depth -= 1;
        return array;
      } else {
        this.fail(
          "invalid_json",
          `unexpected ${describeCharacter(this.text, this.offset)}; expected "," or "]"`,
        );
      }
    }
  }

  private parseString(): string {
    const text = this.text;
    const start = this.offset + 1;
    let offset = start;
    // Fast path: a string without escapes is one slice.
    for (;;) {
      const code = text.charCodeAt(offset);
      if (code === 0x22) {
        this.offset = offset + 1;
        return text.slice(start, offset);
      }
      if (code === 0x5c || code < 0x20 || Number.isNaN(code)) {
        break;
      }
      offset += 1;
    }
    let result = text.slice(start, offset);
    for (;;) {
      const code = text.charCodeAt(offset);
      if (Number.isNaN(code)) {
        this.fail("invalid_json", "unterminated string", offset);
      }
      if (code === 0x22) {
        this.offset = offset + 1;
        return result;
      }
      if (code < 0x20) {
        this.fail(
          "invalid_json",
          `${describeCharacter(text, offset)} must be escaped in a string`,
          offset,
        );
      }
      if (code !== 0x5c) {
        const runStart = offset;
        while (offset < text.length) {
          const next = text.charCodeAt(offset);
          if (next === 0x22 || next === 0x5c || next < 0x20) {
            break;
          }
          offset += 1;
        }
        result += text.slice(runStart, offset);
        continue;
      }
      const escaped = text[offset + 1];
      switch (escaped) {
        case '"':
        case "\\":
        case "/":
          result += escaped;
          break;
        case "b":
          result += "\b";
          break;
        case "f":
          result += "\f";
          break;
        case "n":
          result += "\n";
          break;
        case "r":
          result += "\r";
          break;
        case "t":
          result += "\t";
          break;
        case "u": {
          const hex = text.slice(offset + 2, offset + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
            this.fail(
              "invalid_json",
              "invalid \\u escape; expected 4 hex digits",
              offset,
            );
          }
          const unit = Number.parseInt(hex, 16);
          // Only a high surrogate followed by a low one encodes a character;
          // a lone surrogate has no UTF-8 form (RFC 8259 section 8.2).
          if (unit >= 0xd800 && unit <= 0xdbff) {
            const low = /^\\u[dD][c-fC-F][0-9a-fA-F]{2}$/.test(
              text.slice(offset + 6, offset + 12),
            );
            if (low) {
              result += String.fromCharCode(
                unit,
                Number.parseInt(text.slice(offset + 8, offset + 12), 16),
              );
              offset += 10;
              break;
            }
          }
          if (unit >= 0xd800 && unit <= 0xdfff) {
            this.fail(
              "invalid_json",
              `lone surrogate \\u${hex} in a string; expected valid Unicode`,
              offset,
            );
          }
          result += String.fromCharCode(unit);
          offset += 4;
          break;
        }
        default:
          this.fail(
            "invalid_json",
            `invalid escape ${JSON.stringify(`\\${escaped ?? ""}`)} in a string`,
            offset,
          );
      }
      offset += 2;
    }
  }

  private parseNumber(): JsonNumber {
    const text = this.text;
    const start = this.offset;
    let offset = start;
    const digitsFrom = (from: number): number => {
      let end = from;
      while (end < text.length) {
        const code = text.charCodeAt(end);
        if (code < 0x30 || code > 0x39) {
          break;
        }
        end += 1;
      }
      return end;
    };
    if (text.charCodeAt(offset) === 0x2d) {
      offset += 1;
    }
    const integerEnd = digitsFrom(offset);
    if (integerEnd === offset) {
      this.fail(
        "invalid_json",
        'invalid number; expected a digit after "-"',
        offset,
      );
    }
    if (text.charCodeAt(offset) === 0x30 && integerEnd > offset + 1) {
      this.fail(
        "invalid_json",
        "invalid number; leading zeros are not allowed",
        start,
      );
    }
    offset = integerEnd;
    if (text.charCodeAt(offset) === 0x2e) {
      const fractionEnd = digitsFrom(offset + 1);
      if (fractionEnd === offset + 1) {
        this.fail(
          "invalid_json",
          'invalid number; expected a digit after "."',
          offset + 1,
        );
      }
      offset = fractionEnd;
    }
    const exponentMark = text.charCodeAt(offset);
    if (exponentMark === 0x65 || exponentMark === 0x45) {
      let exponentStart = offset + 1;
      const sign = text.charCodeAt(exponentStart);
      if (sign === 0x2b || sign === 0x2d) {
        exponentStart += 1;
      }
      const exponentEnd = digitsFrom(exponentStart);
      if (exponentEnd === exponentStart) {
        this.fail(
          "invalid_json",
          "invalid number; expected a digit in the exponent",
          exponentStart,
        );
      }
      const exponentDigits = text
        .slice(exponentStart, exponentEnd)
        .replace(/^0+/, "");
      if (exponentDigits.length > MAX_EXPONENT_DIGITS) {
        this.fail(
          "invalid_json",
          "invalid number; exponent out of range",
          start,
        );
      }
      offset = exponentEnd;
    }
    this.offset = offset;

    return new JsonNumber(text.slice(start, offset));
  }

  private parseLiteral<T extends JsonValue>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.offset)) {
      this.fail("invalid_json", `invalid literal; expected ${word}`);
    }
    this.offset += word.length;

    return value;
  }
}

function isObjectValue(value: JsonValue): value is JsonObject {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof JsonNumber)
  );
}

function describeTopLevel(value: JsonValue): string {
  if (value === null) {
    return "null";
  }
  if (Array.isArray(value)) {
    return "an array";
  }
  if (value instanceof JsonNumber) {
    return "a number";
  }

  return `a ${typeof value}`;
}

/** Parses JSON text strictly, keeping number lexemes. */
export function parseJson(text: string, options: ParseOptions = {}): JsonValue {
  return new Parser(
    text,
    options.maxDepth ?? DEFAULT_MAX_DEPTH,
  ).parseDocument();
}

/**
 * Decodes and parses a webhook body. Throws `InvalidPayloadError` for an
 * empty body, invalid UTF-8, a byte-order mark, invalid JSON, a duplicate
 * key, nesting beyond the bound, or a top level that is not an object.
 */
export function parsePayload(
  body: Uint8Array,
  options: ParseOptions = {},
): JsonObject {
  let text: string;
  try {
    text = decoder.decode(body);
  } catch (error) {
    throw new InvalidPayloadError(
      "invalid_utf8",
      "body is not valid UTF-8",
      undefined,
      {
        cause: error,
      },
    );
  }
  if (text.trim() === "") {
    throw new InvalidPayloadError(
      "empty_body",
      "body is empty; expected a JSON object",
    );
  }
  if (text.charCodeAt(0) === 0xfeff) {
    throw new InvalidPayloadError(
      "invalid_json",
      "invalid JSON at line 1, column 1: byte-order mark is not allowed; send UTF-8 without a BOM",
      { offset: 0, line: 1, column: 1 },
    );
  }
  const value = parseJson(text, options);
  if (!isObjectValue(value)) {
    throw new InvalidPayloadError(
      "not_an_object",
      `top level of the body is ${describeTopLevel(value)}; expected a JSON object`,
    );
  }

  return value;
}
