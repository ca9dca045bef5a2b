import { type ChildProcess, fork } from "node:child_process";
import { join } from "node:path";
import Database from "better-sqlite3";
import { DIST_DIR } from "../paths.js";
import type { ListeningMessage } from "./server-main.js";

/** The two receivers the part compares. */
export type ServerKind = "axentra" | "baseline";

/** A receiver running in a child process. */
export interface RunningServer {
  readonly kind: ServerKind;
  readonly child: ChildProcess;
  /** URL of the webhook path on 127.0.0.1. */
  readonly url: string;
}

const SERVER_SCRIPT = join(DIST_DIR, "receiver", "server-main.js");
const START_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 10_000;

/**
 * Starts a receiver on a free port of 127.0.0.1 in a child process, with
 * its data in `dataDir`. `execArgv` passes Node.js flags such as
 * `--cpu-prof` to the child.
 */
export async function startServer(
  kind: ServerKind,
  dataDir: string,
  execArgv: readonly string[] = [],
): Promise<RunningServer> {
  const child = fork(SERVER_SCRIPT, [kind, dataDir], {
    // stdout carries one log line per delivery, as `axentra serve` writes it.
    stdio: ["ignore", "ignore", "inherit", "ipc"],
    execArgv: [...execArgv],
  });

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${kind} server did not listen within 30 s`));
    }, START_TIMEOUT_MS);
    child.once("message", (message: ListeningMessage) => {
      clearTimeout(timer);
      resolve(message.port);
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${kind} server exited with code ${code} at start`));
    });
  });

  return { kind, child, url: `http://127.0.0.1:${port}/webhooks` };
}

/**
 * Stops a receiver with SIGTERM, which lets it finish in-flight requests
 * and close its database, and kills it when it has not exited after 10 s.
 */
export async function stopServer(server: RunningServer): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) {
    return;
  }

  const exited = new Promise<void>((resolve) =>
    server.child.once("exit", () => resolve()),
  );
  server.child.kill("SIGTERM");
  const timer = setTimeout(() => server.child.kill("SIGKILL"), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

/** Counts the events a stopped receiver registered, from its SQLite file. */
export function countRegisteredEvents(
  kind: ServerKind,
  dataDir: string,
): number {
  const file =
    kind === "axentra"
      ? join(dataDir, "registry.sqlite")
      : join(dataDir, "baseline.sqlite");
  const sql =
    kind === "axentra"
      ? "SELECT count(*) AS n FROM events WHERE status = 'processed'"
      : "SELECT count(*) AS n FROM events";

  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare(sql).get() as { n: number }).n;
  } finally {
    db.close();
  }
}
