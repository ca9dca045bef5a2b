import { signWebhook } from "@axentra/core";
import {
  CUT_SHORT,
  type HostileCase,
  MAX_BODY_BYTES,
  TOO_LARGE,
  UNAUTHORIZED,
  unsupported,
} from "./hostile-case.js";
import { longStringInsert, sampleBody, utf8 } from "./payloads.js";
import {
  SHARED_SECRET,
  SIGNING_SECRET,
  signedHeaders,
  WEBHOOK_ID,
} from "./secrets.js";

const PRODUCT_INSERT = sampleBody("supabase-product-insert.json");
const PRODUCT_TEXT = new TextDecoder().decode(PRODUCT_INSERT);
const OTHER_SIGNING_SECRET = `whsec_${Buffer.from("another-signing-key-0123456789ab").toString("base64")}`;
const nowSeconds = () => Math.floor(Date.now() / 1000);

/**
 * Requests with a body over the limit, a wrong content type, wrong
 * credentials, or a transport that only exists at the HTTP layer.
 */
export const REQUEST_CASES: readonly HostileCase[] = [
  {
    name: "body over the limit",
    body: longStringInsert(MAX_BODY_BYTES + 1),
    expected: TOO_LARGE,
  },
  {
    name: "text/plain",
    body: PRODUCT_INSERT,
    contentType: "text/plain",
    expected: unsupported('"text/plain"'),
  },
  {
    name: "no content type",
    body: PRODUCT_INSERT,
    contentType: null,
    expected: unsupported("missing"),
  },
  {
    name: "JSON in UTF-16",
    body: PRODUCT_INSERT,
    contentType: "application/json; charset=utf-16",
    expected: unsupported('"application/json; charset=utf-16"'),
  },
  {
    name: "form content type",
    body: PRODUCT_INSERT,
    contentType: "application/x-www-form-urlencoded",
    expected: unsupported('"application/x-www-form-urlencoded"'),
  },
  {
    name: "gzip content encoding",
    body: PRODUCT_INSERT,
    credentials: (body) => ({
      ...signedHeaders(body, nowSeconds()),
      "content-encoding": "gzip",
    }),
    expected: {
      kind: "rejected",
      status: 415,
      code: "unsupported_content_encoding",
      message:
        'content encoding "gzip" is not accepted; send the body uncompressed',
    },
  },
  {
    name: "missing signature",
    body: PRODUCT_INSERT,
    credentials: () => ({}),
    expected: UNAUTHORIZED,
  },
  {
    name: "signature with another key",
    body: PRODUCT_INSERT,
    credentials: (body) => {
      const timestamp = nowSeconds();
      return {
        ...signedHeaders(body, timestamp),
        "webhook-signature": signWebhook(
          OTHER_SIGNING_SECRET,
          WEBHOOK_ID,
          timestamp,
          body,
        ),
      };
    },
    expected: UNAUTHORIZED,
  },
  {
    name: "expired signature",
    body: PRODUCT_INSERT,
    credentials: (body) => signedHeaders(body, nowSeconds() - 10 * 60),
    expected: UNAUTHORIZED,
  },
  {
    name: "future-dated signature",
    body: PRODUCT_INSERT,
    credentials: (body) => signedHeaders(body, nowSeconds() + 10 * 60),
    expected: UNAUTHORIZED,
  },
  {
    name: "re-encoded body",
    body: utf8(JSON.stringify(JSON.parse(PRODUCT_TEXT))),
    credentials: () => signedHeaders(PRODUCT_INSERT),
    expected: UNAUTHORIZED,
  },
  {
    name: "signature of another message id",
    body: PRODUCT_INSERT,
    credentials: (body) => ({
      ...signedHeaders(body),
      "webhook-id": "msg_reliability_02",
    }),
    expected: UNAUTHORIZED,
  },
  {
    name: "missing shared secret",
    body: PRODUCT_INSERT,
    secret: "shared",
    credentials: () => ({}),
    expected: UNAUTHORIZED,
  },
  {
    name: "wrong shared secret",
    body: PRODUCT_INSERT,
    secret: "shared",
    credentials: () => ({
      "x-webhook-secret": `${SHARED_SECRET.slice(0, -1)}0`,
    }),
    expected: UNAUTHORIZED,
  },
  {
    name: "signing secret as shared secret",
    body: PRODUCT_INSERT,
    secret: "shared",
    credentials: () => ({ "x-webhook-secret": SIGNING_SECRET }),
    expected: UNAUTHORIZED,
  },
  {
    name: "chunked body over the limit",
    body: longStringInsert(MAX_BODY_BYTES + 1),
    transport: "chunked",
    expected: TOO_LARGE,
  },
  {
    name: "chunked body within the limit",
    body: PRODUCT_INSERT,
    transport: "chunked",
    expected: { kind: "accepted", eventType: "product_create" },
  },
  {
    name: "client stalls mid-body",
    body: PRODUCT_INSERT,
    transport: "stall",
    expected: CUT_SHORT,
  },
  {
    name: "client disconnects mid-body",
    body: PRODUCT_INSERT,
    transport: "abort",
    expected: CUT_SHORT,
  },
];
