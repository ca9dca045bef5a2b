import type { APIGatewayProxyEventV2 } from "aws-lambda";

/** A request to the ingest function URL. */
export interface FunctionUrlRequest {
  readonly body: Uint8Array;
  /** Extra headers; names are lowercased, as function URLs send them. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /**
   * Sends the body base64-encoded with `isBase64Encoded`, as function URLs
   * do for bodies they do not pass on as text.
   */
  readonly base64?: boolean | undefined;
  readonly method?: string | undefined;
}

const URL_ID = "r3l1ab1l1tyt3st0000000000000000a";
// ignoreBOM keeps a byte-order mark in the text, as a function URL does.
const textDecoder = new TextDecoder("utf-8", { ignoreBOM: true });
const MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(" ");
const DOMAIN = `${URL_ID}.lambda-url.us-east-1.on.aws`;

/** Formats a time as function URLs do: `04/Dec/2026:10:00:00 +0000`. */
function requestTime(time: Date): string {
  const pad = (value: number) => String(value).padStart(2, "0");
  const day = pad(time.getUTCDate());
  const month = MONTHS[time.getUTCMonth()];
  const clock = [time.getUTCHours(), time.getUTCMinutes(), time.getUTCSeconds()]
    .map(pad)
    .join(":");

  return `${day}/${month}/${time.getUTCFullYear()}:${clock} +0000`;
}

/**
 * Builds the event (payload format 2.0) that a Lambda function URL sends
 * for a request: lowercase header names, the method under
 * `requestContext.http`, and the body as text or base64.
 */
export function functionUrlEvent(
  request: FunctionUrlRequest,
): APIGatewayProxyEventV2 {
  const method = request.method ?? "POST";
  const now = new Date();
  const headers: Record<string, string> = {
    host: DOMAIN,
    "user-agent": "pg_net/0.14.0",
    "x-amzn-tls-version": "TLSv1.3",
    "x-amzn-trace-id": "Root=1-6750a3c0-3c2f1e0d9b8a7f6e5d4c3b2a",
    "x-forwarded-for": "203.0.113.10",
    "x-forwarded-port": "443",
    "x-forwarded-proto": "https",
    "content-length": String(request.body.byteLength),
  };
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    headers[name.toLowerCase()] = value;
  }

  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: "/",
    rawQueryString: "",
    headers,
    requestContext: {
      accountId: "anonymous",
      apiId: URL_ID,
      domainName: DOMAIN,
      domainPrefix: URL_ID,
      http: {
        method,
        path: "/",
        protocol: "HTTP/1.1",
        sourceIp: "203.0.113.10",
        userAgent: "pg_net/0.14.0",
      },
      requestId: "7d4c1b2a-0f9e-4d8c-a7b6-5e4d3c2b1a09",
      routeKey: "$default",
      stage: "$default",
      time: requestTime(now),
      timeEpoch: now.getTime(),
    },
    body: request.base64
      ? Buffer.from(request.body).toString("base64")
      : textDecoder.decode(request.body),
    isBase64Encoded: request.base64 ?? false,
  };
}
