import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import Database from "better-sqlite3";
import { afterAll } from "vitest";

/** A registry row of the embedded store, as stored in SQLite. */
export interface RegistryRow {
  readonly payload_hash: string;
  readonly event_id: string;
  readonly status: string;
  readonly event_type: string | null;
  readonly processed_key: string | null;
  readonly routing_target: string | null;
  readonly rules_version: string | null;
  readonly duplicate_count: number;
}

/** Objects and registry rows of the embedded store in a data folder. */
export interface DataSnapshot {
  /** Every file under raw-audit, temporary files included. */
  readonly raw: readonly string[];
  /** Every file under processed, temporary files included. */
  readonly processed: readonly string[];
  /** Every registry row, processing and processed. */
  readonly rows: readonly RegistryRow[];
  /** Rows of routed_events. */
  readonly routed: number;
}

const createdFolders: string[] = [];

// Registered while the test file that imports this module is collected, so
// each file removes its own folders once its tests are done.
afterAll(async () => {
  const folders = createdFolders.splice(0);
  await Promise.all(
    folders.map((folder) => rm(folder, { recursive: true, force: true })),
  );
});

/** Creates an empty temporary folder, removed after the test file. */
export async function temporaryFolder(
  prefix = "axentra-reliability-",
): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), prefix));
  createdFolders.push(folder);

  return folder;
}

/** Lists every file below `root`, relative and sorted; none when it is missing. */
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

/**
 * Reads the registry of a data folder read-only, beside the running
 * receiver (the database is in WAL mode, so reading does not block it).
 */
export function registryRows(dataDir: string): {
  rows: RegistryRow[];
  routed: number;
} {
  const path = join(dataDir, "registry.sqlite");
  if (!existsSync(path)) {
    return { rows: [], routed: 0 };
  }

  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare(
        `SELECT payload_hash, event_id, status, event_type, processed_key,
                routing_target, rules_version, duplicate_count
           FROM events ORDER BY event_id`,
      )
      .all() as RegistryRow[];
    const routed = db
      .prepare("SELECT count(*) AS count FROM routed_events")
      .get() as { count: number };

    return { rows, routed: routed.count };
  } finally {
    db.close();
  }
}

/** Takes a snapshot of the objects and registry rows of a data folder. */
export async function dataSnapshot(dataDir: string): Promise<DataSnapshot> {
  const { rows, routed } = registryRows(dataDir);

  return {
    raw: await listFiles(join(dataDir, "raw-audit")),
    processed: await listFiles(join(dataDir, "processed")),
    rows,
    routed,
  };
}

/** Reads a processed document of a data folder as text. */
export function readProcessed(dataDir: string, key: string): Promise<string> {
  return readFile(join(dataDir, "processed", key), "utf8");
}
