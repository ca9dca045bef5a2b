/**
 * A JSON number kept as its source text, so that integers beyond 2^53 and
 * long decimals survive parsing, hashing and serialization exactly.
 */
export class JsonNumber {
  /** The number as it appeared in the payload, such as `8.9e1`. */
  readonly text: string;

  constructor(text: string) {
    this.text = text;
  }

  /** Returns the nearest double, for comparisons that tolerate rounding. */
  toNumber(): number {
    return Number(this.text);
  }

  toString(): string {
    return this.text;
  }

  toJSON(): number {
    return this.toNumber();
  }
}

/** A JSON value as the pipeline parses it: objects have a null prototype. */
export type JsonValue =
  | null
  | boolean
  | string
  | JsonNumber
  | JsonValue[]
  | { [key: string]: JsonValue };

/** A JSON object with a null prototype. */
export type JsonObject = { [key: string]: JsonValue };

const NUMBER = /^(-?)(0|[1-9][0-9]*)(?:\.([0-9]+))?(?:[eE]([+-]?[0-9]+))?$/;

/** Largest decimal exponent accepted; larger ones are rejected as invalid. */
export const MAX_EXPONENT_DIGITS = 9;

/**
 * Returns the canonical text of a JSON number: the exact decimal value,
 * written the way ECMAScript's Number::toString writes a double (RFC 8785
 * section 3.2.2.3) but with all significant digits kept. For every number a
 * double holds exactly in its shortest form this equals the RFC 8785 output;
 * `89`, `89.0` and `8.9e1` all give `89`, while `9007199254740993` stays
 * distinct from `9007199254740992`.
 */
export function canonicalNumber(text: string): string {
  const match = NUMBER.exec(text);
  if (match === null) {
    throw new RangeError(`not a JSON number: ${text}`);
  }
  const [, sign, integer = "", fraction = "", exponentText = "0"] = match;
  let digits = integer + fraction;
  let point = integer.length + Number(exponentText);

  const leading = /^0*/.exec(digits)?.[0].length ?? 0;
  digits = digits.slice(leading);
  point -= leading;
  digits = digits.replace(/0+$/, "");
  if (digits === "") {
    return "0";
  }
  const prefix = sign === "-" ? "-" : "";
  const k = digits.length;
  const n = point;

  if (k <= n && n <= 21) {
    return prefix + digits + "0".repeat(n - k);
  }
  if (0 < n && n <= 21) {
    return `${prefix}${digits.slice(0, n)}.${digits.slice(n)}`;
  }
  if (-6 < n && n <= 0) {
    return `${prefix}0.${"0".repeat(-n)}${digits}`;
  }
  const exponent = n - 1;
  const exponentPart = `e${exponent >= 0 ? "+" : "-"}${Math.abs(exponent)}`;
  const mantissa = k === 1 ? digits : `${digits[0]}.${digits.slice(1)}`;

  return prefix + mantissa + exponentPart;
}
