import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // DynamoDB Local takes a few seconds to start, and the fault tests wait
    // for SDK retries and claim leases.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Each file starts its own receivers and emulators; one file at a time
    // keeps the load figures free of other files' work on two cores.
    pool: "forks",
    fileParallelism: false,
    // Fake credentials and no instance metadata or shared config files:
    // nothing in the tests can reach AWS or read a developer's profile.
    env: {
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_ACCESS_KEY_ID: "S3RVER",
      AWS_SECRET_ACCESS_KEY: "S3RVER",
      AWS_REGION: "us-east-1",
      AWS_CONFIG_FILE: "/dev/null",
      AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
    },
  },
});
