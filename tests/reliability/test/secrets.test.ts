import { createIngestHandlerFromEnv } from "@axentra/handler";
import { afterAll, describe, expect, it } from "vitest";
import { recordFigures } from "./support/figures.js";
import { listFiles, temporaryFolder } from "./support/local-data.js";
import { captureOutput } from "./support/output.js";
import { RULES_FILE } from "./support/paths.js";
import { SHARED_SECRET, SIGNING_KEY } from "./support/secrets.js";
import { serveUntilExit } from "./support/serve-process.js";

const VARIABLE = "AXENTRA_WEBHOOK_SECRET";

/** A misconfigured secret and the start-up error of each receiver. */
interface SecretCase {
  readonly name: string;
  readonly secret: string;
  /** Message of the local receiver, after "axentra serve: ". */
  readonly local: string;
  /** Error name and message of the ingest function's init. */
  readonly lambda: { readonly name: string; readonly message: string };
}

const EMPTY_LAMBDA = {
  name: "HandlerConfigError",
  message:
    `${VARIABLE} is not set or empty; the ingest function does not accept ` +
    "unauthenticated webhooks. Set it to a shared secret of 16 or more " +
    'characters or a Standard Webhooks "whsec_" secret',
};
const WHITESPACE = `${VARIABLE} has leading or trailing whitespace (a trailing newline?); remove it`;
const WRONG_PREFIX = `${VARIABLE} looks like a Standard Webhooks secret but does not start with "whsec_"; copy the whole secret`;
const INVALID_KEY = `${VARIABLE} is not a valid signing secret: expected "whsec_" followed by at least 16 base64-encoded bytes`;

const CASES: readonly SecretCase[] = [
  {
    name: "empty",
    secret: "",
    local: `${VARIABLE} is set but empty; set a secret or unset the variable`,
    lambda: EMPTY_LAMBDA,
  },
  {
    name: "blank",
    secret: "  \n",
    local: `${VARIABLE} is set but empty; set a secret or unset the variable`,
    lambda: EMPTY_LAMBDA,
  },
  {
    name: "trailing newline",
    secret: `${SHARED_SECRET}\n`,
    local: WHITESPACE,
    lambda: { name: "SecretConfigError", message: WHITESPACE },
  },
  {
    name: "signing secret with a trailing newline",
    secret: `whsec_${SIGNING_KEY}\n`,
    local: WHITESPACE,
    lambda: { name: "SecretConfigError", message: WHITESPACE },
  },
  {
    name: "uppercase prefix",
    secret: `WHSEC_${SIGNING_KEY}`,
    local: WRONG_PREFIX,
    lambda: { name: "SecretConfigError", message: WRONG_PREFIX },
  },
  {
    name: "prefix with a hyphen",
    secret: `whsec-${SIGNING_KEY}`,
    local: WRONG_PREFIX,
    lambda: { name: "SecretConfigError", message: WRONG_PREFIX },
  },
  {
    name: "key that is not base64",
    secret: "whsec_not base64 at all!",
    local: INVALID_KEY,
    lambda: { name: "SecretConfigError", message: INVALID_KEY },
  },
  {
    name: "key of 8 bytes",
    secret: `whsec_${Buffer.from("8 bytes!").toString("base64")}`,
    local: INVALID_KEY,
    lambda: { name: "SecretConfigError", message: INVALID_KEY },
  },
  {
    name: "short shared secret",
    secret: "hunter2",
    local: `${VARIABLE} is shorter than 16 characters; use a longer random secret`,
    lambda: {
      name: "SecretConfigError",
      message: `${VARIABLE} is shorter than 16 characters; use a longer random secret`,
    },
  },
];

const outcomes: { name: string; local: string; lambda: string }[] = [];

afterAll(() => {
  recordFigures("secrets", outcomes);
});

/** Builds the ingest handler as Lambda does at init and returns its error. */
function ingestInitError(secret: string): Error | undefined {
  const output = captureOutput();
  try {
    createIngestHandlerFromEnv({
      [VARIABLE]: secret,
      AXENTRA_EVENT_BUS: "axentra-reliability",
      AXENTRA_RAW_BUCKET: "axentra-reliability-raw",
      AXENTRA_CLAIM_CHECK_BUCKET: "axentra-reliability-claim-check",
      // Loopback endpoints: a handler that did start could reach nothing else.
      AWS_ENDPOINT_URL_S3: "http://127.0.0.1:9",
      AWS_ENDPOINT_URL_EVENTBRIDGE: "http://127.0.0.1:9",
    });
    return undefined;
  } catch (error) {
    return error as Error;
  } finally {
    output.restore();
  }
}

describe("misconfigured webhook secret", () => {
  it.each(CASES)("$name stops both receivers", async (testCase) => {
    const dataDir = await temporaryFolder();

    const local = await serveUntilExit(
      ["--data-dir", dataDir, "--rules", RULES_FILE],
      { [VARIABLE]: testCase.secret },
    );
    const lambda = ingestInitError(testCase.secret);

    expect(local.code).toBe(1);
    expect(local.stdout).toBe("");
    expect(local.stderr).toBe(`axentra serve: ${testCase.local}\n`);
    expect(await listFiles(dataDir)).toEqual([]);
    expect(lambda?.name).toBe(testCase.lambda.name);
    expect(lambda?.message).toBe(testCase.lambda.message);
    outcomes.push({
      name: testCase.name,
      local: `exit ${local.code}`,
      lambda: lambda?.name ?? "started",
    });
  });
});
