import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type CallFrame,
  type CategoryRule,
  type ProfileShares,
  readCpuProfile,
  summarizeProfile,
} from "../cpu-profile.js";
import type { PayloadTemplate } from "../payloads.js";
import { runLoad } from "./load.js";
import { type ServerKind, startServer, stopServer } from "./server-process.js";

/** Main-thread time of one receiver under load, by category. */
export interface ServerProfile extends ProfileShares {
  readonly kind: ServerKind;
  /** Throughput during the profiled run, lower than unprofiled runs. */
  readonly requestsPerSecond: number;
}

/** better-sqlite3's synchronous statement methods, native code. */
const SQLITE_NATIVE = new Set(["run", "get", "all", "exec", "prepare"]);

const urlHas = (frame: CallFrame, part: string) => frame.url.includes(part);

/**
 * Categories of a receiver's main-thread time. SQLite comes first: its
 * statements run synchronously, so a commit blocks the event loop until
 * the WAL is fsynced (`synchronous = FULL`).
 */
export const SERVER_CATEGORIES: readonly CategoryRule[] = [
  {
    category: "idle, waiting for I/O",
    matches: (frame) => frame.functionName === "(idle)",
  },
  {
    category: "SQLite statements, synchronous (commits wait for the WAL fsync)",
    matches: (frame, sampled) =>
      (sampled.url === "" && SQLITE_NATIVE.has(sampled.functionName)) ||
      urlHas(frame, "better-sqlite3") ||
      urlHas(frame, "/receiver/baseline-registry.js") ||
      urlHas(frame, "/local-store/dist/sqlite-") ||
      urlHas(frame, "/local-store/dist/registry-database"),
  },
  {
    category:
      "file system calls (open, write, fsync, link; their main-thread part)",
    matches: (frame) =>
      frame.url.startsWith("node:internal/fs") ||
      urlHas(frame, "/local-store/dist/file-") ||
      urlHas(frame, "/receiver/durable-file.js"),
  },
  {
    category: "pipeline and rules: parse, hash, detect, strip, serialize",
    matches: (frame) =>
      urlHas(frame, "/core/dist/") || urlHas(frame, "/rules/dist/"),
  },
  {
    category: "HTTP, receiver and log lines",
    matches: (frame) =>
      frame.url.startsWith("node:_http") ||
      frame.url.startsWith("node:internal/http") ||
      frame.url.startsWith("node:net") ||
      frame.url.startsWith("node:internal/stream_base_commons") ||
      urlHas(frame, "/cli/dist/") ||
      urlHas(frame, "/receiver/baseline-server.js"),
  },
  {
    category: "start-up: loading modules",
    matches: (frame) =>
      frame.url.startsWith("node:internal/modules") ||
      frame.url.startsWith("node:internal/deps/cjs-module-lexer"),
  },
  {
    category: "garbage collection",
    matches: (frame) => frame.functionName === "(garbage collector)",
  },
];

/**
 * Runs one receiver under `node --cpu-prof` with the same load as the
 * measured runs and sums its main-thread time by category.
 */
export async function profileServer(
  kind: ServerKind,
  load: {
    readonly connections: number;
    readonly durationSeconds: number;
    readonly templates: readonly PayloadTemplate[];
    readonly firstSequence: number;
  },
): Promise<ServerProfile> {
  const folder = await mkdtemp(join(tmpdir(), "axentra-bench-server-"));
  const dataDir = join(folder, "data");
  const profileDir = join(folder, "profile");

  try {
    await mkdir(dataDir);
    const server = await startServer(kind, dataDir, [
      "--cpu-prof",
      `--cpu-prof-dir=${profileDir}`,
    ]);
    let requestsPerSecond: number;
    try {
      ({ requestsPerSecond } = await runLoad({ url: server.url, ...load }));
    } finally {
      await stopServer(server);
    }
    const profile = await readCpuProfile(profileDir);

    return {
      kind,
      requestsPerSecond,
      ...summarizeProfile(profile, SERVER_CATEGORIES),
    };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
