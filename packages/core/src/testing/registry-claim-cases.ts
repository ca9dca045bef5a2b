import { expect } from "vitest";
import { ClaimLostError } from "../errors.js";
import type { ClaimResult } from "../ports.js";
import { rejection } from "./contract-case.js";
import type { RegistryCaseContext } from "./event-registry-contract.js";
import {
  at,
  claimRequest,
  completionRequest,
  eventIdOf,
  HASH,
  LEASE_MS,
  processedRecord,
  processingRecord,
  RECEIVED_AT,
} from "./registry-samples.js";

const CONCURRENT_CLAIMS = 50;
const CONCURRENT_DUPLICATES = 20;

/** Defines the claim, completion and duplicate cases. */
export function defineClaimCases({
  registry,
  test,
  processEvent,
}: RegistryCaseContext): void {
  test(
    "claim-absent",
    "claim of an absent hash creates a processing record",
    async () => {
      const result = await registry().claim(
        claimRequest(HASH, "token-1", RECEIVED_AT),
      );

      const expected = processingRecord("token-1", RECEIVED_AT);
      expect(result).toEqual({
        outcome: "claimed",
        takeover: false,
        record: expected,
      });
      expect(await registry().findByHash(HASH)).toEqual(expected);
    },
  );

  test(
    "claim-in-progress",
    "claim within the lease returns in_progress",
    async () => {
      await registry().claim(claimRequest(HASH, "token-1", RECEIVED_AT));

      const now = at(LEASE_MS - 1);
      const result = await registry().claim(claimRequest(HASH, "token-2", now));

      const expected = processingRecord("token-1", RECEIVED_AT);
      expect(result).toEqual({ outcome: "in_progress", record: expected });
      expect(await registry().findByHash(HASH)).toEqual(expected);
    },
  );

  test("claim-takeover", "claim after lease expiry takes over", async () => {
    await registry().claim(claimRequest(HASH, "token-1", RECEIVED_AT));

    const now = at(LEASE_MS + 1);
    const result = await registry().claim(claimRequest(HASH, "token-2", now));

    const expected = {
      ...processingRecord("token-2", now),
      eventId: eventIdOf(HASH, RECEIVED_AT),
      receivedAt: RECEIVED_AT.toISOString(),
    };
    expect(result).toEqual({
      outcome: "claimed",
      takeover: true,
      record: expected,
    });
    expect(await registry().findByHash(HASH)).toEqual(expected);
  });

  test(
    "claim-takeover-at-lease-end",
    "claim at the lease end takes over",
    async () => {
      await registry().claim(claimRequest(HASH, "token-1", RECEIVED_AT));

      const result = await registry().claim(
        claimRequest(HASH, "token-2", at(LEASE_MS)),
      );

      expect(result).toMatchObject({ outcome: "claimed", takeover: true });
      expect(result.record.claimToken).toBe("token-2");
    },
  );

  test(
    "complete",
    "complete with the claim token marks it processed",
    async () => {
      await registry().claim(claimRequest(HASH, "token-1", RECEIVED_AT));

      const processedAt = at(2_000);
      const record = await registry().complete(
        completionRequest(
          HASH,
          "token-1",
          RECEIVED_AT,
          "product_create",
          processedAt,
        ),
      );

      const expected = processedRecord(RECEIVED_AT, processedAt);
      expect(record).toEqual(expected);
      expect(await registry().findByHash(HASH)).toEqual(expected);
    },
  );

  test(
    "complete-stale-token",
    "complete with a stale token throws ClaimLostError",
    async () => {
      await registry().claim(claimRequest(HASH, "token-1", RECEIVED_AT));
      await registry().claim(claimRequest(HASH, "token-2", at(LEASE_MS)));
      const before = await registry().findByHash(HASH);

      const error = await rejection(
        registry().complete(
          completionRequest(
            HASH,
            "token-1",
            RECEIVED_AT,
            "product_create",
            at(LEASE_MS + 1),
          ),
        ),
      );

      expectClaimLost(error, HASH);
      expect(await registry().findByHash(HASH)).toEqual(before);
      expect(before?.claimToken).toBe("token-2");
    },
  );

  test(
    "complete-absent",
    "complete of an absent hash throws ClaimLostError",
    async () => {
      const error = await rejection(
        registry().complete(
          completionRequest(
            HASH,
            "token-1",
            RECEIVED_AT,
            "product_create",
            at(2_000),
          ),
        ),
      );

      expectClaimLost(error, HASH);
      expect(await registry().findByHash(HASH)).toBeUndefined();
    },
  );

  test(
    "release",
    "release ends the lease so the next claim takes over at once",
    async () => {
      await registry().claim(claimRequest(HASH, "token-1", RECEIVED_AT));

      const releasedAt = at(1_000);
      const released = await registry().release({
        payloadHash: HASH,
        claimToken: "token-1",
        now: releasedAt,
      });
      const retry = await registry().claim(
        claimRequest(HASH, "token-2", releasedAt),
      );

      expect(released).toBe(true);
      expect(retry).toMatchObject({ outcome: "claimed", takeover: true });
      expect(retry.record.eventId).toBe(eventIdOf(HASH, RECEIVED_AT));
      expect(retry.record.receivedAt).toBe(RECEIVED_AT.toISOString());
      expect(retry.record.claimToken).toBe("token-2");
    },
  );

  test(
    "release-stale-token",
    "release with a stale token changes nothing",
    async () => {
      await registry().claim(claimRequest(HASH, "token-1", RECEIVED_AT));

      const released = await registry().release({
        payloadHash: HASH,
        claimToken: "token-2",
        now: at(1_000),
      });

      expect(released).toBe(false);
      expect(await registry().findByHash(HASH)).toEqual(
        processingRecord("token-1", RECEIVED_AT),
      );
    },
  );

  test(
    "release-processed",
    "release after completion changes nothing",
    async () => {
      const processed = await processEvent(
        "released",
        "product_create",
        at(2_000),
      );
      const before = await registry().findByHash(processed.payloadHash);

      const released = await registry().release({
        payloadHash: processed.payloadHash,
        claimToken: "token",
        now: at(3_000),
      });

      expect(released).toBe(false);
      expect(await registry().findByHash(processed.payloadHash)).toEqual(
        before,
      );
    },
  );

  test("complete-twice", "second complete throws ClaimLostError", async () => {
    await registry().claim(claimRequest(HASH, "token-1", RECEIVED_AT));
    const request = completionRequest(
      HASH,
      "token-1",
      RECEIVED_AT,
      "product_create",
      at(2_000),
    );
    await registry().complete(request);

    const error = await rejection(
      registry().complete({ ...request, processingTimestamp: at(3_000) }),
    );

    expectClaimLost(error, HASH);
    expect(await registry().findByHash(HASH)).toEqual(
      processedRecord(RECEIVED_AT, at(2_000)),
    );
  });

  test(
    "duplicate",
    "claim of a processed hash counts a duplicate",
    async () => {
      await processEvent("contract event", "product_create", at(2_000));
      const first = await registry().findByHash(HASH);

      const once = await registry().claim(
        claimRequest(HASH, "token-2", at(60_000)),
      );
      const twice = await registry().claim(
        claimRequest(HASH, "token-3", at(90_000)),
      );

      expect(once).toEqual({
        outcome: "duplicate",
        record: {
          ...first,
          duplicateCount: 1,
          lastSeenAt: at(60_000).toISOString(),
        },
      });
      const expected = {
        ...first,
        duplicateCount: 2,
        lastSeenAt: at(90_000).toISOString(),
      };
      expect(twice).toEqual({ outcome: "duplicate", record: expected });
      expect(await registry().findByHash(HASH)).toEqual(expected);
    },
  );

  test(
    "concurrent-claims",
    `${CONCURRENT_CLAIMS} concurrent claims yield one claim`,
    async () => {
      const results = await Promise.all(
        Array.from({ length: CONCURRENT_CLAIMS }, (_, i) =>
          registry().claim(claimRequest(HASH, `token-${i}`, RECEIVED_AT)),
        ),
      );

      const winner = onlyClaim(results);
      expect(winner.takeover).toBe(false);
      expect(outcomes(results, "in_progress")).toHaveLength(
        CONCURRENT_CLAIMS - 1,
      );
      const stored = await registry().findByHash(HASH);
      expect(stored?.claimToken).toBe(winner.record.claimToken);
      for (const result of outcomes(results, "in_progress")) {
        expect(result.record.claimToken).toBe(winner.record.claimToken);
      }
    },
  );

  test(
    "concurrent-takeovers",
    "concurrent claims after expiry yield one takeover",
    async () => {
      await registry().claim(claimRequest(HASH, "first", RECEIVED_AT));

      const now = at(LEASE_MS + 1);
      const results = await Promise.all(
        Array.from({ length: CONCURRENT_CLAIMS }, (_, i) =>
          registry().claim(claimRequest(HASH, `token-${i}`, now)),
        ),
      );

      const winner = onlyClaim(results);
      expect(winner.takeover).toBe(true);
      expect(winner.record.eventId).toBe(eventIdOf(HASH, RECEIVED_AT));
      expect(outcomes(results, "in_progress")).toHaveLength(
        CONCURRENT_CLAIMS - 1,
      );
      const stored = await registry().findByHash(HASH);
      expect(stored?.claimToken).toBe(winner.record.claimToken);
    },
  );

  test(
    "concurrent-duplicates",
    "concurrent duplicates are each counted",
    async () => {
      await processEvent("contract event", "product_create", at(2_000));

      const results = await Promise.all(
        Array.from({ length: CONCURRENT_DUPLICATES }, (_, i) =>
          registry().claim(claimRequest(HASH, `token-${i}`, at(60_000))),
        ),
      );

      const duplicates = outcomes(results, "duplicate");
      expect(duplicates).toHaveLength(CONCURRENT_DUPLICATES);
      const counts = duplicates.map((result) => result.record.duplicateCount);
      expect(counts.sort((a, b) => a - b)).toEqual(
        Array.from({ length: CONCURRENT_DUPLICATES }, (_, i) => i + 1),
      );
      const stored = await registry().findByHash(HASH);
      expect(stored?.duplicateCount).toBe(CONCURRENT_DUPLICATES);
    },
  );
}

function expectClaimLost(error: unknown, payloadHash: string): void {
  expect(error).toBeInstanceOf(ClaimLostError);
  expect((error as ClaimLostError).payloadHash).toBe(payloadHash);
  expect((error as Error).message).toBe(
    `claim on payload hash ${payloadHash} is not held by this delivery: ` +
      "its lease expired and another delivery took it over, or the event " +
      "is already complete",
  );
}

type Outcome = ClaimResult["outcome"];

function outcomes<O extends Outcome>(
  results: ClaimResult[],
  outcome: O,
): Extract<ClaimResult, { outcome: O }>[] {
  return results.filter(
    (result): result is Extract<ClaimResult, { outcome: O }> =>
      result.outcome === outcome,
  );
}

/** Returns the one `claimed` result and fails unless exactly one exists. */
function onlyClaim(
  results: ClaimResult[],
): Extract<ClaimResult, { outcome: "claimed" }> {
  const claims = outcomes(results, "claimed");
  expect(claims).toHaveLength(1);

  const [claim] = claims;
  if (claim === undefined) throw new Error("no claimed result");
  return claim;
}
