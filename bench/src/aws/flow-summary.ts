import { median } from "../stats.js";
import {
  describeSteps,
  type RecordedCall,
  sequentialSteps,
} from "./call-recorder.js";
import { itemBytes, writeUnitsFor } from "./item-size.js";

/** Code that made the calls: the ingest function, the processor or the original plan. */
export type Flow = "ingest" | "processor" | "original";

/** Whether the delivery carried a new payload or a repeated one. */
export type DeliveryKind = "new" | "duplicate";

/** The calls and time of one handler invocation. */
export interface FlowSample {
  readonly flow: Flow;
  readonly kind: DeliveryKind;
  readonly workload: string;
  readonly calls: readonly RecordedCall[];
  readonly durationMs: number;
}

/** Billed usage of one flow per delivery. */
export interface FlowSummary {
  readonly flow: Flow;
  readonly kind: DeliveryKind;
  readonly workload: string;
  readonly samples: number;
  /** The steps of the first sample, such as `UpdateItem → PutObject ∥ PutObject`. */
  readonly pattern: string;
  /** Number of distinct patterns; 1 when every sample made the same calls. */
  readonly patterns: number;
  readonly calls: number;
  readonly steps: number;
  /** HTTP attempts; above `calls` when the SDK retried. */
  readonly attempts: number;
  /** DynamoDB write request units, table and indexes. */
  readonly writeUnits: number;
  /** DynamoDB read request units. */
  readonly readUnits: number;
  readonly s3Puts: number;
  readonly s3Gets: number;
  /** PutEvents entries, and the 64 KB chunks EventBridge bills them as. */
  readonly busEntries: number;
  readonly busChunks: number;
  /** Median time of the handler call against the local emulators. */
  readonly durationMs: number;
}

/** Size of the chunks EventBridge bills a custom event by. */
export const EVENT_CHUNK_BYTES = 64 * 1024;

const READ_OPERATIONS = new Set(["GetItem", "Query", "Scan"]);

/**
 * Write units of a DynamoDB write that failed its condition. DynamoDB
 * bills it by the size of the item, but returns no consumed capacity with
 * the error, so the size is estimated from the item it returned.
 */
function failedWriteUnits(call: RecordedCall): number {
  return call.failedConditionItem === undefined
    ? 0
    : writeUnitsFor(
        itemBytes(call.failedConditionItem as Record<string, never>),
      );
}

function unitsOf(calls: readonly RecordedCall[]) {
  let writeUnits = 0;
  let readUnits = 0;
  for (const call of calls.filter((entry) => entry.service === "DynamoDB")) {
    if (READ_OPERATIONS.has(call.operation)) {
      readUnits += call.capacityUnits ?? 0;
    } else {
      writeUnits += call.capacityUnits ?? failedWriteUnits(call);
    }
  }

  return { writeUnits, readUnits };
}

function count(
  calls: readonly RecordedCall[],
  service: string,
  operation: string,
) {
  return calls.filter(
    (call) => call.service === service && call.operation === operation,
  ).length;
}

function busEntrySizes(calls: readonly RecordedCall[]): number[] {
  return calls.flatMap((call) => [...(call.entryBytes ?? [])]);
}

/** Summarizes the samples of one flow, kind and workload by their medians. */
export function summarizeFlow(samples: readonly FlowSample[]): FlowSummary {
  const first = samples[0];
  if (first === undefined) {
    throw new RangeError("cannot summarize a flow without samples");
  }
  const medianOf = (pick: (calls: readonly RecordedCall[]) => number) =>
    median(samples.map((sample) => pick(sample.calls)));

  return {
    flow: first.flow,
    kind: first.kind,
    workload: first.workload,
    samples: samples.length,
    pattern: describeSteps(first.calls),
    patterns: new Set(samples.map((sample) => describeSteps(sample.calls)))
      .size,
    calls: medianOf((calls) => calls.length),
    steps: medianOf(sequentialSteps),
    attempts: medianOf((calls) =>
      calls.reduce((sum, call) => sum + call.attempts, 0),
    ),
    writeUnits: medianOf((calls) => unitsOf(calls).writeUnits),
    readUnits: medianOf((calls) => unitsOf(calls).readUnits),
    s3Puts: medianOf((calls) => count(calls, "S3", "PutObject")),
    s3Gets: medianOf(
      (calls) =>
        count(calls, "S3", "GetObject") + count(calls, "S3", "HeadObject"),
    ),
    busEntries: medianOf((calls) => busEntrySizes(calls).length),
    busChunks: medianOf((calls) =>
      busEntrySizes(calls).reduce(
        (sum, bytes) => sum + Math.max(1, Math.ceil(bytes / EVENT_CHUNK_BYTES)),
        0,
      ),
    ),
    durationMs: median(samples.map((sample) => sample.durationMs)),
  };
}
