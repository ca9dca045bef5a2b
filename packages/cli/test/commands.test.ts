import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXAMPLES_DIR, loadSamples } from "../../../examples/samples.js";
import { RULES_FILE, runCli, temporaryFolder } from "./support.js";

const samples = loadSamples();
const sampleFiles = samples.map((sample) => join(EXAMPLES_DIR, sample.file));

describe("axentra ingest", () => {
  it("ingests files, then counts them as duplicates", async () => {
    const dataDir = await temporaryFolder();
    const args = [
      "ingest",
      "--rules",
      RULES_FILE,
      "--data-dir",
      dataDir,
      ...sampleFiles,
    ];

    const first = await runCli(args);
    const second = await runCli(args);

    expect(first.code).toBe(0);
    expect(first.stdout.trim().split("\n").at(-1)).toBe(
      "10 new, 0 duplicate, 0 rejected",
    );
    expect(first.stdout).toContain("created\t");
    expect(second.code).toBe(0);
    expect(second.stdout.trim().split("\n").at(-1)).toBe(
      "0 new, 10 duplicate, 0 rejected",
    );
  });

  it("reads standard input and exits 1 on a rejected input", async () => {
    const dataDir = await temporaryFolder();
    const bad = join(dataDir, "bad.json");
    await writeFile(bad, "[1, 2]");

    const result = await runCli(
      [
        "ingest",
        "--rules",
        RULES_FILE,
        "--data-dir",
        join(dataDir, "data"),
        "-",
        bad,
      ],
      { input: samples[0]?.body },
    );

    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `${bad}: rejected: top level of the body is an array; expected a JSON object\n`,
    );
    expect(result.stdout.trim().split("\n").at(-1)).toBe(
      "1 new, 0 duplicate, 1 rejected",
    );
  });

  it("names a missing file", async () => {
    const dataDir = await temporaryFolder();

    const result = await runCli([
      "ingest",
      "--rules",
      RULES_FILE,
      "--data-dir",
      dataDir,
      "/nonexistent.json",
    ]);

    expect(result.code).toBe(1);
    expect(result.stderr).toBe("/nonexistent.json: cannot read (ENOENT)\n");
    expect(result.stdout).toBe("0 new, 0 duplicate, 0 rejected, 1 failed\n");
  });

  it("asks for an input", async () => {
    const result = await runCli(["ingest"]);

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "axentra ingest: missing input; give one or more files, or - for standard input\nRun axentra ingest --help for usage.\n",
    );
  });
});

describe("axentra rules", () => {
  it("checks the root rules file", async () => {
    const result = await runCli(["rules", "check", RULES_FILE]);

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      new RegExp(
        `^${RULES_FILE} is valid: 13 event types, rules version [0-9a-f]{12}\\n$`,
      ),
    );
  });

  it("lists every problem of an invalid file", async () => {
    const folder = await temporaryFolder();
    const file = join(folder, "rules.yaml");
    await writeFile(
      file,
      "version: 1\nentities: {}\ndetection: []\nfallback_event_type: Unknown\nrouting:\n  targets: []\n  routes: []\n  default: x\n",
    );

    const result = await runCli(["rules", "check", file]);

    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      [
        `axentra rules: rules file ${file} is invalid (2 problems):`,
        `  ${file}:4:22: fallback_event_type: expected lowercase letters, digits and underscores, starting with a letter, found string "Unknown"`,
        `  ${file}:6:12: routing.targets: expected at least 1 item(s), found none`,
        "",
      ].join("\n"),
    );
  });

  it("names a missing rules file and the flag to fix it", async () => {
    const result = await runCli(["rules", "check", "/nonexistent/rules.yaml"]);

    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "axentra rules: cannot read rules file /nonexistent/rules.yaml (ENOENT); check that the file exists and is readable\n" +
        "Pass a rules file with --rules or set AXENTRA_RULES_FILE.\n",
    );
  });

  it("explains a payload without writing anything", async () => {
    const folder = await temporaryFolder();
    const sample = samples.find(
      (entry) => entry.file === "supabase-category-insert.json",
    );

    const result = await runCli(
      [
        "rules",
        "explain",
        "--rules",
        RULES_FILE,
        join(EXAMPLES_DIR, sample?.file ?? ""),
      ],
      { cwd: folder },
    );

    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^payload hash: {4}[0-9a-f]{64}$/);
    expect(lines[2]).toBe(
      "event type:      category_create (rule: supabase-envelope)",
    );
    expect(lines[3]).toBe("routing target:  product-service");
    expect(lines[4]).toMatch(
      /^raw key: {9}category_create\/[0-9]{4}\/[0-9]{2}\/[0-9]{2}\/[0-9a-f]{16}-[0-9]+\.json$/,
    );
    expect(lines.slice(7)).toEqual([
      "fields removed:  4",
      "  - record.user_id",
      "  - record.created_at",
      "  - record.last_modified",
      "  - record.image",
    ]);
  });

  it("checks a file given with --rules", async () => {
    const result = await runCli(["rules", "check", "--rules", RULES_FILE]);

    expect(result.code).toBe(0);
    expect(result.stdout.startsWith(`${RULES_FILE} is valid:`)).toBe(true);
  });

  it("names a payload file it cannot read", async () => {
    const result = await runCli([
      "rules",
      "explain",
      "--rules",
      RULES_FILE,
      "/nonexistent.json",
    ]);

    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "axentra rules: cannot read payload file /nonexistent.json (ENOENT)\n",
    );
  });

  it("explains why a payload is invalid", async () => {
    const result = await runCli(
      ["rules", "explain", "--rules", RULES_FILE, "-"],
      {
        input: new TextEncoder().encode('{"a":tru}'),
      },
    );

    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "axentra rules: invalid JSON at line 1, column 6: invalid literal; expected true\n",
    );
  });

  it("explains as JSON", async () => {
    const result = await runCli(
      ["rules", "explain", "--json", "--rules", RULES_FILE, "-"],
      {
        input: samples[0]?.body,
      },
    );
    const explanation = JSON.parse(result.stdout);

    expect(explanation.eventType).toBe(samples[0]?.eventType);
    expect(explanation.strippedFields).toHaveLength(
      samples[0]?.strippedFields ?? -1,
    );
    expect(explanation.strippedPayload).toBeUndefined();
  });
});

describe("axentra events", () => {
  it("lists and shows ingested events", async () => {
    const dataDir = await temporaryFolder();
    await runCli([
      "ingest",
      "--rules",
      RULES_FILE,
      "--data-dir",
      dataDir,
      ...sampleFiles,
    ]);

    const list = await runCli([
      "events",
      "list",
      "--data-dir",
      dataDir,
      "--json",
    ]);
    const updates = await runCli([
      "events",
      "list",
      "--data-dir",
      dataDir,
      "--type",
      "product_update",
    ]);
    const events = JSON.parse(list.stdout);
    const shown = await runCli([
      "events",
      "show",
      events[0].eventId,
      "--data-dir",
      dataDir,
      "--json",
    ]);
    const byHash = await runCli([
      "events",
      "show",
      events[0].payloadHash,
      "--data-dir",
      dataDir,
    ]);

    expect(events).toHaveLength(10);
    expect(updates.stdout.trim().split("\n")).toHaveLength(3);
    expect(updates.stdout.split("\n")[0]).toMatch(
      /^EVENT ID +TYPE +TARGET +PROCESSED AT +DUPLICATES$/,
    );
    expect(JSON.parse(shown.stdout).routed).toHaveLength(1);
    expect(byHash.stdout).toContain(
      `eventId:             ${events[0].eventId}`,
    );
  });

  it("filters by time and rejects a bad date", async () => {
    const dataDir = await temporaryFolder();
    await runCli([
      "ingest",
      "--rules",
      RULES_FILE,
      "--data-dir",
      dataDir,
      ...sampleFiles.slice(0, 2),
    ]);

    const future = await runCli([
      "events",
      "list",
      "--data-dir",
      dataDir,
      "--since",
      "2999-01-01",
    ]);
    const bad = await runCli([
      "events",
      "list",
      "--data-dir",
      dataDir,
      "--since",
      "yesterday",
    ]);

    expect(future.stdout).toBe(`no events in ${dataDir}\n`);
    expect(bad.code).toBe(2);
    expect(bad.stderr.split("\n")[0]).toBe(
      'axentra events: invalid --since "yesterday"; expected an ISO 8601 date such as 2026-12-04 or 2026-12-04T10:00:00Z',
    );
  });

  it("names an event that is not there", async () => {
    const dataDir = await temporaryFolder();
    await runCli([
      "ingest",
      "--rules",
      RULES_FILE,
      "--data-dir",
      dataDir,
      ...sampleFiles.slice(0, 1),
    ]);

    const result = await runCli([
      "events",
      "show",
      "0000000000000000-1",
      "--data-dir",
      dataDir,
    ]);

    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `axentra events: event 0000000000000000-1 not found in ${dataDir}\n`,
    );
  });

  it("reads a missing data folder without creating it", async () => {
    const dataDir = join(await temporaryFolder(), "typo");

    const result = await runCli(["events", "list", "--data-dir", dataDir]);

    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `axentra events: no data folder at ${dataDir}; run axentra serve or axentra ingest first, or pass --data-dir\n`,
    );
    expect(existsSync(dataDir)).toBe(false);
  });
});

describe("axentra help", () => {
  it.each(["serve", "ingest", "rules", "events", "setup"])(
    "prints help for %s",
    async (command) => {
      const result = await runCli([command, "--help"]);

      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^Usage: axentra /);
    },
  );

  it("rejects an unknown command", async () => {
    const result = await runCli(["serv"]);

    expect(result.code).toBe(2);
    expect(result.stderr.split("\n")[0]).toBe(
      'axentra: unknown command "serv"',
    );
  });

  it("rejects an unknown flag", async () => {
    const result = await runCli(["serve", "--prot", "1"]);

    expect(result.code).toBe(2);
    expect(result.stderr.split("\n")[0]).toMatch(
      /^axentra serve: Unknown option '--prot'/,
    );
  });
});
