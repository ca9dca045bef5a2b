import type { HostileCase } from "./hostile-case.js";
import { PAYLOAD_CASES } from "./payload-cases.js";
import { REQUEST_CASES } from "./request-cases.js";

export * from "./hostile-case.js";

/** Every hostile or malformed delivery, with the response of both receivers. */
export const HOSTILE_CASES: readonly HostileCase[] = [
  ...PAYLOAD_CASES,
  ...REQUEST_CASES,
];
