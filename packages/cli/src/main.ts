import { readFileSync } from "node:fs";
import { PipelineError } from "@axentra/core";
import { RulesError, RulesFileError } from "@axentra/rules";
import { EVENTS_HELP, eventsCommand } from "./commands/events.js";
import { INGEST_HELP, ingestCommand } from "./commands/ingest.js";
import { RULES_COMMAND_HELP, rulesCommand } from "./commands/rules.js";
import { SERVE_HELP, serveCommand } from "./commands/serve.js";
import { SETUP_HELP, setupCommand } from "./commands/setup.js";
import { CliError, UsageError } from "./errors.js";
import { type CliIo, writeLine } from "./io.js";

export const MAIN_HELP = `Usage: axentra <command> [options]

Receives Supabase webhooks, keeps each raw payload as an immutable audit
record, strips configured fields, and registers and routes each event once.

Commands:
  serve                 receive webhooks over HTTP at POST /webhooks
  ingest FILE... | -    run files or standard input through the pipeline
  rules check [FILE]    validate a rules file
  rules explain FILE    show what the pipeline would do with a payload
  events list           list processed events
  events show ID        show one event by event id or payload hash
  setup                 create the data folder, or the AWS buckets and table

Run axentra <command> --help for the options of a command.`;

const COMMANDS: Record<
  string,
  { run: (args: string[], io: CliIo) => Promise<number>; help: string }
> = {
  serve: { run: serveCommand, help: SERVE_HELP },
  ingest: { run: ingestCommand, help: INGEST_HELP },
  rules: { run: rulesCommand, help: RULES_COMMAND_HELP },
  events: { run: eventsCommand, help: EVENTS_HELP },
  setup: { run: setupCommand, help: SETUP_HELP },
};

function version(): string {
  const url = new URL("../package.json", import.meta.url);
  return (JSON.parse(readFileSync(url, "utf8")) as { version: string }).version;
}

/** Tells whether an error is the user's to fix, so a message without a stack is enough. */
function isExpected(error: unknown): error is Error {
  return (
    error instanceof CliError ||
    error instanceof RulesError ||
    error instanceof PipelineError ||
    (error instanceof TypeError &&
      (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS") === true)
  );
}

/** Runs the CLI with `args` (without node and script) and returns the exit status. */
export async function main(args: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = args;
  if (
    name === undefined ||
    name === "help" ||
    name === "--help" ||
    name === "-h"
  ) {
    writeLine(name === undefined ? io.stderr : io.stdout, MAIN_HELP);
    return name === undefined ? 2 : 0;
  }
  if (name === "--version" || name === "-v") {
    writeLine(io.stdout, version());
    return 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    writeLine(
      io.stderr,
      `axentra: unknown command ${JSON.stringify(name)}\n\n${MAIN_HELP}`,
    );
    return 2;
  }

  try {
    return await command.run(rest, io);
  } catch (error) {
    if (isExpected(error)) {
      writeLine(io.stderr, `axentra ${name}: ${error.message}`);
      if (error instanceof RulesFileError) {
        writeLine(
          io.stderr,
          "Pass a rules file with --rules or set AXENTRA_RULES_FILE.",
        );
      }
      if (error instanceof UsageError || error instanceof TypeError) {
        writeLine(io.stderr, `Run axentra ${name} --help for usage.`);
        return 2;
      }
      return error instanceof CliError ? error.exitCode : 1;
    }
    const message =
      error instanceof Error
        ? `${error.name}: ${error.message}`
        : String(error);
    writeLine(io.stderr, `axentra ${name}: ${message}`);
    return 1;
  }
}
