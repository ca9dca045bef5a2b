import { randomUUID } from "node:crypto";
import { link, mkdir, open, unlink } from "node:fs/promises";
import { dirname, join } from "node:path";

/**
 * Writes `body` at `path` once, with the durability of the file object
 * store: a temporary file in the same folder, written and fsynced, hard
 * linked to `path` (which fails if `path` exists), then removed, and the
 * folder fsynced so the new entry survives a power loss.
 */
export async function writeFileOnce(
  path: string,
  body: Uint8Array,
): Promise<void> {
  const folder = dirname(path);
  await mkdir(folder, { recursive: true });
  const tempPath = join(folder, `~${randomUUID()}.tmp`);

  const file = await open(tempPath, "wx", 0o444);
  try {
    await file.writeFile(body);
    await file.sync();
  } finally {
    await file.close();
  }
  try {
    await link(tempPath, path);
  } finally {
    await unlink(tempPath);
  }

  const handle = await open(folder, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
