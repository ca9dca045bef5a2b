import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { createInterface } from "node:readline";

/** The built CLI entry point. */
export const BIN = join(import.meta.dirname, "../dist/bin.js");

/** Root rules file. */
export const RULES_FILE = join(import.meta.dirname, "../../../rules.yaml");

/** Creates an empty temporary folder. */
export function temporaryFolder(): Promise<string> {
  return mkdtemp(join(tmpdir(), "axentra-cli-"));
}

/** Lists every file below `root`, relative and sorted. */
export async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, {
    recursive: true,
    withFileTypes: true,
  }).catch(() => []);

  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .sort();
}

/** A running `axentra serve` child process on a loopback port. */
export interface RunningServer {
  readonly url: string;
  readonly process: ChildProcess;
  /** JSON log lines printed so far. */
  readonly logs: Record<string, unknown>[];
  /** Raw stdout and stderr text printed so far. */
  readonly output: { stdout: string; stderr: string };
  /** Sends SIGTERM and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `axentra serve --port 0` and waits for its start line. */
export function startServer(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<RunningServer> {
  const child = spawn(
    process.execPath,
    [BIN, "serve", "--port", "0", "--host", "127.0.0.1", ...args],
    {
      env: { PATH: process.env.PATH, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const logs: Record<string, unknown>[] = [];
  const output = { stdout: "", stderr: "" };
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => resolve(code)),
  );
  child.stderr?.on("data", (chunk: Buffer) => {
    output.stderr += chunk.toString();
  });

  return new Promise((resolve, reject) => {
    const lines = createInterface({
      input: child.stdout as NodeJS.ReadableStream,
    });
    lines.on("line", (line) => {
      output.stdout += `${line}\n`;
      const entry = JSON.parse(line) as Record<string, unknown>;
      logs.push(entry);
      if (typeof entry.url === "string") {
        resolve({
          url: entry.url,
          process: child,
          logs,
          output,
          stop: (signal = "SIGTERM") => {
            child.kill(signal);
            return exited;
          },
        });
      }
    });
    void exited.then((code) =>
      reject(new Error(`axentra serve exited with ${code}: ${output.stderr}`)),
    );
  });
}

/** Runs the CLI to completion and returns its exit code and output. */
export function runCli(
  args: string[],
  options: {
    env?: NodeJS.ProcessEnv;
    input?: Uint8Array | undefined;
    cwd?: string;
  } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH, ...options.env },
    cwd: options.cwd,
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.stdin.end(options.input ?? new Uint8Array());

  return new Promise((resolve) => {
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}
