/**
 * Child process of the crash tests: runs one delivery through the pipeline
 * on the embedded store and kills itself with SIGKILL at the given step.
 *
 * Usage: node crash-child.js DATA_DIR RULES_FILE BODY_FILE LEASE_SECONDS POINT
 */
import { readFile } from "node:fs/promises";
import { createPipeline } from "@axentra/core";
import { openLocalStore } from "@axentra/local-store";
import { loadRulesFile } from "@axentra/rules";
import {
  CRASH_POINTS,
  type CrashPoint,
  crashingStores,
} from "./crash-stores.js";

const [dataDir, rulesFile, bodyFile, leaseText, point] = process.argv.slice(2);
if (
  dataDir === undefined ||
  rulesFile === undefined ||
  bodyFile === undefined ||
  leaseText === undefined ||
  !CRASH_POINTS.includes(point as CrashPoint)
) {
  process.stderr.write(
    "usage: crash-child DATA_DIR RULES_FILE BODY_FILE LEASE_SECONDS POINT\n" +
      `POINT is one of: ${CRASH_POINTS.join(", ")}\n`,
  );
  process.exit(2);
}

const store = await openLocalStore({ dataDir });
const pipeline = createPipeline({
  rules: await loadRulesFile(rulesFile),
  ...crashingStores(store, point as CrashPoint),
  leaseSeconds: Number(leaseText),
});
const body = new Uint8Array(await readFile(bodyFile));

// Reaching the end means the crash point was never passed.
const result = await pipeline.ingest({ body });
process.stdout.write(`${JSON.stringify({ finished: result.event.eventId })}\n`);
store.close();
