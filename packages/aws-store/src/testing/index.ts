export * from "./dynamodb-local.js";
export * from "./free-port.js";
export * from "./local-clients.js";
export * from "./s3rver.js";
export * from "./use-emulators.js";
