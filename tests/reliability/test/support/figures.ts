import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

/** Folder that receives the suite's figures, from `AXENTRA_RELIABILITY_FIGURES`. */
const FIGURES_DIR = process.env.AXENTRA_RELIABILITY_FIGURES;

/**
 * True when `AXENTRA_RELIABILITY_LONG=1` asks for the long form of the
 * load test, which produces the published figures.
 */
export const LONG_FORM = process.env.AXENTRA_RELIABILITY_LONG === "1";

/**
 * Writes `figures` as `{name}.json` to the folder named by
 * `AXENTRA_RELIABILITY_FIGURES`; does nothing when it is unset.
 */
export function recordFigures(name: string, figures: unknown): void {
  if (FIGURES_DIR === undefined || FIGURES_DIR === "") {
    return;
  }
  const folder = resolve(FIGURES_DIR);
  mkdirSync(folder, { recursive: true });
  writeFileSync(
    join(folder, `${name}.json`),
    `${JSON.stringify(figures, null, 2)}\n`,
  );
}
