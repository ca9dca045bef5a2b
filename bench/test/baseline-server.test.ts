import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSamples } from "../src/payloads.js";
import {
  type BaselineReceiver,
  createBaselineReceiver,
} from "../src/receiver/baseline-server.js";

let dataDir: string;
let receiver: BaselineReceiver;
let url: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "axentra-bench-baseline-test-"));
  receiver = createBaselineReceiver(dataDir);
  await new Promise<void>((resolve) =>
    receiver.server.listen(0, "127.0.0.1", () => resolve()),
  );
  const { port } = receiver.server.address() as AddressInfo;
  url = `http://127.0.0.1:${port}/webhooks`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => receiver.server.close(() => resolve()));
  receiver.closeDatabase();
  await rm(dataDir, { recursive: true, force: true });
});

/** Lists the files under `folder`, as paths relative to it. */
async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, {
    recursive: true,
    withFileTypes: true,
  });

  return entries
    .filter((entry) => entry.isFile())
    .map((entry) =>
      join(entry.parentPath, entry.name).slice(folder.length + 1),
    );
}

describe("baseline receiver", () => {
  it("writes both files and one row per delivery", async () => {
    const sample = loadSamples()[0];
    const body = sample?.text ?? "";

    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    const answer = (await response.json()) as { event_id: string };

    expect(response.status).toBe(202);
    const [rawFile] = await filesUnder(join(dataDir, "raw"));
    expect(rawFile).toMatch(
      new RegExp(`^baseline/\\d{4}/\\d{2}/\\d{2}/${answer.event_id}\\.json$`),
    );
    expect(await readFile(join(dataDir, "raw", rawFile ?? ""), "utf8")).toBe(
      body,
    );
    const processed = JSON.parse(
      await readFile(join(dataDir, "processed", rawFile ?? ""), "utf8"),
    );
    expect(processed.metadata.event_id).toBe(answer.event_id);
    const db = new Database(join(dataDir, "baseline.sqlite"), {
      readonly: true,
    });
    const rows = db.prepare("SELECT event_id FROM events").all();
    db.close();
    expect(rows).toEqual([{ event_id: answer.event_id }]);
  });

  it("leaves no temporary file behind", async () => {
    const files = [
      ...(await filesUnder(join(dataDir, "raw"))),
      ...(await filesUnder(join(dataDir, "processed"))),
    ];

    expect(files.filter((file) => file.includes("~"))).toEqual([]);
  });

  it("rejects invalid JSON with 400", async () => {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{",
    });

    expect(response.status).toBe(400);
  });
});
