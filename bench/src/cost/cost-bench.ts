import { type AwsData, findFlow, runAwsBench } from "../aws/aws-bench.js";
import type { DeliveryKind, FlowSummary } from "../aws/flow-summary.js";
import { describeMachine } from "../machine.js";
import type { Figure } from "../report.js";
import { loadResult, type PartResult } from "../results.js";
import {
  costPerMillion,
  durationSensitivity,
  type EventUsage,
  type MillionEventCost,
} from "./cost-model.js";
import { PRICE_REGION, PRICES, PRICES_READ_ON } from "./prices.js";

/**
 * Memory of the functions as apps/stack/infra/functions.ts configures
 * them: the ingest function 512 MB, the processor 256 MB.
 */
export const INGEST_MEMORY_MB = 512;
export const PROCESSOR_MEMORY_MB = 256;

/** The two plans whose bills the part compares. */
type Plan = "pipeline" | "original";

/**
 * Adds up what one delivery uses: the ingest function in front of either
 * plan (the same for both), then the processor of the plan.
 */
export function usageOf(
  ingest: FlowSummary,
  processor: FlowSummary,
): EventUsage {
  return {
    functions: [
      {
        name: "ingest",
        durationMs: ingest.durationMs,
        memoryMb: INGEST_MEMORY_MB,
      },
      {
        name: "processor",
        durationMs: processor.durationMs,
        memoryMb: PROCESSOR_MEMORY_MB,
      },
    ],
    s3Puts: ingest.s3Puts + processor.s3Puts,
    s3Gets: ingest.s3Gets + processor.s3Gets,
    writeUnits: ingest.writeUnits + processor.writeUnits,
    readUnits: ingest.readUnits + processor.readUnits,
    busEvents: ingest.busChunks + processor.busChunks,
  };
}

interface PlanCost {
  readonly plan: Plan;
  readonly kind: DeliveryKind;
  readonly workload: string;
  readonly cost: MillionEventCost;
}

function planCosts(summaries: readonly FlowSummary[]): PlanCost[] {
  const costs: PlanCost[] = [];
  for (const workload of ["samples", "large"]) {
    for (const kind of ["new", "duplicate"] as const) {
      const ingest = findFlow(summaries, "ingest", kind, workload);
      for (const plan of ["pipeline", "original"] as const) {
        const processor = findFlow(
          summaries,
          plan === "pipeline" ? "processor" : "original",
          kind,
          workload,
        );
        costs.push({
          plan,
          kind,
          workload,
          cost: costPerMillion(usageOf(ingest, processor), PRICES),
        });
      }
    }
  }

  return costs;
}

async function awsSummaries(
  inRun: PartResult | undefined,
): Promise<readonly FlowSummary[]> {
  const result =
    (inRun as PartResult<AwsData> | undefined) ??
    (await loadResult<AwsData>("aws")) ??
    (await runAwsBench());

  return result.data.summaries;
}

/** Result data of the cost part. */
export interface CostData {
  readonly region: string;
  readonly pricesReadOn: string;
  readonly costs: readonly PlanCost[];
}

/**
 * Part 5: the bill of one million deliveries on AWS, from the calls and
 * durations of the AWS part and published us-east-1 prices, for the
 * pipeline and for the original plan. It uses the AWS part of the same
 * run, else its last saved result, else runs it.
 */
export async function runCostBench(
  awsInRun?: PartResult,
): Promise<PartResult<CostData>> {
  const costs = planCosts(await awsSummaries(awsInRun));
  const find = (plan: Plan, kind: DeliveryKind, workload = "samples") => {
    const found = costs.find(
      (entry) =>
        entry.plan === plan &&
        entry.kind === kind &&
        entry.workload === workload,
    );
    if (found === undefined) {
      throw new Error(`no ${workload} ${plan} ${kind} cost`);
    }
    return found.cost;
  };

  const figures: Figure[] = (["new", "duplicate"] as const).map((kind) => ({
    label: `cost per million ${kind === "new" ? "new events" : "duplicates"}, samples`,
    value: find("pipeline", kind).totalUsd / find("original", kind).totalUsd,
    unit: "x",
    baseline: "original plan",
  }));

  return {
    part: "cost",
    finishedAt: new Date().toISOString(),
    machine: describeMachine(),
    figures,
    notes: costNotes(costs),
    data: { region: PRICE_REGION, pricesReadOn: PRICES_READ_ON, costs },
  };
}

function usd(value: number): string {
  return `$${value.toLocaleString("en-US", {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  })}`;
}

function costNotes(costs: readonly PlanCost[]): string[] {
  const notes = [
    `prices of ${PRICE_REGION}, read ${PRICES_READ_ON}, no free tier; ` +
      "durations as measured against the local emulators",
  ];
  for (const entry of costs) {
    notes.push(
      `${entry.workload} ${entry.kind}, ${entry.plan}: ` +
        `${usd(entry.cost.totalUsd)} per million`,
    );
    if (entry.workload === "samples") {
      for (const line of entry.cost.lines.filter(
        (item) => item.usdPerMillion > 0,
      )) {
        notes.push(`  ${usd(line.usdPerMillion)} ${line.item}`);
      }
    }
  }
  notes.push(
    `each 10 ms more per processor invocation adds ` +
      `${usd(durationSensitivity(10, PROCESSOR_MEMORY_MB, PRICES))} per million`,
  );

  return notes;
}
