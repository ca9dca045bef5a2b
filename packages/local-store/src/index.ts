export * from "./errors.js";
export * from "./file-object-store.js";
export type { ObjectFileSystem, OpenFile } from "./file-system.js";
export { nodeFileSystem } from "./file-system.js";
export * from "./open-local-store.js";
export {
  DEFAULT_BUSY_TIMEOUT_MS,
  type RegistryDatabaseOptions,
  SCHEMA_VERSION,
} from "./registry-database.js";
export * from "./sqlite-event-registry.js";
export * from "./sqlite-router.js";
