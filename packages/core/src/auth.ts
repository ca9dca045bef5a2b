import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { PipelineError } from "./errors.js";

/** Header that carries a shared secret. */
export const SHARED_SECRET_HEADER = "x-webhook-secret";

/** Prefix of a Standard Webhooks signing secret. */
export const SIGNING_SECRET_PREFIX = "whsec_";

/** Accepted clock difference for Standard Webhooks timestamps, in seconds. */
export const SIGNATURE_TOLERANCE_SECONDS = 5 * 60;

const MIN_SHARED_SECRET_LENGTH = 16;
const MIN_SIGNING_KEY_BYTES = 16;

/** The configured webhook secret is unusable; the receiver must not start. */
export class SecretConfigError extends PipelineError {
  override readonly name = "SecretConfigError";
}

/** Outcome of authenticating one request. */
export type AuthResult =
  | {
      readonly ok: true;
      readonly method: "none" | "shared_secret" | "signature";
      /** True when the previous secret of a rotation matched. */
      readonly previousSecret?: boolean;
    }
  | { readonly ok: false; readonly reason: string };

/** Request headers with lowercase names. */
export type HeaderMap = Readonly<Record<string, string | undefined>>;

/** Checks requests against the configured secret. */
export interface Authenticator {
  /** `shared_secret`, `signature`, or `none` when no secret is configured. */
  readonly method: "none" | "shared_secret" | "signature";
  /**
   * Authenticates a request on its raw body bytes, before any parsing.
   * `reason` is for logs only: responses must not reveal it.
   */
  authenticate(headers: HeaderMap, body: Uint8Array, now?: Date): AuthResult;
}

/** Compares two strings in time that depends on neither content nor length. */
function constantTimeEqual(left: string, right: string): boolean {
  const leftHash = createHash("sha256").update(left).digest();
  const rightHash = createHash("sha256").update(right).digest();

  return timingSafeEqual(leftHash, rightHash);
}

function sharedSecretAuthenticator(secret: string): Authenticator {
  return {
    method: "shared_secret",
    authenticate(headers) {
      const received = headers[SHARED_SECRET_HEADER];
      if (received === undefined || received === "") {
        return { ok: false, reason: `missing ${SHARED_SECRET_HEADER} header` };
      }
      return constantTimeEqual(received, secret)
        ? { ok: true, method: "shared_secret" }
        : { ok: false, reason: `wrong ${SHARED_SECRET_HEADER} header` };
    },
  };
}

/**
 * Verifies Standard Webhooks signatures: HMAC-SHA256 over
 * `{webhook-id}.{webhook-timestamp}.{body}` with the base64 key after
 * `whsec_`, sent as space-separated `v1,{base64}` entries in
 * `webhook-signature`. See https://www.standardwebhooks.com/.
 */
function signatureAuthenticator(key: Buffer): Authenticator {
  return {
    method: "signature",
    authenticate(headers, body, now = new Date()) {
      const id = headers["webhook-id"];
      const timestamp = headers["webhook-timestamp"];
      const signatures = headers["webhook-signature"];
      if (!id || !timestamp || !signatures) {
        return {
          ok: false,
          reason:
            "missing webhook-id, webhook-timestamp or webhook-signature header",
        };
      }
      if (!/^[0-9]{1,12}$/.test(timestamp)) {
        return { ok: false, reason: "invalid webhook-timestamp header" };
      }
      const skew = Math.abs(now.getTime() / 1000 - Number(timestamp));
      if (skew > SIGNATURE_TOLERANCE_SECONDS) {
        return {
          ok: false,
          reason: `webhook-timestamp is ${Math.round(skew)} s away from now`,
        };
      }
      const expected = createHmac("sha256", key)
        .update(`${id}.${timestamp}.`)
        .update(body)
        .digest("base64");
      const matches = signatures
        .split(" ")
        .filter((entry) => entry.startsWith("v1,"))
        .some((entry) => constantTimeEqual(entry.slice(3), expected));

      return matches
        ? { ok: true, method: "signature" }
        : { ok: false, reason: "no webhook-signature entry matches" };
    },
  };
}

/**
 * Builds the authenticator for a configured secret. A secret that starts
 * with `whsec_` selects Standard Webhooks signatures; any other secret is a
 * shared secret expected in the `x-webhook-secret` header. `undefined`
 * disables authentication. Throws `SecretConfigError` for a secret that is
 * empty, has surrounding whitespace, is too short, or is a malformed
 * signing secret, so that a receiver never starts half-protected.
 */
export function createAuthenticator(
  secret: string | undefined,
  variable = "AXENTRA_WEBHOOK_SECRET",
): Authenticator {
  if (secret === undefined) {
    return {
      method: "none",
      authenticate: () => ({ ok: true, method: "none" }),
    };
  }
  if (secret.trim() === "") {
    throw new SecretConfigError(
      `${variable} is set but empty; set a secret or unset the variable`,
    );
  }
  if (secret.trim() !== secret) {
    throw new SecretConfigError(
      `${variable} has leading or trailing whitespace (a trailing newline?); remove it`,
    );
  }
  if (/^whsec/i.test(secret) && !secret.startsWith(SIGNING_SECRET_PREFIX)) {
    throw new SecretConfigError(
      `${variable} looks like a Standard Webhooks secret but does not start with "${SIGNING_SECRET_PREFIX}"; copy the whole secret`,
    );
  }
  if (secret.startsWith(SIGNING_SECRET_PREFIX)) {
    const encoded = secret.slice(SIGNING_SECRET_PREFIX.length);
    const key = Buffer.from(encoded, "base64");
    if (
      !/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) ||
      key.length < MIN_SIGNING_KEY_BYTES
    ) {
      throw new SecretConfigError(
        `${variable} is not a valid signing secret: expected "${SIGNING_SECRET_PREFIX}" followed by at least ${MIN_SIGNING_KEY_BYTES} base64-encoded bytes`,
      );
    }
    return signatureAuthenticator(key);
  }
  if (secret.length < MIN_SHARED_SECRET_LENGTH) {
    throw new SecretConfigError(
      `${variable} is shorter than ${MIN_SHARED_SECRET_LENGTH} characters; use a longer random secret`,
    );
  }

  return sharedSecretAuthenticator(secret);
}

/** Name of the variable of the secret that rotation replaces. */
export const PREVIOUS_SECRET_VARIABLE = "AXENTRA_WEBHOOK_SECRET_PREVIOUS";

/**
 * Builds the authenticator for the current secret and, during a rotation,
 * the previous one: a request passes when either accepts it, so deliveries
 * signed with the old secret keep arriving until the sender switches. An
 * empty previous secret counts as none, so a deployment can keep the
 * variable defined between rotations. Throws `SecretConfigError` for a
 * malformed secret, or for a previous secret without a current one.
 */
export function createRotatingAuthenticator(
  current: string | undefined,
  previous: string | undefined,
): Authenticator {
  const primary = createAuthenticator(current);
  if (previous === undefined || previous === "") {
    return primary;
  }
  if (current === undefined) {
    throw new SecretConfigError(
      `${PREVIOUS_SECRET_VARIABLE} is set but AXENTRA_WEBHOOK_SECRET is not; set the current secret too`,
    );
  }
  const secondary = createAuthenticator(previous, PREVIOUS_SECRET_VARIABLE);

  return {
    method: primary.method,
    authenticate(headers, body, now) {
      const result = primary.authenticate(headers, body, now);
      if (result.ok) {
        return result;
      }
      const fallback = secondary.authenticate(headers, body, now);
      return fallback.ok ? { ...fallback, previousSecret: true } : result;
    },
  };
}

/** Signs a body the Standard Webhooks way; for senders and tests. */
export function signWebhook(
  secret: string,
  id: string,
  timestamp: number,
  body: Uint8Array,
): string {
  const key = Buffer.from(secret.slice(SIGNING_SECRET_PREFIX.length), "base64");
  const signature = createHmac("sha256", key)
    .update(`${id}.${timestamp}.`)
    .update(body)
    .digest("base64");

  return `v1,${signature}`;
}
