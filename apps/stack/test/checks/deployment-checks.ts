import { beforeAll, describe, expect, it } from "vitest";
import { type Deployment, deployStack } from "../harness/deploy";
import { findResource } from "../harness/resources";
import { describeAlarms } from "./alarms-checks";
import { describeBus } from "./bus-checks";
import { describeFunctions } from "./functions-checks";
import { describeNaming } from "./naming-checks";
import { describeRegistry } from "./registry-checks";
import type { StageExpectations } from "./stage-expectations";
import { describeStorage } from "./storage-checks";

/**
 * Deploys the app for one stage under Pulumi mocks in `beforeAll`, and
 * declares every check of the stack for it. Call it once per test file:
 * SST components and Pulumi keep state for the whole process.
 */
export function describeStageDeployment(expected: StageExpectations): void {
  let deployment: Deployment | undefined;

  function load(): Deployment {
    if (!deployment) {
      throw new Error(`The ${expected.stage} stage was not deployed`);
    }

    return deployment;
  }

  beforeAll(async () => {
    deployment = await deployStack(expected.stage, {
      AXENTRA_ALARM_EMAIL: expected.alarmEmail ?? "",
    });
  });

  describe(`App: ${expected.stage} stage`, () => {
    if (expected.production) {
      it("retains its data and is protected", () => {
        expect(load().app).toEqual({
          name: "axentra-webhook",
          removal: "retain",
          protect: true,
          home: "aws",
        });
      });
    } else {
      it("is removed with its resources and not protected", () => {
        expect(load().app).toEqual({
          name: "axentra-webhook",
          removal: "remove",
          protect: false,
          home: "aws",
        });
      });
    }

    it("outputs the ingest URL", () => {
      expect(load().outputs.ingestUrl).toMatch(/^https:\/\//);
    });

    it("outputs the bucket names", () => {
      const bucketName = (component: string) =>
        findResource(load(), "aws:s3/bucket:Bucket", `${component}Bucket`)
          .inputs.bucket;

      expect(load().outputs).toMatchObject({
        rawAuditBucket: bucketName("RawAuditBucket"),
        processedBucket: bucketName("ProcessedBucket"),
        claimCheckBucket: bucketName("ClaimCheckBucket"),
      });
    });

    for (const component of ["Ingest", "Processor"]) {
      const key = component.toLowerCase();

      it(`outputs the ${key} function and log group names`, () => {
        const functionName = findResource(
          load(),
          "aws:lambda/function:Function",
          `${component}Function`,
        ).inputs.name;
        const logGroupName = findResource(
          load(),
          "aws:cloudwatch/logGroup:LogGroup",
          `${component}LogGroup`,
        ).inputs.name;

        expect(load().outputs[`${key}Function`]).toBe(functionName);
        expect(load().outputs[`${key}LogGroup`]).toBe(logGroupName);
        // SST names the log group with a random suffix of its own, so the
        // output is the only reliable way to find it.
        expect(logGroupName).toMatch(/^\/aws\/lambda\//);
        expect(logGroupName).not.toBe(`/aws/lambda/${String(functionName)}`);
        expect(
          findResource(
            load(),
            "aws:lambda/function:Function",
            `${component}Function`,
          ).inputs.loggingConfig,
        ).toMatchObject({ logGroup: logGroupName });
      });
    }
  });

  describeStorage(load, expected);
  describeRegistry(load, expected);
  describeBus(load, expected);
  describeFunctions(load);
  describeAlarms(load, expected);
  describeNaming(load, expected);
}
