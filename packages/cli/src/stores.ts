import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import {
  type AwsStoreConfig,
  awsStoreConfigFromEnv,
  createAwsStore,
} from "@axentra/aws-store";
import type { EventRegistry, ObjectStore, Router } from "@axentra/core";
import { openLocalStore, type SqliteRouter } from "@axentra/local-store";
import { CliError, UsageError } from "./errors.js";

/** Kind of store behind a command. */
export type StoreKind = "local" | "aws";

/** The stores a command works on, whichever kind. */
export interface OpenStore {
  readonly kind: StoreKind;
  /** Location of the data, for messages: a folder, or bucket and table names. */
  readonly location: string;
  readonly rawStore: ObjectStore;
  readonly processedStore: ObjectStore;
  readonly registry: EventRegistry;
  readonly router: Router;
  /** Routed events recorded locally; the AWS store publishes them instead. */
  readonly localRouter?: SqliteRouter;
  close(): void;
}

/** Store flags shared by the commands. */
export interface StoreFlags {
  readonly store?: string | undefined;
  readonly "data-dir"?: string | undefined;
  readonly "raw-bucket"?: string | undefined;
  readonly "processed-bucket"?: string | undefined;
  readonly table?: string | undefined;
  readonly "event-bus"?: string | undefined;
}

/** Option definitions of the store flags, for `parseArgs`. */
export const STORE_OPTIONS = {
  store: { type: "string" },
  "data-dir": { type: "string" },
  "raw-bucket": { type: "string" },
  "processed-bucket": { type: "string" },
  table: { type: "string" },
  "event-bus": { type: "string" },
} as const;

/** Help lines of the store flags. */
export const STORE_HELP = `Store options:
  --store local|aws         where events are stored (default: local)
  --data-dir DIR            local data folder (default: $AXENTRA_DATA_DIR or .axentra)
  --raw-bucket NAME         AWS raw audit bucket (default: $AXENTRA_RAW_BUCKET or axentra-webhook-raw-audit)
  --processed-bucket NAME   AWS processed bucket (default: $AXENTRA_PROCESSED_BUCKET or axentra-webhook-processed)
  --table NAME              AWS registry table (default: $AXENTRA_EVENTS_TABLE or axentra-webhook-events)
  --event-bus NAME          AWS EventBridge bus for routed events (default: $AXENTRA_EVENT_BUS; none: routing is only recorded)
The AWS store reads AWS_REGION, credentials, AWS_ENDPOINT_URL_S3 and AWS_ENDPOINT_URL_DYNAMODB as the AWS SDK does.`;

/** Resolves the store kind of the flags. */
export function storeKind(flags: StoreFlags): StoreKind {
  const kind = flags.store ?? "local";
  if (kind !== "local" && kind !== "aws") {
    throw new UsageError(
      `invalid --store ${JSON.stringify(kind)}; expected local or aws`,
    );
  }
  return kind;
}

/** Resolves the local data folder of the flags. */
export function dataDirOf(flags: StoreFlags, env: NodeJS.ProcessEnv): string {
  return resolve(flags["data-dir"] ?? env.AXENTRA_DATA_DIR ?? ".axentra");
}

/** Builds the AWS store configuration from flags and environment. */
export function awsConfigOf(
  flags: StoreFlags,
  env: NodeJS.ProcessEnv,
): AwsStoreConfig {
  const overrides: Partial<AwsStoreConfig> = {};
  const set = <K extends keyof AwsStoreConfig>(
    key: K,
    value: AwsStoreConfig[K] | undefined,
  ) => {
    if (value !== undefined) {
      (overrides as Record<string, unknown>)[key] = value;
    }
  };
  set("rawBucket", flags["raw-bucket"]);
  set("processedBucket", flags["processed-bucket"]);
  set("tableName", flags.table);
  set("eventBusName", flags["event-bus"]);

  return awsStoreConfigFromEnv(env, overrides);
}

/**
 * Opens the store the flags select. With `mustExist`, a missing local data
 * folder is an error instead of being created.
 */
export async function openStore(
  flags: StoreFlags,
  env: NodeJS.ProcessEnv,
  options: { mustExist?: boolean } = {},
): Promise<OpenStore> {
  if (storeKind(flags) === "aws") {
    const config = awsConfigOf(flags, env);
    const store = createAwsStore(config);
    return {
      kind: "aws",
      location: `s3://${config.rawBucket}, s3://${config.processedBucket}, dynamodb ${config.tableName}`,
      rawStore: store.rawStore,
      processedStore: store.processedStore,
      registry: store.registry,
      router: store.router,
      close: () => store.close(),
    };
  }
  const dataDir = dataDirOf(flags, env);
  if (options.mustExist && !existsSync(join(dataDir, "registry.sqlite"))) {
    throw new CliError(
      `no data folder at ${dataDir}; run axentra serve or axentra ingest first, or pass --data-dir`,
    );
  }
  const store = await openLocalStore({ dataDir });

  return {
    kind: "local",
    location: dataDir,
    rawStore: store.rawStore,
    processedStore: store.processedStore,
    registry: store.registry,
    router: store.router,
    localRouter: store.router,
    close: () => store.close(),
  };
}
