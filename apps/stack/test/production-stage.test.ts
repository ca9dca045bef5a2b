import { beforeAll, describe, expect, it } from "vitest";
import { describeAlarms } from "./checks/alarms-checks";
import { describeBus } from "./checks/bus-checks";
import { describeFunctions } from "./checks/functions-checks";
import { describeNaming } from "./checks/naming-checks";
import { describeRegistry } from "./checks/registry-checks";
import type { StageExpectations } from "./checks/stage-expectations";
import { describeStorage } from "./checks/storage-checks";
import { type Deployment, deployStack } from "./harness/deploy";

const expected: StageExpectations = {
  stage: "production",
  production: true,
  alarmEmail: "oncall@example.com",
};

let deployment: Deployment | undefined;

function load(): Deployment {
  if (!deployment) {
    throw new Error("The production stage was not deployed");
  }

  return deployment;
}

beforeAll(async () => {
  deployment = await deployStack(expected.stage, {
    AXENTRA_ALARM_EMAIL: expected.alarmEmail ?? "",
  });
});

describe("App: production stage", () => {
  it("retains its data and is protected", () => {
    expect(load().app).toEqual({
      name: "axentra-webhook",
      removal: "retain",
      protect: true,
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
