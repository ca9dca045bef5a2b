import { spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { hashPayload, parsePayload } from "@axentra/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CRASH_POINTS, type CrashPoint } from "../src/crash-stores.js";
import { recordFigures } from "./support/figures.js";
import { post } from "./support/http-client.js";
import {
  type DataSnapshot,
  dataSnapshot,
  temporaryFolder,
} from "./support/local-data.js";
import { CRASH_CHILD, RULES_FILE } from "./support/paths.js";
import { storeUpdate } from "./support/payloads.js";
import { postUntilSettled } from "./support/retry.js";
import { SHARED_SECRET, sharedSecretHeaders } from "./support/secrets.js";
import { type ServeProcess, startServe } from "./support/serve-process.js";

/**
 * Lease of the crashed claims, in seconds. The first retry comes a few
 * milliseconds after the crash, well inside the lease, and gets 409.
 */
const LEASE_SECONDS = 3;
const HEADERS = {
  "content-type": "application/json",
  ...sharedSecretHeaders(),
};

let dataDir: string;
let server: ServeProcess;
const outcomes: Record<string, unknown>[] = [];

beforeAll(async () => {
  dataDir = await temporaryFolder();
  server = await startServe(
    [
      "--data-dir",
      join(dataDir, "data"),
      "--rules",
      RULES_FILE,
      "--lease-seconds",
      String(LEASE_SECONDS),
    ],
    { AXENTRA_WEBHOOK_SECRET: SHARED_SECRET },
  );
});

afterAll(async () => {
  await server?.stop();
  recordFigures("faults-crash", outcomes);
});

/** Runs the pipeline in a child process that kills itself at `point`. */
async function crashChild(body: Uint8Array, point: CrashPoint) {
  const bodyFile = join(dataDir, `${point.replaceAll(" ", "-")}.json`);
  await writeFile(bodyFile, body);
  const child = spawn(
    process.execPath,
    [
      CRASH_CHILD,
      join(dataDir, "data"),
      RULES_FILE,
      bodyFile,
      String(LEASE_SECONDS),
      point,
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8");
  });
  child.stderr.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8");
  });

  return new Promise<{ signal: string | null; output: string }>((resolve) => {
    child.once("close", (_code, signal) => resolve({ signal, output }));
  });
}

/** Files and rows of one event in a snapshot. */
function eventState(snapshot: DataSnapshot, eventId: string) {
  return {
    raw: snapshot.raw.filter((file) => file.includes(eventId)),
    processed: snapshot.processed.filter((file) => file.includes(eventId)),
  };
}

/** What each crash point leaves: which objects exist for the event. */
const LEFT_BEHIND: Record<CrashPoint, { raw: number; processed: number }> = {
  "after the claim": { raw: 0, processed: 0 },
  "after the raw write": { raw: 1, processed: 0 },
  "after the processed write": { raw: 0, processed: 1 },
  "after routing": { raw: 1, processed: 1 },
};

describe("process killed mid-pipeline on the embedded store", () => {
  it.each(CRASH_POINTS)("SIGKILL %s", async (point) => {
    const body = storeUpdate(`crash ${point}`);
    const payloadHash = hashPayload(parsePayload(body));

    const crash = await crashChild(body, point);
    const crashed = await dataSnapshot(join(dataDir, "data"));
    const claim = crashed.rows.find((row) => row.payload_hash === payloadHash);
    const eventId = claim?.event_id ?? "";
    const first = await post(server.url, { body, headers: HEADERS });
    const retried = await postUntilSettled(server.url, body, HEADERS);
    const settled = await dataSnapshot(join(dataDir, "data"));

    expect(crash).toEqual({ signal: "SIGKILL", output: "" });
    expect(claim?.status).toBe("processing");
    const left = eventState(crashed, eventId);
    expect(left.raw).toHaveLength(LEFT_BEHIND[point].raw);
    expect(left.processed).toHaveLength(LEFT_BEHIND[point].processed);

    const retryAfter = Number(first.headers["retry-after"]);
    expect(first.status).toBe(409);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(LEASE_SECONDS);
    expect(first.json).toEqual({
      error: {
        code: "in_progress",
        message: `event ${eventId} is being processed; retry in ${retryAfter} s`,
        event_id: eventId,
      },
    });

    // The retry after the lease takes the claim over with the same event id.
    expect(retried.last.status).toBe(202);
    expect(retried.last.json).toMatchObject({ event_id: eventId });
    const rows = settled.rows.filter((row) => row.payload_hash === payloadHash);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.status).toBe("processed");
    const state = eventState(settled, eventId);
    expect(state.raw).toHaveLength(1);
    expect(state.processed).toHaveLength(1);
    const stray = [...settled.raw, ...settled.processed].filter((file) =>
      file.includes("~"),
    );
    expect(stray).toEqual([]);
    expect(settled.routed).toBe(settled.rows.length);

    outcomes.push({
      point,
      left_behind: { status: claim?.status, ...LEFT_BEHIND[point] },
      answers: [first.status, ...retried.statuses],
      same_event_id: true,
    });
  });
});
