export type { Rules } from "./compile.js";
export type { Detection } from "./detect.js";
export {
  formatRulesIssue,
  RulesError,
  RulesFileError,
  type RulesIssue,
  RulesValidationError,
} from "./errors.js";
export { isJsonObject, type JsonObject } from "./json-tree.js";
export { loadRulesFile, parseRules } from "./load.js";
export type { RulesFile } from "./schema.js";
export type { StripResult } from "./strip.js";
