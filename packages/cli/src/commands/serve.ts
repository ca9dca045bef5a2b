import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import {
  createPipeline,
  createRotatingAuthenticator,
  DEFAULT_MAX_BODY_BYTES,
} from "@axentra/core";
import { CliError } from "../errors.js";
import type { CliIo } from "../io.js";
import { writeLine } from "../io.js";
import { createLogger, errorFields } from "../log.js";
import {
  createReceiver,
  DEFAULT_REQUEST_TIMEOUT_MS,
  WEBHOOK_PATH,
} from "../receiver.js";
import { loadRules, RULES_HELP } from "../rules-option.js";
import { openStore, STORE_HELP, STORE_OPTIONS } from "../stores.js";
import { parseInteger } from "./values.js";

export const SERVE_HELP = `Usage: axentra serve [--port N] [--host ADDRESS] [--rules FILE] [options]

Receives webhooks at POST ${WEBHOOK_PATH} and runs each delivery through the
pipeline. Answers 202 for a new event and 200 for a duplicate. Logs one JSON
line per delivery on stdout. Stops on SIGINT or SIGTERM after in-flight
requests finish.

Options:
  --port N                  TCP port, 0 for any free port (default: $PORT or 8787)
  --host ADDRESS            address to listen on (default: 127.0.0.1)
  --max-body-bytes N        largest accepted body in bytes (default: ${DEFAULT_MAX_BODY_BYTES})
  --lease-seconds N         claim lease; a crashed delivery blocks retries this long (default: 30)
  --request-timeout-seconds N
                            time a client has to send a whole request; a slower
                            one gets 408 and the connection closes (default: ${DEFAULT_REQUEST_TIMEOUT_MS / 1000})
${RULES_HELP}
  -h, --help                show this help
${STORE_HELP}

Environment:
  AXENTRA_WEBHOOK_SECRET    when set, deliveries must carry it in the
                            x-webhook-secret header; a value starting with
                            whsec_ requires Standard Webhooks signatures instead
  AXENTRA_WEBHOOK_SECRET_PREVIOUS
                            during a rotation, the old secret, still accepted
                            until the sender has switched`;

/** Runs `axentra serve` until SIGINT or SIGTERM; resolves with the exit status. */
export async function serveCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      "max-body-bytes": { type: "string" },
      "lease-seconds": { type: "string" },
      "request-timeout-seconds": { type: "string" },
      rules: { type: "string" },
      help: { type: "boolean", short: "h" },
      ...STORE_OPTIONS,
    },
  });
  if (values.help) {
    writeLine(io.stdout, SERVE_HELP);
    return 0;
  }
  const port = parseInteger(
    "--port",
    values.port ?? io.env.PORT ?? "8787",
    0,
    65535,
  );
  const maxBodyBytes = parseInteger(
    "--max-body-bytes",
    values["max-body-bytes"] ?? String(DEFAULT_MAX_BODY_BYTES),
    1,
    Number.MAX_SAFE_INTEGER,
  );
  const leaseSeconds = parseInteger(
    "--lease-seconds",
    values["lease-seconds"] ?? "30",
    1,
    86_400,
  );
  const requestTimeoutSeconds = parseInteger(
    "--request-timeout-seconds",
    values["request-timeout-seconds"] ??
      String(DEFAULT_REQUEST_TIMEOUT_MS / 1000),
    1,
    3_600,
  );
  const host = values.host ?? "127.0.0.1";
  const logger = createLogger(io.stdout);

  // Every setting is checked before the store opens or the port is bound.
  const authenticator = createRotatingAuthenticator(
    io.env.AXENTRA_WEBHOOK_SECRET,
    io.env.AXENTRA_WEBHOOK_SECRET_PREVIOUS,
  );
  const rules = await loadRules(values.rules, io.env);
  const store = await openStore(values, io.env);
  const pipeline = createPipeline({ rules, ...store, leaseSeconds });
  const server = createReceiver({
    pipeline,
    authenticator,
    logger,
    maxBodyBytes,
    requestTimeoutMs: requestTimeoutSeconds * 1000,
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  }).catch((error: unknown) => {
    store.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") {
      throw new CliError(
        `port ${port} on ${host} is already in use; pick another with --port`,
      );
    }
    throw error;
  });
  const address = server.address() as AddressInfo;
  const hostText =
    address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${hostText}:${address.port}${WEBHOOK_PATH}`;
  logger.info(`axentra serve listening on ${url}`, {
    url,
    store: store.kind,
    data: store.location,
    rules: rules.file,
    rules_version: rules.version,
    auth: authenticator.method,
  });

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) {
        logger.warn("second signal, closing open connections", { signal });
        server.closeAllConnections();
        store.close();
        resolve(130);
        return;
      }
      stopping = true;
      logger.info("stopping: finishing in-flight requests", { signal });
      server.close((error) => {
        if (error) {
          logger.error("server close failed", errorFields(error));
        }
        store.close();
        logger.info("stopped");
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
        resolve(0);
      });
      server.closeIdleConnections();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}
