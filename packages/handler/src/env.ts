import { HandlerConfigError } from "./errors.js";

/** Environment variables, in the shape of `process.env`. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** Reads a variable, treating an empty or blank value as unset. */
export function optionalVariable(
  env: Environment,
  name: string,
): string | undefined {
  const value = env[name]?.trim();

  return value === undefined || value === "" ? undefined : value;
}

/** Reads a variable that must be set. */
export function requiredVariable(
  env: Environment,
  name: string,
  purpose: string,
): string {
  const value = optionalVariable(env, name);
  if (value === undefined) {
    throw new HandlerConfigError(`${name} is not set; set it to ${purpose}`);
  }

  return value;
}

/** Reads a positive whole number of bytes, or `undefined` when unset. */
export function optionalByteCount(
  env: Environment,
  name: string,
): number | undefined {
  const value = optionalVariable(env, name);
  if (value === undefined) {
    return undefined;
  }
  if (!/^[0-9]+$/.test(value) || Number(value) < 1) {
    throw new HandlerConfigError(
      `${name} is ${JSON.stringify(value)}, not a whole number of bytes ` +
        "above 0; set it to a number such as 1048576 or unset it",
    );
  }

  return Number(value);
}

/**
 * Reads `AXENTRA_CLAIM_CHECK_BUCKET`, the bucket of claim-check objects:
 * bodies too large for the bus, which the ingest function writes and the
 * processor reads. Both functions need the same value. Throws
 * `HandlerConfigError` when it is not set.
 */
export function claimCheckBucketFromEnv(env: Environment): string {
  return requiredVariable(
    env,
    "AXENTRA_CLAIM_CHECK_BUCKET",
    "the claim-check bucket, which holds bodies too large for the bus; " +
      "give the ingest and processor functions the same bucket",
  );
}
