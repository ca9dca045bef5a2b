import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { MachineInfo } from "./machine.js";
import { RESULTS_DIR } from "./paths.js";
import type { Figure } from "./report.js";

/** Output of one part of the benchmark. */
export interface PartResult<Data = unknown> {
  readonly part: string;
  /** ISO time at which the part finished. */
  readonly finishedAt: string;
  readonly machine: MachineInfo;
  /** Figures with goals, printed and compared. */
  readonly figures: readonly Figure[];
  /** Further lines printed under the figures: raw medians, what dominates. */
  readonly notes: readonly string[];
  /** Raw measurements, for other parts and for the record. */
  readonly data: Data;
}

/** Writes a part's result to `bench/results/{part}.json`. */
export async function saveResult(
  result: PartResult,
  folder = RESULTS_DIR,
): Promise<string> {
  await mkdir(folder, { recursive: true });
  const file = join(folder, `${result.part}.json`);
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);

  return file;
}

/** Reads a part's last saved result, or returns `undefined` when none exists. */
export async function loadResult<Data>(
  part: string,
  folder = RESULTS_DIR,
): Promise<PartResult<Data> | undefined> {
  let text: string;
  try {
    text = await readFile(join(folder, `${part}.json`), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      return undefined;
    }
    throw error;
  }

  return JSON.parse(text) as PartResult<Data>;
}
