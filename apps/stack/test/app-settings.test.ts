import { beforeAll, describe, expect, it } from "vitest";
import type { AppSettings } from "./harness/deploy";

type AppFunction = (input: { stage: string }) => unknown;

let app: AppFunction | undefined;

async function settingsFor(stage: string): Promise<AppSettings> {
  if (!app) {
    throw new Error("sst.config.ts was not loaded");
  }

  return (await app({ stage })) as AppSettings;
}

beforeAll(async () => {
  // `sst` defines $config before it loads sst.config.ts.
  const { $config } = await import("../.sst/platform/src/config");
  Object.assign(globalThis, { $config });
  app = (await import("../sst.config")).default.app as AppFunction;
});

describe("App: sst.config.ts", () => {
  for (const stage of ["production", "prod", "prod-eu", "Production"]) {
    it(`retains and protects stage ${stage}`, async () => {
      expect(await settingsFor(stage)).toEqual({
        name: "axentra-webhook",
        removal: "retain",
        protect: true,
        home: "aws",
      });
    });
  }

  for (const stage of ["ci", "dev", "alice", "production-copy", "preprod"]) {
    it(`removes stage ${stage} with its resources`, async () => {
      expect(await settingsFor(stage)).toEqual({
        name: "axentra-webhook",
        removal: "remove",
        protect: false,
        home: "aws",
      });
    });
  }
});
