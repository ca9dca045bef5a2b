import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import {
  createPipeline,
  EventInProgressError,
  InvalidPayloadError,
} from "@axentra/core";
import { UsageError } from "../errors.js";
import { type CliIo, readAll, writeLine } from "../io.js";
import { loadRules, RULES_HELP } from "../rules-option.js";
import { openStore, STORE_HELP, STORE_OPTIONS } from "../stores.js";

export const INGEST_HELP = `Usage: axentra ingest [options] FILE... | -

Runs each file (or standard input, given as -) through the same pipeline as
axentra serve. Prints one line per input: outcome, event id, event type and
the input. Ends with a summary and exits with status 1 if any input was
rejected or failed.

Options:
${RULES_HELP}
  -q, --quiet               print only the summary and errors
  -h, --help                show this help
${STORE_HELP}`;

/** Counts of an ingest run. */
interface Tally {
  created: number;
  duplicate: number;
  rejected: number;
  failed: number;
}

/** Runs `axentra ingest`. */
export async function ingestCommand(
  args: string[],
  io: CliIo,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      rules: { type: "string" },
      quiet: { type: "boolean", short: "q" },
      help: { type: "boolean", short: "h" },
      ...STORE_OPTIONS,
    },
  });
  if (values.help) {
    writeLine(io.stdout, INGEST_HELP);
    return 0;
  }
  if (positionals.length === 0) {
    throw new UsageError(
      "missing input; give one or more files, or - for standard input",
    );
  }

  const rules = await loadRules(values.rules, io.env);
  const store = await openStore(values, io.env);
  const pipeline = createPipeline({ rules, ...store });
  const tally: Tally = { created: 0, duplicate: 0, rejected: 0, failed: 0 };
  const showProgress = io.interactive && positionals.length > 20;

  try {
    for (const [index, input] of positionals.entries()) {
      const name = input === "-" ? "<stdin>" : input;
      let body: Uint8Array;
      try {
        body =
          input === "-"
            ? await readAll(io.stdin)
            : new Uint8Array(await readFile(input));
      } catch (error) {
        tally.failed += 1;
        const code = (error as NodeJS.ErrnoException).code ?? "read error";
        writeLine(io.stderr, `${name}: cannot read (${code})`);
        continue;
      }
      try {
        const result = await pipeline.ingest({ body });
        const outcome = result.duplicate ? "duplicate" : "created";
        tally[outcome] += 1;
        if (!values.quiet) {
          writeLine(
            io.stdout,
            `${outcome}\t${result.event.eventId}\t${result.event.eventType}\t${name}`,
          );
        }
      } catch (error) {
        if (error instanceof InvalidPayloadError) {
          tally.rejected += 1;
          writeLine(io.stderr, `${name}: rejected: ${error.message}`);
        } else if (error instanceof EventInProgressError) {
          tally.failed += 1;
          writeLine(io.stderr, `${name}: ${error.message}`);
        } else {
          tally.failed += 1;
          writeLine(io.stderr, `${name}: failed: ${(error as Error).message}`);
        }
      }
      if (showProgress) {
        io.stderr.write(`\r${index + 1}/${positionals.length} inputs`);
      }
    }
  } finally {
    store.close();
  }
  if (showProgress) {
    io.stderr.write("\n");
  }

  const failed = tally.failed > 0 ? `, ${tally.failed} failed` : "";
  writeLine(
    io.stdout,
    `${tally.created} new, ${tally.duplicate} duplicate, ${tally.rejected} rejected${failed}`,
  );

  return tally.rejected + tally.failed > 0 ? 1 : 0;
}
