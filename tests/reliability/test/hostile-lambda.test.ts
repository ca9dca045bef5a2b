import { hashPayload, parsePayload } from "@axentra/core";
import { loadRulesFile } from "@axentra/rules";
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createResources, useEmulators } from "./support/emulators.js";
import { recordFigures } from "./support/figures.js";
import { functionUrlEvent } from "./support/function-url-event.js";
import {
  caseHeaders,
  HOSTILE_CASES,
  type HostileCase,
  validHeaders,
} from "./support/hostile-cases.js";
import {
  busEventOf,
  createLambdaPath,
  type LambdaPath,
} from "./support/lambda-path.js";
import { type CapturedOutput, captureOutput } from "./support/output.js";
import { RULES_FILE } from "./support/paths.js";
import { storeUpdate } from "./support/payloads.js";
import { SHARED_SECRET, SIGNING_SECRET } from "./support/secrets.js";

const emulators = useEmulators();
const paths = new Map<"signing" | "shared", LambdaPath>();
const outcomes: { name: string; status: number; code: string }[] = [];
const prototypeNames = Object.getOwnPropertyNames(Object.prototype).sort();
let output: CapturedOutput;

/** Cases that exist only at the HTTP layer are for the local receiver. */
const LAMBDA_CASES = HOSTILE_CASES.filter(
  (testCase) => testCase.transport === undefined,
);

beforeAll(async () => {
  output = captureOutput();
  const rules = await loadRulesFile(RULES_FILE);
  for (const [kind, secret] of [
    ["signing", SIGNING_SECRET],
    ["shared", SHARED_SECRET],
  ] as const) {
    const resources = await createResources(emulators());
    paths.set(
      kind,
      createLambdaPath({
        emulators: emulators(),
        resources,
        webhookSecret: secret,
        rules,
      }),
    );
  }
});

afterAll(() => {
  output?.restore();
  for (const path of paths.values()) {
    path.close();
  }
  recordFigures("hostile-lambda", outcomes);
});

function errorOf(result: APIGatewayProxyStructuredResultV2) {
  const body = JSON.parse(String(result.body)) as {
    error?: { code: string; message: string };
  };

  return body.error;
}

/** Runs the processor on the entry an accepted case put on the bus. */
async function expectOneNewEvent(
  path: LambdaPath,
  testCase: HostileCase,
  entriesBefore: number,
): Promise<void> {
  if (testCase.expected.kind !== "accepted") {
    return;
  }
  const entries = path.webhookEntries();
  expect(entries).toHaveLength(entriesBefore + 1);
  const entry = entries.at(-1) ?? {};

  const result = await path.process(busEventOf(entry));

  const payloadHash = hashPayload(parsePayload(testCase.body));
  expect(result).toMatchObject({
    outcome: "created",
    event_type: testCase.expected.eventType,
    payload_hash: payloadHash,
  });
  const record = await path.record(payloadHash);
  expect(record?.status).toBe("processed");
  const text = await path.processedText(record?.processedKey ?? "");
  for (const expected of testCase.expected.processedIncludes ?? []) {
    expect(text).toContain(expected);
  }
}

describe("ingest and process handlers: hostile deliveries", () => {
  it.each(LAMBDA_CASES)("$name", async (testCase) => {
    const path = paths.get(testCase.secret ?? "signing") as LambdaPath;
    const entriesBefore = path.webhookEntries().length;
    const claimChecksBefore = await path.claimCheckKeys();

    const result = await path.ingest(
      functionUrlEvent({
        body: testCase.body,
        headers: caseHeaders(testCase),
        base64: testCase.base64,
      }),
    );

    const error = errorOf(result);
    outcomes.push({
      name: testCase.name,
      status: result.statusCode ?? 0,
      code: error?.code ?? "",
    });
    const { expected } = testCase;
    if (expected.kind === "accepted") {
      expect(result.statusCode).toBe(202);
      expect(error).toBeUndefined();
      await expectOneNewEvent(path, testCase, entriesBefore);
    } else if (expected.kind === "rejected") {
      expect(result.statusCode).toBe(expected.status);
      expect({ code: error?.code, message: error?.message }).toEqual({
        code: expected.code,
        message: expected.message,
      });
      expect(path.webhookEntries()).toHaveLength(entriesBefore);
      expect(await path.claimCheckKeys()).toEqual(claimChecksBefore);
    } else {
      throw new Error(`case ${testCase.name} is for the local receiver only`);
    }
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(
      prototypeNames,
    );

    const followUp = storeUpdate(`lambda ${testCase.name}`);
    const next = await path.ingest(
      functionUrlEvent({
        body: followUp,
        headers: validHeaders(testCase.secret ?? "signing", followUp),
      }),
    );
    const accepted = expected.kind === "accepted" ? 1 : 0;
    expect(next.statusCode).toBe(202);
    expect(path.webhookEntries()).toHaveLength(entriesBefore + accepted + 1);
  });

  it("puts a large body in the raw bucket before the bus", async () => {
    const path = paths.get("signing") as LambdaPath;

    const keys = await path.claimCheckKeys();

    // Only "long string within the limit" exceeds the 256 KB entry limit.
    expect(keys).toHaveLength(1);
  });
});

describe("routed events", () => {
  it.each([
    ["integers beyond 2^53", '"sku_number": 9007199254740993'],
    ["exponents", '"ceiling": 1e400'],
  ])("keep %s exactly", (_name, lexeme) => {
    const path = paths.get("signing") as LambdaPath;
    const key = lexeme.split(":")[0] as string;

    const routed = path
      .routedEntries()
      .map((entry) => entry.Detail ?? "")
      .filter((detail) => detail.includes(key));

    expect(routed).toHaveLength(1);
    expect(routed[0]).toContain(lexeme);
  });
});
