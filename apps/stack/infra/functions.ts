import { bus, deadLetterQueue, ROUTED_SOURCE, WEBHOOK_SOURCE } from "./bus";
import { eventRegistry } from "./registry";
import { claimCheckBucket, processedBucket, rawAuditBucket } from "./storage";

/**
 * Largest webhook body the ingest function accepts, 1 MiB. Function URLs
 * take up to 6 MB, but the 256 MB processor parses, strips and serializes
 * the whole payload in memory, and a 5 MiB object-dense body peaked near
 * 300 MB RSS in a local measurement. Supabase row payloads are far smaller.
 */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Maximum concurrent ingest invocations; further requests get HTTP 429.
 * At an estimated 100 ms per request, this allows about 100 requests/s.
 */
export const INGEST_RESERVED_CONCURRENCY = 10;

/** Lambda's own retries of a failed asynchronous processor invocation. */
export const PROCESSOR_RETRIES = 2;

/** How long Lambda keeps retrying one processor event, in seconds. */
export const PROCESSOR_MAX_EVENT_AGE_SECONDS = 60 * 60;

/**
 * esbuild settings of both bundles. SST passes `nodejs` to its build as
 * given and minifies only when `minify` is set, despite the default its
 * documentation gives. A minified bundle loads faster on a cold start.
 */
const NODEJS_BUILD = { minify: true };

/**
 * Sets a function role's trust policy to the Lambda service alone. SST 4.17
 * also trusts the account root, because `sst dev` runs functions on a
 * developer's machine with the role. Deployed stages do not need that.
 */
function trustLambdaServiceOnly(args: aws.iam.RoleArgs): undefined {
  if ($dev) {
    return;
  }

  args.assumeRolePolicy = JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: "lambda.amazonaws.com" },
        Action: "sts:AssumeRole",
      },
    ],
  });
}

/**
 * Shared secret of the webhook, or a Standard Webhooks `whsec_` secret. Set
 * it with `sst secret set WebhookSecret <value> --stage <stage>`; a deploy
 * without it fails.
 */
export const webhookSecret = new sst.Secret("WebhookSecret");

/**
 * The secret being replaced during a rotation, accepted beside the current
 * one until Supabase sends the new one. Empty, its placeholder, means none.
 */
export const previousWebhookSecret = new sst.Secret(
  "WebhookSecretPrevious",
  "",
);

/**
 * Ingest function behind a public function URL. The URL has no AWS auth
 * because the function checks the shared secret or the signature itself.
 * Its timeout stays well under the 5-second timeout of Supabase webhooks.
 */
export const ingest = new sst.aws.Function("Ingest", {
  description: "Authenticates Supabase webhooks and puts them on the bus",
  handler: "../../packages/handler/src/ingest.handler",
  runtime: "nodejs22.x",
  architecture: "arm64",
  memory: "512 MB",
  timeout: "3 seconds",
  concurrency: { reserved: INGEST_RESERVED_CONCURRENCY },
  url: { authorization: "none", cors: false },
  nodejs: NODEJS_BUILD,
  logging: { format: "json", retention: "1 year" },
  environment: {
    AXENTRA_EVENT_BUS: bus.name,
    AXENTRA_CLAIM_CHECK_BUCKET: claimCheckBucket.name,
    AXENTRA_WEBHOOK_SECRET: webhookSecret.value,
    AXENTRA_WEBHOOK_SECRET_PREVIOUS: previousWebhookSecret.value,
    AXENTRA_MAX_BODY_BYTES: String(MAX_BODY_BYTES),
  },
  permissions: [
    {
      actions: ["events:PutEvents"],
      resources: [bus.arn],
      conditions: [
        {
          test: "StringEquals",
          variable: "events:source",
          values: [WEBHOOK_SOURCE],
        },
      ],
    },
    {
      // Bodies too large for the bus; the ingest never touches the raw
      // audit or processed bucket.
      actions: ["s3:PutObject"],
      resources: [$interpolate`${claimCheckBucket.arn}/*`],
    },
  ],
  transform: { role: trustLambdaServiceOnly },
});

/**
 * Processor function, the target of the bus rule. EventBridge invokes it
 * asynchronously, so a thrown error is retried by Lambda and then sent to
 * the dead-letter queue as an invocation record.
 */
export const processor = new sst.aws.Function("Processor", {
  description: "Archives, strips, registers and routes webhook deliveries",
  handler: "../../packages/handler/src/process.handler",
  runtime: "nodejs22.x",
  architecture: "arm64",
  memory: "256 MB",
  timeout: "60 seconds",
  nodejs: NODEJS_BUILD,
  logging: { format: "json", retention: "1 year" },
  copyFiles: [{ from: "../../rules.yaml", to: "rules.yaml" }],
  retries: PROCESSOR_RETRIES,
  environment: {
    AXENTRA_RAW_BUCKET: rawAuditBucket.name,
    AXENTRA_PROCESSED_BUCKET: processedBucket.name,
    AXENTRA_CLAIM_CHECK_BUCKET: claimCheckBucket.name,
    AXENTRA_EVENTS_TABLE: eventRegistry.name,
    AXENTRA_EVENT_BUS: bus.name,
    // copyFiles puts rules.yaml at the root of the bundle, /var/task.
    AXENTRA_RULES_FILE: "/var/task/rules.yaml",
  },
  permissions: [
    {
      actions: ["s3:GetObject", "s3:PutObject"],
      resources: [
        $interpolate`${rawAuditBucket.arn}/*`,
        $interpolate`${processedBucket.arn}/*`,
      ],
    },
    {
      actions: ["s3:GetObject"],
      resources: [$interpolate`${claimCheckBucket.arn}/*`],
    },
    {
      // Without s3:ListBucket, S3 returns 403 AccessDenied instead of 404
      // for GetObject and HeadObject of a missing key, and the stores
      // would take "not written yet" for a permanent error.
      actions: ["s3:ListBucket"],
      resources: [
        rawAuditBucket.arn,
        processedBucket.arn,
        claimCheckBucket.arn,
      ],
    },
    {
      actions: ["dynamodb:UpdateItem"],
      resources: [eventRegistry.arn],
    },
    {
      actions: ["events:PutEvents"],
      resources: [bus.arn],
      conditions: [
        {
          test: "StringEquals",
          variable: "events:source",
          values: [ROUTED_SOURCE],
        },
      ],
    },
    {
      // Lambda sends failed invocation records with the function's role.
      actions: ["sqs:SendMessage"],
      resources: [deadLetterQueue.arn],
    },
  ],
  transform: {
    role: trustLambdaServiceOnly,
    eventInvokeConfig: {
      maximumEventAgeInSeconds: PROCESSOR_MAX_EVENT_AGE_SECONDS,
      destinationConfig: {
        onFailure: { destination: deadLetterQueue.arn },
      },
    },
  },
});
