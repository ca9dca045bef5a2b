import { InvalidObjectKeyError } from "./errors.js";

/**
 * Maximum key length, the S3 limit of 1,024 bytes. Valid keys are ASCII, so
 * characters and bytes are the same.
 */
export const MAX_KEY_LENGTH = 1024;

/** Maximum segment length, the file name limit of ext4, APFS and NTFS. */
export const MAX_SEGMENT_LENGTH = 255;

const SEGMENT = /^[A-Za-z0-9_.-]+$/;

/**
 * Returns whether `name` can be one segment of an object key: letters,
 * digits, `_`, `.` and `-`, neither `.` nor `..`, at most 255 characters.
 * Temporary files carry a `~`, so they never pass.
 */
export function isKeySegment(name: string): boolean {
  return (
    SEGMENT.test(name) &&
    name !== "." &&
    name !== ".." &&
    name.length <= MAX_SEGMENT_LENGTH
  );
}

/**
 * Splits `key` into its `/`-separated segments. Throws
 * `InvalidObjectKeyError` naming the key and the broken rule when the key
 * is empty, absolute, too long or has a segment that `isKeySegment`
 * rejects.
 */
export function parseObjectKey(key: string): string[] {
  if (key.length === 0)
    throw new InvalidObjectKeyError(key, "the key is empty");
  if (key.startsWith("/")) {
    throw new InvalidObjectKeyError(
      key,
      'the key must be relative, without a leading "/"',
    );
  }
  if (key.length > MAX_KEY_LENGTH) {
    throw new InvalidObjectKeyError(
      key,
      `the key is longer than ${MAX_KEY_LENGTH} characters`,
    );
  }

  const segments = key.split("/");
  segments.forEach((segment, index) => {
    const reason = segmentProblem(segment, index + 1);
    if (reason !== undefined) throw new InvalidObjectKeyError(key, reason);
  });

  return segments;
}

function segmentProblem(segment: string, position: number): string | undefined {
  if (segment.length === 0) return `segment ${position} is empty`;
  if (segment === "." || segment === "..") {
    return `segment ${position} is "${segment}", which is not allowed`;
  }
  if (!SEGMENT.test(segment)) {
    return (
      `segment ${position} (${JSON.stringify(segment)}) contains characters ` +
      'other than A-Z, a-z, 0-9, "_", "." and "-"'
    );
  }
  if (segment.length > MAX_SEGMENT_LENGTH) {
    return `segment ${position} is longer than ${MAX_SEGMENT_LENGTH} characters`;
  }

  return undefined;
}
