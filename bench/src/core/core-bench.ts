import { loadRulesFile, type Rules } from "@axentra/rules";
import { describeMachine } from "../machine.js";
import { RULES_FILE } from "../paths.js";
import type { Figure } from "../report.js";
import { formatNumber } from "../report.js";
import type { PartResult } from "../results.js";
import { median, pairedRatios } from "../stats.js";
import { type ProfileSummary, profilePipeline } from "./cpu-profile-run.js";
import { floorWork, nativeFloorWork } from "./floor.js";
import {
  batchBodies,
  coreWorkloads,
  ingestAll,
  memoryPipeline,
  type Workload,
} from "./workloads.js";

/** Goal: the pipeline costs at most 1.3 times the floor of its work. */
export const CORE_GOAL_RATIO = 1.3;

/** Settings of the core part. */
export interface CoreOptions {
  /** Measured rounds; each runs one batch of every variant. */
  readonly rounds?: number;
  /** Rounds run first and discarded, while the JIT settles. */
  readonly warmupRounds?: number;
  /** Profile a workload that misses the goal. */
  readonly profile?: boolean;
}

/** Per-event times of one workload, in microseconds, one entry per round. */
export interface WorkloadTimes {
  readonly workload: string;
  readonly eventsPerBatch: number;
  readonly pipeline: number[];
  readonly floor: number[];
  readonly nativeFloor: number[];
}

/** Medians and ratios of one workload. */
export interface WorkloadSummary {
  readonly workload: string;
  readonly bodyBytes: number;
  readonly pipelineMicros: number;
  readonly floorMicros: number;
  readonly nativeFloorMicros: number;
  /** Median over rounds of pipeline time / floor time in the same round. */
  readonly ratioToFloor: number;
  readonly ratioToNativeFloor: number;
  readonly profile?: ProfileSummary;
}

type Variant = "pipeline" | "floor" | "nativeFloor";
const VARIANTS: readonly Variant[] = ["pipeline", "floor", "nativeFloor"];

async function timeBatch(
  variant: Variant,
  rules: Rules,
  bodies: readonly Uint8Array[],
): Promise<number> {
  // The stores are created before the clock starts; only ingestion counts.
  const pipeline = variant === "pipeline" ? memoryPipeline(rules) : undefined;
  globalThis.gc?.();

  const started = process.hrtime.bigint();
  if (pipeline !== undefined) {
    await ingestAll(pipeline, bodies);
  } else {
    const work = variant === "floor" ? floorWork : nativeFloorWork;
    for (const body of bodies) {
      work(body);
    }
  }
  const elapsed = Number(process.hrtime.bigint() - started);

  return elapsed / 1_000 / bodies.length;
}

/**
 * Times the pipeline and both floors on one workload in interleaved
 * rounds. The order of the three variants rotates from round to round, so
 * none always runs first after a garbage collection.
 */
export async function timeWorkload(
  workload: Workload,
  rules: Rules,
  rounds: number,
  warmupRounds: number,
): Promise<WorkloadTimes> {
  let sequence = 0;
  const nextSequence = () => {
    sequence += 1;
    return sequence;
  };
  const times: Record<Variant, number[]> = {
    pipeline: [],
    floor: [],
    nativeFloor: [],
  };

  for (let round = 0; round < warmupRounds + rounds; round += 1) {
    for (let slot = 0; slot < VARIANTS.length; slot += 1) {
      const variant = VARIANTS[(round + slot) % VARIANTS.length] as Variant;
      const bodies = batchBodies(workload, nextSequence);
      const micros = await timeBatch(variant, rules, bodies);
      if (round >= warmupRounds) {
        times[variant].push(micros);
      }
    }
  }

  return {
    workload: workload.name,
    eventsPerBatch: workload.eventsPerBatch,
    ...times,
  };
}

function summarize(times: WorkloadTimes, bodyBytes: number): WorkloadSummary {
  return {
    workload: times.workload,
    bodyBytes,
    pipelineMicros: median(times.pipeline),
    floorMicros: median(times.floor),
    nativeFloorMicros: median(times.nativeFloor),
    ratioToFloor: median(pairedRatios(times.pipeline, times.floor)),
    ratioToNativeFloor: median(pairedRatios(times.pipeline, times.nativeFloor)),
  };
}

function averageBodyBytes(workload: Workload): number {
  const total = workload.templates.reduce(
    (sum, template) => sum + Buffer.byteLength(template.text),
    0,
  );

  return Math.round(total / workload.templates.length);
}

/** Result data of the core part. */
export interface CoreData {
  readonly rounds: number;
  readonly summaries: readonly WorkloadSummary[];
  readonly times: readonly WorkloadTimes[];
}

/**
 * Part 1: the core pipeline per event on the in-memory stores, against the
 * floor of its work (strict parse, canonical hash, serialized document)
 * and against the same steps with `JSON.parse` and `JSON.stringify`.
 */
export async function runCoreBench(
  options: CoreOptions = {},
): Promise<PartResult<CoreData>> {
  const rounds = options.rounds ?? 25;
  const warmupRounds = options.warmupRounds ?? 3;
  const rules = await loadRulesFile(RULES_FILE);

  const summaries: WorkloadSummary[] = [];
  const allTimes: WorkloadTimes[] = [];
  for (const workload of coreWorkloads()) {
    const times = await timeWorkload(workload, rules, rounds, warmupRounds);
    let summary = summarize(times, averageBodyBytes(workload));
    if (options.profile !== false && summary.ratioToFloor > CORE_GOAL_RATIO) {
      summary = { ...summary, profile: await profilePipeline(workload.name) };
    }
    summaries.push(summary);
    allTimes.push(times);
  }

  return {
    part: "core",
    finishedAt: new Date().toISOString(),
    machine: describeMachine(),
    figures: summaries.flatMap(coreFigures),
    notes: summaries.flatMap(coreNotes),
    data: { rounds, summaries, times: allTimes },
  };
}

function coreFigures(summary: WorkloadSummary): Figure[] {
  return [
    {
      label: `pipeline per event, ${summary.workload}`,
      value: summary.ratioToFloor,
      unit: "x",
      baseline: "floor: parsePayload + hashPayload + serializeJson",
      goal: { comparison: "at most", limit: CORE_GOAL_RATIO, unit: "x" },
    },
    {
      label: `pipeline per event, ${summary.workload}`,
      value: summary.ratioToNativeFloor,
      unit: "x",
      baseline: "JSON.parse + SHA-256 + JSON.stringify",
    },
  ];
}

function coreNotes(summary: WorkloadSummary): string[] {
  const micros = (value: number) => `${formatNumber(value, 1)} µs`;
  const notes = [
    `${summary.workload} (${formatNumber(summary.bodyBytes)} bytes a body): ` +
      `pipeline ${micros(summary.pipelineMicros)}, ` +
      `floor ${micros(summary.floorMicros)}, ` +
      `JSON.parse/stringify floor ${micros(summary.nativeFloorMicros)}`,
  ];
  if (summary.profile !== undefined) {
    notes.push(`  profile of the pipeline on ${summary.workload}, self time:`);
    for (const share of summary.profile.categories) {
      notes.push(`    ${formatNumber(share.percent, 1)}% ${share.category}`);
    }
    notes.push("    top functions:");
    for (const share of summary.profile.functions) {
      notes.push(`    ${formatNumber(share.percent, 1)}% ${share.name}`);
    }
  }

  return notes;
}
