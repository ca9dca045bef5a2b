export { withoutRelease } from "./crash.js";
export * from "./event-registry-contract.js";
export * from "./object-store-contract.js";
