import { z } from "zod";

const IDENTIFIER = /^[a-z][a-z0-9_]*$/;
const IDENTIFIER_HINT =
  "expected lowercase letters, digits and underscores, starting with a letter";

const identifier = z.string().regex(IDENTIFIER, IDENTIFIER_HINT);
const nonEmpty = z.string().min(1);

/** One entity: a table name or payload key, with its event name and strip list. */
export const entitySchema = z.strictObject({
  event_name: identifier,
  strip: z.array(nonEmpty).default([]),
});

/** Detection of a Supabase database-webhook envelope. */
export const envelopeSchema = z.strictObject({
  entity_field: nonEmpty,
  operation_field: nonEmpty,
  record_field: nonEmpty,
  old_record_field: nonEmpty,
  operations: z.record(nonEmpty, identifier),
  soft_delete: z
    .strictObject({
      operation: nonEmpty,
      field: nonEmpty,
      action: identifier,
    })
    .optional(),
});

/** One case of a nested-payload rule; a case without `when_set` always matches. */
export const nestedCaseSchema = z.strictObject({
  action: identifier,
  when_set: nonEmpty.optional(),
});

/** Detection of a payload whose entity sits under one key, `{"products": {...}}`. */
export const nestedSchema = z.strictObject({
  key: nonEmpty,
  cases: z.array(nestedCaseSchema).min(1),
});

/** One detection rule: exactly one of `envelope` or `nested`. */
export const detectionRuleSchema = z.strictObject({
  name: nonEmpty,
  envelope: envelopeSchema.optional(),
  nested: nestedSchema.optional(),
});

const eventTypePattern = z
  .string()
  .regex(
    /^[a-z0-9_*]+$/,
    "expected an event type or a pattern with * (lowercase letters, digits, _ and *)",
  );

/** One route: event type patterns and the target they go to. */
export const routeSchema = z.strictObject({
  event_types: z.array(eventTypePattern).min(1),
  target: nonEmpty,
});

/** The whole rules file. */
export const rulesFileSchema = z.strictObject({
  version: z.literal(1),
  entities: z.record(nonEmpty, entitySchema),
  detection: z.array(detectionRuleSchema),
  fallback_event_type: identifier,
  routing: z.strictObject({
    targets: z.array(nonEmpty).min(1),
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
