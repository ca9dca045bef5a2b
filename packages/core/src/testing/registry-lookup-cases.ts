import { expect } from "vitest";
import type { RegistryCaseContext } from "./event-registry-contract.js";
import {
  at,
  claimRequest,
  eventIdOf,
  HASH,
  payloadHashOf,
  processingRecord,
  RECEIVED_AT,
} from "./registry-samples.js";

/** Defines the findByHash, findByEventId and list cases. */
export function defineLookupCases({
  registry,
  test,
  processEvent,
}: RegistryCaseContext): void {
  test("find-by-hash", "findByHash returns the record", async () => {
    const record = await processEvent("a", "product_create", at(2_000));

    expect(await registry().findByHash(record.payloadHash)).toEqual(record);
    expect(await registry().findByHash(HASH)).toBeUndefined();
  });

  test("find-by-event-id", "findByEventId returns the record", async () => {
    const record = await processEvent("a", "product_create", at(2_000));
    await registry().claim(claimRequest(HASH, "token-1", RECEIVED_AT));

    expect(await registry().findByEventId(record.eventId)).toEqual(record);
    expect(
      await registry().findByEventId(eventIdOf(HASH, RECEIVED_AT)),
    ).toEqual(processingRecord("token-1", RECEIVED_AT));
    expect(
      await registry().findByEventId("0000000000000000-1796392800"),
    ).toBeUndefined();
  });

  /** Four processed events and one still processing, for the listings. */
  const processListedEvents = async (): Promise<ListedEventIds> => {
    const a = await processEvent("a", "product_create", at(10_000));
    const b = await processEvent("b", "product_update", at(20_000));
    const c = await processEvent("c", "product_create", at(30_000));
    const d = await processEvent("d", "category_create", at(40_000));
    await registry().claim(
      claimRequest(payloadHashOf("e"), "token", at(35_000)),
    );

    return { a: a.eventId, b: b.eventId, c: c.eventId, d: d.eventId };
  };

  test(
    "list-newest-first",
    "list returns processed events newest first",
    async () => {
      const ids = await processListedEvents();

      const records = await registry().list({});

      expect(records.map((record) => record.eventId)).toEqual([
        ids.d,
        ids.c,
        ids.b,
        ids.a,
      ]);
      expect(records[0]).toEqual(await registry().findByEventId(ids.d));
    },
  );

  test("list-event-type", "list filters by event type", async () => {
    const ids = await processListedEvents();

    const records = await registry().list({ eventType: "product_create" });
    const none = await registry().list({ eventType: "store_create" });

    expect(records.map((record) => record.eventId)).toEqual([ids.c, ids.a]);
    expect(none).toEqual([]);
  });

  test("list-since", "list includes events processed at since", async () => {
    const ids = await processListedEvents();

    const records = await registry().list({ since: at(20_000) });

    expect(records.map((record) => record.eventId)).toEqual([
      ids.d,
      ids.c,
      ids.b,
    ]);
  });

  test("list-limit", "list returns at most limit events", async () => {
    const ids = await processListedEvents();

    const records = await registry().list({ limit: 2 });

    expect(records.map((record) => record.eventId)).toEqual([ids.d, ids.c]);
  });

  test(
    "list-combined",
    "list combines event type, since and limit",
    async () => {
      const ids = await processListedEvents();

      const records = await registry().list({
        eventType: "product_create",
        since: at(10_000),
        limit: 1,
      });

      expect(records.map((record) => record.eventId)).toEqual([ids.c]);
    },
  );
}

/** Event ids of the listed events, processed in the order a, b, c, d. */
interface ListedEventIds {
  readonly a: string;
  readonly b: string;
  readonly c: string;
  readonly d: string;
}
