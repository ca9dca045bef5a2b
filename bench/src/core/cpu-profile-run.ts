import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import {
  type CallFrame,
  type CategoryRule,
  type ProfileShares,
  readCpuProfile,
  summarizeProfile,
} from "../cpu-profile.js";
import { DIST_DIR } from "../paths.js";

const run = promisify(execFile);

/** Shares of the pipeline's self time on one workload. */
export interface ProfileSummary extends ProfileShares {
  readonly workload: string;
  /** The command that wrote the profile, to rerun it by hand. */
  readonly command: string;
}

/** Batches profiled per workload: about 3 s of pipeline work each here. */
const PROFILE_BATCHES: Record<string, number> = { samples: 40, large: 15 };

const inCore = (frame: CallFrame, file: string) =>
  frame.url.endsWith(`/core/dist/${file}`);

/**
 * Categories of the pipeline's self time. The floor's own functions come
 * first, so the rest is what the pipeline adds to the floor.
 */
export const PIPELINE_CATEGORIES: readonly CategoryRule[] = [
  {
    category: "floor work: strict parse, canonical hash, serialize",
    matches: (frame) =>
      ["json-parse.js", "json-number.js", "canonical.js", "serialize.js"].some(
        (file) => inCore(frame, file),
      ) || frame.url === "node:internal/crypto/hash",
  },
  {
    category:
      "in-memory store (MemoryObjectStore, MemoryEventRegistry, MemoryRouter)",
    matches: (frame) => inCore(frame, "memory.js"),
  },
  {
    category: "rules: detect, strip, route",
    matches: (frame) => frame.url.includes("/rules/dist/"),
  },
  {
    category: "pipeline steps: claim, ids and keys, document, complete",
    matches: (frame) => frame.url.includes("/core/dist/"),
  },
  {
    category: "claim token (crypto.randomUUID)",
    matches: (frame) => frame.url === "node:internal/crypto/random",
  },
  {
    category: "UTF-8 encoding (TextEncoder, TextDecoder)",
    matches: (frame) => frame.url === "node:internal/encoding",
  },
  {
    category: "garbage collection",
    matches: (frame) => frame.functionName === "(garbage collector)",
  },
  {
    category: "benchmark harness (making the bodies)",
    matches: (frame) => frame.url.includes("/bench/dist/"),
  },
];

/**
 * Profiles the pipeline on one workload in a child process under
 * `node --cpu-prof` and sums the self time by category and function.
 */
export async function profilePipeline(
  workload: string,
): Promise<ProfileSummary> {
  const folder = await mkdtemp(join(tmpdir(), "axentra-bench-profile-"));
  const batches = String(PROFILE_BATCHES[workload] ?? 20);
  const script = join(DIST_DIR, "core", "profile-main.js");

  try {
    await run(
      process.execPath,
      ["--cpu-prof", `--cpu-prof-dir=${folder}`, script, workload, batches],
      { timeout: 120_000 },
    );
    const profile = await readCpuProfile(folder);

    return {
      workload,
      command: `node --cpu-prof bench/dist/core/profile-main.js ${workload} ${batches}`,
      ...summarizeProfile(profile, PIPELINE_CATEGORIES),
    };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
