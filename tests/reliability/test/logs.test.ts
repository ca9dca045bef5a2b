import { randomUUID } from "node:crypto";
import { loadRulesFile } from "@axentra/rules";
import { afterAll, describe, expect, it } from "vitest";
import { loadSamples } from "../../../examples/samples.js";
import { createResources, useEmulators } from "./support/emulators.js";
import { recordFigures } from "./support/figures.js";
import { functionUrlEvent } from "./support/function-url-event.js";
import { post } from "./support/http-client.js";
import { busEventOf, createLambdaPath } from "./support/lambda-path.js";
import { temporaryFolder } from "./support/local-data.js";
import { captureOutput } from "./support/output.js";
import { RULES_FILE } from "./support/paths.js";
import {
  findLeaks,
  jsonLines,
  numberFieldsOf,
  payloadLeaves,
} from "./support/payload-leaves.js";
import {
  SHARED_SECRET,
  SIGNING_KEY,
  SIGNING_SECRET,
  sharedSecretHeaders,
  signedHeaders,
} from "./support/secrets.js";
import { startServe } from "./support/serve-process.js";

const emulators = useEmulators();
const samples = loadSamples();
const leaves = payloadLeaves(samples.map((sample) => sample.body));
const SECRETS = [
  SHARED_SECRET,
  SIGNING_SECRET,
  SIGNING_KEY,
  Buffer.from(SIGNING_KEY, "base64").toString("latin1"),
];
const figures: Record<string, unknown> = {};

afterAll(() => {
  recordFigures("logs", figures);
});

/** Cuts a sample in half, which makes it invalid JSON. */
function truncated(body: Uint8Array): Uint8Array {
  return body.subarray(0, Math.floor(body.byteLength / 2));
}

/** Number fields that the receivers' log lines may carry. */
const LOCAL_NUMBER_FIELDS = [
  "bytes",
  "column",
  "duration_ms",
  "line",
  "status",
];

/**
 * Number fields of the Lambda handlers' output: log fields, the metrics of
 * the embedded-metric-format lines, and the AWS SDK's request metadata of
 * a logged S3 error.
 */
const LAMBDA_NUMBER_FIELDS = [
  "Duplicates",
  "DurationMs",
  "Failures",
  "Processed",
  "Received",
  "Rejected",
  "_aws.Timestamp",
  "bytes",
  "column",
  "duplicate_count",
  "duration_ms",
  "error.cause.$metadata.attempts",
  "error.cause.$metadata.httpStatusCode",
  "error.cause.$metadata.totalRetryDelay",
  "line",
  "sampling_rate",
  "status",
  "stripped_fields",
];

describe("log output over the samples", () => {
  it("local receiver logs no payload value or secret", async () => {
    const dataDir = await temporaryFolder();
    const server = await startServe(
      ["--data-dir", dataDir, "--rules", RULES_FILE],
      { AXENTRA_WEBHOOK_SECRET: SIGNING_SECRET },
    );
    const statuses: number[] = [];
    const send = async (body: Uint8Array, headers: Record<string, string>) => {
      const answer = await post(server.url, {
        body,
        headers: { "content-type": "application/json", ...headers },
      });
      statuses.push(answer.status);
    };

    for (const { body } of samples) {
      await send(body, signedHeaders(body));
      await send(body, signedHeaders(body));
      await send(truncated(body), signedHeaders(truncated(body)));
      await send(body, {
        ...signedHeaders(body),
        "webhook-signature": "v1,AAAA",
      });
    }
    await server.stop();
    const output = server.output.stdout + server.output.stderr;

    expect(statuses.filter((status) => status === 202)).toHaveLength(
      samples.length,
    );
    expect(statuses.filter((status) => status === 200)).toHaveLength(
      samples.length,
    );
    expect(statuses.filter((status) => status === 400)).toHaveLength(
      samples.length,
    );
    expect(statuses.filter((status) => status === 401)).toHaveLength(
      samples.length,
    );
    expect(findLeaks(output, leaves, SECRETS)).toEqual([]);
    expect([...numberFieldsOf(output)].sort()).toEqual(LOCAL_NUMBER_FIELDS);
    figures.local = {
      lines: jsonLines(output).length,
      requests: statuses.length,
    };
  });

  it("ingest and process handlers log no payload value or secret", async () => {
    const rules = await loadRulesFile(RULES_FILE);
    const resources = await createResources(emulators());
    const output = captureOutput();
    const lambda = createLambdaPath({
      emulators: emulators(),
      resources,
      webhookSecret: SHARED_SECRET,
      rules,
    });
    const outcomes: string[] = [];

    try {
      for (const { body } of samples) {
        const request = {
          body,
          headers: {
            "content-type": "application/json",
            ...sharedSecretHeaders(),
          },
        };
        const accepted = await lambda.ingest(functionUrlEvent(request));
        const entry = lambda.webhookEntries().at(-1) ?? {};
        const created = await lambda.process(busEventOf(entry));
        const duplicate = await lambda.process(busEventOf(entry));
        const rejected = await lambda.ingest(
          functionUrlEvent({ ...request, body: truncated(body) }),
        );
        const unauthorized = await lambda.ingest(
          functionUrlEvent({
            ...request,
            headers: {
              ...request.headers,
              "x-webhook-secret": `${SHARED_SECRET}x`,
            },
          }),
        );
        const dropped = await lambda.process(
          busEventOf({
            ...entry,
            Detail: JSON.stringify({
              ...JSON.parse(entry.Detail ?? "{}"),
              body: new TextDecoder().decode(truncated(body)),
            }),
          }),
        );
        const missing = await lambda
          .process(
            busEventOf({
              ...entry,
              Detail: JSON.stringify({
                received_at: new Date().toISOString(),
                body_ref: {
                  bucket: resources.rawBucket,
                  key: `claim-check/${randomUUID()}.json`,
                },
              }),
            }),
          )
          .then(
            () => "returned",
            (error: Error) => error.name,
          );
        outcomes.push(
          String(accepted.statusCode),
          created.outcome,
          duplicate.outcome,
          String(rejected.statusCode),
          String(unauthorized.statusCode),
          dropped.outcome,
          missing,
        );
      }
    } finally {
      output.restore();
      lambda.close();
    }
    const text = output.text();

    expect(new Set(outcomes)).toEqual(
      new Set([
        "202",
        "created",
        "duplicate",
        "400",
        "401",
        "rejected",
        "HandlerError",
      ]),
    );
    expect(findLeaks(text, leaves, SECRETS)).toEqual([]);
    expect([...numberFieldsOf(text)].sort()).toEqual(LAMBDA_NUMBER_FIELDS);
    figures.lambda = {
      lines: jsonLines(text).length,
      invocations: outcomes.length,
    };
    figures.leaves = {
      strings: leaves.strings.size,
      numbers: leaves.numbers.size,
      secrets: SECRETS.length,
    };
  });
});
