import type { ConsumedCapacity } from "@aws-sdk/client-dynamodb";
import type { PutEventsRequestEntry } from "@aws-sdk/client-eventbridge";

/** One SDK call, as the recorder saw it. */
export interface RecordedCall {
  /** Service of the client: `DynamoDB`, `S3` or `EventBridge`. */
  readonly service: string;
  /** Operation, such as `UpdateItem` or `PutObject`. */
  readonly operation: string;
  /** Start and end of the whole `send`, retries included, in ms. */
  readonly startedMs: number;
  readonly endedMs: number;
  /** HTTP attempts the SDK made, from `$metadata.attempts`. */
  readonly attempts: number;
  /** `ok`, or the name of the error the call ended with. */
  readonly outcome: string;
  /** Capacity units DynamoDB reported, table and indexes together. */
  readonly capacityUnits?: number;
  /** Sizes of the PutEvents entries, as EventBridge counts them. */
  readonly entryBytes?: readonly number[];
  /** Bytes of an S3 PutObject body. */
  readonly bodyBytes?: number;
  /** The item a failed DynamoDB condition returned, for its size. */
  readonly failedConditionItem?: Record<string, unknown>;
}

/** The part of an SDK client the recorder attaches to. */
export interface RecordableClient {
  readonly middlewareStack: {
    add(
      middleware: (
        next: (args: { input: object }) => Promise<{ output: object }>,
        context: { clientName?: string; commandName?: string },
      ) => (args: { input: object }) => Promise<{ output: object }>,
      options: { step: "initialize"; name: string; priority: "high" },
    ): void;
  };
}

/** DynamoDB operations that accept `ReturnConsumedCapacity`. */
const CAPACITY_OPERATIONS = new Set([
  "GetItem",
  "PutItem",
  "UpdateItem",
  "DeleteItem",
  "Query",
]);

interface Metadata {
  readonly $metadata?: { readonly attempts?: number };
}

/**
 * Computes the size of a PutEvents entry as EventBridge counts it: the
 * UTF-8 bytes of Source, DetailType, Detail and each resource, plus 14 for
 * Time ("Calculating Amazon EventBridge PutEvents event entry size",
 * EventBridge User Guide).
 */
export function putEventsEntryBytes(entry: PutEventsRequestEntry): number {
  let size = entry.Time === undefined ? 0 : 14;
  for (const text of [entry.Source, entry.DetailType, entry.Detail]) {
    size += Buffer.byteLength(text ?? "", "utf8");
  }
  for (const resource of entry.Resources ?? []) {
    size += Buffer.byteLength(resource, "utf8");
  }

  return size;
}

function bodyBytesOf(input: Record<string, unknown>): number | undefined {
  const body = input.Body;
  if (body instanceof Uint8Array) {
    return body.byteLength;
  }

  return typeof body === "string" ? Buffer.byteLength(body) : undefined;
}

/**
 * Records every SDK call of the clients it is attached to: service,
 * operation, start and end, attempts, outcome, and what the bill depends
 * on (DynamoDB capacity units, PutEvents entry sizes, S3 body sizes). It
 * requests `ReturnConsumedCapacity: INDEXES` from DynamoDB on the
 * operations that accept it, which changes the response but not the write.
 */
export class CallRecorder {
  #calls: RecordedCall[] = [];

  /** Adds the recording middleware to a client. */
  attach(client: RecordableClient): void {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const service = (context.clientName ?? "").replace(/Client$/, "");
        const operation = (context.commandName ?? "").replace(/Command$/, "");
        const input = args.input as Record<string, unknown>;
        const sent =
          service === "DynamoDB" && CAPACITY_OPERATIONS.has(operation)
            ? {
                ...args,
                input: { ...input, ReturnConsumedCapacity: "INDEXES" },
              }
            : args;
        const details = {
          service,
          operation,
          ...this.#requestDetails(operation, input),
        };

        const startedMs = performance.now();
        try {
          const result = await next(sent);
          const output = result.output as Metadata & {
            ConsumedCapacity?: ConsumedCapacity;
          };
          this.#calls.push({
            ...details,
            startedMs,
            endedMs: performance.now(),
            attempts: output.$metadata?.attempts ?? 1,
            outcome: "ok",
            ...capacityOf(output.ConsumedCapacity),
          });
          return result;
        } catch (error) {
          const failure = error as Error & Metadata & { Item?: object };
          this.#calls.push({
            ...details,
            startedMs,
            endedMs: performance.now(),
            attempts: failure.$metadata?.attempts ?? 1,
            outcome: failure.name,
            ...(failure.Item === undefined
              ? {}
              : {
                  failedConditionItem: failure.Item as Record<string, unknown>,
                }),
          });
          throw error;
        }
      },
      { step: "initialize", name: "benchCallRecorder", priority: "high" },
    );
  }

  /** Returns the calls recorded since the last `take` and clears the list. */
  take(): RecordedCall[] {
    const calls = this.#calls;
    this.#calls = [];

    return calls;
  }

  #requestDetails(operation: string, input: Record<string, unknown>) {
    if (operation === "PutEvents") {
      const entries = (input.Entries ?? []) as PutEventsRequestEntry[];
      return { entryBytes: entries.map(putEventsEntryBytes) };
    }
    if (operation === "PutObject") {
      const bodyBytes = bodyBytesOf(input);
      return bodyBytes === undefined ? {} : { bodyBytes };
    }

    return {};
  }
}

function capacityOf(capacity: ConsumedCapacity | undefined) {
  return capacity?.CapacityUnits === undefined
    ? {}
    : { capacityUnits: capacity.CapacityUnits };
}

/**
 * Counts the sequential round trips of a set of calls: calls whose time
 * spans overlap run in parallel and form one step, so the count is the
 * length of the critical path in calls.
 */
export function sequentialSteps(calls: readonly RecordedCall[]): number {
  return groupSteps(calls).length;
}

/** Groups calls into steps of overlapping time spans, in start order. */
export function groupSteps(calls: readonly RecordedCall[]): RecordedCall[][] {
  const sorted = [...calls].sort((a, b) => a.startedMs - b.startedMs);
  const steps: RecordedCall[][] = [];
  let stepEnd = Number.NEGATIVE_INFINITY;

  for (const call of sorted) {
    const current = steps.at(-1);
    if (current !== undefined && call.startedMs < stepEnd) {
      current.push(call);
      stepEnd = Math.max(stepEnd, call.endedMs);
    } else {
      steps.push([call]);
      stepEnd = call.endedMs;
    }
  }

  return steps;
}

/** Describes the steps of a call list, such as `UpdateItem → PutObject ∥ PutObject`. */
export function describeSteps(calls: readonly RecordedCall[]): string {
  return groupSteps(calls)
    .map((step) =>
      step
        .map((call) =>
          call.outcome === "ok"
            ? `${call.service} ${call.operation}`
            : `${call.service} ${call.operation} (${call.outcome})`,
        )
        .join(" ∥ "),
    )
    .join(" → ");
}
