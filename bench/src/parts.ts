import { runAwsBench } from "./aws/aws-bench.js";
import { runBundleBench } from "./bundle/bundle-bench.js";
import { runCoreBench } from "./core/core-bench.js";
import { runCostBench } from "./cost/cost-bench.js";
import { runReceiverBench } from "./receiver/receiver-bench.js";
import type { PartResult } from "./results.js";

/** Names of the parts, in the order `pnpm bench` runs them. */
export type PartName = "core" | "receiver" | "aws" | "bundle" | "cost";

/** Results of the parts that already ran in this process. */
export interface PartContext {
  readonly results: Map<PartName, PartResult>;
}

/** One part of the benchmark. */
export interface Part {
  readonly name: PartName;
  readonly title: string;
  run(context: PartContext): Promise<PartResult>;
}

/** The parts, in the order `pnpm bench` runs them. */
export const PARTS: readonly Part[] = [
  {
    name: "core",
    title: "core pipeline per event, in-memory store, against the floor",
    run: () => runCoreBench(),
  },
  {
    name: "receiver",
    title: "local receiver on 127.0.0.1 under autocannon, against node:http",
    run: () => runReceiverBench(),
  },
  {
    name: "aws",
    title: "AWS calls per delivery against DynamoDB Local and s3rver",
    run: () => runAwsBench(),
  },
  {
    name: "bundle",
    title: "Lambda bundles built as SST builds them: size and start-up",
    run: () => runBundleBench(),
  },
  {
    name: "cost",
    title: "cost per million events on AWS, against the original plan",
    run: (context) => runCostBench(context.results.get("aws")),
  },
];

/**
 * Returns the parts named on the command line, in the order given, or all
 * parts when none is named. A `--` that pnpm passes through is skipped.
 * Throws for an unknown name.
 */
export function selectedParts(args: readonly string[]): PartName[] {
  const names = args.filter((arg) => arg !== "--");
  if (names.length === 0) {
    return PARTS.map((part) => part.name);
  }

  const known = new Set<string>(PARTS.map((part) => part.name));
  const unknown = names.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new Error(
      `unknown part ${unknown.join(", ")}; expected one or more of ` +
        PARTS.map((part) => part.name).join(", "),
    );
  }

  return names as PartName[];
}
