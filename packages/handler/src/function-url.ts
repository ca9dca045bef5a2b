import type { HeaderMap, ReceiverResponse } from "@axentra/core";
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
} from "aws-lambda";

/**
 * Returns the request headers with lowercase names. Function URLs already
 * send lowercase names; the copy makes lookups independent of that.
 */
export function headersOf(event: APIGatewayProxyEventV2): HeaderMap {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    headers[name.toLowerCase()] = value;
  }

  return headers;
}

/**
 * Returns the request body as bytes. Function URLs base64-encode bodies
 * they do not treat as text and set `isBase64Encoded`.
 */
export function bodyOf(event: APIGatewayProxyEventV2): Uint8Array {
  const body = event.body ?? "";

  return event.isBase64Encoded
    ? new Uint8Array(Buffer.from(body, "base64"))
    : new TextEncoder().encode(body);
}

/** Maps a receiver response to the function URL result, as JSON. */
export function toFunctionUrlResult(
  response: ReceiverResponse,
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: response.status,
    headers: { "content-type": "application/json", ...response.headers },
    body: JSON.stringify(response.body),
  };
}
