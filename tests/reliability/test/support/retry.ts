import { setTimeout as sleep } from "node:timers/promises";
import { EventInProgressError } from "@axentra/core";
import type { BusEvent, ProcessHandler, ProcessResult } from "@axentra/handler";
import { type HttpAnswer, post } from "./http-client.js";

/** Attempts a sender makes before the test gives up. */
export const MAX_ATTEMPTS = 12;

/** Every response of a delivery retried until it settled. */
export interface RetriedDelivery {
  /** Status of each attempt, in order, ending with the 2xx. */
  readonly statuses: number[];
  readonly last: HttpAnswer;
}

/**
 * Posts `body` until the receiver responds with 2xx, waiting Retry-After seconds
 * after each 409 or 503, as a webhook sender does. Fails on any other
 * status, a missing Retry-After, or after `MAX_ATTEMPTS`.
 */
export async function postUntilSettled(
  url: string,
  body: Uint8Array,
  headers: Readonly<Record<string, string>>,
): Promise<RetriedDelivery> {
  const statuses: number[] = [];
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
    const answer = await post(url, { body, headers });
    statuses.push(answer.status);
    if (answer.status === 200 || answer.status === 202) {
      return { statuses, last: answer };
    }
    const retryAfter = Number(answer.headers["retry-after"]);
    if (
      (answer.status !== 409 && answer.status !== 503) ||
      !Number.isInteger(retryAfter) ||
      retryAfter < 1
    ) {
      throw new Error(
        `attempt ${attempt} got ${answer.status} with Retry-After ` +
          `${String(answer.headers["retry-after"])}: ${answer.text}`,
      );
    }
    await sleep(retryAfter * 1000);
  }

  throw new Error(
    `no 2xx after ${MAX_ATTEMPTS} attempts: ${statuses.join(", ")}`,
  );
}

/** Every outcome of a bus event retried until the processor returned. */
export interface RetriedInvocation {
  /** Error name of each failed attempt, then `returned`. */
  readonly attempts: string[];
  readonly result: ProcessResult;
}

/**
 * Invokes the process handler until it returns, as Lambda retries an
 * asynchronous invocation. After an `EventInProgressError` it waits the
 * error's retry time; after any other error, one second.
 */
export async function processUntilSettled(
  handler: ProcessHandler,
  event: BusEvent,
): Promise<RetriedInvocation> {
  const attempts: string[] = [];
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
    try {
      const result = await handler(event);
      attempts.push("returned");
      return { attempts, result };
    } catch (error) {
      attempts.push((error as Error).name);
      const wait =
        error instanceof EventInProgressError ? error.retryAfterSeconds : 1;
      await sleep(wait * 1000);
    }
  }

  throw new Error(
    `no result after ${MAX_ATTEMPTS} attempts: ${attempts.join(", ")}`,
  );
}
