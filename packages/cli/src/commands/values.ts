import { UsageError } from "../errors.js";

/** Parses a whole number flag within bounds, or throws a `UsageError`. */
export function parseInteger(
  flag: string,
  text: string,
  min: number,
  max: number,
): number {
  const value = Number(text);
  if (!/^[0-9]+$/.test(text) || value < min || value > max) {
    throw new UsageError(
      `invalid ${flag} ${JSON.stringify(text)}; expected a whole number from ${min} to ${max}`,
    );
  }
  return value;
}

/** Parses a date flag (ISO 8601 date or time), or throws a `UsageError`. */
export function parseDate(flag: string, text: string): Date {
  const time = Date.parse(text);
  if (Number.isNaN(time)) {
    throw new UsageError(
      `invalid ${flag} ${JSON.stringify(text)}; expected an ISO 8601 date such as 2026-12-04 or 2026-12-04T10:00:00Z`,
    );
  }
  return new Date(time);
}
