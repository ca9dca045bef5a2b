import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { CLI_BIN } from "./paths.js";

/** A log line of `axentra serve`. */
export type LogLine = Record<string, unknown>;

/** A running `axentra serve` child process on a loopback port. */
export interface ServeProcess {
  /** URL of `POST /webhooks`. */
  readonly url: string;
  readonly child: ChildProcess;
  /** JSON log lines printed so far. */
  readonly logs: LogLine[];
  /** Everything printed on stdout and stderr so far. */
  readonly output: { stdout: string; stderr: string };
  /** Resolves with the first log line, printed so far or later, that matches. */
  waitForLog(matches: (line: LogLine) => boolean): Promise<LogLine>;
  /** Sends `signal` (SIGTERM by default) and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Exit code and output of an `axentra serve` that ended by itself. */
export interface ExitedServe {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function spawnServe(args: readonly string[], env: NodeJS.ProcessEnv) {
  return spawn(
    process.execPath,
    [CLI_BIN, "serve", "--port", "0", "--host", "127.0.0.1", ...args],
    {
      env: { PATH: process.env.PATH, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
}

/**
 * Starts `axentra serve --port 0 --host 127.0.0.1` with `args` and only
 * `env` (plus PATH) in its environment, and resolves once it prints its
 * URL. Rejects with its output when it exits first.
 */
export function startServe(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Promise<ServeProcess> {
  const child = spawnServe(args, env);
  const logs: LogLine[] = [];
  const output = { stdout: "", stderr: "" };
  const waiters: { matches: (line: LogLine) => boolean; done: () => void }[] =
    [];
  const exited = new Promise<number | null>((resolve) => {
    child.once("exit", (code) => resolve(code));
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output.stderr += chunk.toString("utf8");
  });

  function waitForLog(matches: (line: LogLine) => boolean): Promise<LogLine> {
    return new Promise((resolve) => {
      const check = () => logs.find(matches);
      const found = check();
      if (found !== undefined) {
        resolve(found);
        return;
      }
      waiters.push({ matches, done: () => resolve(check() as LogLine) });
    });
  }

  return new Promise((resolve, reject) => {
    const lines = createInterface({
      input: child.stdout as NodeJS.ReadableStream,
    });
    lines.on("line", (text) => {
      output.stdout += `${text}\n`;
      const line = JSON.parse(text) as LogLine;
      logs.push(line);
      for (const waiter of waiters.filter((entry) => entry.matches(line))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.done();
      }
      if (typeof line.url === "string") {
        resolve({
          url: line.url,
          child,
          logs,
          output,
          waitForLog,
          stop: (signal = "SIGTERM") => {
            if (child.exitCode === null && child.signalCode === null) {
              child.kill(signal);
            }
            return exited;
          },
        });
      }
    });
    void exited.then((code) => {
      reject(new Error(`axentra serve exited with ${code}: ${output.stderr}`));
    });
  });
}

/**
 * Runs `axentra serve` where it is expected to end by itself, such as with
 * `--help` or an invalid setting, and returns its exit code and output. A
 * receiver that starts after all is killed, so the test fails at once.
 */
export function serveUntilExit(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Promise<ExitedServe> {
  const child = spawnServe(args, env);
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
    if (stdout.includes('"url"')) {
      // It started after all: stop it, so the test fails instead of hanging.
      child.kill("SIGKILL");
    }
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });

  return new Promise((resolve) => {
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}
