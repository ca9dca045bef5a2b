import { hashPayload, parsePayload } from "@axentra/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordFigures } from "./support/figures.js";
import {
  caseHeaders,
  HOSTILE_CASES,
  type HostileCase,
  MAX_BODY_BYTES,
  validHeaders,
} from "./support/hostile-cases.js";
import { cutShort, post } from "./support/http-client.js";
import {
  type DataSnapshot,
  dataSnapshot,
  readProcessed,
  temporaryFolder,
} from "./support/local-data.js";
import { RULES_FILE } from "./support/paths.js";
import { storeUpdate } from "./support/payloads.js";
import { SHARED_SECRET, SIGNING_SECRET } from "./support/secrets.js";
import { type ServeProcess, startServe } from "./support/serve-process.js";

/** A receiver of one secret kind with its data folder. */
interface LocalReceiver {
  readonly server: ServeProcess;
  readonly dataDir: string;
}

/** What the client saw and what the receiver logged for one case. */
interface Observed {
  readonly status: number;
  readonly code: string;
  readonly message?: string;
}

const receivers = new Map<"signing" | "shared", LocalReceiver>();
const outcomes: { name: string; status: number; code: string }[] = [];

async function startReceiver(secret: string): Promise<LocalReceiver> {
  const dataDir = await temporaryFolder();
  const server = await startServe(
    [
      "--data-dir",
      dataDir,
      "--rules",
      RULES_FILE,
      "--max-body-bytes",
      String(MAX_BODY_BYTES),
      "--request-timeout-seconds",
      "1",
    ],
    { AXENTRA_WEBHOOK_SECRET: secret },
  );

  return { server, dataDir };
}

beforeAll(async () => {
  receivers.set("signing", await startReceiver(SIGNING_SECRET));
  receivers.set("shared", await startReceiver(SHARED_SECRET));
});

afterAll(async () => {
  await Promise.all([...receivers.values()].map(({ server }) => server.stop()));
  recordFigures("hostile-local", outcomes);
});

function receiverOf(testCase: HostileCase): LocalReceiver {
  return receivers.get(testCase.secret ?? "signing") as LocalReceiver;
}

/** Sends a case with its transport and returns the outcome. */
async function deliver(
  receiver: LocalReceiver,
  testCase: HostileCase,
): Promise<Observed> {
  const headers = caseHeaders(testCase);
  if (testCase.transport === "stall" || testCase.transport === "abort") {
    const { logs } = receiver.server;
    const start = logs.length;
    const seen = await cutShort(receiver.server.url, {
      body: testCase.body,
      sentBytes: Math.floor(testCase.body.byteLength / 2),
      headers,
      mode: testCase.transport,
    });
    const logged = await receiver.server.waitForLog(
      (line) => logs.indexOf(line) >= start && line.msg === "delivery",
    );
    if (testCase.transport === "stall") {
      // Node.js writes this response itself when the request timeout passes.
      expect(seen.received).toBe(
        "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n",
      );
    } else {
      expect(seen.received).toBe("");
    }

    return { status: Number(logged.status), code: String(logged.outcome) };
  }

  const answer = await post(receiver.server.url, {
    body: testCase.body,
    headers,
    transport:
      testCase.transport === "chunked"
        ? { kind: "chunked", chunkBytes: 16 * 1024 }
        : { kind: "whole" },
  });
  const error = (answer.json as { error?: { code: string; message: string } })
    .error;
  if (error === undefined) {
    return { status: answer.status, code: "" };
  }

  return { status: answer.status, code: error.code, message: error.message };
}

/** Checks the one event an accepted case added. */
async function expectOneNewEvent(
  receiver: LocalReceiver,
  testCase: HostileCase,
  before: DataSnapshot,
  after: DataSnapshot,
): Promise<void> {
  if (testCase.expected.kind !== "accepted") {
    return;
  }
  const known = new Set(before.rows.map((row) => row.payload_hash));
  const added = after.rows.filter((row) => !known.has(row.payload_hash));
  expect(added).toHaveLength(1);
  expect(after.raw).toHaveLength(before.raw.length + 1);
  expect(after.processed).toHaveLength(before.processed.length + 1);

  const [row] = added;
  expect(row?.status).toBe("processed");
  expect(row?.event_type).toBe(testCase.expected.eventType);
  expect(row?.payload_hash).toBe(hashPayload(parsePayload(testCase.body)));
  const text = await readProcessed(receiver.dataDir, row?.processed_key ?? "");
  for (const expected of testCase.expected.processedIncludes ?? []) {
    expect(text).toContain(expected);
  }
}

describe("local receiver: hostile deliveries", () => {
  it.each(HOSTILE_CASES)("$name", async (testCase) => {
    const receiver = receiverOf(testCase);
    const before = await dataSnapshot(receiver.dataDir);

    const observed = await deliver(receiver, testCase);
    const after = await dataSnapshot(receiver.dataDir);

    const { expected } = testCase;
    outcomes.push({
      name: testCase.name,
      status: observed.status,
      code: observed.code,
    });
    if (expected.kind === "accepted") {
      expect(observed).toEqual({ status: 202, code: "" });
      await expectOneNewEvent(receiver, testCase, before, after);
    } else if (expected.kind === "cut_short") {
      expect(observed).toEqual({
        status: expected.status,
        code: expected.outcome,
      });
      expect(after).toEqual(before);
    } else {
      expect(observed).toEqual({
        status: expected.status,
        code: expected.code,
        message: expected.message,
      });
      expect(after).toEqual(before);
    }

    const followUp = storeUpdate(`local ${testCase.name}`);
    const next = await post(receiver.server.url, {
      body: followUp,
      headers: validHeaders(testCase.secret ?? "signing", followUp),
    });
    expect(next.status).toBe(202);
    const settled = await dataSnapshot(receiver.dataDir);
    expect(settled.rows).toHaveLength(after.rows.length + 1);
  });

  it("leaves only whole objects and processed rows", async () => {
    for (const { dataDir } of receivers.values()) {
      const snapshot = await dataSnapshot(dataDir);
      const stray = [...snapshot.raw, ...snapshot.processed].filter((file) =>
        file.includes("~"),
      );

      expect(stray).toEqual([]);
      expect(snapshot.raw).toHaveLength(snapshot.rows.length);
      expect(snapshot.processed).toHaveLength(snapshot.rows.length);
      expect(snapshot.rows.every((row) => row.status === "processed")).toBe(
        true,
      );
      expect(snapshot.routed).toBe(snapshot.rows.length);
    }
  });
});
