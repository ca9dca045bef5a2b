import { isProduction } from "./stage";

/**
 * Days after creation, or after a version becomes noncurrent, before an
 * object moves to its archive storage class.
 */
export const ARCHIVE_AFTER_DAYS = 90;

/**
 * Seven years in days (7 × 365 plus 2 leap days), the retention of audit
 * records. Objects and noncurrent versions expire after it.
 */
export const RETENTION_DAYS = 2557;

/** Default Object Lock retention of the raw audit bucket in production. */
export const OBJECT_LOCK_YEARS = 7;

/**
 * Minimum object size for a lifecycle transition: objects under 128 KB stay
 * in S3 Standard. An archived object is billed 8 KB of S3 Standard storage
 * plus 32 KB of archive storage on top of its own size. Each transition is
 * a paid request too, so a payload of a few KB costs more archived than
 * left in S3 Standard. Only large deliveries move.
 */
export const TRANSITION_MINIMUM_OBJECT_SIZE = "all_storage_classes_128K";

interface ArchiveBucketOptions {
  /** Storage class that objects move to after `ARCHIVE_AFTER_DAYS`. */
  archiveStorageClass: "DEEP_ARCHIVE" | "GLACIER";
  /** Whether each new object version gets a default COMPLIANCE-mode lock. */
  objectLock: boolean;
}

/**
 * Sets SSE-S3 (AES256) as the default encryption of a bucket.
 *
 * SSE-S3 rather than SSE-KMS: no customer managed key can be deleted and
 * leave seven years of records unreadable, and the functions need no `kms:`
 * permissions.
 */
function encryptWithS3ManagedKeys(name: string, bucket: sst.aws.Bucket): void {
  new aws.s3.BucketServerSideEncryptionConfiguration(`${name}Encryption`, {
    bucket: bucket.name,
    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
  });
}

/**
 * Creates a bucket for records kept seven years. It has versioning, SSE-S3
 * (AES256), all four public access blocks and a bucket policy that denies
 * requests without TLS. Its lifecycle archives current and noncurrent
 * versions at 90 days and expires them at 2557 days.
 */
function createArchiveBucket(
  name: string,
  options: ArchiveBucketOptions,
): sst.aws.Bucket {
  const bucket = new sst.aws.Bucket(name, {
    versioning: true,
    cors: false,
    // Adds a statement that denies s3:* when aws:SecureTransport is false.
    enforceHttps: true,
    transform: {
      bucket: (args) => {
        args.forceDestroy = !isProduction();
        args.objectLockEnabled = options.objectLock;
      },
    },
  });

  encryptWithS3ManagedKeys(name, bucket);

  new aws.s3.BucketLifecycleConfiguration(`${name}Lifecycle`, {
    bucket: bucket.name,
    transitionDefaultMinimumObjectSize: TRANSITION_MINIMUM_OBJECT_SIZE,
    rules: [
      {
        id: "archive-then-expire",
        status: "Enabled",
        filter: {},
        transitions: [
          {
            days: ARCHIVE_AFTER_DAYS,
            storageClass: options.archiveStorageClass,
          },
        ],
        expiration: { days: RETENTION_DAYS },
        noncurrentVersionTransitions: [
          {
            noncurrentDays: ARCHIVE_AFTER_DAYS,
            storageClass: options.archiveStorageClass,
          },
        ],
        noncurrentVersionExpiration: { noncurrentDays: RETENTION_DAYS },
        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
      },
    ],
  });

  if (options.objectLock) {
    // Until its retention ends, no principal (the root user included) can
    // delete or overwrite a locked version. S3 rejects uploads to a locked bucket
    // without a Content-MD5 or checksum header, and the AWS SDK sends one.
    new aws.s3.BucketObjectLockConfiguration(`${name}ObjectLock`, {
      bucket: bucket.name,
      objectLockEnabled: "Enabled",
      rule: {
        defaultRetention: { mode: "COMPLIANCE", years: OBJECT_LOCK_YEARS },
      },
    });
  }

  return bucket;
}

/**
 * Raw audit bucket: each delivery exactly as received, written by the
 * processor. Objects are read only for audits, so they move to Glacier Deep
 * Archive (restores take up to 12 hours with the Standard tier). Production
 * locks each version. Claim-check objects do not go here: in production
 * each would be locked for seven years next to the audit record of the
 * same body, and one whose PutEvents failed would stay as a locked stray.
 */
export const rawAuditBucket = createArchiveBucket("RawAuditBucket", {
  archiveStorageClass: "DEEP_ARCHIVE",
  objectLock: isProduction(),
});

/**
 * Processed bucket: the stripped and enriched documents. Downstream services
 * may read them again, so they move to Glacier Flexible Retrieval, which
 * restores in minutes with the Expedited tier.
 */
export const processedBucket = createArchiveBucket("ProcessedBucket", {
  archiveStorageClass: "GLACIER",
  objectLock: false,
});

/**
 * Days a claim-check object is kept. The bus archive and the dead-letter
 * queue both keep an event 14 days, so an event replayed or redriven in
 * that time still finds its body. S3 counts from the object's creation and
 * rounds up to the next midnight UTC.
 */
export const CLAIM_CHECK_EXPIRATION_DAYS = 14;

/**
 * Claim-check bucket: bodies of deliveries whose bus event would exceed the
 * EventBridge entry size limit. The ingest function writes the body here
 * and puts a reference on the bus. The processor reads it and archives it
 * in the raw audit bucket like any other body. The objects are transient
 * copies, so the bucket has no versioning and no Object Lock in any stage,
 * and its lifecycle deletes each object after
 * `CLAIM_CHECK_EXPIRATION_DAYS`. Like the other buckets it has SSE-S3, all
 * four public access blocks and a TLS-only bucket policy.
 */
export const claimCheckBucket = new sst.aws.Bucket("ClaimCheckBucket", {
  versioning: false,
  cors: false,
  // Adds a statement that denies s3:* when aws:SecureTransport is false.
  enforceHttps: true,
  transform: {
    bucket: (args) => {
      args.forceDestroy = !isProduction();
      args.objectLockEnabled = false;
    },
  },
});

encryptWithS3ManagedKeys("ClaimCheckBucket", claimCheckBucket);

new aws.s3.BucketLifecycleConfiguration("ClaimCheckBucketLifecycle", {
  bucket: claimCheckBucket.name,
  rules: [
    {
      id: "expire-claim-checks",
      status: "Enabled",
      filter: {},
      expiration: { days: CLAIM_CHECK_EXPIRATION_DAYS },
      abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
    },
  ],
});
