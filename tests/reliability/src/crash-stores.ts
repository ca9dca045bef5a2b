import type { EventRegistry, ObjectStore, Router } from "@axentra/core";

/** Pipeline step after which the process kills itself. */
export type CrashPoint =
  | "after the claim"
  | "after the raw write"
  | "after the processed write"
  | "after routing";

/** Every crash point, in pipeline order. */
export const CRASH_POINTS: readonly CrashPoint[] = [
  "after the claim",
  "after the raw write",
  "after the processed write",
  "after routing",
];

/** The stores of a pipeline. */
export interface PipelineStores {
  readonly rawStore: ObjectStore;
  readonly processedStore: ObjectStore;
  readonly registry: EventRegistry;
  readonly router: Router;
}

/** Ends the process at once, as a power cut or the OOM killer would. */
function killNow(): never {
  process.kill(process.pid, "SIGKILL");
  throw new Error("SIGKILL did not end the process");
}

/**
 * Wraps an object store so that the process dies right after its first
 * write, or so that its writes wait for `gate` (which never opens when
 * the process dies first).
 */
function wrapObjectStore(
  inner: ObjectStore,
  mode: "crash" | { readonly gate: Promise<void> } | "plain",
  onWritten: () => void,
): ObjectStore {
  return {
    async putImmutable(key, body, options) {
      if (typeof mode === "object") {
        await mode.gate;
      }
      const outcome = await inner.putImmutable(key, body, options);
      onWritten();
      if (mode === "crash") {
        killNow();
      }

      return outcome;
    },
    get: (key) => inner.get(key),
    list: (prefix) => inner.list(prefix),
  };
}

/**
 * Wraps the stores of a pipeline so that the process kills itself with
 * SIGKILL at `point`. The pipeline runs the raw and processed writes in
 * parallel. Here the write that does not crash waits for the one that
 * does, so each crash point leaves one exact state behind.
 */
export function crashingStores(
  stores: PipelineStores,
  point: CrashPoint,
): PipelineStores {
  let rawWritten: () => void = () => undefined;
  let processedWritten: () => void = () => undefined;
  const rawGate = new Promise<void>((resolve) => {
    rawWritten = resolve;
  });
  const processedGate = new Promise<void>((resolve) => {
    processedWritten = resolve;
  });

  return {
    rawStore: wrapObjectStore(
      stores.rawStore,
      point === "after the raw write"
        ? "crash"
        : point === "after the processed write"
          ? { gate: processedGate }
          : "plain",
      rawWritten,
    ),
    processedStore: wrapObjectStore(
      stores.processedStore,
      point === "after the processed write"
        ? "crash"
        : point === "after the raw write"
          ? { gate: rawGate }
          : "plain",
      processedWritten,
    ),
    registry: {
      async claim(request) {
        const result = await stores.registry.claim(request);
        if (point === "after the claim") {
          killNow();
        }
        return result;
      },
      complete: (request) => stores.registry.complete(request),
      release: (request) => stores.registry.release(request),
      findByHash: (payloadHash) => stores.registry.findByHash(payloadHash),
      findByEventId: (eventId) => stores.registry.findByEventId(eventId),
      list: (query) => stores.registry.list(query),
    },
    router: {
      async route(event) {
        await stores.router.route(event);
        if (point === "after routing") {
          killNow();
        }
      },
    },
  };
}
