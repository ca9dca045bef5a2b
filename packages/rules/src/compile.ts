import { possibleEventTypes } from "./checks.js";
import { compileDetection, type Detection } from "./detect.js";
import { compileRouting } from "./route.js";
import type { EnvelopeConfig, RulesFile } from "./schema.js";
import { compileStripping, type StripResult } from "./strip.js";

/** Validated rules, compiled to functions. */
export interface Rules {
  /** SHA-256 (hex) of the rules file text: the rules version in metadata. */
  readonly version: string;
  /** File the rules came from. */
  readonly file: string;
  /** Detects the event type of a payload; the first matching rule wins. */
  detect(payload: unknown): Detection;
  /** Returns a stripped copy of a payload and the removed paths. */
  strip(payload: unknown): StripResult;
  /** Returns the routing target of an event type. */
  route(eventType: string): string;
  /** Every event type the rules can produce, sorted. */
  readonly eventTypes: readonly string[];
}

/** Compiles a validated rules file. */
export function compileRules(
  rules: RulesFile,
  source: { version: string; file: string },
): Rules {
  const envelopes = rules.detection
    .map((rule) => rule.envelope)
    .filter((envelope): envelope is EnvelopeConfig => envelope !== undefined);

  return {
    version: source.version,
    file: source.file,
    detect: compileDetection(
      rules.detection,
      rules.entities,
      rules.fallback_event_type,
    ),
    strip: compileStripping(rules.entities, envelopes),
    route: compileRouting(rules.routing.routes, rules.routing.default),
    eventTypes: possibleEventTypes(rules),
  };
}
