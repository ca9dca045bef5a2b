import { describe, expect, it } from "vitest";
import {
  createAuthenticator,
  createRotatingAuthenticator,
  SecretConfigError,
  signWebhook,
} from "../src/index.js";

const body = new TextEncoder().encode('{"type":"INSERT"}');
const SIGNING_SECRET = `whsec_${Buffer.from("0123456789abcdef0123456789abcdef").toString("base64")}`;
const NOW = new Date("2026-12-04T10:00:00Z");
const NOW_SECONDS = NOW.getTime() / 1000;

function signedHeaders(timestamp = NOW_SECONDS, signedBody = body) {
  return {
    "webhook-id": "msg_1",
    "webhook-timestamp": String(timestamp),
    "webhook-signature": signWebhook(
      SIGNING_SECRET,
      "msg_1",
      timestamp,
      signedBody,
    ),
  };
}

describe("createAuthenticator", () => {
  it.each([
    [
      "",
      "AXENTRA_WEBHOOK_SECRET is set but empty; set a secret or unset the variable",
    ],
    [
      "a-long-enough-secret\n",
      "AXENTRA_WEBHOOK_SECRET has leading or trailing whitespace (a trailing newline?); remove it",
    ],
    [
      "short",
      "AXENTRA_WEBHOOK_SECRET is shorter than 16 characters; use a longer random secret",
    ],
    [
      "whsec-MDEyMzQ1Njc4OWFiY2RlZg==",
      'AXENTRA_WEBHOOK_SECRET looks like a Standard Webhooks secret but does not start with "whsec_"; copy the whole secret',
    ],
    [
      "whsec_not*base64",
      'AXENTRA_WEBHOOK_SECRET is not a valid signing secret: expected "whsec_" followed by at least 16 base64-encoded bytes',
    ],
    [
      "whsec_c2hvcnQ=",
      'AXENTRA_WEBHOOK_SECRET is not a valid signing secret: expected "whsec_" followed by at least 16 base64-encoded bytes',
    ],
  ])("rejects the secret %j", (secret, message) => {
    expect(() => createAuthenticator(secret)).toThrow(SecretConfigError);
    expect(() => createAuthenticator(secret)).toThrow(message);
  });

  it("accepts everything without a secret", () => {
    const authenticator = createAuthenticator(undefined);

    expect(authenticator.method).toBe("none");
    expect(authenticator.authenticate({}, body).ok).toBe(true);
  });
});

describe("shared secret", () => {
  const authenticator = createAuthenticator("a-long-enough-secret");

  it("accepts the right header", () => {
    const result = authenticator.authenticate(
      { "x-webhook-secret": "a-long-enough-secret" },
      body,
    );

    expect(result).toEqual({ ok: true, method: "shared_secret" });
  });

  it.each([
    [{}, "missing x-webhook-secret header"],
    [{ "x-webhook-secret": "" }, "missing x-webhook-secret header"],
    [
      { "x-webhook-secret": "a-long-enough-secreT" },
      "wrong x-webhook-secret header",
    ],
    [
      { "x-webhook-secret": "a-long-enough-secret " },
      "wrong x-webhook-secret header",
    ],
  ])("rejects %j", (headers, reason) => {
    expect(authenticator.authenticate(headers, body)).toEqual({
      ok: false,
      reason,
    });
  });
});

describe("Standard Webhooks signature", () => {
  const authenticator = createAuthenticator(SIGNING_SECRET);

  it("accepts a valid signature", () => {
    expect(authenticator.authenticate(signedHeaders(), body, NOW)).toEqual({
      ok: true,
      method: "signature",
    });
  });

  it("accepts one valid signature among several", () => {
    const headers = signedHeaders();
    headers["webhook-signature"] =
      `v1,AAAA ${headers["webhook-signature"]} v2,BBBB`;

    expect(authenticator.authenticate(headers, body, NOW).ok).toBe(true);
  });

  it.each([
    [
      "missing headers",
      {},
      body,
      "missing webhook-id, webhook-timestamp or webhook-signature header",
    ],
    [
      "an expired timestamp",
      signedHeaders(NOW_SECONDS - 301),
      body,
      "webhook-timestamp is 301 s away from now",
    ],
    [
      "a future timestamp",
      signedHeaders(NOW_SECONDS + 400),
      body,
      "webhook-timestamp is 400 s away from now",
    ],
    [
      "a re-encoded body",
      signedHeaders(),
      new TextEncoder().encode('{"type": "INSERT"}'),
      "no webhook-signature entry matches",
    ],
    [
      "a bad timestamp",
      { ...signedHeaders(), "webhook-timestamp": "12ab" },
      body,
      "invalid webhook-timestamp header",
    ],
  ])("rejects %s", (_case, headers, sentBody, reason) => {
    expect(authenticator.authenticate(headers, sentBody, NOW)).toEqual({
      ok: false,
      reason,
    });
  });
});

describe("createRotatingAuthenticator", () => {
  const OLD_SECRET = "the-old-shared-secret-0123";
  const NEW_SECRET = "the-new-shared-secret-4567";
  const rotating = createRotatingAuthenticator(NEW_SECRET, OLD_SECRET);

  it("accepts the current secret", () => {
    expect(
      rotating.authenticate({ "x-webhook-secret": NEW_SECRET }, body).ok,
    ).toBe(true);
  });

  it("accepts the previous secret and says so", () => {
    expect(
      rotating.authenticate({ "x-webhook-secret": OLD_SECRET }, body),
    ).toEqual({ ok: true, method: "shared_secret", previousSecret: true });
  });

  it("rejects any other secret with the current reason", () => {
    expect(
      rotating.authenticate(
        { "x-webhook-secret": "a-third-secret-890123" },
        body,
      ),
    ).toEqual({
      ok: false,
      reason: "wrong x-webhook-secret header",
    });
  });

  it("accepts a signature during a move to signing secrets", () => {
    const moving = createRotatingAuthenticator(SIGNING_SECRET, OLD_SECRET);

    expect(moving.authenticate(signedHeaders(), body, NOW)).toEqual({
      ok: true,
      method: "signature",
    });
    expect(
      moving.authenticate({ "x-webhook-secret": OLD_SECRET }, body, NOW),
    ).toEqual({
      ok: true,
      method: "shared_secret",
      previousSecret: true,
    });
  });

  it("treats an empty previous secret as none", () => {
    const single = createRotatingAuthenticator(NEW_SECRET, "");

    expect(
      single.authenticate({ "x-webhook-secret": OLD_SECRET }, body).ok,
    ).toBe(false);
  });

  it.each([
    [
      "a previous secret alone",
      undefined,
      OLD_SECRET,
      "AXENTRA_WEBHOOK_SECRET_PREVIOUS is set but AXENTRA_WEBHOOK_SECRET is not; set the current secret too",
    ],
    [
      "a malformed previous secret",
      NEW_SECRET,
      "short",
      "AXENTRA_WEBHOOK_SECRET_PREVIOUS is shorter than 16 characters; use a longer random secret",
    ],
  ])("rejects %s", (_case, current, previous, message) => {
    expect(() => createRotatingAuthenticator(current, previous)).toThrow(
      message,
    );
  });
});
