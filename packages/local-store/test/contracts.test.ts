import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  describeEventRegistryContract,
  describeObjectStoreContract,
} from "@axentra/core/testing";
import { FileObjectStore } from "../src/file-object-store.js";
import { SqliteEventRegistry } from "../src/sqlite-event-registry.js";

describeObjectStoreContract("FileObjectStore", async () => {
  const dir = await mkdtemp(join(tmpdir(), "axentra-objects-"));

  return {
    store: new FileObjectStore(join(dir, "objects")),
    teardown: () => rm(dir, { recursive: true, force: true }),
  };
});

describeEventRegistryContract("SqliteEventRegistry", async () => {
  const dir = await mkdtemp(join(tmpdir(), "axentra-registry-"));
  const registry = new SqliteEventRegistry(join(dir, "registry.sqlite"));

  return {
    registry,
    teardown: async () => {
      registry.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
