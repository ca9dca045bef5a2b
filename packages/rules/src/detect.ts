import { isJsonObject, isSet, type JsonObject, ownValue } from "./json-tree.js";
import type {
  DetectionRuleConfig,
  EntityConfig,
  EnvelopeConfig,
  NestedConfig,
} from "./schema.js";

/** Result of event-type detection. */
export interface Detection {
  /** Event type such as `product_update`, or the fallback type. */
  readonly eventType: string;
  /** Name of the rule that matched, or null for the fallback. */
  readonly rule: string | null;
  /** Entity (table or payload key) the event is about, or null. */
  readonly entity: string | null;
}

/** A detection rule compiled to a function; returns null when it does not match. */
type Detector = (payload: JsonObject) => Detection | null;

/**
 * Returns the entity and record fields of a Supabase envelope, or null when
 * the payload does not have the envelope's shape or names no known entity.
 */
export function matchEnvelope(
  payload: JsonObject,
  envelope: EnvelopeConfig,
  entities: Readonly<Record<string, EntityConfig>>,
): { entity: string; operation: string } | null {
  const entity = ownValue(payload, envelope.entity_field);
  const operation = ownValue(payload, envelope.operation_field);
  if (typeof entity !== "string" || typeof operation !== "string") {
    return null;
  }
  if (!Object.hasOwn(entities, entity)) {
    return null;
  }
  const hasRecord =
    Object.hasOwn(payload, envelope.record_field) ||
    Object.hasOwn(payload, envelope.old_record_field);

  return hasRecord ? { entity, operation } : null;
}

function envelopeDetector(
  name: string,
  envelope: EnvelopeConfig,
  entities: Readonly<Record<string, EntityConfig>>,
): Detector {
  return (payload) => {
    const match = matchEnvelope(payload, envelope, entities);
    if (
      match === null ||
      !Object.hasOwn(envelope.operations, match.operation)
    ) {
      return null;
    }
    let action = envelope.operations[match.operation] as string;

    // A soft delete is an update that sets the marker field on the new record.
    const softDelete = envelope.soft_delete;
    if (softDelete !== undefined && match.operation === softDelete.operation) {
      const record = ownValue(payload, envelope.record_field);
      if (isJsonObject(record) && isSet(record, softDelete.field)) {
        action = softDelete.action;
      }
    }
    const eventName = (entities[match.entity] as EntityConfig).event_name;

    return {
      eventType: `${eventName}_${action}`,
      rule: name,
      entity: match.entity,
    };
  };
}

function nestedDetector(
  name: string,
  nested: NestedConfig,
  entities: Readonly<Record<string, EntityConfig>>,
): Detector {
  const eventName = (entities[nested.key] as EntityConfig).event_name;

  return (payload) => {
    const object = ownValue(payload, nested.key);
    if (!isJsonObject(object)) {
      return null;
    }
    for (const candidate of nested.cases) {
      if (
        candidate.when_set === undefined ||
        isSet(object, candidate.when_set)
      ) {
        return {
          eventType: `${eventName}_${candidate.action}`,
          rule: name,
          entity: nested.key,
        };
      }
    }

    return null;
  };
}

/** Compiles the ordered detection rules; the first match wins. */
export function compileDetection(
  rules: readonly DetectionRuleConfig[],
  entities: Readonly<Record<string, EntityConfig>>,
  fallbackEventType: string,
): (payload: unknown) => Detection {
  const detectors = rules.map((rule) =>
    rule.envelope !== undefined
      ? envelopeDetector(rule.name, rule.envelope, entities)
      : nestedDetector(rule.name, rule.nested as NestedConfig, entities),
  );
  const fallback: Detection = {
    eventType: fallbackEventType,
    rule: null,
    entity: null,
  };

  return (payload) => {
    if (!isJsonObject(payload)) {
      return fallback;
    }
    for (const detector of detectors) {
      const detection = detector(payload);
      if (detection !== null) {
        return detection;
      }
    }

    return fallback;
  };
}
