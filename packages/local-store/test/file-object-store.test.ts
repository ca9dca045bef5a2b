import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ObjectConflictError, StoreUnavailableError } from "@axentra/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { InvalidObjectKeyError } from "../src/errors.js";
import { FileObjectStore } from "../src/file-object-store.js";
import {
  type FailingCall,
  failingFileSystem,
  systemError,
} from "./fs-failures.js";

const OPTIONS = { contentType: "application/json" } as const;
const KEY = "product_create/2026/12/04/3f9a0c1d2e4b5a69-1764856800.json";
const BODY = new TextEncoder().encode('{"products":{"name":"Vitamin D3"}}');

let dir: string;
let root: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "axentra-file-store-"));
  root = join(dir, "objects");
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Returns the path of every file and folder under `folder`, sorted. */
async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true });
  return entries.map(String).sort();
}

async function collect(keys: AsyncIterable<string>): Promise<string[]> {
  const collected: string[] = [];
  for await (const key of keys) collected.push(key);
  return collected;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the promise to reject, but it resolved");
}

describe("FileObjectStore keys", () => {
  it.each([
    ["", 'invalid object key "": the key is empty'],
    [
      "/etc/passwd",
      'invalid object key "/etc/passwd": the key must be relative, ' +
        'without a leading "/"',
    ],
    ["a//b.json", 'invalid object key "a//b.json": segment 2 is empty'],
    ["a/", 'invalid object key "a/": segment 2 is empty'],
    [
      "a/../b.json",
      'invalid object key "a/../b.json": segment 2 is "..", ' +
        "which is not allowed",
    ],
    [
      "./b.json",
      'invalid object key "./b.json": segment 1 is ".", which is not allowed',
    ],
    [
      "a/b c.json",
      'invalid object key "a/b c.json": segment 2 ("b c.json") contains ' +
        'characters other than A-Z, a-z, 0-9, "_", "." and "-"',
    ],
    [
      "a\\b.json",
      'invalid object key "a\\\\b.json": segment 1 ("a\\\\b.json") contains ' +
        'characters other than A-Z, a-z, 0-9, "_", "." and "-"',
    ],
    [
      `a/${"x".repeat(256)}`,
      `invalid object key "a/${"x".repeat(256)}": segment 2 is longer ` +
        "than 255 characters",
    ],
    [
      "a/".repeat(600),
      `invalid object key "${"a/".repeat(600)}": the key is longer than ` +
        "1024 characters",
    ],
  ])("put rejects key %j", async (key, message) => {
    const store = new FileObjectStore(root);

    const error = await rejection(store.putImmutable(key, BODY, OPTIONS));

    expect(error).toBeInstanceOf(InvalidObjectKeyError);
    expect((error as Error).message).toBe(message);
    expect((error as InvalidObjectKeyError).key).toBe(key);
    await expect(readdir(dir)).resolves.toEqual([]);
  });

  it("get rejects an invalid key", async () => {
    const store = new FileObjectStore(root);

    const error = await rejection(store.get("../objects.json"));

    expect(error).toBeInstanceOf(InvalidObjectKeyError);
    expect((error as Error).message).toBe(
      'invalid object key "../objects.json": segment 1 is "..", ' +
        "which is not allowed",
    );
  });

  it("list never leaves the root folder", async () => {
    const store = new FileObjectStore(root);
    await store.putImmutable(KEY, BODY, OPTIONS);
    await writeFile(join(dir, "outside.json"), "{}");

    expect(await collect(store.list("../"))).toEqual([]);
    expect(await collect(store.list("../outside"))).toEqual([]);
    expect(await collect(store.list("/"))).toEqual([]);
    expect(await collect(store.list("product_create/../"))).toEqual([]);
  });

  it("put rejects a key inside an object", async () => {
    const store = new FileObjectStore(root);
    await store.putImmutable("a/b.json", BODY, OPTIONS);

    const error = await rejection(
      store.putImmutable("a/b.json/c.json", BODY, OPTIONS),
    );

    expect(error).toBeInstanceOf(InvalidObjectKeyError);
    expect((error as Error).message).toBe(
      'invalid object key "a/b.json/c.json": a file and a folder would ' +
        `share a path in ${root} (EEXIST); the file store cannot keep ` +
        'both a key "a" and a key "a/b"',
    );
    expect(await store.get("a/b.json/c.json")).toBeUndefined();
    expect(await filesUnder(root)).toEqual(["a", "a/b.json"]);
  });

  it("put rejects a key that is a folder", async () => {
    const store = new FileObjectStore(root);
    await store.putImmutable("a/b.json", BODY, OPTIONS);

    const error = await rejection(store.putImmutable("a", BODY, OPTIONS));

    expect(error).toBeInstanceOf(InvalidObjectKeyError);
    expect((error as Error).message).toBe(
      `invalid object key "a": a file and a folder would share a path in ` +
        `${root} (EISDIR); the file store cannot keep both a key "a" and ` +
        'a key "a/b"',
    );
    expect(await store.get("a")).toBeUndefined();
    expect(await filesUnder(root)).toEqual(["a", "a/b.json"]);
  });
});

describe("FileObjectStore files", () => {
  it("writes the object at the key's path", async () => {
    const store = new FileObjectStore(root);

    await store.putImmutable(KEY, BODY, OPTIONS);

    expect(await filesUnder(root)).toEqual([
      "product_create",
      "product_create/2026",
      "product_create/2026/12",
      "product_create/2026/12/04",
      "product_create/2026/12/04/3f9a0c1d2e4b5a69-1764856800.json",
    ]);
  });

  it("stores objects read-only", async () => {
    const store = new FileObjectStore(root);

    await store.putImmutable(KEY, BODY, OPTIONS);

    const { mode } = await stat(join(root, KEY));
    expect(mode & 0o777).toBe(0o444);
  });

  it("put leaves no temporary files", async () => {
    const store = new FileObjectStore(root);
    const otherKey = KEY.replace(".json", "-2.json");

    await store.putImmutable(KEY, BODY, OPTIONS);
    await store.putImmutable(KEY, BODY, OPTIONS);
    await Promise.allSettled([
      ...Array.from({ length: 8 }, (_, i) =>
        store.putImmutable(KEY, new Uint8Array([i]), OPTIONS),
      ),
      ...Array.from({ length: 8 }, () =>
        store.putImmutable(otherKey, BODY, OPTIONS),
      ),
    ]);

    const files = await filesUnder(root);
    expect(files.filter((name) => name.includes("~"))).toEqual([]);
    expect(files.filter((name) => name.endsWith(".json"))).toEqual([
      otherKey,
      KEY,
    ]);
  });

  it("list skips temporary and foreign files", async () => {
    const store = new FileObjectStore(root);
    await store.putImmutable(KEY, BODY, OPTIONS);
    const folder = join(root, "product_create/2026/12/04");
    await writeFile(join(folder, "~0b1c2d3e.tmp"), "{");
    await writeFile(join(folder, "notes about this.txt"), "");
    await mkdir(join(root, "empty folder"));

    expect(await collect(store.list())).toEqual([KEY]);
  });

  it("list of a missing root is empty", async () => {
    const store = new FileObjectStore(join(dir, "never-written"));

    expect(await collect(store.list())).toEqual([]);
    expect(await store.get(KEY)).toBeUndefined();
  });
});

describe("FileObjectStore failures", () => {
  // These failures come from an injected file system: filling a real disk,
  // exhausting file descriptors or failing a disk would disturb the whole
  // machine. The injected errors carry `code` and `syscall` as node:fs
  // errors do.
  it.each<[FailingCall, string, string]>([
    ["mkdir", "EROFS", "mount the file system read-write, then retry"],
    ["open", "EMFILE", "close files or raise the open file limit, then retry"],
    ["writeFile", "ENOSPC", "free disk space, then retry"],
    ["sync", "EIO", "retry later"],
    ["close", "EDQUOT", "free disk space or raise the disk quota, then retry"],
    ["link", "ENOSPC", "free disk space, then retry"],
    ["syncFolder", "EIO", "retry later"],
  ])("put maps %s %s to StoreUnavailableError", async (call, code, hint) => {
    const injected = systemError(code, call);
    const store = new FileObjectStore(root, {
      fileSystem: failingFileSystem(call, injected),
    });

    const error = await rejection(store.putImmutable(KEY, BODY, OPTIONS));

    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as Error).message).toBe(
      `failed to write object ${KEY} in ${root}: ${code}; ${hint}`,
    );
    expect((error as Error).cause).toBe(injected);
    const files = await filesUnder(root).catch(() => []);
    expect(files.filter((name) => name.includes("~"))).toEqual([]);
  });

  it("put after a failed folder fsync is unchanged", async () => {
    const failing = new FileObjectStore(root, {
      fileSystem: failingFileSystem("syncFolder", systemError("EIO", "fsync")),
    });
    await rejection(failing.putImmutable(KEY, BODY, OPTIONS));

    const outcome = await new FileObjectStore(root).putImmutable(
      KEY,
      BODY,
      OPTIONS,
    );

    expect(outcome).toBe("unchanged");
  });

  it("put maps a failed compare read", async () => {
    await new FileObjectStore(root).putImmutable(KEY, BODY, OPTIONS);
    const injected = systemError("EIO", "read");
    const store = new FileObjectStore(root, {
      fileSystem: failingFileSystem("readFile", injected),
    });

    const error = await rejection(store.putImmutable(KEY, BODY, OPTIONS));

    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as Error).message).toBe(
      `failed to write object ${KEY} in ${root}: EIO; retry later`,
    );
    expect((error as Error).cause).toBe(injected);
  });

  it("get maps EIO to StoreUnavailableError", async () => {
    const injected = systemError("EIO", "read");
    const store = new FileObjectStore(root, {
      fileSystem: failingFileSystem("readFile", injected),
    });

    const error = await rejection(store.get(KEY));

    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as Error).message).toBe(
      `failed to read object ${KEY} in ${root}: EIO; retry later`,
    );
    expect((error as Error).cause).toBe(injected);
  });

  it("list maps EACCES to StoreUnavailableError", async () => {
    const injected = systemError("EACCES", "scandir");
    const store = new FileObjectStore(root, {
      fileSystem: failingFileSystem("readdir", injected),
    });

    const error = await rejection(collect(store.list("product_create/")));

    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as Error).message).toBe(
      `failed to list objects with prefix "product_create/" in ${root}: ` +
        "EACCES; check the folder's permissions, then retry",
    );
    expect((error as Error).cause).toBe(injected);
  });

  // Root ignores folder permissions, so this runs only as another user.
  it.skipIf(process.getuid?.() === 0)(
    "put into a read-only folder fails",
    async () => {
      const { chmod } = await import("node:fs/promises");
      await mkdir(root);
      await chmod(root, 0o555);
      const store = new FileObjectStore(root);

      const error = await rejection(store.putImmutable(KEY, BODY, OPTIONS));

      await chmod(root, 0o755);
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect((error as Error).message).toBe(
        `failed to write object ${KEY} in ${root}: EACCES; ` +
          "check the folder's permissions, then retry",
      );
      expect(await filesUnder(root)).toEqual([]);
    },
  );

  it("conflict keeps the first object", async () => {
    const store = new FileObjectStore(root);
    await store.putImmutable(KEY, BODY, OPTIONS);

    const error = await rejection(
      store.putImmutable(KEY, new Uint8Array([0x7b, 0x7d]), OPTIONS),
    );

    expect(error).toBeInstanceOf(ObjectConflictError);
    expect(Buffer.from((await store.get(KEY)) ?? []).toString()).toBe(
      '{"products":{"name":"Vitamin D3"}}',
    );
  });
});
