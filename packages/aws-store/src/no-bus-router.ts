import type { RoutedEvent, Router } from "@axentra/core";

/**
 * A `Router` for deployments without an event bus. It sends nothing, and
 * routing is then recorded only in the registry item's routing_target,
 * which the pipeline writes when it completes the event.
 */
export class NoBusRouter implements Router {
  async route(_event: RoutedEvent): Promise<void> {}
}
