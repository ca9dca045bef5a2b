import { join } from "node:path";

/** Root of the repository. */
export const REPO_ROOT = join(import.meta.dirname, "../../../..");

/** The repository's rules file. */
export const RULES_FILE = join(REPO_ROOT, "rules.yaml");

/** The built `axentra` command. */
export const CLI_BIN = join(REPO_ROOT, "packages/cli/dist/bin.js");

/** The built child script that runs the pipeline and kills itself. */
export const CRASH_CHILD = join(
  import.meta.dirname,
  "../../dist/crash-child.js",
);
