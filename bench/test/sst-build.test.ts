import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buildLikeSst,
  packageOf,
  packageShares,
  SST_ESM_BANNER,
} from "../src/bundle/sst-build.js";

describe("packageOf", () => {
  it("names a scoped package in the pnpm store", () => {
    expect(
      packageOf(
        "node_modules/.pnpm/@smithy+core@3.41.1/node_modules/@smithy/core/dist-es/index.js",
      ),
    ).toBe("@smithy/core");
  });

  it("names an unscoped package", () => {
    expect(
      packageOf(
        "node_modules/.pnpm/yaml@2.9.1/node_modules/yaml/dist/index.js",
      ),
    ).toBe("yaml");
  });

  it("names a workspace package by its folder", () => {
    expect(packageOf("packages/core/dist/pipeline.js")).toBe("packages/core");
  });
});

describe("buildLikeSst", () => {
  let folder: string;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), "axentra-bench-build-test-"));
    await writeFile(
      join(folder, "entry.ts"),
      'import { createHash } from "node:crypto";\n' +
        'export const handler = () => createHash("sha256").digest("hex");\n',
    );
  });

  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it("writes an ESM bundle with SST's banner", async () => {
    const bundle = await buildLikeSst(
      join(folder, "entry.ts"),
      folder,
      "entry",
      "unminified",
    );
    const text = await readFile(bundle.file, "utf8");

    expect(bundle.file).toBe(join(folder, "entry-unminified.mjs"));
    expect(text.startsWith(SST_ESM_BANNER)).toBe(true);
    expect(text).toContain("export {");
    expect(bundle.bytes).toBe(Buffer.byteLength(text));
  });

  it("makes the minified variant smaller", async () => {
    const entry = join(folder, "entry.ts");
    const unminified = await buildLikeSst(entry, folder, "entry", "unminified");
    const minified = await buildLikeSst(entry, folder, "entry", "minified");

    expect(minified.bytes).toBeLessThan(unminified.bytes);
    expect(packageShares(minified)[0]?.bytes).toBeGreaterThan(0);
  });
});
