import {
  type EventBridgeClient,
  PutEventsCommand,
  type PutEventsCommandOutput,
  type PutEventsRequestEntry,
} from "@aws-sdk/client-eventbridge";
import {
  type RoutedEvent,
  type Router,
  StoreUnavailableError,
} from "@axentra/core";
import { toStoreError } from "./aws-error.js";
import { AwsStoreError } from "./errors.js";

/** Default source of routed events. */
export const DEFAULT_ROUTED_EVENT_SOURCE = "axentra.webhook.routed";

/**
 * PutEvents entry size limit in bytes: an entry must be smaller than
 * 256 KB, counted as the UTF-8 bytes of Source, DetailType, Detail and
 * Resources plus 14 for Time ("Calculating Amazon EventBridge PutEvents
 * event entry size", EventBridge User Guide).
 */
export const PUT_EVENTS_ENTRY_LIMIT_BYTES = 256 * 1024;

/** Options of an `EventBridgeRouter`. */
export interface EventBridgeRouterOptions {
  readonly client: EventBridgeClient;
  readonly eventBusName: string;
  /** Source of the routed events; `axentra.webhook.routed` by default. */
  readonly source?: string | undefined;
  /** Entry size limit in bytes; 256 KB by default. */
  readonly entryLimitBytes?: number | undefined;
}

/** PutEvents entry error codes that a retry can clear. */
const TRANSIENT_ENTRY_ERRORS = new Set([
  "ThrottlingException",
  "InternalException",
  "InternalFailure",
  "ServiceUnavailable",
]);

/**
 * Detail of a routed event. `document` is the processed document when the
 * entry stays under the size limit. A larger document is left out and
 * `document_omitted` is true, so consumers read the object under
 * `processed_key`.
 */
export interface RoutedEventDetail {
  readonly event_id: string;
  readonly event_type: string;
  readonly payload_hash: string;
  readonly routing_target: string;
  readonly raw_key: string;
  readonly processed_key: string;
  readonly document?: unknown;
  readonly document_omitted?: true;
}

/**
 * A `Router` that publishes each event to an EventBridge bus with the
 * routing target as detail-type, for rules that forward it to the service
 * that owns the event type.
 */
export class EventBridgeRouter implements Router {
  readonly #client: EventBridgeClient;
  readonly #eventBusName: string;
  readonly #source: string;
  readonly #entryLimitBytes: number;

  constructor(options: EventBridgeRouterOptions) {
    this.#client = options.client;
    this.#eventBusName = options.eventBusName;
    this.#source = options.source ?? DEFAULT_ROUTED_EVENT_SOURCE;
    this.#entryLimitBytes =
      options.entryLimitBytes ?? PUT_EVENTS_ENTRY_LIMIT_BYTES;
  }

  async route(event: RoutedEvent): Promise<void> {
    const entry = this.#routedEntry(event);

    let output: PutEventsCommandOutput;
    try {
      output = await this.#client.send(
        new PutEventsCommand({ Entries: [entry] }),
      );
    } catch (error) {
      throw toStoreError(this.#describe(event), error);
    }

    const failed = output.Entries?.[0];
    if ((output.FailedEntryCount ?? 0) > 0) {
      const code = failed?.ErrorCode ?? "no error code";
      const reason =
        `${this.#describe(event)} was rejected with ${code}` +
        `${failed?.ErrorMessage ? `: ${failed.ErrorMessage}` : ""}`;
      // Only throttling and internal errors go away on retry; an access or
      // validation error needs the configuration fixed.
      if (TRANSIENT_ENTRY_ERRORS.has(code)) {
        throw new StoreUnavailableError(`${reason}; retry later`);
      }
      throw new AwsStoreError(
        `${reason}; check the bus name and the function's events:PutEvents permission`,
      );
    }
  }

  /**
   * Builds the PutEvents entry of an event, with the processed document in
   * the detail when the entry stays under the size limit.
   */
  #routedEntry(event: RoutedEvent): PutEventsRequestEntry {
    const reference = {
      event_id: event.eventId,
      event_type: event.eventType,
      payload_hash: event.payloadHash,
      routing_target: event.routingTarget,
      raw_key: event.rawKey,
      processed_key: event.processedKey,
    };

    // The document text is spliced in as it is: parsing it into JavaScript
    // would round integers beyond 2^53 and change number spellings.
    const referenceText = JSON.stringify(reference);
    const fullDetail = `${referenceText.slice(0, -1)},"document":${event.document.trim()}}`;
    const full = this.#entry(event, fullDetail);
    if (entrySize(full) < this.#entryLimitBytes) {
      return full;
    }

    return this.#entry(
      event,
      JSON.stringify({ ...reference, document_omitted: true }),
    );
  }

  #entry(event: RoutedEvent, detail: string): PutEventsRequestEntry {
    return {
      EventBusName: this.#eventBusName,
      Source: this.#source,
      DetailType: event.routingTarget,
      Detail: detail,
    };
  }

  #describe(event: RoutedEvent): string {
    return (
      `EventBridge PutEvents of event ${event.eventId} to bus ` +
      `${this.#eventBusName} (detail-type ${event.routingTarget})`
    );
  }
}

/** Computes the size of a PutEvents entry the way EventBridge counts it. */
function entrySize(entry: PutEventsRequestEntry): number {
  let size = entry.Time === undefined ? 0 : 14;
  for (const text of [entry.Source, entry.DetailType, entry.Detail]) {
    size += Buffer.byteLength(text ?? "", "utf8");
  }
  for (const resource of entry.Resources ?? []) {
    size += Buffer.byteLength(resource, "utf8");
  }

  return size;
}
