import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeMachine } from "../machine.js";
import { loadSamples, type PayloadTemplate } from "../payloads.js";
import { type Figure, formatNumber } from "../report.js";
import type { PartResult } from "../results.js";
import { median, pairedRatios } from "../stats.js";
import { type LoadResult, runLoad } from "./load.js";
import {
  countRegisteredEvents,
  type ServerKind,
  startServer,
  stopServer,
} from "./server-process.js";
import { profileServer, type ServerProfile } from "./server-profile.js";

/** Goal: the receiver keeps at least 0.8 times the baseline's throughput. */
export const RECEIVER_GOAL_RATIO = 0.8;

/** Settings of the receiver part. */
export interface ReceiverOptions {
  readonly runs?: number;
  readonly durationSeconds?: number;
  readonly warmupSeconds?: number;
  readonly connections?: number;
  /** Profile both servers when the goal is missed. */
  readonly profile?: boolean;
}

/** One measured run of one server. */
export interface ReceiverRun extends LoadResult {
  readonly kind: ServerKind;
  readonly run: number;
  /**
   * Registry rows after the run: at least the 2xx count of warm-up and
   * run, plus requests still in flight when autocannon stopped.
   */
  readonly rows: number;
  readonly warmupOk: number;
}

/** Result data of the receiver part. */
export interface ReceiverData {
  readonly runs: number;
  readonly durationSeconds: number;
  readonly connections: number;
  readonly results: readonly ReceiverRun[];
  readonly throughputRatio: number;
  readonly latencyP50Ratio: number;
  readonly latencyP99Ratio: number;
  readonly profiles?: readonly ServerProfile[];
}

interface LoadSettings {
  readonly connections: number;
  readonly durationSeconds: number;
  readonly warmupSeconds: number;
  readonly templates: readonly PayloadTemplate[];
}

/**
 * Starts one server on a new folder, warms it up, loads it for the
 * measured time, stops it and counts what it registered.
 */
async function measureRun(
  kind: ServerKind,
  run: number,
  root: string,
  settings: LoadSettings,
  firstSequence: number,
): Promise<ReceiverRun> {
  const dataDir = await mkdtemp(join(root, `${kind}-`));
  const server = await startServer(kind, dataDir);
  const common = {
    url: server.url,
    connections: settings.connections,
    templates: settings.templates,
  };

  let warmup: LoadResult;
  let load: LoadResult;
  try {
    warmup = await runLoad({
      ...common,
      durationSeconds: settings.warmupSeconds,
      firstSequence,
    });
    load = await runLoad({
      ...common,
      durationSeconds: settings.durationSeconds,
      firstSequence: warmup.lastSequence,
    });
  } finally {
    await stopServer(server);
  }
  const rows = countRegisteredEvents(kind, dataDir);
  await rm(dataDir, { recursive: true, force: true });

  return { kind, run, ...load, rows, warmupOk: warmup.ok };
}

/**
 * Part 2: the local receiver (`createReceiver` on the embedded store in a
 * temporary folder) under autocannon on 127.0.0.1, against a minimal
 * `node:http` server that does the same durable writes. Each run starts
 * a server on a new folder in a child process, warms it up, loads it for
 * a fixed time and stops it. The two servers take turns.
 */
export async function runReceiverBench(
  options: ReceiverOptions = {},
): Promise<PartResult<ReceiverData>> {
  const runs = options.runs ?? 5;
  const settings: LoadSettings = {
    connections: options.connections ?? 10,
    durationSeconds: options.durationSeconds ?? 10,
    warmupSeconds: options.warmupSeconds ?? 2,
    templates: loadSamples(),
  };
  const root = await mkdtemp(join(tmpdir(), "axentra-bench-receiver-"));

  const results: ReceiverRun[] = [];
  let sequence = 0;
  try {
    for (let run = 0; run < runs; run += 1) {
      const order: ServerKind[] =
        run % 2 === 0 ? ["baseline", "axentra"] : ["axentra", "baseline"];
      for (const kind of order) {
        const result = await measureRun(kind, run, root, settings, sequence);
        sequence = result.lastSequence;
        results.push(result);
      }
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }

  const data = summarizeRuns(results, runs, settings);
  if (options.profile !== false && data.throughputRatio < RECEIVER_GOAL_RATIO) {
    const profiles: ServerProfile[] = [];
    for (const kind of ["axentra", "baseline"] as const) {
      profiles.push(
        await profileServer(kind, { ...settings, firstSequence: sequence }),
      );
    }
    return receiverResult({ ...data, profiles });
  }

  return receiverResult(data);
}

function summarizeRuns(
  results: readonly ReceiverRun[],
  runs: number,
  settings: LoadSettings,
): ReceiverData {
  const of = (kind: ServerKind) =>
    results
      .filter((entry) => entry.kind === kind)
      .sort((a, b) => a.run - b.run);
  const axentra = of("axentra");
  const baseline = of("baseline");
  const ratio = (pick: (entry: ReceiverRun) => number) =>
    median(pairedRatios(axentra.map(pick), baseline.map(pick)));

  return {
    runs,
    durationSeconds: settings.durationSeconds,
    connections: settings.connections,
    results,
    throughputRatio: ratio((entry) => entry.requestsPerSecond),
    latencyP50Ratio: ratio((entry) => entry.latencyP50Ms),
    latencyP99Ratio: ratio((entry) => entry.latencyP99Ms),
  };
}

function receiverResult(data: ReceiverData): PartResult<ReceiverData> {
  const figures: Figure[] = [
    {
      label: "receiver throughput",
      value: data.throughputRatio,
      unit: "x",
      baseline: "node:http with the same fsyncs and one SQLite row",
      goal: { comparison: "at least", limit: RECEIVER_GOAL_RATIO, unit: "x" },
    },
    { label: "receiver latency p50", value: data.latencyP50Ratio, unit: "x" },
    { label: "receiver latency p99", value: data.latencyP99Ratio, unit: "x" },
  ];
  const notes = [
    `${data.runs} runs of ${data.durationSeconds} s per server, ` +
      `${data.connections} connections, a new payload per request`,
    describeKind("axentra", data.results),
    describeKind("baseline", data.results),
    ...checkRuns(data.results),
    ...(data.profiles ?? []).flatMap(profileNotes),
  ];

  return {
    part: "receiver",
    finishedAt: new Date().toISOString(),
    machine: describeMachine(),
    figures,
    notes,
    data,
  };
}

function describeKind(kind: ServerKind, results: readonly ReceiverRun[]) {
  const entries = results.filter((entry) => entry.kind === kind);
  const medianOf = (pick: (entry: ReceiverRun) => number) =>
    median(entries.map(pick));

  return (
    `${kind}: median ${formatNumber(
      medianOf((entry) => entry.requestsPerSecond),
      0,
    )} requests/s, ` +
    `p50 ${formatNumber(medianOf((entry) => entry.latencyP50Ms))} ms, ` +
    `p99 ${formatNumber(medianOf((entry) => entry.latencyP99Ms))} ms`
  );
}

function profileNotes(profile: ServerProfile): string[] {
  return [
    `main thread of ${profile.kind} under the same load with --cpu-prof ` +
      `(${formatNumber(profile.requestsPerSecond, 0)} requests/s while profiled):`,
    ...profile.categories.map(
      (share) => `  ${formatNumber(share.percent, 1)}% ${share.category}`,
    ),
  ];
}

/**
 * Lists the runs whose counts do not add up: a non-2xx response, a
 * connection error, or fewer registered events than accepted deliveries.
 */
function checkRuns(results: readonly ReceiverRun[]): string[] {
  return results
    .filter(
      (entry) =>
        entry.non2xx > 0 ||
        entry.errors > 0 ||
        entry.rows < entry.ok + entry.warmupOk,
    )
    .map(
      (entry) =>
        `WARNING ${entry.kind} run ${entry.run}: ${entry.non2xx} non-2xx, ` +
        `${entry.errors} errors, ${entry.rows} rows for ` +
        `${entry.ok + entry.warmupOk} accepted deliveries`,
    );
}
