import {
  GetObjectCommand,
  HeadObjectCommand,
  type HeadObjectCommandOutput,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  paginateListObjectsV2,
  type S3Client,
  type ServerSideEncryption,
} from "@aws-sdk/client-s3";
import {
  ObjectConflictError,
  type ObjectStore,
  type PutObjectOptions,
  type PutObjectOutcome,
  StoreUnavailableError,
} from "@axentra/core";
import { httpStatusOf, toStoreError } from "./aws-error.js";
import { sha256Base64 } from "./checksum.js";
import { AwsStoreError } from "./errors.js";

/** Options of an `S3ObjectStore`. */
export interface S3ObjectStoreOptions {
  readonly client: S3Client;
  readonly bucket: string;
  /** Server-side encryption requested on every write; the bucket default otherwise. */
  readonly serverSideEncryption?: ServerSideEncryption | undefined;
  /** KMS key of `aws:kms` or `aws:kms:dsse` encryption. */
  readonly kmsKeyId?: string | undefined;
  /** Retries of a write that S3 rejects with 409 ConditionalRequestConflict. */
  readonly conflictRetries?: number | undefined;
  /** First backoff delay of those retries in milliseconds; it doubles each time. */
  readonly conflictRetryDelayMs?: number | undefined;
}

const DEFAULT_CONFLICT_RETRIES = 3;
const DEFAULT_CONFLICT_RETRY_DELAY_MS = 50;

/** Outcome of one conditional PutObject attempt. */
type PutAttempt = PutObjectOutcome | "retry";

/**
 * An `ObjectStore` on one S3 bucket. Writes are conditional
 * (`If-None-Match: *`), so S3 itself rejects an overwrite, and carry a
 * SHA-256 checksum that S3 verifies and stores.
 */
export class S3ObjectStore implements ObjectStore {
  readonly #client: S3Client;
  readonly #bucket: string;
  readonly #serverSideEncryption: ServerSideEncryption | undefined;
  readonly #kmsKeyId: string | undefined;
  readonly #conflictRetries: number;
  readonly #conflictRetryDelayMs: number;

  constructor(options: S3ObjectStoreOptions) {
    const encryption = options.serverSideEncryption;
    if (
      options.kmsKeyId !== undefined &&
      encryption !== "aws:kms" &&
      encryption !== "aws:kms:dsse"
    ) {
      throw new AwsStoreError(
        `invalid S3 encryption settings for bucket ${options.bucket}: ` +
          `a KMS key id needs serverSideEncryption "aws:kms" or ` +
          `"aws:kms:dsse", not ${JSON.stringify(encryption ?? null)}`,
      );
    }

    this.#client = options.client;
    this.#bucket = options.bucket;
    this.#serverSideEncryption = encryption;
    this.#kmsKeyId = options.kmsKeyId;
    this.#conflictRetries = options.conflictRetries ?? DEFAULT_CONFLICT_RETRIES;
    this.#conflictRetryDelayMs =
      options.conflictRetryDelayMs ?? DEFAULT_CONFLICT_RETRY_DELAY_MS;
  }

  /** The bucket name. */
  get bucket(): string {
    return this.#bucket;
  }

  async putImmutable(
    key: string,
    body: Uint8Array,
    options: PutObjectOptions,
  ): Promise<PutObjectOutcome> {
    const checksum = sha256Base64(body);
    let lastConflict: unknown;

    for (let attempt = 0; attempt <= this.#conflictRetries; attempt += 1) {
      if (attempt > 0) {
        await delay(this.#conflictRetryDelayMs * 2 ** (attempt - 1));
      }

      try {
        const outcome = await this.#putAttempt(key, body, checksum, options);
        if (outcome !== "retry") {
          return outcome;
        }
      } catch (error) {
        if (!isConditionalRequestConflict(error)) {
          throw error;
        }
        lastConflict = error;
      }
    }

    throw new StoreUnavailableError(
      `S3 PutObject of key ${key} in bucket ${this.#bucket} met a ` +
        `concurrent write ${this.#conflictRetries + 1} times ` +
        "(409 ConditionalRequestConflict); retry later",
      { cause: lastConflict },
    );
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      const output = await this.#client.send(
        new GetObjectCommand({ Bucket: this.#bucket, Key: key }),
      );

      return (await output.Body?.transformToByteArray()) ?? new Uint8Array();
    } catch (error) {
      if (error instanceof NoSuchKey) {
        return undefined;
      }
      throw toStoreError(this.#describe("GetObject", key), error);
    }
  }

  async *list(prefix?: string): AsyncIterable<string> {
    const pages = paginateListObjectsV2(
      { client: this.#client },
      { Bucket: this.#bucket, Prefix: prefix },
    );

    try {
      for await (const page of pages) {
        for (const object of page.Contents ?? []) {
          if (object.Key !== undefined) {
            yield object.Key;
          }
        }
      }
    } catch (error) {
      throw toStoreError(
        `S3 ListObjectsV2 of prefix ${JSON.stringify(prefix ?? "")} ` +
          `in bucket ${this.#bucket}`,
        error,
      );
    }
  }

  /**
   * Sends one conditional PutObject. A 412 means the key exists, and the
   * existing object decides the outcome. A 409 is rethrown for the caller
   * to retry. Returns `retry` when the existing object vanished between the
   * 412 and the read.
   */
  async #putAttempt(
    key: string,
    body: Uint8Array,
    checksum: string,
    options: PutObjectOptions,
  ): Promise<PutAttempt> {
    let preconditionFailure: unknown;
    try {
      await this.#client.send(
        new PutObjectCommand({
          Bucket: this.#bucket,
          Key: key,
          Body: body,
          ContentType: options.contentType,
          IfNoneMatch: "*",
          ChecksumSHA256: checksum,
          ServerSideEncryption: this.#serverSideEncryption,
          SSEKMSKeyId: this.#kmsKeyId,
        }),
      );

      return "created";
    } catch (error) {
      if (isConditionalRequestConflict(error)) {
        throw error;
      }
      if (!isPreconditionFailed(error)) {
        throw toStoreError(this.#describe("PutObject", key), error);
      }
      preconditionFailure = error;
    }

    const same = await this.#matchesExisting(key, body, checksum);
    if (same === undefined) {
      return "retry";
    }
    if (!same) {
      throw new ObjectConflictError(key, { cause: preconditionFailure });
    }

    return "unchanged";
  }

  /**
   * Compares the object under `key` with `body`, or returns `undefined`
   * when the key does not exist. Uses the checksum S3 stored with the
   * object when it is a full-object SHA-256, and otherwise downloads the
   * object and hashes it.
   */
  async #matchesExisting(
    key: string,
    body: Uint8Array,
    checksum: string,
  ): Promise<boolean | undefined> {
    let head: HeadObjectCommandOutput;
    try {
      head = await this.#client.send(
        new HeadObjectCommand({
          Bucket: this.#bucket,
          Key: key,
          ChecksumMode: "ENABLED",
        }),
      );
    } catch (error) {
      if (error instanceof NotFound || httpStatusOf(error) === 404) {
        return undefined;
      }
      throw toStoreError(this.#describe("HeadObject", key), error);
    }

    if (
      head.ContentLength !== undefined &&
      head.ContentLength !== body.byteLength
    ) {
      return false;
    }
    if (isFullObjectSha256(head)) {
      return head.ChecksumSHA256 === checksum;
    }

    const stored = await this.get(key);

    return stored === undefined ? undefined : sha256Base64(stored) === checksum;
  }

  #describe(operation: string, key: string): string {
    return `S3 ${operation} of key ${key} in bucket ${this.#bucket}`;
  }
}

/**
 * Returns whether HeadObject returned a SHA-256 of the whole object. A
 * multipart upload stores a checksum of the part checksums (type
 * `COMPOSITE`, value suffixed with `-{parts}`) that cannot be compared with
 * a hash of the bytes.
 */
function isFullObjectSha256(
  head: HeadObjectCommandOutput,
): head is HeadObjectCommandOutput & { ChecksumSHA256: string } {
  const checksum = head.ChecksumSHA256;

  return (
    checksum !== undefined &&
    head.ChecksumType !== "COMPOSITE" &&
    !checksum.includes("-")
  );
}

/**
 * S3 rejects a conditional write on an existing key with 412
 * PreconditionFailed. The SDK has no error class for it, so the status
 * decides.
 */
function isPreconditionFailed(error: unknown): boolean {
  return httpStatusOf(error) === 412;
}

/**
 * S3 returns 409 ConditionalRequestConflict when another conditional write
 * to the same key is in flight. The SDK has no error class for it, and 409
 * has other meanings, so the status and the error code decide together.
 */
function isConditionalRequestConflict(error: unknown): boolean {
  return (
    httpStatusOf(error) === 409 &&
    error instanceof Error &&
    error.name === "ConditionalRequestConflict"
  );
}

function delay(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}
