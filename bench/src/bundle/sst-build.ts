import { stat } from "node:fs/promises";
import { join } from "node:path";
import { build, type Metafile } from "esbuild";
import { REPO_ROOT } from "../paths.js";

/**
 * Banner SST puts on top of an ESM function bundle, so that bundled
 * CommonJS code finds `require`, `__filename` and `__dirname`.
 */
export const SST_ESM_BANNER = [
  `import { createRequire as topLevelCreateRequire } from 'module';`,
  `const require = topLevelCreateRequire(import.meta.url);`,
  `import { fileURLToPath as topLevelFileUrlToPath, URL as topLevelURL } from "url"`,
  `const __filename = topLevelFileUrlToPath(import.meta.url)`,
  `const __dirname = topLevelFileUrlToPath(new topLevelURL(".", import.meta.url))`,
].join("\n");

/** Build variant of a bundle: SST's build without or with `nodejs.minify`. */
export type BundleVariant = "unminified" | "minified";

/** One built function bundle. */
export interface FunctionBundle {
  readonly name: string;
  readonly variant: BundleVariant;
  readonly file: string;
  readonly bytes: number;
  readonly metafile: Metafile;
}

/**
 * Bundles a handler the way SST 4 builds a Node.js function for deploy,
 * as sst/sst pkg/runtime/node/build.go sets esbuild up. The options are
 * bundle, platform node, format esm, target esnext, keepNames, main fields
 * `module` then `main`, `sharp` and `pg-native` external, the ESM banner
 * and no source map. SST minifies only when the function sets
 * `nodejs.minify`; apps/stack/infra/functions.ts sets it, so the stack
 * deploys the `minified` variant. The AWS SDK goes into the bundle.
 */
export async function buildLikeSst(
  entry: string,
  outputFolder: string,
  name: string,
  variant: BundleVariant,
): Promise<FunctionBundle> {
  const file = join(outputFolder, `${name}-${variant}.mjs`);
  const result = await build({
    absWorkingDir: REPO_ROOT,
    entryPoints: [entry],
    outfile: file,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "esnext",
    keepNames: true,
    mainFields: ["module", "main"],
    external: ["sharp", "pg-native"],
    minify: variant === "minified",
    sourcemap: false,
    metafile: true,
    logLevel: "silent",
    banner: { js: SST_ESM_BANNER },
  });

  return {
    name,
    variant,
    file,
    bytes: (await stat(file)).size,
    metafile: result.metafile,
  };
}

/** Bytes a package contributes to a bundle. */
export interface PackageShare {
  readonly name: string;
  readonly bytes: number;
  readonly percent: number;
}

/**
 * Names the package of a metafile input path: the package after the last
 * `node_modules/`, or the workspace folder (`packages/core`) for the
 * repository's own code.
 */
export function packageOf(inputPath: string): string {
  const marker = "node_modules/";
  const at = inputPath.lastIndexOf(marker);
  if (at === -1) {
    const parts = inputPath.split("/");
    return parts.length > 2 ? `${parts[0]}/${parts[1]}` : inputPath;
  }

  const rest = inputPath.slice(at + marker.length).split("/");
  return rest[0]?.startsWith("@") ? `${rest[0]}/${rest[1]}` : (rest[0] ?? "");
}

/** Sums a bundle's output bytes by package, largest first. */
export function packageShares(
  bundle: FunctionBundle,
  top = Number.POSITIVE_INFINITY,
): PackageShare[] {
  const output = Object.values(bundle.metafile.outputs)[0];
  if (output === undefined) {
    return [];
  }

  const bytes = new Map<string, number>();
  for (const [path, input] of Object.entries(output.inputs)) {
    const name = packageOf(path);
    bytes.set(name, (bytes.get(name) ?? 0) + input.bytesInOutput);
  }

  return [...bytes]
    .map(([name, size]) => ({
      name,
      bytes: size,
      percent: (size / bundle.bytes) * 100,
    }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, top);
}

/** Scopes of the AWS SDK for JavaScript v3 and the libraries it is built on. */
const AWS_SDK_SCOPES = ["@aws-sdk/", "@smithy/", "@aws-crypto/"];

/** Returns the percentage of a bundle that the AWS SDK fills. */
export function awsSdkPercent(shares: readonly PackageShare[]): number {
  return shares
    .filter((share) =>
      AWS_SDK_SCOPES.some((scope) => share.name.startsWith(scope)),
    )
    .reduce((sum, share) => sum + share.percent, 0);
}
