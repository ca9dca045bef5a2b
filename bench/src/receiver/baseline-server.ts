import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { join } from "node:path";
import {
  eventIdFor,
  hashPayload,
  InvalidPayloadError,
  objectKeyFor,
  parsePayload,
  serializeJson,
} from "@axentra/core";
import { openBaselineRegistry } from "./baseline-registry.js";
import { writeFileOnce } from "./durable-file.js";

/** Event type folder of the baseline's objects; it detects no types. */
const BASELINE_EVENT_TYPE = "baseline";

/** The baseline receiver and the database it writes. */
export interface BaselineReceiver {
  readonly server: Server;
  /** Closes the database; call after the server has closed. */
  closeDatabase(): void;
}

async function readBody(request: IncomingMessage): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    chunks.push(chunk as Buffer);
  }

  return new Uint8Array(Buffer.concat(chunks));
}

function reply(response: ServerResponse, status: number, body: object): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
  });
  response.end(text);
}

/**
 * Creates the floor of a durable receiver. For each POST it parses and
 * hashes the body with core's functions and writes the raw body and a
 * processed document as two files, with the file object store's fsyncs.
 * Then it inserts one row into SQLite with the registry's durability. It
 * detects no event type, strips nothing, claims nothing and routes nothing.
 */
export function createBaselineReceiver(dataDir: string): BaselineReceiver {
  const registry = openBaselineRegistry(dataDir);
  const encoder = new TextEncoder();

  async function handle(
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<void> {
    const body = await readBody(request);
    if (request.method !== "POST") {
      reply(response, 405, { error: "use POST" });
      return;
    }

    let payload: ReturnType<typeof parsePayload>;
    try {
      payload = parsePayload(body);
    } catch (error) {
      if (!(error instanceof InvalidPayloadError)) throw error;
      reply(response, 400, { error: error.message });
      return;
    }
    const payloadHash = hashPayload(payload);
    const receivedAt = new Date();
    const eventId = eventIdFor(payloadHash, receivedAt);
    const key = objectKeyFor(BASELINE_EVENT_TYPE, eventId, receivedAt);
    const document = serializeJson({
      metadata: {
        event_id: eventId,
        payload_hash: payloadHash,
        received_at: receivedAt.toISOString(),
      },
      payload,
    });

    await Promise.all([
      writeFileOnce(join(dataDir, "raw", key), body),
      writeFileOnce(
        join(dataDir, "processed", key),
        encoder.encode(`${document}\n`),
      ),
    ]);
    const created = registry.record(
      payloadHash,
      eventId,
      receivedAt.toISOString(),
      key,
    );

    reply(response, created ? 202 : 200, { event_id: eventId });
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      reply(response, 500, { error: (error as Error).message });
    });
  });

  return { server, closeDatabase: () => registry.close() };
}
