import { isProduction } from "./stage";

/**
 * Event registry table. `payload_hash` is the only key, so one conditional
 * write per payload hash decides each claim. A sort key that changed with
 * every delivery would make each retry a new item. The indexes serve lookups
 * by event id and listings by event type and processing time. Items expire
 * through `ttl` (epoch seconds, receipt plus seven years).
 */
export const eventRegistry = new sst.aws.Dynamo("EventRegistry", {
  fields: {
    payload_hash: "string",
    event_id: "string",
    event_type: "string",
    processing_timestamp: "string",
  },
  primaryIndex: { hashKey: "payload_hash" },
  globalIndexes: {
    "event_id-index": { hashKey: "event_id" },
    "event_type-processing_timestamp-index": {
      hashKey: "event_type",
      rangeKey: "processing_timestamp",
    },
  },
  ttl: "ttl",
  deletionProtection: isProduction(),
  transform: {
    // SST's defaults, stated here because the registry depends on them.
    table: (args) => {
      args.billingMode = "PAY_PER_REQUEST";
      args.pointInTimeRecovery = { enabled: true };
    },
  },
});
