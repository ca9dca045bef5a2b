import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  request,
} from "node:http";
import type { AddressInfo } from "node:net";

/** A request the proxy received, for matching against a rule. */
export interface ProxiedRequest {
  readonly method: string;
  /** Path and query, such as `/raw-1a2b/product_create/2026/...`. */
  readonly path: string;
  /** `x-amz-target` of DynamoDB requests, such as `DynamoDB_20120810.UpdateItem`. */
  readonly target: string | undefined;
  readonly body: string;
}

/** A reply the proxy sends instead of forwarding. */
export type Fault =
  /** S3 500 InternalError. */
  | "s3-internal-error"
  /** S3 503 SlowDown. */
  | "s3-slow-down"
  /** DynamoDB 400 ThrottlingException. */
  | "dynamodb-throttling"
  /** DynamoDB 500 InternalServerError. */
  | "dynamodb-internal-error";

/** A fault injected into every request that `matches`, while it is active. */
export interface FaultRule {
  readonly matches: (request: ProxiedRequest) => boolean;
  readonly fault: Fault;
}

/** A running fault-injecting proxy. */
export interface FaultProxy {
  /** Base URL on 127.0.0.1, for a client's endpoint. */
  readonly endpoint: string;
  /** Replaces the active rule; `undefined` forwards everything. */
  inject(rule: FaultRule | undefined): void;
  /** Requests that got a fault response so far. */
  readonly injected: ProxiedRequest[];
  stop(): Promise<void>;
}

const S3_ERRORS = {
  "s3-internal-error": {
    status: 500,
    code: "InternalError",
    message: "We encountered an internal error. Please try again.",
  },
  "s3-slow-down": {
    status: 503,
    code: "SlowDown",
    message: "Please reduce your request rate.",
  },
} as const;

const DYNAMODB_ERRORS = {
  "dynamodb-throttling": {
    status: 400,
    type: "com.amazonaws.dynamodb.v20120810#ThrottlingException",
    message: "Rate of requests exceeds the allowed throughput.",
  },
  "dynamodb-internal-error": {
    status: 500,
    type: "com.amazonaws.dynamodb.v20120810#InternalServerError",
    message: "Internal server error",
  },
} as const;

/** Builds the status, headers and body of a fault as the real service sends it. */
function faultReply(fault: Fault) {
  if (fault === "s3-internal-error" || fault === "s3-slow-down") {
    const error = S3_ERRORS[fault];
    return {
      status: error.status,
      headers: { "content-type": "application/xml" },
      body:
        '<?xml version="1.0" encoding="UTF-8"?>\n' +
        `<Error><Code>${error.code}</Code><Message>${error.message}</Message>` +
        "<RequestId>FAULTPROXY0001</RequestId></Error>",
    };
  }
  const error = DYNAMODB_ERRORS[fault];

  return {
    status: error.status,
    headers: { "content-type": "application/x-amz-json-1.0" },
    body: JSON.stringify({ __type: error.type, message: error.message }),
  };
}

async function readAll(incoming: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) {
    chunks.push(chunk as Buffer);
  }

  return Buffer.concat(chunks);
}

function forward(
  upstream: URL,
  incoming: IncomingMessage,
  body: Buffer,
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    // The Host header stays as the client signed it: s3rver checks the
    // signature against the Host it receives.
    const outgoing = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
      },
      async (response) => {
        try {
          resolve({
            status: response.statusCode ?? 502,
            headers: response.headers,
            body: await readAll(response),
          });
        } catch (error) {
          reject(error);
        }
      },
    );
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}

/**
 * Starts an HTTP proxy on 127.0.0.1 in front of an emulator on loopback
 * (s3rver or DynamoDB Local). It forwards every request unchanged, except
 * those that match the active rule, which get the rule's fault as the
 * service would send it, so the SDK's own retries and error mapping run.
 */
export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  const target = new URL(upstream);
  if (target.hostname !== "127.0.0.1") {
    throw new Error(
      `the fault proxy only forwards to 127.0.0.1, not ${upstream}`,
    );
  }
  let rule: FaultRule | undefined;
  const injected: ProxiedRequest[] = [];

  const server = createServer(async (incoming, outgoing) => {
    try {
      const body = await readAll(incoming);
      const seen: ProxiedRequest = {
        method: incoming.method ?? "GET",
        path: incoming.url ?? "/",
        target: incoming.headers["x-amz-target"] as string | undefined,
        body: body.toString("utf8"),
      };
      if (rule?.matches(seen)) {
        injected.push(seen);
        const reply = faultReply(rule.fault);
        outgoing.writeHead(reply.status, reply.headers);
        outgoing.end(reply.body);
        return;
      }

      const reply = await forward(target, incoming, body);
      outgoing.writeHead(reply.status, reply.headers);
      outgoing.end(reply.body);
    } catch {
      outgoing.destroy();
    }
  });
  await new Promise<void>((resolve) => {
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    inject(next) {
      rule = next;
    },
    injected,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
