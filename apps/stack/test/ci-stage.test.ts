import { beforeAll, describe, expect, it } from "vitest";
import { describeAlarms } from "./checks/alarms-checks";
import { describeBus } from "./checks/bus-checks";
import { describeFunctions } from "./checks/functions-checks";
import { describeNaming } from "./checks/naming-checks";
import { describeRegistry } from "./checks/registry-checks";
import type { StageExpectations } from "./checks/stage-expectations";
import { describeStorage } from "./checks/storage-checks";
import { type Deployment, deployStack } from "./harness/deploy";

const expected: StageExpectations = { stage: "ci", production: false };

let deployment: Deployment | undefined;

function load(): Deployment {
  if (!deployment) {
    throw new Error("The ci stage was not deployed");
  }

  return deployment;
}

beforeAll(async () => {
  deployment = await deployStack(expected.stage, { AXENTRA_ALARM_EMAIL: "" });
});

describe("App: ci stage", () => {
  it("is removed with its resources and not protected", () => {
    expect(load().app).toEqual({
      name: "axentra-webhook",
      removal: "remove",
      protect: false,
      home: "aws",
    });
  });

  it("outputs the ingest URL", () => {
    expect(load().outputs.ingestUrl).toMatch(/^https:\/\//);
  });
});

describeStorage(load, expected);
describeRegistry(load, expected);
describeBus(load, expected);
describeFunctions(load);
describeAlarms(load, expected);
describeNaming(load, expected);
