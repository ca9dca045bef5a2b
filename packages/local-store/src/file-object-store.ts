import { createHash, randomUUID } from "node:crypto";
import { dirname, join, resolve } from "node:path";
import {
  ObjectConflictError,
  type ObjectStore,
  type PutObjectOptions,
  type PutObjectOutcome,
} from "@axentra/core";
import { InvalidObjectKeyError } from "./errors.js";
import { nodeFileSystem, type ObjectFileSystem } from "./file-system.js";
import { isKeySegment, parseObjectKey } from "./object-key.js";
import { isSystemError, toStoreUnavailable } from "./system-errors.js";

/** Options of a file object store. */
export interface FileObjectStoreOptions {
  /** File system calls, `node:fs/promises` unless a test injects failures. */
  readonly fileSystem?: ObjectFileSystem;
}

/** Mode of stored objects: read-only, because objects are never rewritten. */
const OBJECT_MODE = 0o444;

/** Prefix of temporary files. `~` cannot occur in a key, so list skips them. */
const TEMP_PREFIX = "~";

/**
 * An object store that keeps each object as one file under `rootDir`, at
 * the key's path (`product_create/2026/12/04/{event_id}.json`).
 *
 * A put writes a temporary file in the target folder, fsyncs it, and hard
 * links it to the key's path. `link` fails when the path exists, so an
 * object is never overwritten, also across processes, and readers never see
 * a partial file. The temporary file is removed on every path.
 */
export class FileObjectStore implements ObjectStore {
  /** Absolute path of the folder that contains the objects. */
  readonly rootDir: string;
  readonly #fs: ObjectFileSystem;

  constructor(rootDir: string, options: FileObjectStoreOptions = {}) {
    this.rootDir = resolve(rootDir);
    this.#fs = options.fileSystem ?? nodeFileSystem;
  }

  /**
   * Writes `body` under `key` unless the key exists, then fsyncs the folder
   * and any folders this call created. Returns `unchanged` when the existing
   * object has the same SHA-256 and throws `ObjectConflictError` when it
   * differs. Throws `InvalidObjectKeyError` for a key this store cannot
   * keep and `StoreUnavailableError` for a failed file system call. The
   * content type is not stored, because a plain file has no place for it.
   */
  async putImmutable(
    key: string,
    body: Uint8Array,
    _options: PutObjectOptions,
  ): Promise<PutObjectOutcome> {
    const path = this.#pathOf(key);
    const folder = dirname(path);

    try {
      const firstCreated = await this.#createFolder(key, folder);
      const outcome = await this.#writeOnce(key, path, body);
      if (outcome === "created") await this.#syncFolders(folder, firstCreated);

      return outcome;
    } catch (error) {
      throw toStoreUnavailable(
        error,
        `failed to write object ${key} in ${this.rootDir}`,
      );
    }
  }

  /**
   * Reads the object under `key`, or returns `undefined` when there is none.
   * Throws `InvalidObjectKeyError` for a key this store cannot keep.
   */
  async get(key: string): Promise<Uint8Array | undefined> {
    const path = this.#pathOf(key);

    let bytes: Uint8Array;
    try {
      bytes = await this.#fs.readFile(path);
    } catch (error) {
      if (isMissing(error) || isSystemError(error, "EISDIR")) return undefined;
      throw toStoreUnavailable(
        error,
        `failed to read object ${key} in ${this.rootDir}`,
      );
    }

    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /**
   * Lists the keys that start with `prefix`, in byte order, while walking
   * the folders. Skips temporary files and any file whose name is not a
   * valid key segment. A prefix that no valid key can start with lists
   * nothing.
   */
  async *list(prefix = ""): AsyncIterable<string> {
    const cut = prefix.lastIndexOf("/");
    const folderKey = cut === -1 ? "" : prefix.slice(0, cut);
    const namePrefix = prefix.slice(cut + 1);
    if (cut !== -1 && !folderKey.split("/").every(isKeySegment)) return;

    yield* this.#walk(folderKey, namePrefix, prefix);
  }

  async *#walk(
    folderKey: string,
    namePrefix: string,
    prefix: string,
  ): AsyncGenerator<string> {
    const entries = await this.#readFolder(folderKey, prefix);

    // Sorting a folder as "name/" and a file as "name" yields byte order
    // over whole keys: "a.v2/x" < "a/x" because "." sorts before "/".
    const children = entries
      .filter((entry) => entry.isFile() || entry.isDirectory())
      .filter((entry) => isKeySegment(entry.name))
      .filter((entry) => entry.name.startsWith(namePrefix))
      .map((entry) => ({
        name: entry.name,
        isFolder: entry.isDirectory(),
        order: entry.isDirectory() ? `${entry.name}/` : entry.name,
      }))
      .sort((a, b) => compareStrings(a.order, b.order));

    for (const child of children) {
      const key = folderKey === "" ? child.name : `${folderKey}/${child.name}`;
      if (child.isFolder) yield* this.#walk(key, "", prefix);
      else yield key;
    }
  }

  async #readFolder(folderKey: string, prefix: string) {
    const path = join(this.rootDir, ...folderKey.split("/"));

    try {
      return await this.#fs.readdir(path);
    } catch (error) {
      if (isMissing(error)) return [];
      throw toStoreUnavailable(
        error,
        `failed to list objects with prefix ${JSON.stringify(prefix)} ` +
          `in ${this.rootDir}`,
      );
    }
  }

  #pathOf(key: string): string {
    return join(this.rootDir, ...parseObjectKey(key));
  }

  async #createFolder(
    key: string,
    folder: string,
  ): Promise<string | undefined> {
    try {
      return await this.#fs.mkdir(folder);
    } catch (error) {
      // EEXIST: the folder's path is an object file. ENOTDIR: a parent is.
      if (isSystemError(error, "EEXIST") || isSystemError(error, "ENOTDIR")) {
        throw this.#clash(key, error);
      }
      throw error;
    }
  }

  /** Writes, publishes and removes the temporary file of one put. */
  async #writeOnce(
    key: string,
    path: string,
    body: Uint8Array,
  ): Promise<PutObjectOutcome> {
    const tempPath = join(dirname(path), `${TEMP_PREFIX}${randomUUID()}.tmp`);

    try {
      await this.#writeTempFile(tempPath, body);
      const outcome = await this.#publish(key, tempPath, path, body);
      await this.#fs.unlink(tempPath);

      return outcome;
    } catch (error) {
      // The error that stopped the put is the one to report. A temporary
      // file that cannot be removed either is skipped by list.
      await this.#fs.unlink(tempPath).catch(() => undefined);
      throw error;
    }
  }

  async #writeTempFile(tempPath: string, body: Uint8Array): Promise<void> {
    const file = await this.#fs.open(tempPath, "wx", OBJECT_MODE);

    try {
      await file.writeFile(body);
      await file.sync();
    } catch (error) {
      await file.close().catch(() => undefined);
      throw error;
    }

    await file.close();
  }

  /** Links the temporary file to `path`, or compares it with what is there. */
  async #publish(
    key: string,
    tempPath: string,
    path: string,
    body: Uint8Array,
  ): Promise<PutObjectOutcome> {
    try {
      await this.#fs.link(tempPath, path);
      return "created";
    } catch (error) {
      if (!isSystemError(error, "EEXIST")) throw error;
    }

    let existing: Uint8Array;
    try {
      existing = await this.#fs.readFile(path);
    } catch (error) {
      // EISDIR: the key's path is the folder of other keys.
      if (isSystemError(error, "EISDIR")) throw this.#clash(key, error);
      throw error;
    }

    if (sha256(existing) === sha256(body)) return "unchanged";
    throw new ObjectConflictError(key);
  }

  /**
   * Fsyncs `folder` and the folders from `firstCreated` down to it, so the
   * new directory entries survive a power loss.
   */
  async #syncFolders(
    folder: string,
    firstCreated: string | undefined,
  ): Promise<void> {
    // NOTE: Windows cannot open a folder for fsync, so new entries there
    // are as durable as the file system makes them without it.
    if (process.platform === "win32") return;

    const folders = [folder];
    if (firstCreated !== undefined) {
      let current = folder;
      while (
        current !== dirname(firstCreated) &&
        current !== dirname(current)
      ) {
        current = dirname(current);
        folders.push(current);
      }
    }

    for (const path of folders) {
      const handle = await this.#fs.open(path, "r");
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    }
  }

  #clash(key: string, cause: Error): InvalidObjectKeyError {
    const code = isSystemError(cause) ? cause.code : "unknown";
    return new InvalidObjectKeyError(
      key,
      `a file and a folder would share a path in ${this.rootDir} (${code}); ` +
        'the file store cannot keep both a key "a" and a key "a/b"',
      { cause },
    );
  }
}

function isMissing(error: unknown): boolean {
  return isSystemError(error, "ENOENT") || isSystemError(error, "ENOTDIR");
}

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

function compareStrings(a: string, b: string): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}
