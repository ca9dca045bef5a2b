import type { CreateTableCommandInput } from "@aws-sdk/client-dynamodb";
import { ATTRIBUTE } from "./registry-item.js";

/** Global secondary index that finds an item by event id. */
export const EVENT_ID_INDEX = "event_id-index";

/**
 * Global secondary index of processed events by type and processing time.
 * The index is sparse because items still processing have no event_type.
 */
export const EVENT_TYPE_TIME_INDEX = "event_type-processing_timestamp-index";

/**
 * Builds the CreateTable input of the registry table, billed on demand.
 * payload_hash is the partition key and there is no sort key, so one
 * conditional write per payload hash decides a claim. The two indexes
 * serve lookups by event id and listings by type and time.
 */
export function registryTableInput(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: [
      { AttributeName: ATTRIBUTE.payloadHash, AttributeType: "S" },
      { AttributeName: ATTRIBUTE.eventId, AttributeType: "S" },
      { AttributeName: ATTRIBUTE.eventType, AttributeType: "S" },
      { AttributeName: ATTRIBUTE.processingTimestamp, AttributeType: "S" },
    ],
    KeySchema: [{ AttributeName: ATTRIBUTE.payloadHash, KeyType: "HASH" }],
    GlobalSecondaryIndexes: [
      {
        IndexName: EVENT_ID_INDEX,
        KeySchema: [{ AttributeName: ATTRIBUTE.eventId, KeyType: "HASH" }],
        Projection: { ProjectionType: "ALL" },
      },
      {
        IndexName: EVENT_TYPE_TIME_INDEX,
        KeySchema: [
          { AttributeName: ATTRIBUTE.eventType, KeyType: "HASH" },
          { AttributeName: ATTRIBUTE.processingTimestamp, KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "ALL" },
      },
    ],
  };
}
