import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * Child script: imports the module named on its command line and prints
 * how long `import()` took, as a JSON line marked `import_ms`. The
 * handlers log their start on stdout too; the parent reads only this line.
 */
const MEASURE_SCRIPT = `
import { pathToFileURL } from "node:url";
const started = performance.now();
await import(pathToFileURL(process.argv[2]).href);
const importMs = performance.now() - started;
process.stdout.write(JSON.stringify({ import_ms: importMs }) + "\\n");
`;

/** Writes the measuring script and an empty module into `folder`. */
export async function prepareImportTiming(folder: string) {
  const script = join(folder, "measure-import.mjs");
  const emptyModule = join(folder, "empty.mjs");
  await writeFile(script, MEASURE_SCRIPT);
  await writeFile(emptyModule, "export {};\n");

  return { script, emptyModule };
}

/**
 * Imports `module` once in a new Node.js process with `env` as its whole
 * environment and the module's folder as working folder, and returns the
 * time `import()` took in milliseconds, module initialisation included.
 */
export async function timeImport(
  script: string,
  module: string,
  folder: string,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const { stdout } = await run(process.execPath, [script, module], {
    cwd: folder,
    env,
    timeout: 60_000,
  });
  const line = stdout
    .split("\n")
    .reverse()
    .find((entry) => entry.startsWith('{"import_ms"'));
  if (line === undefined) {
    throw new Error(`importing ${module} printed no timing line`);
  }

  return (JSON.parse(line) as { import_ms: number }).import_ms;
}
