import type { Dirent } from "node:fs";
import * as fs from "node:fs/promises";

/** An open file of the file object store. */
export interface OpenFile {
  writeFile(data: Uint8Array): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The file system calls of the file object store. The store takes them as
 * an option so that tests can inject failures such as ENOSPC.
 */
export interface ObjectFileSystem {
  /** Creates `path` and its parents and returns the first folder created. */
  mkdir(path: string): Promise<string | undefined>;
  open(path: string, flags: string, mode?: number): Promise<OpenFile>;
  link(existingPath: string, newPath: string): Promise<void>;
  unlink(path: string): Promise<void>;
  readFile(path: string): Promise<Uint8Array>;
  readdir(path: string): Promise<Dirent[]>;
}

/**
 * Mode of the folders the store creates: the owner only, because objects
 * hold health-company payloads.
 */
export const FOLDER_MODE = 0o700;

/** The file system calls of `node:fs/promises`. */
export const nodeFileSystem: ObjectFileSystem = {
  mkdir: (path) => fs.mkdir(path, { recursive: true, mode: FOLDER_MODE }),
  open: (path, flags, mode) => fs.open(path, flags, mode),
  link: (existingPath, newPath) => fs.link(existingPath, newPath),
  unlink: (path) => fs.unlink(path),
  readFile: (path) => fs.readFile(path),
  readdir: (path) => fs.readdir(path, { withFileTypes: true }),
};
