import { join, resolve } from "node:path";

/** Root of the repository: this file runs from `bench/src` or `bench/dist`. */
export const REPO_ROOT = resolve(import.meta.dirname, "../..");

/** Folder of the sample deliveries. */
export const EXAMPLES_DIR = join(REPO_ROOT, "examples");

/** The rules file that `axentra serve` and the processor use by default. */
export const RULES_FILE = join(REPO_ROOT, "rules.yaml");

/** Folder where each part writes its results as JSON. */
export const RESULTS_DIR = join(REPO_ROOT, "bench", "results");

/** Compiled scripts of the bench package, for child processes. */
export const DIST_DIR = join(REPO_ROOT, "bench", "dist");
