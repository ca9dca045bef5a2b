import { randomBytes } from "node:crypto";

export { type Emulators, useEmulators } from "@axentra/aws-store/testing";

/** Returns a new bucket or table name, valid for both services. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(6).toString("hex")}`;
}
