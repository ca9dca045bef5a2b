import { readFile } from "node:fs/promises";
import { request } from "node:http";
import { join } from "node:path";
import { hashPayload, parsePayload } from "@axentra/core";
import { openLocalStore } from "@axentra/local-store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSamples } from "../../../examples/samples.js";
import {
  listFiles,
  RULES_FILE,
  type RunningServer,
  runCli,
  startServer,
  temporaryFolder,
} from "./support.js";

const SECRET = "test-secret-0123456789";
const samples = loadSamples();

function post(
  url: string,
  body: Uint8Array | string,
  headers: Record<string, string> = {},
) {
  return fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-webhook-secret": SECRET,
      ...headers,
    },
    body,
  });
}

describe("axentra serve end to end", () => {
  let server: RunningServer;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await temporaryFolder();
    server = await startServer(["--data-dir", dataDir, "--rules", RULES_FILE], {
      AXENTRA_WEBHOOK_SECRET: SECRET,
    });
  });

  afterAll(async () => {
    await server?.stop();
  });

  it("prints its URL at start", () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:[0-9]+\/webhooks$/);
    expect(server.logs[0]?.msg).toBe(
      `axentra serve listening on ${server.url}`,
    );
    expect(server.logs[0]?.auth).toBe("shared_secret");
  });

  it("registers each sample once and answers the second delivery as a duplicate", async () => {
    const store = await openLocalStore({ dataDir });
    try {
      for (const sample of samples) {
        const first = await post(server.url, sample.body);
        const firstBody = (await first.json()) as { event_id: string };
        const second = await post(server.url, sample.body);
        const secondBody = await second.json();

        expect(first.status, sample.file).toBe(202);
        expect(firstBody).toEqual({
          event_id: expect.stringMatching(/^[0-9a-f]{16}-[0-9]{10}$/),
          event_type: sample.eventType,
          routing_target: sample.routingTarget,
          duplicate: false,
        });
        expect(second.status, sample.file).toBe(200);
        expect(secondBody).toEqual({ ...firstBody, duplicate: true });

        const payloadHash = hashPayload(parsePayload(sample.body));
        const record = await store.registry.findByHash(payloadHash);
        const date = new Date(record?.receivedAt ?? "")
          .toISOString()
          .slice(0, 10)
          .replaceAll("-", "/");
        const key = `${sample.eventType}/${date}/${firstBody.event_id}.json`;
        expect(record).toMatchObject({
          eventId: firstBody.event_id,
          status: "processed",
          eventType: sample.eventType,
          routingTarget: sample.routingTarget,
          rawKey: key,
          processedKey: key,
          duplicateCount: 1,
        });

        const raw = await readFile(join(dataDir, "raw-audit", key));
        expect(new Uint8Array(raw)).toEqual(sample.body);
        const processed = JSON.parse(
          await readFile(join(dataDir, "processed", key), "utf8"),
        );
        expect(processed.metadata.event_id).toBe(firstBody.event_id);
        expect(processed.metadata.payload_hash).toBe(payloadHash);
        expect(processed.metadata.stripped_fields).toHaveLength(
          sample.strippedFields,
        );
        const routed = await store.router.listRouted(firstBody.event_id);
        expect(routed.map((entry) => entry.routingTarget)).toEqual([
          sample.routingTarget,
        ]);
      }
    } finally {
      store.close();
    }

    const files = await listFiles(dataDir);
    expect(files.filter((file) => file.startsWith("raw-audit/"))).toHaveLength(
      samples.length,
    );
    expect(files.filter((file) => file.startsWith("processed/"))).toHaveLength(
      samples.length,
    );
  });

  it("logs one line per delivery without payload values", () => {
    const deliveries = server.logs.filter((entry) => entry.msg === "delivery");

    expect(deliveries.length).toBeGreaterThanOrEqual(samples.length * 2);
    for (const entry of deliveries) {
      expect(Object.keys(entry).sort()).toEqual(
        expect.arrayContaining([
          "duration_ms",
          "outcome",
          "request_id",
          "status",
        ]),
      );
    }
    expect(server.output.stdout).not.toContain("Comprehensive Metabolic Panel");
    expect(server.output.stdout).not.toContain(SECRET);
  });

  it("gives one event for concurrent deliveries of one payload", async () => {
    const body = JSON.stringify({
      type: "INSERT",
      table: "stores",
      schema: "public",
      record: { id: "concurrent" },
      old_record: null,
    });

    const responses = await Promise.all(
      Array.from({ length: 12 }, () => post(server.url, body)),
    );

    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 202)).toHaveLength(1);
    for (const status of statuses) {
      expect([200, 202, 409]).toContain(status);
    }
    const bodies = await Promise.all(
      responses.map(
        (response) =>
          response.json() as Promise<{
            event_id?: string;
            error?: { event_id?: string };
          }>,
      ),
    );
    const ids = new Set(
      bodies.map((entry) => entry.event_id ?? entry.error?.event_id),
    );
    expect(ids.size).toBe(1);
  });
});

/** Sends a body in chunks without Content-Length. */
function postChunked(
  url: string,
  chunks: string[],
  headers: Record<string, string>,
) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const target = new URL(url);
    const outgoing = request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: "POST",
        headers,
      },
      (response) => {
        let body = "";
        response.on("data", (chunk: Buffer) => {
          body += chunk.toString();
        });
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, body }),
        );
      },
    );
    outgoing.on("error", reject);
    for (const chunk of chunks) {
      outgoing.write(chunk);
    }
    outgoing.end();
  });
}

describe("axentra serve with bad input", () => {
  let server: RunningServer;
  let dataDir: string;
  const valid = samples[0]?.body as Uint8Array;

  beforeAll(async () => {
    dataDir = await temporaryFolder();
    server = await startServer(
      [
        "--data-dir",
        dataDir,
        "--rules",
        RULES_FILE,
        "--max-body-bytes",
        "2048",
      ],
      { AXENTRA_WEBHOOK_SECRET: SECRET },
    );
  });

  afterAll(async () => {
    await server?.stop();
  });

  it.each([
    [
      "invalid JSON",
      '{"a":',
      {},
      400,
      "invalid_json",
      "invalid JSON at line 1, column 6: unexpected end of input; expected a value",
    ],
    [
      "an empty body",
      "",
      {},
      400,
      "empty_body",
      "body is empty; expected a JSON object",
    ],
    [
      "an array",
      "[1]",
      {},
      400,
      "not_an_object",
      "top level of the body is an array; expected a JSON object",
    ],
    [
      "a wrong content type",
      valid,
      { "content-type": "text/plain" },
      415,
      "unsupported_media_type",
      'content type "text/plain" is not accepted; send application/json in UTF-8',
    ],
    [
      "another charset",
      valid,
      { "content-type": "application/json; charset=latin1" },
      415,
      "unsupported_media_type",
      'content type "application/json; charset=latin1" is not accepted; send application/json in UTF-8',
    ],
    [
      "a wrong secret",
      valid,
      { "x-webhook-secret": "wrong-secret-0123456789" },
      401,
      "unauthorized",
      "missing or invalid credentials",
    ],
    [
      "no secret",
      valid,
      { "x-webhook-secret": "" },
      401,
      "unauthorized",
      "missing or invalid credentials",
    ],
    [
      "an oversize body",
      `{"a":"${"x".repeat(4096)}"}`,
      {},
      413,
      "payload_too_large",
      "body exceeds the limit of 2048 bytes",
    ],
  ])(
    "rejects %s and writes nothing",
    async (_case, body, headers, status, code, message) => {
      const response = await post(
        server.url,
        body,
        headers as Record<string, string>,
      );
      const answer = (await response.json()) as {
        error: { code: string; message: string };
      };

      expect(response.status).toBe(status);
      expect(answer.error.code).toBe(code);
      expect(answer.error.message).toBe(message);
      expect(await listFiles(join(dataDir, "raw-audit"))).toEqual([]);
      expect(await listFiles(join(dataDir, "processed"))).toEqual([]);
    },
  );

  it("rejects an oversize chunked body without Content-Length", async () => {
    const chunk = "x".repeat(1000);
    const response = await postChunked(
      server.url,
      ['{"a":"', chunk, chunk, chunk, '"}'],
      {
        "content-type": "application/json",
        "x-webhook-secret": SECRET,
      },
    );

    expect(response.status).toBe(413);
    expect(JSON.parse(response.body).error.limit_bytes).toBe(2048);
  });

  it("accepts a chunked body within the limit", async () => {
    const text = new TextDecoder().decode(valid);
    const response = await postChunked(
      server.url,
      [text.slice(0, 100), text.slice(100)],
      {
        "content-type": "application/json",
        "x-webhook-secret": SECRET,
      },
    );

    expect(response.status).toBe(202);
  });

  it("answers 404 and 405 for other routes and methods", async () => {
    const missing = await fetch(server.url.replace("/webhooks", "/other"), {
      method: "POST",
    });
    const wrongMethod = await fetch(server.url);

    expect(missing.status).toBe(404);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("POST");
  });

  it("still writes nothing but the one accepted delivery", async () => {
    const store = await openLocalStore({ dataDir });
    const events = await store.registry.list({});
    store.close();

    expect(events).toHaveLength(1);
    expect(await listFiles(join(dataDir, "raw-audit"))).toHaveLength(1);
  });

  it("finishes in-flight requests and exits 0 on SIGTERM", async () => {
    const code = await server.stop("SIGTERM");

    expect(code).toBe(0);
    expect(server.logs.at(-1)?.msg).toBe("stopped");
  });
});

describe("axentra serve start-up", () => {
  it.each([
    [
      "an empty secret",
      { AXENTRA_WEBHOOK_SECRET: "" },
      "axentra serve: AXENTRA_WEBHOOK_SECRET is set but empty; set a secret or unset the variable",
    ],
    [
      "a secret with a newline",
      { AXENTRA_WEBHOOK_SECRET: `${SECRET}\n` },
      "axentra serve: AXENTRA_WEBHOOK_SECRET has leading or trailing whitespace (a trailing newline?); remove it",
    ],
  ])("refuses to start with %s", async (_case, env, message) => {
    const dataDir = await temporaryFolder();

    const start = startServer(
      ["--data-dir", dataDir, "--rules", RULES_FILE],
      env,
    );

    await expect(start).rejects.toThrow(message);
    expect(await listFiles(dataDir)).toEqual([]);
  });

  it("names a port that is in use", async () => {
    const dataDir = await temporaryFolder();
    const first = await startServer([
      "--data-dir",
      dataDir,
      "--rules",
      RULES_FILE,
    ]);
    const port = new URL(first.url).port;

    const second = await runCli([
      "serve",
      "--port",
      port,
      "--data-dir",
      dataDir,
      "--rules",
      RULES_FILE,
    ]);
    await first.stop();

    expect(second.code).toBe(1);
    expect(second.stderr).toBe(
      `axentra serve: port ${port} on 127.0.0.1 is already in use; pick another with --port\n`,
    );
  });

  it("refuses to start with invalid rules", async () => {
    const dataDir = await temporaryFolder();
    const rulesFile = join(dataDir, "bad-rules.yaml");
    await import("node:fs/promises").then((fs) =>
      fs.writeFile(rulesFile, "version: 2\n"),
    );

    const start = startServer([
      "--data-dir",
      join(dataDir, "data"),
      "--rules",
      rulesFile,
    ]);

    await expect(start).rejects.toThrow(
      `rules file ${rulesFile} is invalid (5 problems):`,
    );
    expect(await listFiles(join(dataDir, "data"))).toEqual([]);
  });
});
