import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { LocalStoreError } from "./errors.js";
import { FileObjectStore } from "./file-object-store.js";
import { FOLDER_MODE } from "./file-system.js";
import type { RegistryDatabaseOptions } from "./registry-database.js";
import { SqliteEventRegistry } from "./sqlite-event-registry.js";
import { SqliteRouter } from "./sqlite-router.js";
import { isSystemError } from "./system-errors.js";

/** Options of `openLocalStore`. */
export interface LocalStoreOptions extends RegistryDatabaseOptions {
  /** Folder that contains the objects and the registry, created if missing. */
  readonly dataDir: string;
}

/** The embedded store: the ports of the pipeline over one data folder. */
export interface LocalStore {
  /** Raw audit objects, in `{dataDir}/raw-audit`. */
  readonly rawStore: FileObjectStore;
  /** Processed objects, in `{dataDir}/processed`. */
  readonly processedStore: FileObjectStore;
  /** Event registry, in `{dataDir}/registry.sqlite`. */
  readonly registry: SqliteEventRegistry;
  /** Router that records routed events in the registry database. */
  readonly router: SqliteRouter;
  /** Closes the database connections. */
  close(): void;
}

/**
 * Opens the embedded store in `dataDir`, creating its folders and the
 * registry database as needed. Several processes may open the same folder.
 * Throws `LocalStoreError` when a folder cannot be created and
 * `StoreUnavailableError` when the database cannot be opened.
 */
export async function openLocalStore(
  options: LocalStoreOptions,
): Promise<LocalStore> {
  const dataDir = resolve(options.dataDir);
  const rawDir = join(dataDir, "raw-audit");
  const processedDir = join(dataDir, "processed");
  await createFolder(rawDir);
  await createFolder(processedDir);

  const dbPath = join(dataDir, "registry.sqlite");
  // The router keeps each routed event until the registry completes the
  // event, and both are written in one SQLite transaction.
  const router = new SqliteRouter(dbPath, { ...options, deferred: true });
  let registry: SqliteEventRegistry;
  try {
    registry = new SqliteEventRegistry(dbPath, {
      ...options,
      pendingRoutes: router,
    });
  } catch (error) {
    router.close();
    throw error;
  }

  return {
    rawStore: new FileObjectStore(rawDir),
    processedStore: new FileObjectStore(processedDir),
    registry,
    router,
    close() {
      router.close();
      registry.close();
    },
  };
}

async function createFolder(path: string): Promise<void> {
  try {
    await mkdir(path, { recursive: true, mode: FOLDER_MODE });
  } catch (error) {
    if (!isSystemError(error)) throw error;
    throw new LocalStoreError(
      `failed to create data folder ${path}: ${error.code}; ` +
        "check that the data folder path names a writable folder",
      { cause: error },
    );
  }
}
