import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  EventBridgeClient,
  PutEventsCommand,
} from "@aws-sdk/client-eventbridge";
import { hashPayload, parsePayload } from "@axentra/core";
import { createProcessHandlerFromEnv } from "@axentra/handler";
import { mockClient } from "aws-sdk-client-mock";
import { beforeAll, describe, expect, it } from "vitest";
import {
  bucketKeys,
  createResources,
  objectText,
  useEmulators,
} from "./support/emulators.js";
import { post } from "./support/http-client.js";
import { busEventOf, inlineEntry, TEST_BUS } from "./support/lambda-path.js";
import {
  dataSnapshot,
  readProcessed,
  temporaryFolder,
} from "./support/local-data.js";
import { captureOutput } from "./support/output.js";
import { RULES_FILE } from "./support/paths.js";
import { sampleBody, storeUpdate } from "./support/payloads.js";
import { SHARED_SECRET, sharedSecretHeaders } from "./support/secrets.js";
import { serveUntilExit, startServe } from "./support/serve-process.js";

const emulators = useEmulators();
const HEADERS = {
  "content-type": "application/json",
  ...sharedSecretHeaders(),
};
const STORE_SAMPLE = sampleBody("supabase-store-update.json");

/** The three rules files of the tests: as shipped, changed, and invalid. */
interface RulesVariants {
  readonly original: string;
  /** Stores lose created_at and route to default-handler. */
  readonly changed: string;
  /** The change plus a default target that is not declared. */
  readonly invalid: string;
}

let variants: RulesVariants;

function replaceOnce(text: string, from: string, to: string): string {
  if (!text.includes(from)) {
    throw new Error(`rules.yaml no longer contains ${JSON.stringify(from)}`);
  }

  return text.replace(from, to);
}

beforeAll(async () => {
  const original = await readFile(RULES_FILE, "utf8");
  const stripped = replaceOnce(
    original,
    "  stores:\n    event_name: store\n    strip: []",
    "  stores:\n    event_name: store\n    strip: [created_at]",
  );
  const changed = replaceOnce(
    stripped,
    '    - event_types: ["store_*"]\n      target: store-service',
    '    - event_types: ["store_*"]\n      target: default-handler',
  );
  const invalid = replaceOnce(
    changed,
    "  default: default-handler",
    "  default: nowhere",
  );
  variants = { original, changed, invalid };
});

function versionOf(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** Builds the message that rejects the invalid variant at `file`. */
function invalidMessage(file: string): string {
  const line = variants.invalid.split("\n").indexOf("  default: nowhere") + 1;

  return (
    `rules file ${file} is invalid (1 problem):\n` +
    `  ${file}:${line}:12: routing.default: expected one of the declared ` +
    'targets (product-service, store-service, default-handler), found "nowhere"'
  );
}

describe("rules changes on the local receiver", () => {
  it("apply on restart only, never in part, and name their version", async () => {
    const folder = await temporaryFolder();
    const rulesFile = join(folder, "rules.yaml");
    const dataDir = join(folder, "data");
    const args = ["--data-dir", dataDir, "--rules", rulesFile];
    const env = { AXENTRA_WEBHOOK_SECRET: SHARED_SECRET };
    const whileRunning = storeUpdate("rules edited while running");
    const afterRestart = storeUpdate("rules changed and restarted");
    await writeFile(rulesFile, variants.original);

    const first = await startServe(args, env);
    const original = await post(first.url, {
      body: STORE_SAMPLE,
      headers: HEADERS,
    });
    await writeFile(rulesFile, variants.changed);
    const edited = await post(first.url, {
      body: whileRunning,
      headers: HEADERS,
    });
    await first.stop();
    await writeFile(rulesFile, variants.invalid);
    const before = await dataSnapshot(dataDir);
    const refused = await serveUntilExit(args, env);
    const untouched = await dataSnapshot(dataDir);
    await writeFile(rulesFile, variants.changed);
    const second = await startServe(args, env);
    const restarted = await post(second.url, {
      body: afterRestart,
      headers: HEADERS,
    });
    const duplicate = await post(second.url, {
      body: STORE_SAMPLE,
      headers: HEADERS,
    });
    await second.stop();

    expect(original.json).toMatchObject({ routing_target: "store-service" });
    expect(edited.json).toMatchObject({ routing_target: "store-service" });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `axentra serve: ${invalidMessage(rulesFile)}\n`,
    );
    expect(untouched).toEqual(before);
    expect(second.logs[0]).toMatchObject({
      rules: rulesFile,
      rules_version: versionOf(variants.changed),
    });
    expect(restarted.json).toMatchObject({ routing_target: "default-handler" });
    expect(duplicate.status).toBe(200);
    expect(duplicate.json).toMatchObject({ routing_target: "store-service" });

    const rows = (await dataSnapshot(dataDir)).rows;
    const byHash = new Map(rows.map((row) => [row.payload_hash, row]));
    const expectations = [
      [STORE_SAMPLE, variants.original, "store-service"],
      [whileRunning, variants.original, "store-service"],
      [afterRestart, variants.changed, "default-handler"],
    ] as const;
    for (const [body, rules, target] of expectations) {
      const row = byHash.get(hashPayload(parsePayload(body)));
      const document = JSON.parse(
        await readProcessed(dataDir, row?.processed_key ?? ""),
      );
      expect(row?.rules_version).toBe(versionOf(rules));
      expect(row?.routing_target).toBe(target);
      expect(document.metadata.rules_version).toBe(versionOf(rules));
      expect(document.metadata.routing_target).toBe(target);
      expect("created_at" in document.payload.record).toBe(
        rules === variants.original,
      );
    }
  });
});

describe("rules changes on the process handler", () => {
  it("apply on a new init only, never in part, and name their version", async () => {
    const folder = await temporaryFolder();
    const rulesFile = join(folder, "rules.yaml");
    const resources = await createResources(emulators());
    const env = {
      AXENTRA_RULES_FILE: rulesFile,
      AXENTRA_EVENT_BUS: TEST_BUS,
      AXENTRA_RAW_BUCKET: resources.rawBucket,
      // Claim-check objects need a bucket of their own in AWS. The events
      // here carry their bodies inline, so the raw bucket serves as the claim-check bucket.
      AXENTRA_CLAIM_CHECK_BUCKET: resources.rawBucket,
      AXENTRA_PROCESSED_BUCKET: resources.processedBucket,
      AXENTRA_EVENTS_TABLE: resources.tableName,
      AWS_REGION: "us-east-1",
      AWS_ENDPOINT_URL_S3: emulators().s3Endpoint,
      AWS_ENDPOINT_URL_DYNAMODB: emulators().dynamodbEndpoint,
      // No local EventBridge exists: routed PutEvents calls are mocked at
      // request level, and this closed port catches any that are not.
      AWS_ENDPOINT_URL_EVENTBRIDGE: "http://127.0.0.1:9",
    };
    const bus = mockClient(EventBridgeClient);
    bus.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{}] });
    const output = captureOutput();
    const whileRunning = storeUpdate("lambda rules edited while running");
    const afterInit = storeUpdate("lambda rules changed and reloaded");

    try {
      await writeFile(rulesFile, variants.original);
      const first = await createProcessHandlerFromEnv(env);
      const original = await first(busEventOf(inlineEntry(STORE_SAMPLE)));
      await writeFile(rulesFile, variants.changed);
      const edited = await first(busEventOf(inlineEntry(whileRunning)));
      await writeFile(rulesFile, variants.invalid);
      const refused = await createProcessHandlerFromEnv(env).then(
        () => undefined,
        (error: Error) => error,
      );
      await writeFile(rulesFile, variants.changed);
      const second = await createProcessHandlerFromEnv(env);
      const reloaded = await second(busEventOf(inlineEntry(afterInit)));
      const duplicate = await second(busEventOf(inlineEntry(STORE_SAMPLE)));

      expect(original).toMatchObject({
        outcome: "created",
        routing_target: "store-service",
      });
      expect(edited).toMatchObject({
        outcome: "created",
        routing_target: "store-service",
      });
      expect(refused?.name).toBe("RulesValidationError");
      expect(refused?.message).toBe(invalidMessage(rulesFile));
      expect(reloaded).toMatchObject({
        outcome: "created",
        routing_target: "default-handler",
      });
      expect(duplicate).toMatchObject({
        outcome: "duplicate",
        routing_target: "store-service",
      });

      const expectations = [
        [original.event_id, variants.original],
        [edited.event_id, variants.original],
        [reloaded.event_id, variants.changed],
      ] as const;
      const processed = await bucketKeys(
        emulators().s3,
        resources.processedBucket,
      );
      for (const [eventId, rules] of expectations) {
        const keys = processed.filter((key) => key.includes(eventId ?? "-"));
        expect(keys).toHaveLength(1);
        const document = JSON.parse(
          await objectText(
            emulators().s3,
            resources.processedBucket,
            keys[0] ?? "",
          ),
        );
        expect(document.metadata.rules_version).toBe(versionOf(rules));
      }
    } finally {
      output.restore();
      bus.restore();
    }
  });
});
