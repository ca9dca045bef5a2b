import type { APIGatewayProxyEventV2 } from "aws-lambda";

/** Request parts of a function URL test event. */
export interface RequestOptions {
  readonly method?: string;
  /** Body bytes or text; sent base64-encoded when `base64` is set. */
  readonly body?: Uint8Array | string;
  readonly base64?: boolean;
  /** Extra headers; names are lowercased, as function URLs send them. */
  readonly headers?: Record<string, string>;
  /** Content-Type; `application/json` unless given, left out when null. */
  readonly contentType?: string | null;
}

/**
 * Builds a Lambda function URL event (payload format 2.0) as AWS sends it
 * for a request to `https://{url-id}.lambda-url.us-east-1.on.aws/`:
 * lowercase header names, method under `requestContext.http`, and a body
 * that is base64-encoded when `isBase64Encoded` is true.
 */
export function functionUrlEvent(
  options: RequestOptions = {},
): APIGatewayProxyEventV2 {
  const method = options.method ?? "POST";
  const bytes =
    typeof options.body === "string"
      ? new TextEncoder().encode(options.body)
      : (options.body ?? new Uint8Array());
  const headers: Record<string, string> = {
    host: "abcdefghijklmnopqrstuvwxyz012345.lambda-url.us-east-1.on.aws",
    "user-agent": "pg_net/0.14.0",
    "x-amzn-tls-version": "TLSv1.3",
    "x-amzn-trace-id": "Root=1-6750a3c0-3c2f1e0d9b8a7f6e5d4c3b2a",
    "x-forwarded-for": "203.0.113.10",
    "x-forwarded-port": "443",
    "x-forwarded-proto": "https",
    "content-length": String(bytes.byteLength),
  };
  if (options.contentType !== null) {
    headers["content-type"] = options.contentType ?? "application/json";
  }
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    headers[name.toLowerCase()] = value;
  }

  const event: APIGatewayProxyEventV2 = {
    version: "2.0",
    routeKey: "$default",
    rawPath: "/",
    rawQueryString: "",
    headers,
    requestContext: {
      accountId: "anonymous",
      apiId: "abcdefghijklmnopqrstuvwxyz012345",
      domainName:
        "abcdefghijklmnopqrstuvwxyz012345.lambda-url.us-east-1.on.aws",
      domainPrefix: "abcdefghijklmnopqrstuvwxyz012345",
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
      time: "04/Dec/2026:10:00:00 +0000",
      timeEpoch: Date.parse("2026-12-04T10:00:00Z"),
    },
    isBase64Encoded: options.base64 ?? false,
  };
  if (bytes.byteLength > 0 || method === "POST") {
    event.body = options.base64
      ? Buffer.from(bytes).toString("base64")
      : new TextDecoder().decode(bytes);
  }

  return event;
}
