/** Turns an event type pattern such as `product_*` into a regular expression. */
export function patternToRegExp(pattern: string): RegExp {
  const source = pattern
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");

  return new RegExp(`^${source}$`);
}

/** A route as compiled: patterns in file order and their target. */
export interface CompiledRoute {
  readonly patterns: readonly RegExp[];
  readonly target: string;
}

/** Compiles routing: the first route with a matching pattern wins. */
export function compileRouting(
  routes: readonly { event_types: readonly string[]; target: string }[],
  defaultTarget: string,
): (eventType: string) => string {
  const compiled: CompiledRoute[] = routes.map((route) => ({
    patterns: route.event_types.map(patternToRegExp),
    target: route.target,
  }));

  return (eventType) => {
    for (const route of compiled) {
      if (route.patterns.some((pattern) => pattern.test(eventType))) {
        return route.target;
      }
    }

    return defaultTarget;
  };
}
