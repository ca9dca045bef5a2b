import { request } from "node:http";
import { ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { ListBucketsCommand } from "@aws-sdk/client-s3";
import {
  localClients,
  startDynamoDbLocal,
  startS3rver,
} from "@axentra/aws-store/testing";
import { describe, expect, it } from "vitest";

/** Returns whether an HTTP server responds at `endpoint`. */
function responds(endpoint: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = request(
      endpoint,
      { method: "GET", timeout: 2_000 },
      (reply) => {
        reply.resume();
        resolve(true);
      },
    );
    probe.once("timeout", () => probe.destroy());
    probe.once("error", () => resolve(false));
    probe.end();
  });
}

describe("emulator helpers", () => {
  it("emulators respond until stopped", async () => {
    const dynamodb = await startDynamoDbLocal();
    let s3: Awaited<ReturnType<typeof startS3rver>> | undefined;
    try {
      s3 = await startS3rver({ buckets: ["ready"] });
      const clients = localClients({
        s3: s3.endpoint,
        dynamodb: dynamodb.endpoint,
      });
      try {
        const tables = await clients.dynamodb.send(new ListTablesCommand({}));
        const buckets = await clients.s3.send(new ListBucketsCommand({}));

        expect(tables.TableNames).toEqual([]);
        expect(buckets.Buckets?.map((bucket) => bucket.Name)).toEqual([
          "ready",
        ]);
      } finally {
        clients.destroy();
      }
    } finally {
      await s3?.stop();
      await dynamodb.stop();
    }

    expect(await responds(dynamodb.endpoint)).toBe(false);
    expect(await responds(s3.endpoint)).toBe(false);
  });

  it("endpoints are on loopback", async () => {
    const s3 = await startS3rver();
    try {
      expect(new URL(s3.endpoint).hostname).toBe("127.0.0.1");
    } finally {
      await s3.stop();
    }
  });

  it("local clients reject other hosts", () => {
    expect(() =>
      localClients({
        s3: "https://s3.amazonaws.com",
        dynamodb: "http://127.0.0.1:8000",
      }),
    ).toThrow(
      "endpoint https://s3.amazonaws.com is not a loopback address; local " +
        "clients only talk to emulators on 127.0.0.1, [::1] or localhost",
    );
  });
});
