import type { ViteUserConfig } from "vitest/config";

/**
 * Vitest settings of the packages whose tests start DynamoDB Local and
 * s3rver. DynamoDB Local takes a few seconds to start, and the tests wait
 * for SDK retries and claim leases, hence the long timeouts. Each file
 * starts its own emulators, and one file at a time keeps a single Java
 * process running on two cores. Fake credentials and no instance metadata
 * or shared config files mean nothing in the tests can reach AWS or read a
 * developer's profile.
 */
export const emulatorTestOptions: NonNullable<ViteUserConfig["test"]> = {
  include: ["test/**/*.test.ts"],
  testTimeout: 60_000,
  hookTimeout: 120_000,
  pool: "forks",
  fileParallelism: false,
  env: {
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_ACCESS_KEY_ID: "S3RVER",
    AWS_SECRET_ACCESS_KEY: "S3RVER",
    AWS_REGION: "us-east-1",
    AWS_CONFIG_FILE: "/dev/null",
    AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
  },
};
