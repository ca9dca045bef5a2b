import { matchEnvelope } from "./detect.js";
import {
  childPath,
  indexPath,
  isJsonObject,
  type JsonObject,
} from "./json-tree.js";
import type { EntityConfig, EnvelopeConfig } from "./schema.js";

/** Result of stripping: a stripped copy and the paths of removed fields. */
export interface StripResult {
  /** A copy of the payload without the stripped fields. */
  readonly payload: unknown;
  /** Paths of the removed fields, such as `record.created_at`. */
  readonly removed: readonly string[];
}

interface StripContext {
  readonly entities: Readonly<Record<string, EntityConfig>>;
  readonly stripSets: ReadonlyMap<string, ReadonlySet<string>>;
  readonly envelopes: readonly EnvelopeConfig[];
  readonly removed: string[];
}

/**
 * Copies an object; when `strip` is given, leaves out those keys and records
 * their paths. Copies get a null prototype, so a `__proto__` key stays data.
 */
function copyObject(
  object: JsonObject,
  path: string,
  context: StripContext,
  strip: ReadonlySet<string> | undefined,
): JsonObject {
  const copy: JsonObject = Object.create(null);
  for (const key of Object.keys(object)) {
    if (strip?.has(key)) {
      context.removed.push(childPath(path, key));
      continue;
    }
    copy[key] = copyValue(object[key], childPath(path, key), context, key);
  }

  return copy;
}

/** Copies the value found under `key`, stripping it if the key is an entity. */
function copyValue(
  value: unknown,
  path: string,
  context: StripContext,
  key: string | undefined,
): unknown {
  const strip = key === undefined ? undefined : context.stripSets.get(key);

  return copyEntityValue(value, path, context, strip);
}

/** Copies a value whose objects belong to one entity (or none). */
function copyEntityValue(
  value: unknown,
  path: string,
  context: StripContext,
  strip: ReadonlySet<string> | undefined,
): unknown {
  if (Array.isArray(value)) {
    return value.map((item, index) =>
      copyEntityValue(item, indexPath(path, index), context, strip),
    );
  }
  if (isJsonObject(value)) {
    return copyObject(value, path, context, strip);
  }

  return value;
}

/** Copies a Supabase envelope, stripping its records by the envelope's table. */
function copyEnvelope(
  payload: JsonObject,
  entity: string,
  envelope: EnvelopeConfig,
  context: StripContext,
): JsonObject {
  const strip = context.stripSets.get(entity);
  const copy: JsonObject = Object.create(null);
  for (const key of Object.keys(payload)) {
    const isRecord =
      key === envelope.record_field || key === envelope.old_record_field;
    copy[key] = isRecord
      ? copyEntityValue(payload[key], childPath("", key), context, strip)
      : copyValue(payload[key], childPath("", key), context, key);
  }

  return copy;
}

/**
 * Compiles field stripping. Objects under an entity's key, at any depth and
 * whether the value is an object or an array of objects, lose that entity's
 * fields. A Supabase envelope's records lose the fields of its table. The
 * input is never modified.
 */
export function compileStripping(
  entities: Readonly<Record<string, EntityConfig>>,
  envelopes: readonly EnvelopeConfig[],
): (payload: unknown) => StripResult {
  const stripSets = new Map<string, ReadonlySet<string>>();
  for (const [name, entity] of Object.entries(entities)) {
    stripSets.set(name, new Set(entity.strip));
  }

  return (payload) => {
    const context: StripContext = {
      entities,
      stripSets,
      envelopes,
      removed: [],
    };
    if (isJsonObject(payload)) {
      for (const envelope of envelopes) {
        const match = matchEnvelope(payload, envelope, entities);
        if (match !== null) {
          const copy = copyEnvelope(payload, match.entity, envelope, context);
          return { payload: copy, removed: context.removed };
        }
      }
    }
    const copy = copyEntityValue(payload, "", context, undefined);

    return { payload: copy, removed: context.removed };
  };
}
