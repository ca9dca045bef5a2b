/**
 * Runs the benchmarks: `node bench/dist/run.js [PART...]`, all parts when
 * none is named. Each part prints its figures next to their goals and saves
 * its result in bench/results/{part}.json. The exit status is 0 when every
 * part ran, whether or not a goal was met, 1 when a part failed, and 2
 * for an unknown part name.
 */
import { describeMachine, formatMachine } from "./machine.js";
import {
  PARTS,
  type PartContext,
  type PartName,
  selectedParts,
} from "./parts.js";
import { formatFigure } from "./report.js";
import { type PartResult, saveResult } from "./results.js";

function print(line = ""): void {
  process.stdout.write(`${line}\n`);
}

function printResult(result: PartResult): void {
  for (const figure of result.figures) {
    print(formatFigure(figure));
  }
  for (const note of result.notes) {
    print(`  ${note}`);
  }
}

async function main(): Promise<number> {
  let names: PartName[];
  try {
    names = selectedParts(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  print(`axentra benchmarks on ${formatMachine(describeMachine())}`);

  const context: PartContext = { results: new Map() };
  let failed = 0;
  for (const name of names) {
    const part = PARTS.find((entry) => entry.name === name);
    if (part === undefined) {
      continue;
    }
    print();
    print(`== ${part.name}: ${part.title}`);
    const started = Date.now();
    try {
      const result = await part.run(context);
      context.results.set(part.name, result);
      printResult(result);
      const file = await saveResult(result);
      print(
        `  (${((Date.now() - started) / 1000).toFixed(0)} s; saved ${file})`,
      );
    } catch (error) {
      failed += 1;
      print(`  part ${part.name} failed: ${(error as Error).stack ?? error}`);
    }
  }

  if (names.length > 1) {
    print();
    print("== summary");
    for (const result of context.results.values()) {
      for (const figure of result.figures.filter((entry) => entry.goal)) {
        print(`${result.part}${formatFigure(figure)}`);
      }
    }
  }

  return failed === 0 ? 0 : 1;
}

process.exitCode = await main();
