import { randomUUID } from "node:crypto";
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import {
  type Authenticator,
  acceptedResponse,
  errorResponse,
  type HeaderMap,
  InvalidPayloadError,
  isIdentityEncoding,
  isJsonContentType,
  type Pipeline,
  payloadTooLargeResponse,
  type ReceiverResponse,
  unauthorizedResponse,
  unsupportedEncodingResponse,
  unsupportedMediaTypeResponse,
} from "@axentra/core";
import { errorFields, type Logger } from "./log.js";

/** Path that receives webhooks. */
export const WEBHOOK_PATH = "/webhooks";

/** Default time a client has to send a whole request, in milliseconds. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/** Settings of the local HTTP receiver. */
export interface ReceiverOptions {
  readonly pipeline: Pipeline;
  readonly authenticator: Authenticator;
  readonly logger: Logger;
  /** Largest accepted body in bytes. */
  readonly maxBodyBytes: number;
  /**
   * Time a client has to send the whole request, in milliseconds;
   * `DEFAULT_REQUEST_TIMEOUT_MS` by default. Node.js then sends 408 and
   * closes the connection.
   */
  readonly requestTimeoutMs?: number;
}

class BodyTooLargeError extends Error {
  override readonly name = "BodyTooLargeError";
}

/** The connection closed before the whole body arrived. */
class BodyAbortedError extends Error {
  override readonly name = "BodyAbortedError";
}

/** Reads the request body, stopping as soon as it passes `limit` bytes. */
function readBody(
  request: IncomingMessage,
  limit: number,
): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.removeAllListeners("data");
        request.pause();
        reject(new BodyTooLargeError());
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
    // Node.js fails the request with ECONNRESET "aborted" when the client
    // disconnects or the request timeout closes the connection.
    request.on("error", (error) => {
      const code = (error as NodeJS.ErrnoException).code;
      reject(
        code === "ECONNRESET" ? new BodyAbortedError(error.message) : error,
      );
    });
  });
}

function headerMap(request: IncomingMessage): HeaderMap {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) {
      headers[name] = Array.isArray(value) ? value.join(", ") : value;
    }
  }
  return headers;
}

function send(
  response: ServerResponse,
  answer: ReceiverResponse,
  closeConnection = false,
): void {
  const body = JSON.stringify(answer.body);
  response.writeHead(answer.status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(body),
    ...answer.headers,
    ...(closeConnection ? { connection: "close" } : {}),
  });
  response.end(body);
}

function simpleAnswer(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): ReceiverResponse {
  return { status, headers, body: { error: { code, message } }, outcome: code };
}

/**
 * Creates the HTTP receiver: `POST /webhooks` runs the pipeline and returns
 * 202 for a new event, 200 for a duplicate, and the error statuses of the
 * core responses. Every delivery gets one log line with ids, outcome, size
 * and duration, never the payload.
 */
export function createReceiver(options: ReceiverOptions): Server {
  const { pipeline, authenticator, logger, maxBodyBytes } = options;

  async function handle(
    request: IncomingMessage,
    requestId: string,
  ): Promise<ReceiverResponse & { fields?: Record<string, string | number> }> {
    const path = (request.url ?? "/").split("?")[0];
    if (path === "/healthz" && request.method === "GET") {
      return {
        status: 200,
        headers: {},
        body: { status: "ok" },
        outcome: "health",
      };
    }
    if (path !== WEBHOOK_PATH) {
      return simpleAnswer(
        404,
        "not_found",
        `no route for ${path}; post webhooks to ${WEBHOOK_PATH}`,
      );
    }
    if (request.method !== "POST") {
      return simpleAnswer(
        405,
        "method_not_allowed",
        `${request.method} is not allowed; use POST`,
        { allow: "POST" },
      );
    }
    const contentType = request.headers["content-type"];
    if (!isJsonContentType(contentType)) {
      return unsupportedMediaTypeResponse(contentType);
    }
    const contentEncoding = request.headers["content-encoding"];
    if (!isIdentityEncoding(contentEncoding)) {
      return unsupportedEncodingResponse(contentEncoding);
    }
    const declaredLength = Number(request.headers["content-length"] ?? "0");
    if (declaredLength > maxBodyBytes) {
      return payloadTooLargeResponse(maxBodyBytes);
    }

    let body: Uint8Array;
    try {
      body = await readBody(request, maxBodyBytes);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        return payloadTooLargeResponse(maxBodyBytes);
      }
      if (error instanceof BodyAbortedError) {
        // Nothing can be sent: Node.js sent 408 itself, or the client is gone.
        return simpleAnswer(
          408,
          "request_aborted",
          "the connection closed before the whole body arrived",
        );
      }
      throw error;
    }
    const auth = authenticator.authenticate(headerMap(request), body);
    if (!auth.ok) {
      logger.warn("authentication failed", {
        request_id: requestId,
        reason: auth.reason,
      });
      return unauthorizedResponse();
    }

    try {
      const result = await pipeline.ingest({ body });
      const answer = acceptedResponse(result);
      return {
        ...answer,
        fields: {
          event_id: result.event.eventId,
          event_type: result.event.eventType,
          payload_hash: result.event.payloadHash,
          routing_target: result.event.routingTarget,
          bytes: body.length,
          auth: auth.method,
          // Tells an operator whether senders still use the old secret.
          ...(auth.previousSecret ? { auth_previous_secret: 1 } : {}),
        },
      };
    } catch (error) {
      const answer = errorResponse(error);
      if (error instanceof InvalidPayloadError) {
        // The message can quote payload text, so only the code and place are logged.
        return {
          ...answer,
          fields: {
            error_code: error.code,
            line: error.line ?? 0,
            column: error.column ?? 0,
            bytes: body.length,
          },
        };
      }
      if (answer.status >= 500) {
        logger.error("delivery failed", {
          ...errorFields(error),
          status: answer.status,
        });
      }
      return answer;
    }
  }

  const requestTimeout = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  // Node.js enforces both timeouts on a timer that fires every
  // connectionsCheckingInterval (30 s by default), so the interval is kept
  // well below the timeout for a stalled client to be cut off in time.
  const serverOptions = {
    requestTimeout,
    headersTimeout: Math.min(requestTimeout, DEFAULT_REQUEST_TIMEOUT_MS),
    connectionsCheckingInterval: Math.min(1_000, requestTimeout),
  };
  const server = createServer(serverOptions, (request, response) => {
    const started = process.hrtime.bigint();
    const requestId = randomUUID();
    handle(request, requestId)
      .catch((error: unknown) => {
        logger.error("request failed", {
          request_id: requestId,
          ...errorFields(error),
        });
        return simpleAnswer(
          500,
          "internal_error",
          "the delivery failed; retry later",
        );
      })
      .then((answer) => {
        // A body that was not read to the end cannot leave the connection reusable.
        // A closing server also ends each connection after its response, so
        // keep-alive clients do not hold the shutdown up.
        const unread = !request.readableEnded;
        send(response, answer, unread || !server.listening);
        if (unread) {
          response.on("finish", () => request.destroy());
        }
        const { fields = {} } = answer as {
          fields?: Record<string, string | number>;
        };
        logger.info("delivery", {
          request_id: requestId,
          method: request.method ?? "",
          path: (request.url ?? "/").split("?")[0],
          status: answer.status,
          outcome: answer.outcome,
          ...fields,
          duration_ms: Number(process.hrtime.bigint() - started) / 1e6,
        });
      });
  });

  return server;
}
