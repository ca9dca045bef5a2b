// Builds .sst/platform with `sst install` unless it is already there for
// the installed sst version. The platform contains SST's component sources,
// the Pulumi packages they use, and config.d.ts, which declares the globals
// of sst.config.ts; the type check and the tests need all three.
//
// `sst install` here downloads nothing but npm packages: the dependency
// check that fetches Pulumi and Bun binaries is skipped, npm installs the
// platform packages instead of Bun, and telemetry is off.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";

const installedVersion = JSON.parse(
  readFileSync("node_modules/sst/package.json", "utf8"),
).version;
const platformVersion = existsSync(".sst/platform/version")
  ? readFileSync(".sst/platform/version", "utf8").trim()
  : undefined;
const complete =
  existsSync(".sst/platform/config.d.ts") &&
  existsSync(".sst/platform/node_modules/@pulumi/aws/package.json");

if (platformVersion === installedVersion && complete) {
  process.exit(0);
}

const result = spawnSync(
  "node_modules/.bin/sst",
  ["install", "--stage", "ci"],
  {
    stdio: "inherit",
    env: {
      ...process.env,
      SST_TELEMETRY_DISABLED: "1",
      SST_SKIP_DEPENDENCY_CHECK: "1",
      SST_NO_BUN: "1",
    },
  },
);
if (result.error) {
  throw result.error;
}
process.exit(result.status ?? 1);
