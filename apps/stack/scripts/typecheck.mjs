// Type-checks sst.config.ts, infra/ and test/ with the project's strict
// compiler options. The program also contains SST's platform sources under
// .sst/platform/src, which `.sst/platform/config.d.ts` pulls in to declare
// the globals and which do not compile under exactOptionalPropertyTypes,
// verbatimModuleSyntax, noImplicitOverride or noUncheckedIndexedAccess.
// Their diagnostics are dropped; every other diagnostic fails the check.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

if (!existsSync(".sst/platform/config.d.ts")) {
  console.error(
    "Missing .sst/platform/config.d.ts: run `pnpm run sst:install` in apps/stack first.",
  );
  process.exit(1);
}

const result = spawnSync(
  "node_modules/.bin/tsc",
  ["-p", "tsconfig.json", "--noEmit", "--pretty", "false"],
  { encoding: "utf8" },
);
if (result.error) {
  throw result.error;
}

const reportedLines = [];
let keepingDiagnostic = false;
let platformDiagnostics = 0;
for (const line of `${result.stdout}${result.stderr}`.split("\n")) {
  if (line === "") {
    continue;
  }
  // Follow-up lines of a diagnostic are indented.
  if (/^\s/.test(line)) {
    if (keepingDiagnostic) {
      reportedLines.push(line);
    }
    continue;
  }
  keepingDiagnostic = !line.startsWith(".sst/");
  if (keepingDiagnostic) {
    reportedLines.push(line);
  } else {
    platformDiagnostics++;
  }
}

if (
  reportedLines.length > 0 ||
  (result.status !== 0 && platformDiagnostics === 0)
) {
  console.error(
    reportedLines.join("\n") || `tsc exited with status ${result.status}`,
  );
  process.exit(1);
}
