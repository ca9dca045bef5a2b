import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import {
  type LocalEmulator,
  localS3Client,
  startS3rver,
} from "@axentra/aws-store/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CallRecorder,
  describeSteps,
  putEventsEntryBytes,
  type RecordedCall,
  sequentialSteps,
} from "../src/aws/call-recorder.js";

function call(
  operation: string,
  startedMs: number,
  endedMs: number,
): RecordedCall {
  return {
    service: "S3",
    operation,
    startedMs,
    endedMs,
    attempts: 1,
    outcome: "ok",
  };
}

describe("sequentialSteps", () => {
  it("counts calls one after another as separate steps", () => {
    expect(sequentialSteps([call("A", 0, 5), call("B", 5, 9)])).toBe(2);
  });

  it("counts overlapping calls as one step", () => {
    const calls = [
      call("Claim", 0, 4),
      call("PutRaw", 5, 12),
      call("PutProcessed", 5.1, 9),
      call("Complete", 13, 15),
    ];

    expect(sequentialSteps(calls)).toBe(3);
    expect(describeSteps(calls)).toBe(
      "S3 Claim → S3 PutRaw ∥ S3 PutProcessed → S3 Complete",
    );
  });

  it("joins a call that starts inside any call of the step", () => {
    const calls = [
      call("Long", 0, 10),
      call("Short", 1, 2),
      call("Late", 9, 11),
    ];

    expect(sequentialSteps(calls)).toBe(1);
  });

  it("counts no calls as no steps", () => {
    expect(sequentialSteps([])).toBe(0);
  });
});

describe("putEventsEntryBytes", () => {
  it("counts source, detail-type, detail and time", () => {
    expect(
      putEventsEntryBytes({
        Source: "axentra.webhook",
        DetailType: "webhook.received",
        Detail: '{"a":"é"}',
        Time: new Date(0),
      }),
    ).toBe(15 + 16 + 10 + 14);
  });
});

describe("CallRecorder on s3rver", () => {
  let s3rver: LocalEmulator;
  let s3: S3Client;
  const recorder = new CallRecorder();

  beforeAll(async () => {
    process.env.AWS_EC2_METADATA_DISABLED = "true";
    s3rver = await startS3rver({ buckets: ["recorder-test"] });
    s3 = localS3Client(s3rver.endpoint);
    recorder.attach(s3);
  });

  afterAll(async () => {
    s3?.destroy();
    await s3rver?.stop();
  });

  it("records parallel puts as one step", async () => {
    const put = (key: string) =>
      s3.send(
        new PutObjectCommand({
          Bucket: "recorder-test",
          Key: key,
          Body: new TextEncoder().encode("{}"),
        }),
      );

    await Promise.all([put("a.json"), put("b.json")]);
    await put("c.json");
    const calls = recorder.take();

    expect(calls.map((entry) => entry.operation)).toEqual([
      "PutObject",
      "PutObject",
      "PutObject",
    ]);
    expect(calls.every((entry) => entry.service === "S3")).toBe(true);
    expect(calls.every((entry) => entry.bodyBytes === 2)).toBe(true);
    expect(sequentialSteps(calls)).toBe(2);
    expect(recorder.take()).toEqual([]);
  });

  it("records a failed call with its error name", async () => {
    await expect(
      s3.send(
        new PutObjectCommand({
          Bucket: "no-such-bucket",
          Key: "x.json",
          Body: "{}",
        }),
      ),
    ).rejects.toThrow();
    const [failed] = recorder.take();

    expect(failed?.outcome).toBe("NoSuchBucket");
  });
});
