import { describe, expect, it } from "vitest";
import {
  findResource,
  parsePolicy,
  resourcesOfType,
} from "../harness/resources";
import type { LoadDeployment, StageExpectations } from "./stage-expectations";

const BUCKETS = [
  { component: "RawAuditBucket", archiveStorageClass: "DEEP_ARCHIVE" },
  { component: "ProcessedBucket", archiveStorageClass: "GLACIER" },
] as const;

/** Declares the checks of both buckets: encryption, access, lifecycle, lock. */
export function describeStorage(
  load: LoadDeployment,
  expected: StageExpectations,
): void {
  for (const { component, archiveStorageClass } of BUCKETS) {
    describe(`Bucket: ${component}`, () => {
      function bucket() {
        return findResource(
          load(),
          "aws:s3/bucket:Bucket",
          `${component}Bucket`,
        );
      }

      function part(type: string, suffix: string) {
        return findResource(load(), type, `${component}${suffix}`);
      }

      it("enables versioning", () => {
        const versioning = part(
          "aws:s3/bucketVersioning:BucketVersioning",
          "Versioning",
        );

        expect(versioning.inputs.bucket).toBe(bucket().inputs.bucket);
        expect(versioning.inputs.versioningConfiguration).toEqual({
          status: "Enabled",
        });
      });

      it("encrypts new objects with SSE-S3", () => {
        const encryption = part(
          "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
          "Encryption",
        );

        expect(encryption.inputs.bucket).toBe(bucket().inputs.bucket);
        expect(encryption.inputs.rules).toEqual([
          { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
        ]);
      });

      it("blocks all four kinds of public access", () => {
        const block = part(
          "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
          "PublicAccessBlock",
        );

        expect(block.inputs.bucket).toBe(bucket().inputs.bucket);
        expect(block.inputs.blockPublicAcls).toBe(true);
        expect(block.inputs.blockPublicPolicy).toBe(true);
        expect(block.inputs.ignorePublicAcls).toBe(true);
        expect(block.inputs.restrictPublicBuckets).toBe(true);
      });

      it("denies every request without TLS", () => {
        const policy = part("aws:s3/bucketPolicy:BucketPolicy", "Policy");
        const arn = String(bucket().state.arn);

        expect(policy.inputs.bucket).toBe(bucket().inputs.bucket);
        expect(parsePolicy(policy.inputs.policy).Statement).toEqual([
          {
            Effect: "Deny",
            Principal: "*",
            Action: ["s3:*"],
            Resource: [arn, `${arn}/*`],
            Condition: { Bool: { "aws:SecureTransport": ["false"] } },
          },
        ]);
      });

      it(`archives to ${archiveStorageClass} at 90 days, expires at 2557`, () => {
        const lifecycle = part(
          "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
          "Lifecycle",
        );

        expect(lifecycle.inputs.bucket).toBe(bucket().inputs.bucket);
        expect(lifecycle.inputs.rules).toEqual([
          {
            id: "archive-then-expire",
            status: "Enabled",
            filter: {},
            transitions: [{ days: 90, storageClass: archiveStorageClass }],
            expiration: { days: 2557 },
            noncurrentVersionTransitions: [
              { noncurrentDays: 90, storageClass: archiveStorageClass },
            ],
            noncurrentVersionExpiration: { noncurrentDays: 2557 },
            abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
          },
        ]);
      });

      it("keeps objects under 128 KB in S3 Standard", () => {
        const lifecycle = part(
          "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
          "Lifecycle",
        );

        expect(lifecycle.inputs.transitionDefaultMinimumObjectSize).toBe(
          "all_storage_classes_128K",
        );
      });

      it("has no CORS rules", () => {
        const cors = resourcesOfType(
          load(),
          "aws:s3/bucketCorsConfiguration:BucketCorsConfiguration",
        );

        expect(cors).toEqual([]);
      });

      it(`force-destroys: ${!expected.production}`, () => {
        expect(bucket().inputs.forceDestroy).toBe(!expected.production);
      });
    });
  }

  describe("Bucket: ClaimCheckBucket", () => {
    function bucket() {
      return findResource(
        load(),
        "aws:s3/bucket:Bucket",
        "ClaimCheckBucketBucket",
      );
    }

    function part(type: string, suffix: string) {
      return findResource(load(), type, `ClaimCheckBucket${suffix}`);
    }

    it("keeps no versions", () => {
      const versioning = resourcesOfType(
        load(),
        "aws:s3/bucketVersioning:BucketVersioning",
      ).filter((item) => item.inputs.bucket === bucket().inputs.bucket);

      expect(versioning).toEqual([]);
    });

    it("never has Object Lock", () => {
      const locks = resourcesOfType(
        load(),
        "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
      ).filter((item) => item.inputs.bucket === bucket().inputs.bucket);

      expect(bucket().inputs.objectLockEnabled).toBe(false);
      expect(locks).toEqual([]);
    });

    it("encrypts new objects with SSE-S3", () => {
      const encryption = part(
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        "Encryption",
      );

      expect(encryption.inputs.bucket).toBe(bucket().inputs.bucket);
      expect(encryption.inputs.rules).toEqual([
        { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
      ]);
    });

    it("blocks all four kinds of public access", () => {
      const block = part(
        "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
        "PublicAccessBlock",
      );

      expect(block.inputs).toEqual({
        bucket: bucket().inputs.bucket,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      });
    });

    it("denies every request without TLS", () => {
      const policy = part("aws:s3/bucketPolicy:BucketPolicy", "Policy");
      const arn = String(bucket().state.arn);

      expect(policy.inputs.bucket).toBe(bucket().inputs.bucket);
      expect(parsePolicy(policy.inputs.policy).Statement).toEqual([
        {
          Effect: "Deny",
          Principal: "*",
          Action: ["s3:*"],
          Resource: [arn, `${arn}/*`],
          Condition: { Bool: { "aws:SecureTransport": ["false"] } },
        },
      ]);
    });

    it("deletes objects 14 days after creation", () => {
      const lifecycle = part(
        "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
        "Lifecycle",
      );

      expect(lifecycle.inputs.bucket).toBe(bucket().inputs.bucket);
      expect(lifecycle.inputs.rules).toEqual([
        {
          id: "expire-claim-checks",
          status: "Enabled",
          filter: {},
          expiration: { days: 14 },
          abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
        },
      ]);
    });

    it(`force-destroys: ${!expected.production}`, () => {
      expect(bucket().inputs.forceDestroy).toBe(!expected.production);
    });
  });

  describe("Object Lock", () => {
    const lockTypes =
      "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration";

    it("is never enabled on the processed bucket", () => {
      const processed = findResource(
        load(),
        "aws:s3/bucket:Bucket",
        "ProcessedBucketBucket",
      );

      expect(processed.inputs.objectLockEnabled).toBe(false);
    });

    if (expected.production) {
      it("locks raw audit versions 7 years in COMPLIANCE mode", () => {
        const raw = findResource(
          load(),
          "aws:s3/bucket:Bucket",
          "RawAuditBucketBucket",
        );
        const locks = resourcesOfType(load(), lockTypes);

        expect(raw.inputs.objectLockEnabled).toBe(true);
        expect(locks.map((lock) => lock.inputs)).toEqual([
          {
            bucket: raw.inputs.bucket,
            objectLockEnabled: "Enabled",
            rule: { defaultRetention: { mode: "COMPLIANCE", years: 7 } },
          },
        ]);
      });
    } else {
      it("is not enabled on the raw audit bucket", () => {
        const raw = findResource(
          load(),
          "aws:s3/bucket:Bucket",
          "RawAuditBucketBucket",
        );

        expect(raw.inputs.objectLockEnabled).toBe(false);
        expect(resourcesOfType(load(), lockTypes)).toEqual([]);
      });
    }
  });
}
