import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** Folder of the sample deliveries shipped with the repository. */
export const EXAMPLES_DIR = import.meta.dirname;

/** Root rules file. */
export const RULES_FILE = join(import.meta.dirname, "../rules.yaml");

/** One row of the expected-results table in examples/README.md. */
export interface SampleExpectation {
  readonly file: string;
  readonly body: Uint8Array;
  readonly eventType: string;
  readonly routingTarget: string;
  readonly strippedFields: number;
}

/** Reads the samples and their expected results from examples/README.md. */
export function loadSamples(): SampleExpectation[] {
  const readme = readFileSync(join(EXAMPLES_DIR, "README.md"), "utf8");
  const rows = readme
    .split("\n")
    .filter((line) => /^\|\s*[a-z-]+\.json\s*\|/.test(line))
    .map((line) => line.split("|").map((cell) => cell.trim()));
  const samples = rows.map(
    ([, file = "", type = "", target = "", stripped = ""]) => ({
      file,
      body: new Uint8Array(readFileSync(join(EXAMPLES_DIR, file))),
      eventType: type.split(" ")[0] ?? "",
      routingTarget: target,
      strippedFields: Number.parseInt(stripped, 10),
    }),
  );
  const files = readdirSync(EXAMPLES_DIR).filter((name) =>
    name.endsWith(".json"),
  );
  if (files.length !== samples.length) {
    throw new Error(
      `examples/README.md lists ${samples.length} samples but the folder has ${files.length}`,
    );
  }

  return samples;
}
