import { afterEach, beforeEach, describe } from "vitest";
import type { EventRegistry, RegistryRecord } from "../ports.js";
import { type CaseBody, caseDefiner } from "./contract-case.js";
import { defineClaimCases } from "./registry-claim-cases.js";
import { defineLookupCases } from "./registry-lookup-cases.js";
import {
  claimRequest,
  completionRequest,
  payloadHashOf,
} from "./registry-samples.js";

/** An empty event registry under test and the function that removes it. */
export interface EventRegistryFixture {
  readonly registry: EventRegistry;
  teardown(): Promise<void>;
}

/** Ids of the event registry contract cases, for `skip`. */
export const EVENT_REGISTRY_CONTRACT_CASES = [
  "claim-absent",
  "claim-in-progress",
  "claim-takeover",
  "claim-takeover-at-lease-end",
  "complete",
  "complete-stale-token",
  "complete-absent",
  "complete-twice",
  "release",
  "release-stale-token",
  "release-processed",
  "duplicate",
  "concurrent-claims",
  "concurrent-takeovers",
  "concurrent-duplicates",
  "find-by-hash",
  "find-by-event-id",
  "list-newest-first",
  "list-event-type",
  "list-since",
  "list-limit",
  "list-combined",
] as const;

/** Id of one event registry contract case. */
export type EventRegistryContractCase =
  (typeof EVENT_REGISTRY_CONTRACT_CASES)[number];

/** Options of the event registry contract. */
export interface EventRegistryContractOptions {
  /** Cases to skip, each with the reason, which is shown in the test name. */
  readonly skip?: Partial<Record<EventRegistryContractCase, string>>;
}

/**
 * Defines the vitest suite that every `EventRegistry` implementation must
 * pass. `setup` runs before each test and returns an empty registry, and
 * its `teardown` runs after each test. All times come from the requests, so no
 * case waits for a lease to run out.
 */
export function describeEventRegistryContract(
  name: string,
  setup: () => Promise<EventRegistryFixture>,
  options: EventRegistryContractOptions = {},
): void {
  describe(`EventRegistry contract: ${name}`, () => {
    let fixture: EventRegistryFixture | undefined;
    const registry = (): EventRegistry => {
      if (fixture === undefined) throw new Error("setup did not run");
      return fixture.registry;
    };
    const test = caseDefiner(options.skip);

    /** Claims and completes one event and returns the processed record. */
    const processEvent = async (
      label: string,
      eventType: string,
      processedAt: Date,
    ): Promise<RegistryRecord> => {
      const hash = payloadHashOf(label);
      const receivedAt = new Date(processedAt.getTime() - 5_000);
      await registry().claim(claimRequest(hash, "token", receivedAt));

      return registry().complete(
        completionRequest(hash, "token", receivedAt, eventType, processedAt),
      );
    };

    const context: RegistryCaseContext = { registry, test, processEvent };

    beforeEach(async () => {
      fixture = await setup();
    });

    afterEach(async () => {
      await fixture?.teardown();
      fixture = undefined;
    });

    defineClaimCases(context);
    defineLookupCases(context);
  });
}

/** Values that the case files of the event registry contract share. */
export interface RegistryCaseContext {
  /** The registry of the running test. */
  readonly registry: () => EventRegistry;
  /** Defines one case, or skips it when the options list its id. */
  readonly test: (
    id: EventRegistryContractCase,
    title: string,
    body: CaseBody,
  ) => void;
  /** Claims and completes one event and returns the processed record. */
  readonly processEvent: (
    label: string,
    eventType: string,
    processedAt: Date,
  ) => Promise<RegistryRecord>;
}
