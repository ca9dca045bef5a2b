import { createHash } from "node:crypto";

/** Computes the SHA-256 of `body` in base64, the form S3 checksums use. */
export function sha256Base64(body: Uint8Array): string {
  return createHash("sha256").update(body).digest("base64");
}
