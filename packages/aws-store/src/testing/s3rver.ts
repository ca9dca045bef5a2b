import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import S3rver from "s3rver";

/** A running emulator. */
export interface LocalEmulator {
  /** Base URL on 127.0.0.1, for `AWS_ENDPOINT_URL_*` or a client's `endpoint`. */
  readonly endpoint: string;
  /** Stops the emulator and removes its files. */
  stop(): Promise<void>;
}

/** Options of `startS3rver`. */
export interface S3rverOptions {
  /** Buckets created before the server starts. */
  readonly buckets?: readonly string[] | undefined;
}

/**
 * Starts s3rver on a free port of 127.0.0.1 with its files in a new
 * temporary folder. s3rver accepts the access key `S3RVER` with secret
 * `S3RVER` (see `localClients`). It does not enforce `If-None-Match`, so
 * a conditional write overwrites an existing key there.
 */
export async function startS3rver(
  options: S3rverOptions = {},
): Promise<LocalEmulator> {
  const directory = await mkdtemp(join(tmpdir(), "axentra-s3rver-"));
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory,
    configureBuckets: (options.buckets ?? []).map((name) => ({ name })),
  });

  let port: number;
  try {
    ({ port } = await server.run());
  } catch (error) {
    await rm(directory, { recursive: true, force: true });
    throw error;
  }

  return {
    endpoint: `http://127.0.0.1:${port}`,
    async stop() {
      try {
        await server.close();
      } finally {
        await rm(directory, { recursive: true, force: true });
      }
    },
  };
}
