import type { EventRegistry } from "../ports.js";

/**
 * Wraps a registry so that a failed attempt cannot release its claim, as
 * when the process dies mid-pipeline: only the end of the lease frees the
 * payload for a retry.
 */
export function withoutRelease(inner: EventRegistry): EventRegistry {
  return {
    claim: (request) => inner.claim(request),
    complete: (request) => inner.complete(request),
    release: async () => false,
    findByHash: (hash) => inner.findByHash(hash),
    findByEventId: (eventId) => inner.findByEventId(eventId),
    list: (query) => inner.list(query),
  };
}
