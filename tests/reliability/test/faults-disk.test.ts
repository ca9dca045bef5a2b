import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { Writable } from "node:stream";
import { createLogger, createReceiver } from "@axentra/cli";
import {
  createAuthenticator,
  createPipeline,
  hashPayload,
  parsePayload,
} from "@axentra/core";
import {
  FileObjectStore,
  nodeFileSystem,
  type ObjectFileSystem,
  openLocalStore,
} from "@axentra/local-store";
import { loadRulesFile } from "@axentra/rules";
import { afterAll, describe, expect, it } from "vitest";
import { recordFigures } from "./support/figures.js";
import { type HttpAnswer, post } from "./support/http-client.js";
import { dataSnapshot, temporaryFolder } from "./support/local-data.js";
import { RULES_FILE } from "./support/paths.js";
import { longStringInsert, storeUpdate } from "./support/payloads.js";
import { postUntilSettled } from "./support/retry.js";
import { SHARED_SECRET, sharedSecretHeaders } from "./support/secrets.js";
import { startServe } from "./support/serve-process.js";
import { mountSmallDisk } from "./support/small-disk.js";

const LEASE_SECONDS = 2;
const DISK_BYTES = 8 * 1024 * 1024;
/** Left free on the full disk: room for a registry write, not for the body. */
const SPARE_BYTES = 64 * 1024;
const HEADERS = {
  "content-type": "application/json",
  ...sharedSecretHeaders(),
};
const UNAVAILABLE = {
  error: {
    code: "unavailable",
    message: "the event store is unavailable; retry later",
  },
};

const outcomes: Record<string, unknown>[] = [];

afterAll(() => {
  recordFigures("faults-disk", outcomes);
});

/** Checks one event of `body` with one object of each kind and no temporary file. */
async function expectOneEvent(dataDir: string, body: Uint8Array) {
  const payloadHash = hashPayload(parsePayload(body));
  const snapshot = await dataSnapshot(dataDir);
  const rows = snapshot.rows.filter((row) => row.payload_hash === payloadHash);
  expect(rows).toHaveLength(1);
  expect(rows[0]?.status).toBe("processed");
  const eventId = rows[0]?.event_id ?? "";
  expect(snapshot.raw.filter((file) => file.includes(eventId))).toHaveLength(1);
  expect(
    snapshot.processed.filter((file) => file.includes(eventId)),
  ).toHaveLength(1);
  const stray = [...snapshot.raw, ...snapshot.processed].filter((file) =>
    file.includes("~"),
  );
  expect(stray).toEqual([]);
}

function expectRetryable(answer: HttpAnswer) {
  expect(answer.status).toBe(503);
  expect(answer.headers["retry-after"]).toBe("1");
  expect(answer.json).toEqual(UNAVAILABLE);
}

describe("full disk under the embedded store", () => {
  it("answers 503 on a full tmpfs and recovers", async (context) => {
    const mount = await mountSmallDisk(DISK_BYTES);
    if (!mount.mounted) {
      context.skip(mount.reason);
      return;
    }
    const { disk } = mount;
    const dataDir = join(disk.path, "data");
    const server = await startServe(
      [
        "--data-dir",
        dataDir,
        "--rules",
        RULES_FILE,
        "--lease-seconds",
        String(LEASE_SECONDS),
      ],
      { AXENTRA_WEBHOOK_SECRET: SHARED_SECRET },
    );

    try {
      const before = storeUpdate("before the disk fills");
      const body = longStringInsert(400 * 1024);
      const warmUp = await post(server.url, { body: before, headers: HEADERS });
      await disk.fill(SPARE_BYTES);
      const full = await post(server.url, { body, headers: HEADERS });
      const failure = await server.waitForLog(
        (line) => line.msg === "delivery failed",
      );
      await disk.free();
      const retried = await postUntilSettled(server.url, body, HEADERS);

      expect(warmUp.status).toBe(202);
      expectRetryable(full);
      expect(String(failure.error_message)).toMatch(/ENOSPC|SQLITE_FULL/);
      expect(retried.last.status).toBe(202);
      await expectOneEvent(dataDir, body);
      await expectOneEvent(dataDir, before);
      outcomes.push({
        disk: `tmpfs of ${DISK_BYTES} bytes, ${SPARE_BYTES} bytes left free`,
        first: `${full.status} Retry-After ${full.headers["retry-after"]}`,
        error: failure.error_message,
        retries: retried.statuses,
      });
    } finally {
      await server.stop();
      await disk.unmount();
    }
  });

  it("answers 503 on ENOSPC from the file system seam and recovers", async () => {
    const dataDir = await temporaryFolder();
    let diskFull = false;
    const enospc = () =>
      Object.assign(new Error("ENOSPC: no space left on device, write"), {
        code: "ENOSPC",
        syscall: "write",
      });
    // The seam fails the data write of each object while the disk is full,
    // as write(2) does on a full file system.
    const fileSystem: ObjectFileSystem = {
      ...nodeFileSystem,
      async open(path, flags, mode) {
        const file = await nodeFileSystem.open(path, flags, mode);
        return {
          writeFile: (data) =>
            diskFull ? Promise.reject(enospc()) : file.writeFile(data),
          sync: () => file.sync(),
          close: () => file.close(),
        };
      },
    };
    const store = await openLocalStore({ dataDir });
    const pipeline = createPipeline({
      rules: await loadRulesFile(RULES_FILE),
      rawStore: new FileObjectStore(join(dataDir, "raw-audit"), { fileSystem }),
      processedStore: new FileObjectStore(join(dataDir, "processed"), {
        fileSystem,
      }),
      registry: store.registry,
      router: store.router,
      leaseSeconds: LEASE_SECONDS,
    });
    const logLines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString("utf8"));
        done();
      },
    });
    const server: Server = createReceiver({
      pipeline,
      authenticator: createAuthenticator(SHARED_SECRET),
      logger: createLogger(sink),
      maxBodyBytes: 1024 * 1024,
    });
    await new Promise<void>((resolve) => {
      server.listen(0, "127.0.0.1", () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const url = `http://127.0.0.1:${port}/webhooks`;

    try {
      const body = storeUpdate("seam full disk");
      diskFull = true;
      const full = await post(url, { body, headers: HEADERS });
      diskFull = false;
      const retried = await postUntilSettled(url, body, HEADERS);

      expectRetryable(full);
      const logged = logLines
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .find((line) => line.msg === "delivery failed");
      expect(String(logged?.error_message)).toContain(
        "ENOSPC; free disk space, then retry",
      );
      expect(retried.last.status).toBe(202);
      await expectOneEvent(dataDir, body);
      outcomes.push({
        disk: "file system seam that fails writes with ENOSPC",
        first: `${full.status} Retry-After ${full.headers["retry-after"]}`,
        error: logged?.error_message,
        retries: retried.statuses,
      });
    } finally {
      await new Promise((resolve) => server.close(resolve));
      store.close();
    }
  });
});
