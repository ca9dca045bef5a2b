import { parseArgs } from "node:util";
import type { RegistryRecord } from "@axentra/core";
import { CliError, UsageError } from "../errors.js";
import { type CliIo, writeLine } from "../io.js";
import { openStore, STORE_HELP, STORE_OPTIONS } from "../stores.js";
import { runSubcommand } from "../subcommands.js";
import { parseDate, parseInteger } from "./values.js";

export const EVENTS_HELP = `Usage: axentra events list [--type TYPE] [--since DATE] [--limit N] [--json]
       axentra events show EVENT_ID|PAYLOAD_HASH [--json]

list   lists processed events, newest first
show   shows one event's registry item and where its objects are

Options:
  --type TYPE               only events of this type, such as product_update
  --since DATE              only events processed at or after DATE (ISO 8601)
  --limit N                 at most N events, up to 10000 (default: 50)
  --json                    print JSON instead of a table
  -h, --help                show this help
${STORE_HELP}`;

const HASH = /^[0-9a-f]{64}$/;

function formatTable(records: readonly RegistryRecord[]): string {
  const rows = [
    ["EVENT ID", "TYPE", "TARGET", "PROCESSED AT", "DUPLICATES"],
    ...records.map((record) => [
      record.eventId,
      record.eventType ?? "",
      record.routingTarget ?? "",
      record.processingTimestamp ?? "",
      String(record.duplicateCount),
    ]),
  ];
  const widths =
    rows[0]?.map((_, column) =>
      Math.max(...rows.map((row) => (row[column] ?? "").length)),
    ) ?? [];

  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

async function listCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      type: { type: "string" },
      since: { type: "string" },
      limit: { type: "string" },
      json: { type: "boolean" },
      ...STORE_OPTIONS,
    },
  });
  const since =
    values.since === undefined ? undefined : parseDate("--since", values.since);
  const limit = parseInteger("--limit", values.limit ?? "50", 1, 10_000);
  const store = await openStore(values, io.env, { mustExist: true });
  try {
    const records = await store.registry.list({
      eventType: values.type,
      since,
      limit,
    });
    if (values.json) {
      writeLine(io.stdout, JSON.stringify(records, null, 2));
    } else if (records.length === 0) {
      writeLine(io.stdout, `no events in ${store.location}`);
    } else {
      writeLine(io.stdout, formatTable(records));
    }
  } finally {
    store.close();
  }

  return 0;
}

async function showCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: "boolean" }, ...STORE_OPTIONS },
  });
  const [id] = positionals;
  if (id === undefined || positionals.length > 1) {
    throw new UsageError("events show takes one EVENT_ID or PAYLOAD_HASH");
  }
  const store = await openStore(values, io.env, { mustExist: true });
  try {
    const record = HASH.test(id)
      ? await store.registry.findByHash(id)
      : await store.registry.findByEventId(id);
    if (record === undefined) {
      throw new CliError(`event ${id} not found in ${store.location}`);
    }
    const routed = (await store.localRouter?.listRouted(record.eventId)) ?? [];
    if (values.json) {
      writeLine(io.stdout, JSON.stringify({ ...record, routed }, null, 2));
      return 0;
    }
    const lines = Object.entries(record)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => `${`${key}:`.padEnd(21)}${String(value)}`);
    for (const entry of routed) {
      lines.push(
        `${"routed:".padEnd(21)}${entry.routingTarget} at ${entry.routedAt}`,
      );
    }
    writeLine(io.stdout, lines.join("\n"));
  } finally {
    store.close();
  }

  return 0;
}

/** Runs `axentra events list|show`. */
export function eventsCommand(args: string[], io: CliIo): Promise<number> {
  return runSubcommand("events", args, io, EVENTS_HELP, {
    list: listCommand,
    show: showCommand,
  });
}
