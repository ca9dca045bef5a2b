import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as pulumi from "@pulumi/pulumi";
import { createMocks, type RecordedResource } from "./pulumi-mocks";
import { type BuildRequest, startSstRpcServer } from "./sst-rpc-server";

/** The folder of `sst.config.ts`, which SST calls the app root. */
export const STACK_DIR = fileURLToPath(new URL("../..", import.meta.url));

/** The SST platform that `sst install` builds. */
export const PLATFORM_DIR = join(STACK_DIR, ".sst", "platform");

/** Value of the `WebhookSecret` secret during the tests. */
export const TEST_WEBHOOK_SECRET =
  "whsec_dGVzdC1zZWNyZXQtbm90LXVzZWQtYW55d2hlcmU=";

/** Upper bound on drain rounds while resources register other resources. */
const MAX_DRAIN_ROUNDS = 100;

/** What `sst.config.ts` returns from `app()`. */
export interface AppSettings {
  name: string;
  removal?: "remove" | "retain" | "retain-all";
  protect?: boolean;
  home: string;
}

/** The outcome of running the app under Pulumi mocks. */
export interface Deployment {
  app: AppSettings;
  resources: RecordedResource[];
  builds: BuildRequest[];
  outputs: Record<string, unknown>;
}

/** Resolves with the value of a Pulumi output. */
function resolveOutput<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => {
    output.apply((value) => {
      resolve(value);

      return value;
    });
  });
}

/**
 * Waits until no resource registration is pending. SST components create
 * resources inside `apply` callbacks, so each drain may start new ones;
 * the loop ends when a round registers nothing new. It relies on every
 * registration being chained to a Pulumi RPC. That is true once the
 * function code is built, because the build is the only step that waits
 * on other I/O.
 */
async function drainRegistrations(resources: RecordedResource[]) {
  for (let round = 0; round < MAX_DRAIN_ROUNDS; round++) {
    const before = resources.length;
    // Waits for pending RPCs. The mock monitor keeps serving calls after it.
    await pulumi.runtime.disconnect();
    await new Promise((resolve) => setImmediate(resolve));
    if (resources.length === before) {
      return;
    }
  }

  throw new Error(
    `Resources were still registering after ${MAX_DRAIN_ROUNDS} rounds`,
  );
}

/**
 * Runs `sst.config.ts` for a stage the way `sst deploy` does, with Pulumi
 * mocks in place of the AWS provider and a loopback server in place of the
 * `sst` CLI. It sets the globals that the CLI defines (`$app`, `$cli`,
 * `$dev`), the ones its shim exports (`$config`, `$interpolate`, ...) and
 * the provider namespaces `sst` and `aws`, then calls SST's own `run()`.
 * Call it once per test file: SST components and Pulumi keep state for the
 * whole process.
 */
export async function deployStack(
  stage: string,
  env: Record<string, string> = {},
): Promise<Deployment> {
  const work = await mkdtemp(join(tmpdir(), "axentra-stack-"));
  const server = await startSstRpcServer(work);

  try {
    Object.assign(process.env, {
      SST_SERVER: server.url,
      SST_SECRET_WebhookSecret: TEST_WEBHOOK_SECRET,
      ...env,
    });
    const resources: RecordedResource[] = [];
    await pulumi.runtime.setMocks(
      createMocks(resources),
      "axentra-webhook",
      stage,
      false,
    );

    const { $config } = await import("../../.sst/platform/src/config");
    Object.assign(globalThis, { $config });
    const config = (await import("../../sst.config")).default;
    const settings = (await config.app({ stage })) as AppSettings;
    Object.assign(globalThis, {
      $app: { ...settings, stage, providers: { aws: {} } },
      $dev: false,
      $cli: {
        command: "deploy",
        rpc: server.url,
        paths: { home: work, root: STACK_DIR, work, platform: PLATFORM_DIR },
        state: { version: {} },
      },
    });

    // The shim is plain JavaScript without types; only its exports matter.
    const shimPath = "../../.sst/platform/src/shim/run.js";
    const shim = (await import(shimPath)) as Record<string, unknown>;
    Object.assign(globalThis, shim, {
      sst: await import("../../.sst/platform/src/components/index"),
      aws: await import("@pulumi/aws"),
    });
    const { run } = await import("../../.sst/platform/src/auto/run");
    const outputs = (await pulumi.runtime.runInPulumiStack(() =>
      run(config.run as pulumi.automation.PulumiFn),
    )) as Record<string, unknown>;
    const functions = await import("../../infra/functions");
    await resolveOutput(functions.ingest.arn);
    await resolveOutput(functions.processor.arn);
    await drainRegistrations(resources);

    return { app: settings, resources, builds: server.builds, outputs };
  } finally {
    await server.close();
    await rm(work, { recursive: true, force: true });
  }
}
