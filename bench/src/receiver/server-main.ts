/**
 * Child process of the receiver part: starts one receiver on 127.0.0.1 and
 * sends its port to the parent over IPC. Usage (with `fork`):
 * server-main.js axentra|baseline DATA_DIR. SIGTERM closes it.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createLogger, createReceiver } from "@axentra/cli";
import {
  createAuthenticator,
  createPipeline,
  DEFAULT_MAX_BODY_BYTES,
} from "@axentra/core";
import { openLocalStore } from "@axentra/local-store";
import { loadRulesFile } from "@axentra/rules";
import { RULES_FILE } from "../paths.js";
import { createBaselineReceiver } from "./baseline-server.js";

/** Message the child sends once it listens. */
export interface ListeningMessage {
  readonly port: number;
}

async function startAxentra(dataDir: string) {
  const rules = await loadRulesFile(RULES_FILE);
  const store = await openLocalStore({ dataDir });
  const pipeline = createPipeline({ rules, ...store });
  // As `axentra serve` does: one JSON log line per delivery on stdout,
  // which the parent discards.
  const server = createReceiver({
    pipeline,
    authenticator: createAuthenticator(undefined),
    logger: createLogger(process.stdout),
    maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
  });

  return { server, close: () => store.close() };
}

function startBaseline(dataDir: string) {
  const receiver = createBaselineReceiver(dataDir);

  return { server: receiver.server, close: receiver.closeDatabase };
}

const [kind, dataDir] = process.argv.slice(2);
if ((kind !== "axentra" && kind !== "baseline") || dataDir === undefined) {
  throw new Error(
    "usage: server-main.js axentra|baseline DATA_DIR (started by the " +
      "receiver part of the benchmark)",
  );
}

const { server, close } =
  kind === "axentra" ? await startAxentra(dataDir) : startBaseline(dataDir);
await new Promise<void>((resolve) =>
  (server as Server).listen(0, "127.0.0.1", () => resolve()),
);
const message: ListeningMessage = {
  port: (server.address() as AddressInfo).port,
};
process.send?.(message);

process.once("SIGTERM", () => {
  server.close(() => {
    close();
    process.exit(0);
  });
  server.closeAllConnections();
});
