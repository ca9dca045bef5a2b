import {
  createPipeline,
  MemoryEventRegistry,
  MemoryObjectStore,
  MemoryRouter,
  type Pipeline,
} from "@axentra/core";
import type { Rules } from "@axentra/rules";
import {
  largeProduct,
  loadSamples,
  type PayloadTemplate,
  varyPayload,
} from "../payloads.js";

/** A set of payload templates and the number of events one batch runs. */
export interface Workload {
  readonly name: string;
  readonly templates: readonly PayloadTemplate[];
  readonly eventsPerBatch: number;
}

/** Returns the workloads of the core part: the samples in turn, and the large product. */
export function coreWorkloads(): Workload[] {
  return [
    { name: "samples", templates: loadSamples(), eventsPerBatch: 1_000 },
    { name: "large", templates: [largeProduct()], eventsPerBatch: 40 },
  ];
}

const encoder = new TextEncoder();

/**
 * Makes the bodies of one batch: the templates in turn, each with a new
 * sequence number from `nextSequence`, so every body is a new payload.
 */
export function batchBodies(
  workload: Workload,
  nextSequence: () => number,
): Uint8Array[] {
  const bodies: Uint8Array[] = [];
  for (let index = 0; index < workload.eventsPerBatch; index += 1) {
    const template = workload.templates[
      index % workload.templates.length
    ] as PayloadTemplate;
    bodies.push(encoder.encode(varyPayload(template, nextSequence())));
  }

  return bodies;
}

/**
 * Creates a pipeline on new in-memory stores. Each batch gets its own, so
 * the stores never grow past one batch.
 */
export function memoryPipeline(rules: Rules): Pipeline {
  return createPipeline({
    rules,
    rawStore: new MemoryObjectStore(),
    processedStore: new MemoryObjectStore(),
    registry: new MemoryEventRegistry(),
    router: new MemoryRouter(),
  });
}

/** Runs the bodies through the pipeline one after another. */
export async function ingestAll(
  pipeline: Pipeline,
  bodies: readonly Uint8Array[],
): Promise<void> {
  for (const body of bodies) {
    const result = await pipeline.ingest({ body });
    if (result.duplicate) {
      throw new Error(
        `event ${result.event.eventId} was a duplicate; the benchmark ` +
          "must send a new payload every time",
      );
    }
  }
}
