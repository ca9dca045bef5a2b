import { parseArgs } from "node:util";
import { createAwsStore, ensureAwsResources } from "@axentra/aws-store";
import { openLocalStore } from "@axentra/local-store";
import { type CliIo, writeLine } from "../io.js";
import {
  awsConfigOf,
  dataDirOf,
  STORE_HELP,
  STORE_OPTIONS,
  storeKind,
} from "../stores.js";

export const SETUP_HELP = `Usage: axentra setup [--store local|aws] [options]

Creates what the store needs where it is missing, and leaves existing
resources as they are, so it is safe to run again.

local  the data folder with its raw-audit/ and processed/ trees and the
       SQLite registry
aws    both S3 buckets (with versioning where supported) and the DynamoDB
       registry table with its two indexes and time to live on ttl; for
       local emulators and trials. It sets no bucket policy, public access
       block, lifecycle, Object Lock or point-in-time recovery: deploy the
       SST app in apps/stack for production data

Options:
  -h, --help                show this help
${STORE_HELP}`;

/** Runs `axentra setup`. */
export async function setupCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { help: { type: "boolean", short: "h" }, ...STORE_OPTIONS },
  });
  if (values.help) {
    writeLine(io.stdout, SETUP_HELP);
    return 0;
  }
  if (storeKind(values) === "local") {
    const dataDir = dataDirOf(values, io.env);
    const store = await openLocalStore({ dataDir });
    store.close();
    writeLine(io.stdout, `local store ready in ${dataDir}`);
    return 0;
  }

  const config = awsConfigOf(values, io.env);
  const store = createAwsStore(config);
  try {
    const report = await ensureAwsResources({
      s3: store.clients.s3,
      dynamodb: store.clients.dynamodb,
      rawBucket: config.rawBucket,
      processedBucket: config.processedBucket,
      tableName: config.tableName,
    });
    for (const line of report) {
      const detail = line.detail === undefined ? "" : ` (${line.detail})`;
      writeLine(
        io.stdout,
        `${line.action.padEnd(11)} ${line.resource}${detail}`,
      );
    }
  } finally {
    store.close();
  }

  return 0;
}
