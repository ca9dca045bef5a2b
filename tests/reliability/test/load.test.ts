import { cpus } from "node:os";
import { hashPayload, parsePayload } from "@axentra/core";
import autocannon from "autocannon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LONG_FORM, recordFigures } from "./support/figures.js";
import { dataSnapshot, temporaryFolder } from "./support/local-data.js";
import { RULES_FILE } from "./support/paths.js";
import { storeUpdate } from "./support/payloads.js";
import { SHARED_SECRET } from "./support/secrets.js";
import { type ServeProcess, startServe } from "./support/serve-process.js";

/** Requests and connections of the short form (CI) and the long form. */
const LOAD = LONG_FORM
  ? { requests: 10_000, connections: 64 }
  : { requests: 500, connections: 32 };
/**
 * Every fifth request repeats a payload: 20% duplicates. Half of them
 * repeat one of the latest new payloads, which is usually still being
 * processed (409), and half one sent long before (200), as a sender's
 * retry does.
 */
const DUPLICATE_EVERY = 5;
/** Recent duplicates pick among this many of the latest new payloads. */
const RECENT_WINDOW = 16;
/** Older duplicates repeat a payload at least this many new payloads back. */
const OLD_LAG = 4 * LOAD.connections;

let dataDir: string;
let server: ServeProcess;

beforeAll(async () => {
  dataDir = await temporaryFolder();
  server = await startServe(["--data-dir", dataDir, "--rules", RULES_FILE], {
    AXENTRA_WEBHOOK_SECRET: SHARED_SECRET,
  });
});

afterAll(async () => {
  await server?.stop();
});

/** Payloads sent so far and the responses received, keyed by hash prefix. */
class LoadLedger {
  /** Body of each new payload, in the order first sent. */
  readonly bodies: string[] = [];
  /** Event id prefix (16 hex of the payload hash) of each new payload. */
  readonly prefixes: string[] = [];
  sent = 0;
  readonly statuses = new Map<number, number>();
  /** Number of 202 responses per event id prefix. */
  readonly created = new Map<string, number>();

  /** Returns the body of the next request: new, or a recent duplicate. */
  nextBody(): string {
    const index = this.sent;
    this.sent += 1;
    if (index % DUPLICATE_EVERY === DUPLICATE_EVERY - 1) {
      const count = this.bodies.length;
      const recent = index % (2 * DUPLICATE_EVERY) === DUPLICATE_EVERY - 1;
      const back = recent
        ? (index * 7919) % Math.min(RECENT_WINDOW, count)
        : Math.min(OLD_LAG + (index % RECENT_WINDOW), count - 1);
      return this.bodies[count - 1 - back] as string;
    }
    const body = storeUpdate(`load ${index}`);
    const text = new TextDecoder().decode(body);
    this.bodies.push(text);
    this.prefixes.push(hashPayload(parsePayload(body)).slice(0, 16));

    return text;
  }

  /** Counts one response. */
  countResponse(status: number, body: string): void {
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
    if (status === 202) {
      const eventId = (JSON.parse(body) as { event_id: string }).event_id;
      const prefix = eventId.split("-")[0] as string;
      this.created.set(prefix, (this.created.get(prefix) ?? 0) + 1);
    }
  }

  count(status: number): number {
    return this.statuses.get(status) ?? 0;
  }
}

describe("local receiver under load", () => {
  it(`keeps every delivery of ${LOAD.requests} with ${LOAD.connections} connections`, async () => {
    const ledger = new LoadLedger();

    const result = await autocannon({
      url: server.url,
      connections: LOAD.connections,
      amount: LOAD.requests,
      requests: [
        {
          method: "POST",
          setupRequest: (request) => ({
            ...request,
            headers: {
              "content-type": "application/json",
              "x-webhook-secret": SHARED_SECRET,
            },
            body: ledger.nextBody(),
          }),
          onResponse: (status, body) => ledger.countResponse(status, body),
        },
      ],
    });
    await server.stop();
    const snapshot = await dataSnapshot(dataDir);

    const created = ledger.count(202);
    const duplicates = ledger.count(200);
    const retryable = ledger.count(409);
    const serverErrors = [...ledger.statuses]
      .filter(([status]) => status >= 500)
      .reduce((sum, [, count]) => sum + count, 0);
    expect(result.errors).toBe(0);
    expect(result.timeouts).toBe(0);
    expect(ledger.sent).toBe(LOAD.requests);
    expect(created + duplicates + retryable).toBe(ledger.sent);
    expect(serverErrors).toBe(0);

    // Every new payload became exactly one event: none lost, none twice.
    expect(new Set(ledger.created.values())).toEqual(new Set([1]));
    expect([...ledger.created.keys()].sort()).toEqual(
      [...ledger.prefixes].sort(),
    );
    expect(snapshot.rows).toHaveLength(ledger.prefixes.length);
    expect(snapshot.rows.every((row) => row.status === "processed")).toBe(true);
    expect(snapshot.raw).toHaveLength(ledger.prefixes.length);
    expect(snapshot.processed).toHaveLength(ledger.prefixes.length);
    expect(snapshot.routed).toBe(ledger.prefixes.length);
    const counted = snapshot.rows.reduce(
      (sum, row) => sum + row.duplicate_count,
      0,
    );
    expect(counted).toBe(duplicates);

    recordFigures(LONG_FORM ? "load-long" : "load-short", {
      sent: ledger.sent,
      new: created,
      duplicate: duplicates,
      retryable,
      server_errors: serverErrors,
      distinct_payloads: ledger.prefixes.length,
      registry_rows: snapshot.rows.length,
      raw_objects: snapshot.raw.length,
      processed_objects: snapshot.processed.length,
      connections: LOAD.connections,
      duration_seconds: result.duration,
      requests_per_second: result.requests.average,
      latency_ms: {
        p50: result.latency.p50,
        p90: result.latency.p90,
        p99: result.latency.p99,
        max: result.latency.max,
      },
      machine: {
        cpus: cpus().length,
        cpu_model: cpus()[0]?.model ?? "unknown",
        node: process.version,
      },
    });
  });
});
