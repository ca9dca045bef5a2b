import {
  type AttributeValue,
  type DynamoDBClient,
  paginateQuery,
  paginateScan,
  type QueryCommandInput,
} from "@aws-sdk/client-dynamodb";
import type { RegistryRecord } from "@axentra/core";
import {
  PROCESSED,
  recordFromItem,
  STATUS_NAME,
  stringAttribute,
} from "./registry-item.js";
import { EVENT_TYPE_TIME_INDEX } from "./table-schema.js";

/** The table a listing reads. */
export interface ListingTarget {
  readonly client: DynamoDBClient;
  readonly tableName: string;
}

/**
 * Lists processed events of one type through the type and time index,
 * newest first, stopping after `limit` records. `since` is part of the key
 * condition, so older items are not read at all.
 */
export async function queryProcessedByType(
  target: ListingTarget,
  eventType: string,
  since: Date | undefined,
  limit: number | undefined,
): Promise<RegistryRecord[]> {
  const values: Record<string, AttributeValue> = {
    ":eventType": stringAttribute(eventType),
    ":processed": PROCESSED,
  };
  let keyCondition = "event_type = :eventType";
  if (since !== undefined) {
    keyCondition += " AND processing_timestamp >= :since";
    values[":since"] = stringAttribute(since.toISOString());
  }
  const input: QueryCommandInput = {
    TableName: target.tableName,
    IndexName: EVENT_TYPE_TIME_INDEX,
    KeyConditionExpression: keyCondition,
    FilterExpression: "#status = :processed",
    ExpressionAttributeNames: STATUS_NAME,
    ExpressionAttributeValues: values,
    ScanIndexForward: false,
  };

  const records: RegistryRecord[] = [];
  for await (const page of paginateQuery({ client: target.client }, input)) {
    for (const item of page.Items ?? []) {
      records.push(recordFromItem(item));
      if (records.length === limit) {
        return records;
      }
    }
  }

  return records;
}

/**
 * Lists processed events of every type with a paginated Scan of the whole
 * table, sorted newest first in memory. No index orders all types by
 * time, so every item is read before the first record is known.
 */
export async function scanProcessed(
  target: ListingTarget,
  since: Date | undefined,
  limit: number | undefined,
): Promise<RegistryRecord[]> {
  const values: Record<string, AttributeValue> = { ":processed": PROCESSED };
  let filter = "#status = :processed";
  if (since !== undefined) {
    filter += " AND processing_timestamp >= :since";
    values[":since"] = stringAttribute(since.toISOString());
  }

  const records: RegistryRecord[] = [];
  const pages = paginateScan(
    { client: target.client },
    {
      TableName: target.tableName,
      FilterExpression: filter,
      ExpressionAttributeNames: STATUS_NAME,
      ExpressionAttributeValues: values,
    },
  );
  for await (const page of pages) {
    for (const item of page.Items ?? []) {
      records.push(recordFromItem(item));
    }
  }
  records.sort(newestFirst);

  return limit === undefined ? records : records.slice(0, limit);
}

/** Orders records by processing time, newest first, then by payload hash. */
function newestFirst(left: RegistryRecord, right: RegistryRecord): number {
  const leftTime = left.processingTimestamp ?? "";
  const rightTime = right.processingTimestamp ?? "";
  if (leftTime !== rightTime) {
    return leftTime < rightTime ? 1 : -1;
  }

  return left.payloadHash < right.payloadHash ? -1 : 1;
}
