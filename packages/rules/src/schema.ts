// zod/mini keeps the processor bundle small: the full zod build adds about
// 460 KB minified, most of it methods this schema does not use.
import * as z from "zod/mini";

const IDENTIFIER = /^[a-z][a-z0-9_]*$/;
const IDENTIFIER_HINT =
  "expected lowercase letters, digits and underscores, starting with a letter";

const identifier = z.string().check(z.regex(IDENTIFIER, IDENTIFIER_HINT));
const nonEmpty = z.string().check(z.minLength(1));

/** One entity: a table name or payload key, with its event name and strip list. */
export const entitySchema = z.strictObject({
  event_name: identifier,
  strip: z._default(z.array(nonEmpty), []),
});

/** Detection of a Supabase database-webhook envelope. */
export const envelopeSchema = z.strictObject({
  entity_field: nonEmpty,
  operation_field: nonEmpty,
  record_field: nonEmpty,
  old_record_field: nonEmpty,
  operations: z.record(nonEmpty, identifier),
  soft_delete: z.optional(
    z.strictObject({
      operation: nonEmpty,
      field: nonEmpty,
      action: identifier,
    }),
  ),
});

/** One case of a nested-payload rule; a case without `when_set` always matches. */
export const nestedCaseSchema = z.strictObject({
  action: identifier,
  when_set: z.optional(nonEmpty),
});

/** Detection of a payload whose entity sits under one key, `{"products": {...}}`. */
export const nestedSchema = z.strictObject({
  key: nonEmpty,
  cases: z.array(nestedCaseSchema).check(z.minLength(1)),
});

/** One detection rule: exactly one of `envelope` or `nested`. */
export const detectionRuleSchema = z.strictObject({
  name: nonEmpty,
  envelope: z.optional(envelopeSchema),
  nested: z.optional(nestedSchema),
});

const eventTypePattern = z
  .string()
  .check(
    z.regex(
      /^[a-z0-9_*]+$/,
      "expected an event type or a pattern with * (lowercase letters, digits, _ and *)",
    ),
  );

/** One route: event type patterns and the target they go to. */
export const routeSchema = z.strictObject({
  event_types: z.array(eventTypePattern).check(z.minLength(1)),
  target: nonEmpty,
});

/** The whole rules file. */
export const rulesFileSchema = z.strictObject({
  version: z.literal(1),
  entities: z.record(nonEmpty, entitySchema),
  detection: z.array(detectionRuleSchema),
  fallback_event_type: identifier,
  routing: z.strictObject({
    targets: z.array(nonEmpty).check(z.minLength(1)),
    routes: z.array(routeSchema),
    default: nonEmpty,
  }),
});

/** The rules file as parsed, before compilation. */
export type RulesFile = z.infer<typeof rulesFileSchema>;
export type EntityConfig = z.infer<typeof entitySchema>;
export type EnvelopeConfig = z.infer<typeof envelopeSchema>;
export type NestedConfig = z.infer<typeof nestedSchema>;
export type DetectionRuleConfig = z.infer<typeof detectionRuleSchema>;
