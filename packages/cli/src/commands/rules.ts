import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { explainPayload } from "@axentra/core";
import { CliError, UsageError } from "../errors.js";
import { type CliIo, readAll, writeLine } from "../io.js";
import { loadRules, RULES_HELP, rulesPathOf } from "../rules-option.js";
import { runSubcommand } from "../subcommands.js";

export const RULES_COMMAND_HELP = `Usage: axentra rules check [FILE]
       axentra rules explain [--rules FILE] [--json] PAYLOAD | -

check    validates a rules file (default: $AXENTRA_RULES_FILE or rules.yaml)
         and lists every problem with its line and column
explain  shows what the pipeline would do with a payload, writing nothing:
         payload hash, event id, event type, the fields that would be
         removed (by path), the routing target, and the raw and processed keys

Options:
${RULES_HELP}
  --json                    print the explanation as JSON
  -h, --help                show this help`;

async function readPayload(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "read error";
    throw new CliError(`cannot read payload file ${path} (${code})`);
  }
}

async function checkCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { rules: { type: "string" } },
  });
  if (positionals.length + (values.rules === undefined ? 0 : 1) > 1) {
    throw new UsageError(
      "rules check takes one FILE, given as an argument or with --rules",
    );
  }
  const path = rulesPathOf(positionals[0] ?? values.rules, io.env);
  const rules = await loadRules(path, io.env);
  writeLine(
    io.stdout,
    `${path} is valid: ${rules.eventTypes.length} event types, rules version ${rules.version.slice(0, 12)}`,
  );

  return 0;
}

async function explainCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { rules: { type: "string" }, json: { type: "boolean" } },
  });
  const [input] = positionals;
  if (input === undefined || positionals.length > 1) {
    throw new UsageError(
      "rules explain takes one PAYLOAD file, or - for standard input",
    );
  }
  const rules = await loadRules(values.rules, io.env);
  const body =
    input === "-" ? await readAll(io.stdin) : await readPayload(input);
  const explanation = explainPayload(rules, body, new Date());

  if (values.json) {
    const { strippedPayload: _omitted, ...shown } = explanation;
    writeLine(io.stdout, JSON.stringify(shown, null, 2));
    return 0;
  }
  const removed =
    explanation.strippedFields.length === 0
      ? "  (none)"
      : explanation.strippedFields.map((path) => `  - ${path}`).join("\n");
  writeLine(
    io.stdout,
    [
      `payload hash:    ${explanation.payloadHash}`,
      `event id:        ${explanation.eventId} (if first received now)`,
      `event type:      ${explanation.eventType} (rule: ${explanation.detectionRule ?? "fallback"})`,
      `routing target:  ${explanation.routingTarget}`,
      `raw key:         ${explanation.rawKey}`,
      `processed key:   ${explanation.processedKey}`,
      `rules version:   ${explanation.rulesVersion.slice(0, 12)}`,
      `fields removed:  ${explanation.strippedFields.length}`,
      removed,
    ].join("\n"),
  );

  return 0;
}

/** Runs `axentra rules check|explain`. */
export function rulesCommand(args: string[], io: CliIo): Promise<number> {
  return runSubcommand("rules", args, io, RULES_COMMAND_HELP, {
    check: checkCommand,
    explain: explainCommand,
  });
}
