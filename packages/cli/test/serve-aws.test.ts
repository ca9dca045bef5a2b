import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { DEFAULT_PROCESSED_BUCKET, S3ObjectStore } from "@axentra/aws-store";
import {
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  type LocalEmulator,
  localClients,
  startDynamoDbLocal,
  startS3rver,
} from "@axentra/aws-store/testing";
import { hashPayload, parsePayload } from "@axentra/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSamples } from "../../../examples/samples.js";
import {
  RULES_FILE,
  type RunningServer,
  runCli,
  startServer,
  temporaryFolder,
} from "./support.js";

const samples = loadSamples();

type Answer = { event_id: string; event_type: string; duplicate: boolean };
type EventJson = {
  eventId: string;
  eventType: string;
  rawKey: string;
  processedKey: string;
  routed?: unknown;
};

function post(url: string, body: Uint8Array | string) {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });
}

/** Drops what depends on the time of receipt: the seconds in ids and keys, and timestamps. */
function withoutTimes(document: {
  metadata: Record<string, unknown>;
  payload: unknown;
}) {
  const {
    received_at: _received,
    processed_at: _processed,
    event_id,
    raw_key,
    rules_version: _rules,
    ...metadata
  } = document.metadata;
  return {
    metadata: {
      ...metadata,
      event_id: String(event_id).split("-")[0],
      raw_key: String(raw_key).split("/")[0],
    },
    payload: document.payload,
  };
}

describe("axentra serve --store aws", () => {
  let dynamodb: LocalEmulator;
  let s3: LocalEmulator;
  let awsServer: RunningServer;
  let localServer: RunningServer;
  let localDir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    [dynamodb, s3] = await Promise.all([startDynamoDbLocal(), startS3rver()]);
    env = {
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      AWS_ENDPOINT_URL_DYNAMODB: dynamodb.endpoint,
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_CONFIG_FILE: "/dev/null",
      AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
    };
    localDir = await temporaryFolder();
  }, 60_000);

  afterAll(async () => {
    await awsServer?.stop();
    await localServer?.stop();
    await Promise.all([dynamodb?.stop(), s3?.stop()]);
  });

  it("sets up buckets and table, and again without changes", async () => {
    const first = await runCli(["setup", "--store", "aws"], { env });
    const second = await runCli(["setup", "--store", "aws"], { env });

    expect(first.code).toBe(0);
    expect(first.stdout).toContain(
      "created     s3 bucket axentra-webhook-raw-audit",
    );
    expect(first.stdout).toContain(
      "created     dynamodb table axentra-webhook-events",
    );
    expect(second.code).toBe(0);
    expect(second.stdout).not.toContain("created");
  });

  it("processes the samples like the embedded store", async () => {
    awsServer = await startServer(
      ["--store", "aws", "--rules", RULES_FILE],
      env,
    );
    localServer = await startServer([
      "--data-dir",
      localDir,
      "--rules",
      RULES_FILE,
    ]);

    for (const sample of samples) {
      const awsAnswer = (await (
        await post(awsServer.url, sample.body)
      ).json()) as Answer;
      const localAnswer = (await (
        await post(localServer.url, sample.body)
      ).json()) as Answer;
      const again = await post(awsServer.url, sample.body);

      expect(awsAnswer.event_type, sample.file).toBe(localAnswer.event_type);
      expect(awsAnswer.event_id.split("-")[0]).toBe(
        localAnswer.event_id.split("-")[0],
      );
      expect(again.status).toBe(200);

      const awsEvent = JSON.parse(
        (
          await runCli(
            ["events", "show", awsAnswer.event_id, "--store", "aws", "--json"],
            { env },
          )
        ).stdout,
      ) as EventJson;
      const localEvent = JSON.parse(
        (
          await runCli([
            "events",
            "show",
            localAnswer.event_id,
            "--data-dir",
            localDir,
            "--json",
          ])
        ).stdout,
      ) as EventJson;
      const keyShape = (key: string) =>
        key
          .replace(/-[0-9]+\.json$/, "")
          .replace(/\/[0-9]{4}\/[0-9]{2}\/[0-9]{2}\//, "/");
      expect(keyShape(awsEvent.rawKey)).toBe(keyShape(localEvent.rawKey));
      expect(awsEvent.processedKey).toBe(awsEvent.rawKey);

      const payloadHash = hashPayload(parsePayload(sample.body));
      expect(awsEvent.eventId.startsWith(payloadHash.slice(0, 16))).toBe(true);
    }
  });

  it("stores processed documents equal to the embedded store's apart from times", async () => {
    const clients = localClients({
      s3: s3.endpoint,
      dynamodb: dynamodb.endpoint,
    });
    const processedStore = new S3ObjectStore({
      client: clients.s3,
      bucket: DEFAULT_PROCESSED_BUCKET,
    });
    try {
      for (const sample of samples) {
        const payloadHash = hashPayload(parsePayload(sample.body));
        const awsEvent = JSON.parse(
          (
            await runCli(
              ["events", "show", payloadHash, "--store", "aws", "--json"],
              { env },
            )
          ).stdout,
        ) as EventJson;
        const awsDocument = JSON.parse(
          new TextDecoder().decode(
            await processedStore.get(awsEvent.processedKey),
          ),
        );
        const localEvent = JSON.parse(
          (
            await runCli([
              "events",
              "show",
              payloadHash,
              "--data-dir",
              localDir,
              "--json",
            ])
          ).stdout,
        ) as EventJson;
        const localDocument = JSON.parse(
          await readFile(
            join(localDir, "processed", localEvent.processedKey),
            "utf8",
          ),
        );

        expect(withoutTimes(awsDocument), sample.file).toEqual(
          withoutTimes(localDocument),
        );
        expect(awsDocument.metadata.rules_version).toBe(
          localDocument.metadata.rules_version,
        );
      }
    } finally {
      clients.destroy();
    }
  });

  it("gives one event for 50 concurrent copies of a new payload", async () => {
    const body = JSON.stringify({
      type: "INSERT",
      table: "stores",
      schema: "public",
      record: { id: "aws-concurrent" },
      old_record: null,
    });

    const responses = await Promise.all(
      Array.from({ length: 50 }, () => post(awsServer.url, body)),
    );

    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 202)).toHaveLength(1);
    for (const status of statuses) {
      expect([200, 202, 409]).toContain(status);
    }
    const list = await runCli(
      ["events", "list", "--store", "aws", "--type", "store_create", "--json"],
      { env },
    );
    expect(JSON.parse(list.stdout)).toHaveLength(1);
  });
});
