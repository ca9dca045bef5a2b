/** A DynamoDB attribute value in the low-level wire form. */
type AttributeValue = Record<string, unknown>;

/**
 * Estimates the size of a DynamoDB value in bytes by the rules of the
 * DynamoDB Developer Guide page "DynamoDB item sizes and formats". Strings
 * count their UTF-8 bytes, numbers about one byte per two digits plus one,
 * booleans and null one byte. Maps and lists add three bytes and one byte
 * per element. It is an estimate, because DynamoDB does not return sizes.
 */
function valueBytes(value: AttributeValue): number {
  if (typeof value.S === "string") {
    return Buffer.byteLength(value.S, "utf8");
  }
  if (typeof value.N === "string") {
    const digits = value.N.replace(/[^0-9]/g, "").replace(/^0+/, "");
    return Math.ceil(digits.length / 2) + 1;
  }
  if (value.BOOL !== undefined || value.NULL !== undefined) {
    return 1;
  }
  if (value.M !== undefined) {
    return 3 + itemBytes(value.M as Record<string, AttributeValue>);
  }
  if (Array.isArray(value.L)) {
    return (
      3 +
      (value.L as AttributeValue[]).reduce(
        (sum, element) => sum + 1 + valueBytes(element),
        0,
      )
    );
  }

  return Buffer.byteLength(JSON.stringify(value), "utf8");
}

/** Estimates the size of a DynamoDB item: attribute names plus values. */
export function itemBytes(item: Record<string, AttributeValue>): number {
  return Object.entries(item).reduce(
    (sum, [name, value]) => sum + Buffer.byteLength(name) + valueBytes(value),
    0,
  );
}

/** Write request units of a standard write of an item: one per started KB. */
export function writeUnitsFor(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / 1024));
}
