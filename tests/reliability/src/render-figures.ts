/**
 * Prints the figures that a run of the suite wrote (with
 * AXENTRA_RELIABILITY_FIGURES=DIR) as the Markdown tables of
 * docs/reliability.md.
 *
 * Usage: node render-figures.js DIR
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const folder = process.argv[2];
if (folder === undefined) {
  process.stderr.write("usage: render-figures DIR\n");
  process.exit(2);
}

interface CaseOutcome {
  readonly name: string;
  readonly status: number;
  readonly code: string;
}

function read<T>(name: string): T | undefined {
  const path = join(folder as string, `${name}.json`);

  return existsSync(path)
    ? (JSON.parse(readFileSync(path, "utf8")) as T)
    : undefined;
}

function table(header: readonly string[], rows: readonly string[][]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;

  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join(
    "\n",
  );
}

function outcome(found: CaseOutcome | undefined, fallback: string): string {
  if (found === undefined) {
    return fallback;
  }

  return found.code === ""
    ? String(found.status)
    : `${found.status} \`${found.code}\``;
}

function hostileTable(): string | undefined {
  const local = read<CaseOutcome[]>("hostile-local");
  const lambda = read<CaseOutcome[]>("hostile-lambda");
  if (local === undefined || lambda === undefined) {
    return undefined;
  }
  const rows = local.map((entry, index) => [
    String(index + 1),
    entry.name,
    outcome(entry, ""),
    outcome(
      lambda.find((other) => other.name === entry.name),
      "n/a: HTTP layer only",
    ),
  ]);

  return table(["#", "case", "axentra serve", "ingest function"], rows);
}

function secretsTable(): string | undefined {
  const secrets =
    read<{ name: string; local: string; lambda: string }[]>("secrets");

  return secrets === undefined
    ? undefined
    : table(
        ["AXENTRA_WEBHOOK_SECRET", "axentra serve", "ingest function init"],
        secrets.map((entry) => [entry.name, entry.local, entry.lambda]),
      );
}

function awsFaultsTable(): string | undefined {
  const faults = read<Record<string, unknown>[]>("faults-aws");

  return faults === undefined
    ? undefined
    : table(
        [
          "fault",
          "receiver",
          "requests faulted",
          "first response",
          "then, until settled",
        ],
        faults.map((entry) => [
          String(entry.fault),
          String(entry.receiver),
          String(entry.faulted_requests),
          String(entry.first),
          (entry.retries as unknown[]).join(", "),
        ]),
      );
}

function crashTable(): string | undefined {
  const crashes = read<Record<string, unknown>[]>("faults-crash");

  return crashes === undefined
    ? undefined
    : table(
        ["SIGKILL", "left behind", "responses to the retries"],
        crashes.map((entry) => {
          const left = entry.left_behind as Record<string, unknown>;
          return [
            String(entry.point),
            `registry ${left.status}, raw ${left.raw}, processed ${left.processed}`,
            (entry.answers as unknown[]).join(", "),
          ];
        }),
      );
}

/** Shortens a logged store error to the step and the error code with its hint. */
function describeStoreError(message: unknown): string {
  if (typeof message !== "string") {
    return "";
  }
  const write = /^failed to write object \S+ in \S+\/([a-z-]+): (.*)$/.exec(
    message,
  );

  return write === null ? message : `${write[1]} object write: ${write[2]}`;
}

function diskTable(): string | undefined {
  const disks = read<Record<string, unknown>[]>("faults-disk");

  return disks === undefined
    ? undefined
    : table(
        ["full disk", "first response", "logged error", "then, until settled"],
        disks.map((entry) => [
          String(entry.disk),
          String(entry.first),
          describeStoreError(entry.error),
          (entry.retries as unknown[]).join(", "),
        ]),
      );
}

function loadTable(name: string): string | undefined {
  const load = read<Record<string, unknown>>(name);
  if (load === undefined) {
    return undefined;
  }
  const latency = load.latency_ms as Record<string, number>;
  const machine = load.machine as Record<string, unknown>;
  const rows = [
    ["sent", load.sent],
    ["new (202)", load.new],
    ["duplicate (200)", load.duplicate],
    ["retryable (409)", load.retryable],
    ["5xx", load.server_errors],
    ["distinct payloads", load.distinct_payloads],
    ["registry rows", load.registry_rows],
    ["raw objects", load.raw_objects],
    ["processed objects", load.processed_objects],
    ["connections", load.connections],
    ["duration (s)", load.duration_seconds],
    ["requests/s", load.requests_per_second],
    ["latency p50 (ms)", latency.p50],
    ["latency p90 (ms)", latency.p90],
    ["latency p99 (ms)", latency.p99],
    ["latency max (ms)", latency.max],
    [
      "machine",
      `${machine.cpus} × ${machine.cpu_model}, Node.js ${machine.node}`,
    ],
  ];

  return table(
    ["figure", "value"],
    rows.map(([label, value]) => [String(label), String(value)]),
  );
}

const sections: [string, string | undefined][] = [
  ["Hostile deliveries", hostileTable()],
  ["Misconfigured secrets", secretsTable()],
  ["AWS store faults", awsFaultsTable()],
  ["Process killed mid-pipeline", crashTable()],
  ["Full disk", diskTable()],
  ["Load, long form", loadTable("load-long")],
  ["Load, short form", loadTable("load-short")],
];
for (const [title, body] of sections) {
  if (body !== undefined) {
    process.stdout.write(`### ${title}\n\n${body}\n\n`);
  }
}
const logs = read<Record<string, Record<string, number>>>("logs");
if (logs !== undefined) {
  process.stdout.write(
    `### Logs\n\n${table(
      ["source", "figure", "value"],
      Object.entries(logs).flatMap(([source, values]) =>
        Object.entries(values).map(([figure, value]) => [
          source,
          figure,
          String(value),
        ]),
      ),
    )}\n`,
  );
}
