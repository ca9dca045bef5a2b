import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

/** A PutEvents entry as sent on the wire. */
export interface WireEntry {
  readonly EventBusName?: string;
  readonly Source?: string;
  readonly DetailType?: string;
  readonly Detail?: string;
}

/** A loopback HTTP server that responds to EventBridge PutEvents requests. */
export interface FakeEventBridge {
  readonly endpoint: string;
  /** Entries received, in order. */
  readonly entries: WireEntry[];
  stop(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    chunks.push(chunk as Buffer);
  }

  return Buffer.concat(chunks).toString("utf8");
}

/**
 * Starts a server on 127.0.0.1 that accepts every PutEvents entry and
 * records it. No EventBridge emulator exists, so a child process that
 * cannot be mocked in memory sends its PutEvents requests here
 * (`AWS_ENDPOINT_URL_EVENTBRIDGE`). Other operations get HTTP 400.
 */
export async function startFakeEventBridge(): Promise<FakeEventBridge> {
  const entries: WireEntry[] = [];
  const server = createServer(async (request, response) => {
    const body = await readBody(request);
    if (request.headers["x-amz-target"] !== "AWSEvents.PutEvents") {
      response.writeHead(400, { "content-type": "application/x-amz-json-1.1" });
      response.end(JSON.stringify({ __type: "UnknownOperationException" }));
      return;
    }
    const input = JSON.parse(body) as { Entries?: WireEntry[] };
    const received = input.Entries ?? [];
    entries.push(...received);
    response.writeHead(200, { "content-type": "application/x-amz-json-1.1" });
    response.end(
      JSON.stringify({
        FailedEntryCount: 0,
        Entries: received.map((_, index) => ({ EventId: `fake-${index}` })),
      }),
    );
  });
  await new Promise<void>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve()),
  );
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    entries,
    stop: () =>
      new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      ),
  };
}
