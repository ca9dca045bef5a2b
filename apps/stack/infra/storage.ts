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
 * left in S3 Standard. Only large deliveries and claim-check objects move.
 */
export const TRANSITION_MINIMUM_OBJECT_SIZE = "all_storage_classes_128K";

interface ArchiveBucketOptions {
  /** Storage class that objects move to after `ARCHIVE_AFTER_DAYS`. */
  archiveStorageClass: "DEEP_ARCHIVE" | "GLACIER";
  /** Whether each new object version gets a default COMPLIANCE-mode lock. */
  objectLock: boolean;
}

/**
 * Creates a bucket for records kept seven years. It has versioning, SSE-S3
 * (AES256), all four public access blocks and a bucket policy that denies
 * requests without TLS. Its lifecycle archives current and noncurrent
 * versions at 90 days and expires them at 2557 days.
 *
 * SSE-S3 rather than SSE-KMS: no customer managed key can be deleted and
 * leave seven years of records unreadable, and the functions need no `kms:`
 * permissions.
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
        args.forceDestroy = !isProduction;
        args.objectLockEnabled = options.objectLock;
      },
    },
  });

  new aws.s3.BucketServerSideEncryptionConfiguration(`${name}Encryption`, {
    bucket: bucket.name,
    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
  });

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
    // Until its retention ends, nobody (the root user included) can delete
    // or overwrite a locked version. S3 rejects uploads to a locked bucket
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
 * Raw audit bucket: each delivery exactly as received, plus claim-check
 * objects for deliveries above the EventBridge event size limit. Objects are
 * read only for audits, so they move to Glacier Deep Archive (restores take
 * up to 12 hours with the Standard tier). Production locks each version.
 */
export const rawAuditBucket = createArchiveBucket("RawAuditBucket", {
  archiveStorageClass: "DEEP_ARCHIVE",
  objectLock: isProduction,
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
