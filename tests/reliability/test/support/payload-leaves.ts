import { JsonNumber, type JsonValue, parseJson } from "@axentra/core";

/** The string and number leaves of payloads. */
export interface PayloadLeaves {
  readonly strings: ReadonlySet<string>;
  /** Number lexemes as written, such as `79.0`. */
  readonly numbers: ReadonlySet<string>;
}

function collect(
  value: JsonValue,
  leaves: { strings: Set<string>; numbers: Set<string> },
) {
  if (typeof value === "string") {
    leaves.strings.add(value);
  } else if (value instanceof JsonNumber) {
    leaves.numbers.add(value.text);
  } else if (Array.isArray(value)) {
    for (const item of value) {
      collect(item, leaves);
    }
  } else if (value !== null && typeof value === "object") {
    for (const key of Object.keys(value)) {
      collect(value[key] as JsonValue, leaves);
    }
  }
}

/** Collects every string and number leaf of the given JSON bodies. */
export function payloadLeaves(bodies: readonly Uint8Array[]): PayloadLeaves {
  const leaves = { strings: new Set<string>(), numbers: new Set<string>() };
  for (const body of bodies) {
    collect(parseJson(new TextDecoder().decode(body)), leaves);
  }

  return leaves;
}

/** A payload value or secret found in log output. */
export interface Leak {
  readonly value: string;
  /** The log line, or the raw output around the value. */
  readonly where: string;
}

/**
 * Matches a number lexeme as a whole token: not inside a longer number,
 * word or dotted address, so `0` does not match inside `10:00` or
 * `127.0.0.1`.
 */
function numberToken(lexeme: string): RegExp {
  const escaped = lexeme.replaceAll(".", "\\.").replaceAll("+", "\\+");

  return new RegExp(`(?<![0-9A-Za-z.+-])${escaped}(?![0-9A-Za-z.])`);
}

function stringsOf(value: unknown, path: string, out: [string, string][]) {
  if (typeof value === "string") {
    out.push([path, value]);
  } else if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      stringsOf(item, `${path}[${index}]`, out);
    }
  } else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      stringsOf(item, path === "" ? key : `${path}.${key}`, out);
    }
  }
}

function numberKeysOf(value: unknown, path: string, out: string[]) {
  if (typeof value === "number") {
    out.push(path.replace(/\[[0-9]+\]/g, "[]"));
  } else if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      numberKeysOf(item, `${path}[${index}]`, out);
    }
  } else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      numberKeysOf(item, path === "" ? key : `${path}.${key}`, out);
    }
  }
}

/**
 * Finds payload values and secrets in captured output:
 *
 * - a string leaf or a secret anywhere in the raw text;
 * - a number lexeme as a whole token in any string value of a JSON line.
 *
 * Numbers that a log line carries as JSON numbers are checked by
 * `numberFieldsOf` instead: a payload number could only appear as one
 * under a field name that a logger writes.
 */
export function findLeaks(
  output: string,
  leaves: PayloadLeaves,
  secrets: readonly string[],
): Leak[] {
  const leaks: Leak[] = [];
  for (const value of [...leaves.strings, ...secrets]) {
    const at = output.indexOf(value);
    if (at !== -1) {
      leaks.push({ value, where: output.slice(Math.max(0, at - 80), at + 80) });
    }
  }

  const strings: [string, string][] = [];
  for (const line of jsonLines(output)) {
    stringsOf(line, "", strings);
  }
  for (const lexeme of leaves.numbers) {
    const token = numberToken(lexeme);
    for (const [path, text] of strings) {
      if (token.test(text)) {
        leaks.push({ value: lexeme, where: `${path}: ${text}` });
      }
    }
  }

  return leaks;
}

/** Returns the path of every field with a JSON number value in the output. */
export function numberFieldsOf(output: string): Set<string> {
  const paths: string[] = [];
  for (const line of jsonLines(output)) {
    numberKeysOf(line, "", paths);
  }

  return new Set(paths);
}

/** Parses every line of the output that is a JSON object. */
export function jsonLines(output: string): Record<string, unknown>[] {
  return output
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
