import type { ServerSideEncryption } from "@aws-sdk/client-s3";

/** Default name of the raw audit bucket. */
export const DEFAULT_RAW_BUCKET = "axentra-webhook-raw-audit";
/** Default name of the processed bucket. */
export const DEFAULT_PROCESSED_BUCKET = "axentra-webhook-processed";
/** Default name of the event registry table. */
export const DEFAULT_EVENTS_TABLE = "axentra-webhook-events";

/** Endpoint overrides, from the SDK's standard `AWS_ENDPOINT_URL_*` variables. */
export interface AwsEndpoints {
  readonly s3?: string | undefined;
  readonly dynamodb?: string | undefined;
  readonly eventBridge?: string | undefined;
}

/** Settings of `createAwsStore`. */
export interface AwsStoreConfig {
  readonly rawBucket: string;
  readonly processedBucket: string;
  readonly tableName: string;
  /** Bus of routed events. Without one, routing is recorded only in the registry. */
  readonly eventBusName?: string | undefined;
  /** Source of routed events, `axentra.webhook.routed` by default. */
  readonly eventSource?: string | undefined;
  /** AWS region. When unset, the SDK resolves it itself. */
  readonly region?: string | undefined;
  readonly endpoints?: AwsEndpoints | undefined;
  /**
   * Path-style S3 addressing (`http://host/bucket/key`). Emulators such as
   * s3rver listen on one host and cannot serve `bucket.host` names.
   */
  readonly forcePathStyle?: boolean | undefined;
  readonly serverSideEncryption?: ServerSideEncryption | undefined;
  readonly kmsKeyId?: string | undefined;
}

/**
 * Values that take precedence over the environment, such as command-line
 * flags. An `undefined` value counts as not given.
 */
export type AwsStoreOverrides = {
  readonly [K in keyof AwsStoreConfig]?: AwsStoreConfig[K] | undefined;
};

/**
 * Reads the AWS store settings. Each value comes from `overrides` (for
 * instance command-line flags) when set there, else from the environment,
 * else from the defaults:
 *
 * - `AXENTRA_RAW_BUCKET`, `AXENTRA_PROCESSED_BUCKET`, `AXENTRA_EVENTS_TABLE`
 *   and `AXENTRA_EVENT_BUS` name the resources;
 * - `AWS_REGION` (or `AWS_DEFAULT_REGION`) sets the region;
 * - `AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL_DYNAMODB` and
 *   `AWS_ENDPOINT_URL_EVENTBRIDGE`, or `AWS_ENDPOINT_URL` for all three,
 *   point the clients at other endpoints, as the SDK itself reads them.
 *
 * An S3 endpoint override turns on path-style addressing.
 */
export function awsStoreConfigFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  overrides: AwsStoreOverrides = {},
): AwsStoreConfig {
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();

    return value === "" ? undefined : value;
  };

  const anyService = read("AWS_ENDPOINT_URL");
  const endpoints: AwsEndpoints = {
    s3: overrides.endpoints?.s3 ?? read("AWS_ENDPOINT_URL_S3") ?? anyService,
    dynamodb:
      overrides.endpoints?.dynamodb ??
      read("AWS_ENDPOINT_URL_DYNAMODB") ??
      anyService,
    eventBridge:
      overrides.endpoints?.eventBridge ??
      read("AWS_ENDPOINT_URL_EVENTBRIDGE") ??
      anyService,
  };

  return {
    rawBucket:
      overrides.rawBucket ?? read("AXENTRA_RAW_BUCKET") ?? DEFAULT_RAW_BUCKET,
    processedBucket:
      overrides.processedBucket ??
      read("AXENTRA_PROCESSED_BUCKET") ??
      DEFAULT_PROCESSED_BUCKET,
    tableName:
      overrides.tableName ??
      read("AXENTRA_EVENTS_TABLE") ??
      DEFAULT_EVENTS_TABLE,
    eventBusName: overrides.eventBusName ?? read("AXENTRA_EVENT_BUS"),
    eventSource: overrides.eventSource,
    region:
      overrides.region ?? read("AWS_REGION") ?? read("AWS_DEFAULT_REGION"),
    endpoints,
    forcePathStyle: overrides.forcePathStyle ?? endpoints.s3 !== undefined,
    serverSideEncryption: overrides.serverSideEncryption,
    kmsKeyId: overrides.kmsKeyId,
  };
}
