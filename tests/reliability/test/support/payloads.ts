import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "./paths.js";

const encoder = new TextEncoder();

/** Encodes text as UTF-8. */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Joins byte arrays. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}

/** Reads a sample delivery of examples/. */
export function sampleBody(file: string): Uint8Array {
  return new Uint8Array(readFileSync(join(REPO_ROOT, "examples", file)));
}

/**
 * Builds a valid Supabase UPDATE of a store whose name carries `tag`, so that
 * each tag is a new event. Stores keep every field, so the processed
 * document contains the whole record.
 */
export function storeUpdate(tag: string): Uint8Array {
  return utf8(
    JSON.stringify({
      type: "UPDATE",
      table: "stores",
      schema: "public",
      record: {
        id: "5d0c7e2a-9b14-4f3e-8a61-2c7b9d0e4f18",
        name: `Reliability clinic ${tag}`,
        city: "Leeds",
        created_at: "2026-10-01T08:00:00+00:00",
      },
      old_record: {
        id: "5d0c7e2a-9b14-4f3e-8a61-2c7b9d0e4f18",
        name: "Reliability clinic",
        city: "Leeds",
        created_at: "2026-10-01T08:00:00+00:00",
      },
    }),
  );
}

/**
 * Builds an object with `depth` levels of nesting in total:
 * `{"a":[[...]]}` with `depth - 1` arrays.
 */
export function nested(depth: number): Uint8Array {
  const arrays = depth - 1;

  return utf8(`{"a":${"[".repeat(arrays)}${"]".repeat(arrays)}}`);
}

/** Builds a Supabase INSERT of a product whose description makes it `bytes` long. */
export function longStringInsert(bytes: number): Uint8Array {
  const shell = (description: string) =>
    JSON.stringify({
      type: "INSERT",
      table: "products",
      schema: "public",
      record: { id: "0e6b9f1c-2a47-4d83-b5c9-7f1e3a2d8c60", description },
      old_record: null,
    });
  const padding = bytes - utf8(shell("")).byteLength;

  return utf8(shell("x".repeat(padding)));
}

/**
 * A product UPDATE whose numbers a double cannot hold: integers beyond
 * 2^53 and a negative one beyond 2^63.
 */
export const BIG_INTEGERS = utf8(
  '{"type":"UPDATE","table":"products","schema":"public",' +
    '"record":{"id":"3b1f","sku_number":9007199254740993,' +
    '"batch":123456789012345678901234567890,' +
    '"offset":-9223372036854775809},' +
    '"old_record":{"id":"3b1f","sku_number":9007199254740992}}',
);

/** A product UPDATE whose numbers use exponents. */
export const EXPONENTS = utf8(
  '{"type":"UPDATE","table":"products","schema":"public",' +
    '"record":{"id":"5c2e","price":8.9e1,"tolerance":1.5E-7,' +
    '"ceiling":1e400,"floor":-2.5e-400},"old_record":null}',
);

/**
 * A product UPDATE whose records carry `__proto__` keys. The new record's
 * `__proto__` contains `archived_at`, which makes an UPDATE a soft delete
 * only when it is the record's own field, and `created_at`, which the
 * rules strip only from product objects.
 */
export const PROTO_KEYS = utf8(
  '{"type":"UPDATE","table":"products","schema":"public",' +
    '"record":{"id":"8a3d","created_at":"2026-01-01T00:00:00Z",' +
    '"__proto__":{"archived_at":"2026-12-01T00:00:00Z",' +
    '"created_at":"kept","polluted":"yes"}},' +
    '"old_record":{"id":"8a3d","__proto__":null}}',
);

/**
 * A store INSERT whose record has keys named like properties of
 * `Object.prototype`.
 */
export const PROTOTYPE_NAMES = utf8(
  '{"type":"INSERT","table":"stores","schema":"public",' +
    '"record":{"id":"9e4f","constructor":{"prototype":{"polluted":"yes"}},' +
    '"prototype":{"polluted":"yes"},"toString":"text",' +
    '"hasOwnProperty":false,"__defineGetter__":1},"old_record":null}',
);
