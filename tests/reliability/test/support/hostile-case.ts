import { sharedSecretHeaders, signedHeaders } from "./secrets.js";

/** Body limit of both receivers in the hostile-input tests (the default). */
export const MAX_BODY_BYTES = 1024 * 1024;

/** A delivery that must be rejected, with the exact response. */
export interface Rejection {
  readonly kind: "rejected";
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

/** A delivery that must be accepted as a new event of `eventType`. */
export interface Acceptance {
  readonly kind: "accepted";
  readonly eventType: string;
  /** Text that the processed document must contain. */
  readonly processedIncludes?: readonly string[];
}

/**
 * A delivery whose client stops sending mid-body. The client gets at most
 * the 408 that Node.js writes; the receiver logs `status` and `outcome`.
 */
export interface CutShort {
  readonly kind: "cut_short";
  readonly status: 408;
  readonly outcome: "request_aborted";
}

/**
 * How the local receiver's client sends the body. These exist only at the
 * HTTP layer: a function URL hands Lambda a complete, buffered body.
 */
export type HttpTransport =
  /** Transfer-Encoding: chunked, so no Content-Length is sent. */
  | "chunked"
  /** Sends half the declared body and then nothing more. */
  | "stall"
  /** Sends half the declared body and closes the connection. */
  | "abort";

/** One row of the hostile-input table. */
export interface HostileCase {
  readonly name: string;
  readonly body: Uint8Array;
  /** Content-Type; `application/json` when not given, none when null. */
  readonly contentType?: string | null;
  /** Which secret the receiver checks; the signing secret by default. */
  readonly secret?: "signing" | "shared";
  /** Credentials of the request; a valid signature of the body by default. */
  readonly credentials?: (body: Uint8Array) => Record<string, string>;
  /** Local receiver only; see `HttpTransport`. */
  readonly transport?: HttpTransport;
  /** Sends the function URL body base64-encoded, for bytes that are not UTF-8. */
  readonly base64?: boolean;
  readonly expected: Rejection | Acceptance | CutShort;
}

export function invalidJson(message: string): Rejection {
  return { kind: "rejected", status: 400, code: "invalid_json", message };
}

export function notAnObject(description: string): Rejection {
  return {
    kind: "rejected",
    status: 400,
    code: "not_an_object",
    message: `top level of the body is ${description}; expected a JSON object`,
  };
}

export function unsupported(contentType: string): Rejection {
  return {
    kind: "rejected",
    status: 415,
    code: "unsupported_media_type",
    message: `content type ${contentType} is not accepted; send application/json in UTF-8`,
  };
}

export const UNAUTHORIZED: Rejection = {
  kind: "rejected",
  status: 401,
  code: "unauthorized",
  message: "missing or invalid credentials",
};

export const TOO_LARGE: Rejection = {
  kind: "rejected",
  status: 413,
  code: "payload_too_large",
  message: `body exceeds the limit of ${MAX_BODY_BYTES} bytes`,
};

export const EMPTY: Rejection = {
  kind: "rejected",
  status: 400,
  code: "empty_body",
  message: "body is empty; expected a JSON object",
};

export const INVALID_UTF8: Rejection = {
  kind: "rejected",
  status: 400,
  code: "invalid_utf8",
  message: "body is not valid UTF-8",
};

export const CUT_SHORT: CutShort = {
  kind: "cut_short",
  status: 408,
  outcome: "request_aborted",
};

/** Builds the credentials of a valid delivery of `body` to a receiver of `secret`. */
function validCredentials(
  secret: "signing" | "shared",
  body: Uint8Array,
): Record<string, string> {
  return secret === "shared" ? sharedSecretHeaders() : signedHeaders(body);
}

/** Builds the headers of a valid delivery of `body` to a receiver of `secret`. */
export function validHeaders(
  secret: "signing" | "shared",
  body: Uint8Array,
): Record<string, string> {
  return {
    "content-type": "application/json",
    ...validCredentials(secret, body),
  };
}

/** Builds the headers of a case: its content type and its credentials. */
export function caseHeaders(testCase: HostileCase): Record<string, string> {
  const credentials =
    testCase.credentials?.(testCase.body) ??
    validCredentials(testCase.secret ?? "signing", testCase.body);
  const contentType =
    testCase.contentType === null
      ? {}
      : { "content-type": testCase.contentType ?? "application/json" };

  return { ...contentType, ...credentials };
}
