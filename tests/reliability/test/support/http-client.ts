import { request } from "node:http";
import { connect } from "node:net";

/** An HTTP response as the client read it. */
export interface HttpAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly text: string;
  /** The body parsed as JSON, or `undefined` when it is not JSON. */
  readonly json: unknown;
}

/** How a body travels to the receiver. */
export type BodyTransport =
  /** One write with Content-Length. */
  | { readonly kind: "whole" }
  /** Transfer-Encoding: chunked, without Content-Length. */
  | { readonly kind: "chunked"; readonly chunkBytes: number };

/** A POST to a receiver. */
export interface PostRequest {
  readonly body: Uint8Array;
  /** Headers; `content-type` is left out when not given. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  readonly transport?: BodyTransport | undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Posts a body with node:http, so that every header and the transfer
 * encoding are under the test's control. Resolves with the response even
 * when the server closes the connection before the body is fully sent,
 * as a receiver does after a 413.
 */
export function post(url: string, options: PostRequest): Promise<HttpAnswer> {
  const transport = options.transport ?? { kind: "whole" };
  const headers: Record<string, string> = { ...options.headers };
  if (transport.kind === "whole") {
    headers["content-length"] = String(options.body.byteLength);
  } else {
    headers["transfer-encoding"] = "chunked";
  }

  return new Promise((resolve, reject) => {
    let answered = false;
    const outgoing = request(url, { method: "POST", headers }, (response) => {
      answered = true;
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("error", reject);
      response.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          text,
          json: parseJson(text),
        });
      });
    });
    outgoing.on("error", (error) => {
      if (!answered) {
        reject(error);
      }
    });

    if (transport.kind === "whole") {
      outgoing.end(options.body);
      return;
    }
    for (
      let offset = 0;
      offset < options.body.byteLength;
      offset += transport.chunkBytes
    ) {
      outgoing.write(
        options.body.subarray(offset, offset + transport.chunkBytes),
      );
    }
    outgoing.end();
  });
}

/** What a client saw after it stopped sending in the middle of a body. */
export interface CutShortOutcome {
  /** Raw bytes the server sent before the connection closed. */
  readonly received: string;
}

/**
 * Sends the request head and the first `sentBytes` of `body` over a raw
 * TCP connection, then either waits (`stall`) until the server closes the
 * connection, or closes it itself (`abort`) and resolves at once.
 */
export function cutShort(
  url: string,
  options: {
    readonly body: Uint8Array;
    readonly sentBytes: number;
    readonly headers: Readonly<Record<string, string>>;
    readonly mode: "stall" | "abort";
  },
): Promise<CutShortOutcome> {
  const { hostname, port, pathname } = new URL(url);
  const head = [
    `POST ${pathname} HTTP/1.1`,
    `host: ${hostname}:${port}`,
    `content-length: ${options.body.byteLength}`,
    ...Object.entries(options.headers).map(([name, value]) => {
      return `${name}: ${value}`;
    }),
    "",
    "",
  ].join("\r\n");

  return new Promise((resolve, reject) => {
    let received = "";
    const socket = connect(Number(port), hostname, () => {
      socket.write(head);
      socket.write(options.body.subarray(0, options.sentBytes));
      if (options.mode === "abort") {
        socket.destroy();
      }
    });
    socket.on("data", (chunk: Buffer) => {
      received += chunk.toString("latin1");
    });
    socket.on("error", reject);
    socket.on("close", () => resolve({ received }));
  });
}
