import { copyFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeMachine } from "../machine.js";
import { REPO_ROOT, RULES_FILE } from "../paths.js";
import { type Figure, formatNumber } from "../report.js";
import type { PartResult } from "../results.js";
import { median, pairedRatios } from "../stats.js";
import { prepareImportTiming, timeImport } from "./import-timing.js";
import {
  awsSdkPercent,
  type BundleVariant,
  buildLikeSst,
  type FunctionBundle,
  type PackageShare,
  packageShares,
} from "./sst-build.js";

/** Goal: the minified processor bundle stays under 1 MB (10^6 bytes). */
export const PROCESSOR_GOAL_BYTES = 1_000_000;

const HANDLER_SOURCE = join(REPO_ROOT, "packages", "handler", "src");
const FUNCTIONS = ["ingest", "process"] as const;
const VARIANTS: readonly BundleVariant[] = ["unminified", "minified"];

/** Settings of the bundle part. */
export interface BundleOptions {
  /** Imports of each module, each in a new process. */
  readonly rounds?: number;
}

/** Size, make-up and start-up time of one bundle. */
export interface BundleSummary {
  readonly name: string;
  readonly variant: BundleVariant;
  readonly bytes: number;
  /** The largest packages in the bundle. */
  readonly packages: readonly PackageShare[];
  /** Share of the bundle that the AWS SDK fills, in percent. */
  readonly awsSdkPercent: number;
  readonly importMs: number;
  /** Median over rounds of import time / empty-module import time. */
  readonly importRatio: number;
}

/** Result data of the bundle part. */
export interface BundleData {
  readonly rounds: number;
  readonly emptyImportMs: number;
  readonly bundles: readonly BundleSummary[];
}

/**
 * Builds the environment of a function in the child process: the
 * variables the handlers read at start-up and fake static credentials.
 * Every AWS endpoint points at a closed loopback port, so nothing leaves
 * the machine even if a module made a call while it loads.
 */
function functionEnvironment(folder: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: folder,
    LAMBDA_TASK_ROOT: folder,
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "BENCH",
    AWS_SECRET_ACCESS_KEY: "BENCH",
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_CONFIG_FILE: "/dev/null",
    AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
    AWS_ENDPOINT_URL: "http://127.0.0.1:9",
    AXENTRA_WEBHOOK_SECRET: "bench-shared-secret-0123456789",
    AXENTRA_EVENT_BUS: "axentra-bench-bus",
    AXENTRA_RAW_BUCKET: "axentra-bench-raw",
    AXENTRA_CLAIM_CHECK_BUCKET: "axentra-bench-claim-check",
    AXENTRA_PROCESSED_BUCKET: "axentra-bench-processed",
    AXENTRA_EVENTS_TABLE: "axentra-bench-events",
  };
}

/**
 * Part 4: the Lambda bundles of packages/handler/src/ingest.ts and
 * process.ts, built with esbuild as SST 4 builds them. It reports their
 * size and the packages that fill them. It also times the import of each
 * in a new Node.js process against an empty module in the same round.
 */
export async function runBundleBench(
  options: BundleOptions = {},
): Promise<PartResult<BundleData>> {
  const rounds = options.rounds ?? 11;
  const folder = await mkdtemp(join(tmpdir(), "axentra-bench-bundle-"));

  try {
    const bundles: FunctionBundle[] = [];
    for (const name of FUNCTIONS) {
      for (const variant of VARIANTS) {
        const entry = join(HANDLER_SOURCE, `${name}.ts`);
        bundles.push(await buildLikeSst(entry, folder, name, variant));
      }
    }
    // SST's copyFiles puts rules.yaml at the root of the processor bundle.
    await copyFile(RULES_FILE, join(folder, "rules.yaml"));

    const { script, emptyModule } = await prepareImportTiming(folder);
    const env = functionEnvironment(folder);
    const modules = [emptyModule, ...bundles.map((bundle) => bundle.file)];
    const times = new Map<string, number[]>(modules.map((file) => [file, []]));
    for (let round = 0; round < rounds; round += 1) {
      for (let slot = 0; slot < modules.length; slot += 1) {
        const module = modules[(round + slot) % modules.length] as string;
        times.get(module)?.push(await timeImport(script, module, folder, env));
      }
    }

    const empty = times.get(emptyModule) ?? [];
    const summaries = bundles.map((bundle) => {
      const own = times.get(bundle.file) ?? [];
      return {
        name: bundle.name,
        variant: bundle.variant,
        bytes: bundle.bytes,
        packages: packageShares(bundle, 8),
        awsSdkPercent: awsSdkPercent(packageShares(bundle)),
        importMs: median(own),
        importRatio: median(pairedRatios(own, empty)),
      };
    });

    return bundleResult({
      rounds,
      emptyImportMs: median(empty),
      bundles: summaries,
    });
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

function findBundle(
  data: BundleData,
  name: string,
  variant: BundleVariant,
): BundleSummary {
  const found = data.bundles.find(
    (bundle) => bundle.name === name && bundle.variant === variant,
  );
  if (found === undefined) {
    throw new Error(`no ${variant} ${name} bundle in the results`);
  }

  return found;
}

function bundleResult(data: BundleData): PartResult<BundleData> {
  const processMinified = findBundle(data, "process", "minified");
  const figures: Figure[] = [
    {
      label: "processor bundle, minified",
      value: processMinified.bytes,
      unit: " bytes",
      goal: {
        comparison: "below",
        limit: PROCESSOR_GOAL_BYTES,
        unit: " bytes",
      },
    },
    ...data.bundles
      .filter((bundle) => bundle !== processMinified)
      .map((bundle) => ({
        label: `${bundle.name} bundle, ${bundle.variant}`,
        value: bundle.bytes,
        unit: " bytes",
      })),
    ...data.bundles.map((bundle) => ({
      label: `${bundle.name} module initialisation, ${bundle.variant}`,
      value: bundle.importRatio,
      unit: "x",
      baseline: "import() of an empty module",
    })),
  ];
  const notes = [
    `import() in a new process, median of ${data.rounds}: empty module ` +
      `${formatNumber(data.emptyImportMs)} ms`,
    ...data.bundles.map(
      (bundle) =>
        `${bundle.name} ${bundle.variant}: ${formatNumber(bundle.importMs, 1)} ms; ` +
        `AWS SDK ${formatNumber(bundle.awsSdkPercent, 1)}%; ` +
        bundle.packages
          .map((share) => `${share.name} ${formatNumber(share.percent, 1)}%`)
          .join(", "),
    ),
  ];

  return {
    part: "bundle",
    finishedAt: new Date().toISOString(),
    machine: describeMachine(),
    figures,
    notes,
    data,
  };
}
