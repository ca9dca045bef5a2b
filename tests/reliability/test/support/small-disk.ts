import { execFile } from "node:child_process";
import { closeSync, openSync, writeSync } from "node:fs";
import { rm, truncate } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { temporaryFolder } from "./local-data.js";

const run = promisify(execFile);

/** A small tmpfs mounted for one test. */
export interface SmallDisk {
  /** Mount point. */
  readonly path: string;
  /** Fills the disk with a filler file, then frees `spareBytes` of it. */
  fill(spareBytes: number): Promise<void>;
  /** Removes the filler file. */
  free(): Promise<void>;
  unmount(): Promise<void>;
}

/** Result of trying to mount a small disk. */
export type MountResult =
  | { readonly mounted: true; readonly disk: SmallDisk }
  | { readonly mounted: false; readonly reason: string };

const CHUNK = Buffer.alloc(64 * 1024, 0x78);

/**
 * Mounts a tmpfs of `sizeBytes` on a new temporary folder with
 * `mount -t tmpfs`, which needs root (or CAP_SYS_ADMIN). Returns the
 * reason when mounting is not possible here.
 */
export async function mountSmallDisk(sizeBytes: number): Promise<MountResult> {
  const path = await temporaryFolder("axentra-small-disk-");
  try {
    await run("mount", [
      "-t",
      "tmpfs",
      "-o",
      `size=${sizeBytes},mode=0700`,
      "axentra-reliability",
      path,
    ]);
  } catch (error) {
    await rm(path, { recursive: true, force: true });
    const { stderr, message } = error as { stderr?: string; message: string };
    return {
      mounted: false,
      reason: `mount -t tmpfs failed: ${(stderr || message).trim()}`,
    };
  }
  const filler = join(path, "filler");

  return {
    mounted: true,
    disk: {
      path,
      async fill(spareBytes) {
        const descriptor = openSync(filler, "w");
        let written = 0;
        try {
          for (;;) {
            written += writeSync(descriptor, CHUNK);
          }
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== "ENOSPC") {
            throw error;
          }
        } finally {
          closeSync(descriptor);
        }
        await truncate(filler, Math.max(0, written - spareBytes));
      },
      free: () => rm(filler, { force: true }),
      async unmount() {
        // A lazy unmount detaches the disk even if a file is still open.
        await run("umount", ["-l", path]);
        await rm(path, { recursive: true, force: true });
      },
    },
  };
}
