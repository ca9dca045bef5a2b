import { randomUUID } from "node:crypto";
import type { PutEventsRequestEntry } from "@aws-sdk/client-eventbridge";
import type { BusEvent } from "@axentra/handler";
import type { APIGatewayProxyEventV2 } from "aws-lambda";

/**
 * Builds a Lambda function URL request (payload format 2.0) that posts
 * `body` as JSON with the shared-secret header, as Lambda hands it to the
 * ingest handler.
 */
export function functionUrlEvent(
  body: string,
  secret: string,
): APIGatewayProxyEventV2 {
  const now = new Date();

  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: "/",
    rawQueryString: "",
    headers: {
      "content-type": "application/json",
      "content-length": String(Buffer.byteLength(body)),
      "x-webhook-secret": secret,
    },
    requestContext: {
      accountId: "anonymous",
      apiId: "benchmark",
      domainName: "benchmark.lambda-url.us-east-1.on.aws",
      domainPrefix: "benchmark",
      http: {
        method: "POST",
        path: "/",
        protocol: "HTTP/1.1",
        sourceIp: "127.0.0.1",
        userAgent: "axentra-bench",
      },
      requestId: randomUUID(),
      routeKey: "$default",
      stage: "$default",
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    body,
    isBase64Encoded: false,
  };
}

/**
 * Builds the event the bus rule hands to the processor for an entry that
 * the ingest function put on the bus.
 */
export function busEventOf(entry: PutEventsRequestEntry): BusEvent {
  return {
    version: "0",
    id: randomUUID(),
    "detail-type": entry.DetailType ?? "",
    source: entry.Source ?? "",
    account: "123456789012",
    time: new Date().toISOString(),
    region: "us-east-1",
    resources: [],
    detail: JSON.parse(entry.Detail ?? "null") as unknown,
  };
}
