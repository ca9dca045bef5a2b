import { stat } from "node:fs/promises";
import { builtinModules } from "node:module";
import { join } from "node:path";
import { build, type Metafile } from "esbuild";

/**
 * Banner that SST puts on top of an ESM function bundle, so that bundled
 * CommonJS code finds `require`, `__filename` and `__dirname`
 * (sst/sst, pkg/runtime/node/build.go).
 */
export const SST_ESM_BANNER = [
  `import { createRequire as topLevelCreateRequire } from 'module';`,
  `const require = topLevelCreateRequire(import.meta.url);`,
  `import { fileURLToPath as topLevelFileUrlToPath, URL as topLevelURL } from "url"`,
  `const __filename = topLevelFileUrlToPath(import.meta.url)`,
  `const __dirname = topLevelFileUrlToPath(new topLevelURL(".", import.meta.url))`,
].join("\n");

/** One bundled function. */
export interface FunctionBundle {
  readonly file: string;
  readonly bytes: number;
  /** Imports left outside the bundle. */
  readonly externalImports: readonly string[];
}

/**
 * Bundles a handler file the way `sst deploy` does for a Node.js function.
 * The options come from sst/sst, pkg/runtime/node/build.go, and the
 * `nodejs` settings of the stack's functions: bundle, platform node,
 * format esm, keepNames, main fields `module` then `main`, `sharp` and
 * `pg-native` external, no source map, output `{name}.mjs`, and minified,
 * because apps/stack sets `nodejs.minify` (SST's build minifies only when
 * it is set).
 * Nothing else is external, so the AWS SDK goes into the bundle although
 * the Node.js runtimes ship SDK v3. SST's default target is `esnext`, and
 * `node22` here matches the functions' `nodejs22.x` runtime.
 */
export async function buildLikeSst(
  entry: string,
  outputFolder: string,
  name: string,
): Promise<FunctionBundle> {
  const file = join(outputFolder, `${name}.mjs`);
  const result = await build({
    entryPoints: [entry],
    outfile: file,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node22",
    keepNames: true,
    mainFields: ["module", "main"],
    external: ["sharp", "pg-native"],
    minify: true,
    sourcemap: false,
    metafile: true,
    logLevel: "silent",
    banner: { js: SST_ESM_BANNER },
  });

  return {
    file,
    bytes: (await stat(file)).size,
    externalImports: externalImports(result.metafile),
  };
}

function externalImports(metafile: Metafile): string[] {
  const paths = Object.values(metafile.outputs).flatMap((output) =>
    output.imports.filter((entry) => entry.external).map((entry) => entry.path),
  );

  return [...new Set(paths)].sort();
}

/** Tells whether an import names a Node.js built-in module. */
export function isNodeBuiltin(path: string): boolean {
  return path.startsWith("node:") || builtinModules.includes(path);
}
