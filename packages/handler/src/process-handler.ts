import type { Logger } from "@aws-lambda-powertools/logger";
import { type Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { S3Client } from "@aws-sdk/client-s3";
import {
  ClaimLostError,
  EventInProgressError,
  InvalidPayloadError,
  type Pipeline,
} from "@axentra/core";
import type { Context } from "aws-lambda";
import { InvalidEventError } from "./errors.js";
import { type BusEvent, readDelivery } from "./process-delivery.js";

/** Settings of the process handler. */
export interface ProcessConfig {
  /** The only bucket that claim-check references may name. */
  readonly claimCheckBucket: string;
}

/** Pipeline, client and telemetry of the process handler. */
export interface ProcessDependencies {
  readonly pipeline: Pipeline;
  /** Reads claim-check objects. */
  readonly s3: S3Client;
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/**
 * Summary of a handled event, the function's return value. `rejected`
 * means the event can never be processed and was dropped after logging.
 */
export interface ProcessResult {
  readonly outcome: "created" | "duplicate" | "rejected";
  readonly event_id?: string;
  readonly event_type?: string;
  readonly payload_hash?: string;
  readonly routing_target?: string;
  /** Code of the `InvalidPayloadError`, or `invalid_event`. */
  readonly error_code?: string;
}

/** A handler of bus events. */
export type ProcessHandler = (
  event: BusEvent,
  context?: Context,
) => Promise<ProcessResult>;

/**
 * Creates the process handler: it reads the delivery from the event and
 * runs it through the pipeline. A new event or a duplicate returns its
 * summary. A payload that is not a JSON object, or an unreadable detail,
 * is logged and dropped, because a retry cannot fix it. Every other error
 * (`EventInProgressError`, `StoreUnavailableError`, `ClaimLostError`, an
 * unreadable claim-check object, anything unexpected) is thrown. EventBridge
 * invokes the function asynchronously, so Lambda retries the invocation
 * and finally sends the event to the dead-letter queue.
 */
export function createProcessHandler(
  config: ProcessConfig,
  dependencies: ProcessDependencies,
): ProcessHandler {
  const { pipeline, s3, logger, metrics } = dependencies;

  return async function processEvent(event, context) {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    if (context !== undefined) {
      logger.addContext(context);
    }
    const busFields = {
      bus_event_id: event.id,
      source: event.source,
      detail_type: event["detail-type"],
    };

    try {
      const { delivery, source } = await readDelivery(event, {
        s3,
        claimCheckBucket: config.claimCheckBucket,
      });
      const result = await pipeline.ingest(delivery);

      const outcome = result.duplicate ? "duplicate" : "created";
      const summary: ProcessResult = {
        outcome,
        event_id: result.event.eventId,
        event_type: result.event.eventType,
        payload_hash: result.event.payloadHash,
        routing_target: result.event.routingTarget,
      };
      logger.info(result.duplicate ? "duplicate event" : "event processed", {
        ...busFields,
        ...summary,
        body_source: source,
        bytes: delivery.body.byteLength,
        takeover: result.takeover,
        stripped_fields: result.strippedFieldCount,
        duplicate_count: result.event.duplicateCount,
        duration_ms: elapsed(),
      });
      metrics.addMetric(
        result.duplicate ? "Duplicates" : "Processed",
        MetricUnit.Count,
        1,
      );

      return summary;
    } catch (error) {
      if (
        error instanceof InvalidPayloadError ||
        error instanceof InvalidEventError
      ) {
        const errorCode =
          error instanceof InvalidPayloadError ? error.code : "invalid_event";
        logger.warn("event rejected; a retry cannot fix it", {
          ...busFields,
          outcome: "rejected",
          error_code: errorCode,
          line: error instanceof InvalidPayloadError ? error.line : undefined,
          column:
            error instanceof InvalidPayloadError ? error.column : undefined,
          duration_ms: elapsed(),
        });
        metrics.addMetric("Rejected", MetricUnit.Count, 1);
        return { outcome: "rejected", error_code: errorCode };
      }

      const failure = {
        ...busFields,
        outcome: "failed",
        payload_hash: payloadHashOf(error),
        duration_ms: elapsed(),
        error,
      };
      if (error instanceof EventInProgressError) {
        logger.warn("event in progress elsewhere; the invocation is retried", {
          ...failure,
          event_id: error.record.eventId,
        });
      } else {
        logger.error(
          "event processing failed; the invocation is retried",
          failure,
        );
      }
      metrics.addMetric("Failures", MetricUnit.Count, 1);
      throw error;
    } finally {
      metrics.addMetric("DurationMs", MetricUnit.Milliseconds, elapsed());
      metrics.publishStoredMetrics();
    }
  };
}

function payloadHashOf(error: unknown): string | undefined {
  if (error instanceof EventInProgressError) {
    return error.record.payloadHash;
  }
  if (error instanceof ClaimLostError) {
    return error.payloadHash;
  }

  return undefined;
}
