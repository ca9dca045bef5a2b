import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

const PACKAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), "..");
const WORKER = join(PACKAGE_DIR, "test", "fixtures", "contend.mjs");
// Inside the package, so the compiled files resolve its dependencies.
const BUILD_DIR = join(
  PACKAGE_DIR,
  "node_modules",
  ".cache",
  "axentra-multi-process-build",
);
const PROCESSES = 6;
const ITEMS = 25;
const TIMEOUT_MS = 60_000;

let dir: string;

// The child processes run plain Node.js, which cannot load TypeScript, so
// the sources are compiled once into a private folder.
beforeAll(async () => {
  const require = createRequire(import.meta.url);
  const tsc = join(
    dirname(require.resolve("typescript/package.json")),
    "bin",
    "tsc",
  );
  await promisify(execFile)(process.execPath, [
    tsc,
    "-p",
    join(PACKAGE_DIR, "tsconfig.build.json"),
    "--outDir",
    BUILD_DIR,
    "--declaration",
    "false",
    "--declarationMap",
    "false",
    "--sourceMap",
    "false",
  ]);
}, TIMEOUT_MS);

afterAll(async () => {
  await rm(BUILD_DIR, { recursive: true, force: true });
});

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "axentra-processes-"));
  return () => rm(dir, { recursive: true, force: true });
});

/**
 * Starts `PROCESSES` workers on `target`, releases them together once all
 * have opened the store, and returns each worker's outcomes, by item.
 */
async function contend(mode: "claim" | "put", target: string) {
  const children = Array.from({ length: PROCESSES }, (_, i) =>
    spawn(
      process.execPath,
      [WORKER, BUILD_DIR, mode, target, `worker-${i}`, String(ITEMS)],
      { stdio: ["pipe", "pipe", "pipe"] },
    ),
  );

  try {
    const runs = children.map(watch);
    await Promise.all(runs.map((run) => run.ready));
    for (const child of children) child.stdin?.end("go\n");

    const outputs = await Promise.all(runs.map((run) => run.done));
    return outputs.map((output) => {
      expect(output.code, output.stderr).toBe(0);
      return JSON.parse(output.lines[1] ?? "[]") as string[];
    });
  } finally {
    for (const child of children) {
      if (child.exitCode === null) child.kill();
    }
  }
}

/** Tracks one worker: `ready` after its first line, `done` at exit. */
function watch(child: ChildProcess) {
  const lines: string[] = [];
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const reader = createInterface({ input: child.stdout ?? process.stdin });

  const done = new Promise<{
    code: number | null;
    lines: string[];
    stderr: string;
  }>((resolve) => {
    child.on("close", (code) => resolve({ code, lines, stderr }));
  });
  const ready = new Promise<void>((resolve, reject) => {
    reader.on("line", (line) => {
      lines.push(line);
      if (line === "ready") resolve();
    });
    child.on("close", (code) =>
      reject(new Error(`worker exited with ${code} before ready: ${stderr}`)),
    );
  });

  return { ready, done };
}

/** Counts the outcomes of item `i` across all workers. */
function tally(results: string[][], i: number): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const outcomes of results) {
    const outcome = outcomes[i] ?? "missing";
    counts[outcome] = (counts[outcome] ?? 0) + 1;
  }
  return counts;
}

describe("several processes", () => {
  it(
    "claim each payload hash once",
    async () => {
      const results = await contend("claim", join(dir, "registry.sqlite"));

      for (let i = 0; i < ITEMS; i++) {
        expect(tally(results, i), `payload hash ${i}`).toEqual({
          claimed: 1,
          in_progress: PROCESSES - 1,
        });
      }
    },
    TIMEOUT_MS,
  );

  it(
    "create each object once",
    async () => {
      const root = join(dir, "objects");

      const results = await contend("put", root);

      for (let i = 0; i < ITEMS; i++) {
        expect(tally(results, i), `key ${i}`).toEqual({
          created: 1,
          unchanged: PROCESSES - 1,
        });
      }
      const files = await readdir(join(root, "product_create/2026/12/04"));
      expect(files).toHaveLength(ITEMS);
      expect(files.filter((name) => name.includes("~"))).toEqual([]);
    },
    TIMEOUT_MS,
  );
});
