import {
  DynamoEventRegistry,
  EventBridgeRouter,
  S3ObjectStore,
} from "@axentra/aws-store";
import { createPipeline } from "@axentra/core";
import {
  createIngestHandler,
  createProcessHandler,
  createTelemetry,
  INGEST_CLIENT_SETTINGS,
  type IngestHandler,
  PROCESSOR_LEASE_SECONDS,
  type ProcessHandler,
} from "@axentra/handler";
import { loadRulesFile } from "@axentra/rules";
import { describeMachine } from "../machine.js";
import { RULES_FILE } from "../paths.js";
import {
  largeProduct,
  loadSamples,
  type PayloadTemplate,
  varyPayload,
} from "../payloads.js";
import { type Figure, formatNumber } from "../report.js";
import type { PartResult } from "../results.js";
import {
  type DeliveryKind,
  type Flow,
  type FlowSample,
  type FlowSummary,
  summarizeFlow,
} from "./flow-summary.js";
import { busEventOf, functionUrlEvent } from "./lambda-events.js";
import { type LocalAws, RESOURCES, startLocalAws } from "./local-aws.js";
import { OriginalPlan } from "./original-plan.js";

/** Goal: a new event in at most 3 sequential round trips. */
export const NEW_EVENT_GOAL_STEPS = 3;
/** Goal: a duplicate in 1 round trip. */
export const DUPLICATE_GOAL_STEPS = 1;

const SECRET = "bench-shared-secret-0123456789";

/** The three callers whose AWS calls the part counts. */
interface Callers {
  readonly ingest: IngestHandler;
  readonly process: ProcessHandler;
  readonly original: OriginalPlan;
}

/**
 * Builds the ingest and process handlers with the store classes that
 * `createProcessHandlerFromEnv` builds, and the original plan, all on
 * recorded clients. Powertools logs and metrics are switched off through
 * their variables, so only the calls are measured.
 */
async function buildCallers(aws: LocalAws): Promise<Callers> {
  process.env.POWERTOOLS_LOG_LEVEL = "SILENT";
  process.env.POWERTOOLS_METRICS_DISABLED = "true";
  const rules = await loadRulesFile(RULES_FILE);

  const processor = aws.clients();
  const pipeline = createPipeline({
    rules,
    rawStore: new S3ObjectStore({
      client: processor.s3,
      bucket: RESOURCES.rawBucket,
    }),
    processedStore: new S3ObjectStore({
      client: processor.s3,
      bucket: RESOURCES.processedBucket,
    }),
    registry: new DynamoEventRegistry({
      client: processor.dynamodb,
      tableName: RESOURCES.tableName,
    }),
    router: new EventBridgeRouter({
      client: processor.eventBridge,
      eventBusName: RESOURCES.eventBusName,
    }),
    leaseSeconds: PROCESSOR_LEASE_SECONDS,
  });
  const processHandler = createProcessHandler(
    { claimCheckBucket: RESOURCES.rawBucket },
    { pipeline, s3: processor.s3, ...createTelemetry("axentra-processor") },
  );

  const ingestClients = aws.clients(INGEST_CLIENT_SETTINGS);
  const ingest = createIngestHandler(
    {
      webhookSecret: SECRET,
      eventBusName: RESOURCES.eventBusName,
      claimCheckBucket: RESOURCES.rawBucket,
    },
    {
      eventBridge: ingestClients.eventBridge,
      s3: ingestClients.s3,
      ...createTelemetry("axentra-ingest"),
    },
  );

  const originalClients = aws.clients();
  const original = new OriginalPlan({
    dynamodb: originalClients.dynamodb,
    s3: originalClients.s3,
    tableName: RESOURCES.originalTableName,
    rawBucket: RESOURCES.originalRawBucket,
    processedBucket: RESOURCES.originalProcessedBucket,
    rules,
  });

  return { ingest, process: processHandler, original };
}

async function timed<T>(action: () => Promise<T>) {
  const started = performance.now();
  const value = await action();

  return { value, durationMs: performance.now() - started };
}

/**
 * Sends one delivery through the ingest function, the processor and the
 * original plan, and returns the calls each made. Throws when a handler
 * returns another outcome than a delivery of this kind must get.
 */
async function deliver(
  aws: LocalAws,
  callers: Callers,
  text: string,
  kind: DeliveryKind,
  workload: string,
): Promise<FlowSample[]> {
  const sample = (flow: Flow, durationMs: number): FlowSample => ({
    flow,
    kind,
    workload,
    calls: aws.recorder.take(),
    durationMs,
  });
  aws.recorder.take();

  const ingested = await timed(() =>
    callers.ingest(functionUrlEvent(text, SECRET)),
  );
  if (ingested.value.statusCode !== 202) {
    throw new Error(
      `ingest handler returned status ${ingested.value.statusCode} for a ${kind} ` +
        `${workload} delivery; expected 202`,
    );
  }
  const ingestSample = sample("ingest", ingested.durationMs);
  const [entry] = aws.bus.take();
  if (entry === undefined) {
    throw new Error("ingest handler put no event on the bus");
  }

  const processed = await timed(() => callers.process(busEventOf(entry)));
  const expected = kind === "new" ? "created" : "duplicate";
  if (processed.value.outcome !== expected) {
    throw new Error(
      `process handler returned outcome ${processed.value.outcome} for a ${kind} ` +
        `${workload} delivery; expected ${expected}`,
    );
  }
  const processSample = sample("processor", processed.durationMs);
  aws.bus.take();

  const body = new TextEncoder().encode(text);
  const original = await timed(() => callers.original.ingest(body));
  if (original.value !== (kind === "duplicate")) {
    throw new Error(
      `original plan took a ${kind} ${workload} delivery for ` +
        `${original.value ? "a duplicate" : "a new event"}`,
    );
  }

  return [ingestSample, processSample, sample("original", original.durationMs)];
}

/** Settings of the AWS part. */
export interface AwsOptions {
  /** Deliveries of each sample payload; each is sent new, then again. */
  readonly rounds?: number;
  /** Deliveries of the large product. */
  readonly largeDeliveries?: number;
}

/** Result data of the AWS part. */
export interface AwsData {
  readonly summaries: readonly FlowSummary[];
}

/**
 * Part 3: the AWS calls per delivery of the ingest function, the processor
 * and the original plan, for a new payload and for the same payload again.
 * SDK middleware counts them against DynamoDB Local, s3rver and a
 * PutEvents stand-in on 127.0.0.1.
 */
export async function runAwsBench(
  options: AwsOptions = {},
): Promise<PartResult<AwsData>> {
  const rounds = options.rounds ?? 2;
  const largeDeliveries = options.largeDeliveries ?? 5;
  const workloads: {
    name: string;
    templates: PayloadTemplate[];
    count: number;
  }[] = [
    { name: "samples", templates: loadSamples(), count: 0 },
    { name: "large", templates: [largeProduct()], count: largeDeliveries },
  ];
  const samplesWorkload = workloads[0];
  if (samplesWorkload !== undefined) {
    samplesWorkload.count = samplesWorkload.templates.length * rounds;
  }

  const aws = await startLocalAws();
  const samples: FlowSample[] = [];
  try {
    const callers = await buildCallers(aws);
    let sequence = 0;
    // The first deliveries open connections and warm the code; they are
    // sent and not counted.
    for (const template of loadSamples().slice(0, 2)) {
      sequence += 1;
      const text = varyPayload(template, sequence);
      await deliver(aws, callers, text, "new", "warm-up");
      await deliver(aws, callers, text, "duplicate", "warm-up");
    }

    for (const workload of workloads) {
      for (let index = 0; index < workload.count; index += 1) {
        sequence += 1;
        const template = workload.templates[
          index % workload.templates.length
        ] as PayloadTemplate;
        const text = varyPayload(template, sequence);
        samples.push(
          ...(await deliver(aws, callers, text, "new", workload.name)),
          ...(await deliver(aws, callers, text, "duplicate", workload.name)),
        );
      }
    }
  } finally {
    await aws.stop();
  }

  return awsResult(summarizeSamples(samples));
}

function summarizeSamples(samples: readonly FlowSample[]): FlowSummary[] {
  const groups = new Map<string, FlowSample[]>();
  for (const sample of samples) {
    const key = `${sample.workload}/${sample.flow}/${sample.kind}`;
    groups.set(key, [...(groups.get(key) ?? []), sample]);
  }

  return [...groups.values()].map(summarizeFlow);
}

/** Finds the summary of one flow, kind and workload. */
export function findFlow(
  summaries: readonly FlowSummary[],
  flow: Flow,
  kind: DeliveryKind,
  workload = "samples",
): FlowSummary {
  const found = summaries.find(
    (entry) =>
      entry.flow === flow && entry.kind === kind && entry.workload === workload,
  );
  if (found === undefined) {
    throw new Error(
      `no ${workload} ${flow} ${kind} summary in the AWS results`,
    );
  }

  return found;
}

function awsResult(summaries: readonly FlowSummary[]): PartResult<AwsData> {
  const steps = (flow: Flow, kind: DeliveryKind) =>
    findFlow(summaries, flow, kind).steps;
  const figures: Figure[] = [
    {
      label: "processor, new event: sequential round trips",
      value: steps("processor", "new"),
      unit: "",
      baseline: `original plan ${steps("original", "new")}`,
      goal: { comparison: "at most", limit: NEW_EVENT_GOAL_STEPS, unit: "" },
    },
    {
      label: "processor, duplicate: sequential round trips",
      value: steps("processor", "duplicate"),
      unit: "",
      baseline: `original plan ${steps("original", "duplicate")}`,
      goal: { comparison: "at most", limit: DUPLICATE_GOAL_STEPS, unit: "" },
    },
  ];

  return {
    part: "aws",
    finishedAt: new Date().toISOString(),
    machine: describeMachine(),
    figures,
    notes: summaries.map(describeFlow),
    data: { summaries },
  };
}

function describeFlow(summary: FlowSummary): string {
  const consistency =
    summary.patterns === 1 ? "" : ` (${summary.patterns} patterns seen)`;

  return (
    `${summary.workload} ${summary.flow} ${summary.kind}: ${summary.pattern}${consistency}; ` +
    `${summary.calls} calls, ${summary.steps} steps, ` +
    `${formatNumber(summary.writeUnits, 1)} WRU, ${formatNumber(summary.readUnits, 1)} RRU, ` +
    `${summary.s3Puts} S3 PUT, ${summary.s3Gets} S3 GET, ` +
    `${summary.busEntries} bus entries (${summary.busChunks} billed events), ` +
    `median ${formatNumber(summary.durationMs, 1)} ms on the emulators`
  );
}
