import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import type { PutEventsRequestEntry } from "@aws-sdk/client-eventbridge";

/** A loopback HTTP server that accepts EventBridge PutEvents requests. */
export interface FakeEventBridge {
  /** Base URL on 127.0.0.1, for a client's `endpoint`. */
  readonly endpoint: string;
  /** Entries received, in order; `take` empties it. */
  take(): PutEventsRequestEntry[];
  stop(): Promise<void>;
}

async function readText(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    chunks.push(chunk as Buffer);
  }

  return Buffer.concat(chunks).toString("utf8");
}

/**
 * Starts a server on 127.0.0.1 that accepts every PutEvents request and
 * keeps the entries. No EventBridge emulator runs locally, so the bench
 * counts PutEvents calls against this request-level stand-in. Every other
 * operation gets HTTP 400.
 */
export async function startFakeEventBridge(): Promise<FakeEventBridge> {
  let entries: PutEventsRequestEntry[] = [];
  const server = createServer(async (request, response) => {
    const text = await readText(request);
    if (request.headers["x-amz-target"] !== "AWSEvents.PutEvents") {
      response.writeHead(400, { "content-type": "application/x-amz-json-1.1" });
      response.end(JSON.stringify({ __type: "UnknownOperationException" }));
      return;
    }

    const received =
      (JSON.parse(text) as { Entries?: PutEventsRequestEntry[] }).Entries ?? [];
    entries.push(...received);
    response.writeHead(200, { "content-type": "application/x-amz-json-1.1" });
    response.end(
      JSON.stringify({
        FailedEntryCount: 0,
        Entries: received.map((_, index) => ({ EventId: `bench-${index}` })),
      }),
    );
  });
  await new Promise<void>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve()),
  );
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    take() {
      const drained = entries;
      entries = [];
      return drained;
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
