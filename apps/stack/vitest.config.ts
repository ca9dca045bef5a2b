import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const platformModules = fileURLToPath(
  new URL("./.sst/platform/node_modules/", import.meta.url),
);

export default defineConfig({
  resolve: {
    // The tests must load the same Pulumi packages as the SST platform, so
    // that the mocks they set are the ones the components see.
    alias: {
      "@pulumi/pulumi": `${platformModules}@pulumi/pulumi`,
      "@pulumi/aws": `${platformModules}@pulumi/aws`,
    },
  },
  test: {
    include: ["test/**/*.test.ts"],
    // SST's run() calls process.chdir, which worker threads do not support.
    pool: "forks",
    env: { AWS_EC2_METADATA_DISABLED: "true" },
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
