import { stageResourceName } from "./stage";

/** Event source of deliveries that the ingest function puts on the bus. */
export const WEBHOOK_SOURCE = "axentra.webhook";

/** Event source of routed events that the processor puts on the bus. */
export const ROUTED_SOURCE = "axentra.webhook.routed";

/** 14 days in seconds, the longest message retention SQS allows. */
const DEAD_LETTER_RETENTION_SECONDS = 14 * 24 * 60 * 60;

/** Days that the bus archive keeps deliveries for replay. */
export const ARCHIVE_RETENTION_DAYS = 14;

/** The EventBridge bus that carries deliveries and routed events. */
export const bus = new sst.aws.Bus("WebhookBus");

/**
 * Dead-letter queue of the processor. It receives the events that
 * EventBridge could not deliver to the processor, as the original event,
 * and the events whose processing failed after Lambda's own retries, as a
 * Lambda invocation record with the event under `requestPayload`.
 */
export const deadLetterQueue = new sst.aws.Queue("DeadLetterQueue", {
  transform: {
    queue: {
      messageRetentionSeconds: DEAD_LETTER_RETENTION_SECONDS,
      sqsManagedSseEnabled: true,
    },
  },
});

/**
 * Archive of every delivery on the bus, so that an operator can replay a
 * time window after an outage. Replays are safe: the processor deduplicates
 * by payload hash.
 */
export const deliveryArchive = new aws.cloudwatch.EventArchive(
  "DeliveryArchive",
  {
    name: stageResourceName("deliveries", 48),
    eventSourceArn: bus.arn,
    eventPattern: JSON.stringify({ source: [WEBHOOK_SOURCE] }),
    retentionDays: ARCHIVE_RETENTION_DAYS,
  },
);
