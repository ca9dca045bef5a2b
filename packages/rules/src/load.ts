import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { LineCounter, parseDocument } from "yaml";
import { checkRules } from "./checks.js";
import { compileRules, type Rules } from "./compile.js";
import {
  RulesFileError,
  type RulesIssue,
  RulesValidationError,
} from "./errors.js";
import { allowedKeys, describeIssue } from "./issues.js";
import { findDuplicateKeys, formatPath, locate } from "./locate.js";
import { type RulesFile, rulesFileSchema } from "./schema.js";

/**
 * Parses, validates and compiles rules from YAML text. Throws
 * `RulesValidationError` listing every problem with its file, line, column
 * and path; nothing of an invalid file is returned.
 */
export function parseRules(text: string, file = "rules.yaml"): Rules {
  const lines = new LineCounter();
  const document = parseDocument(text, {
    lineCounter: lines,
    uniqueKeys: false,
    prettyErrors: false,
  });
  const issue = (
    path: readonly PropertyKey[],
    message: string,
    key?: string,
  ): RulesIssue => {
    const { line, column } = locate(document, lines, path, key);
    const fullPath = key === undefined ? path : [...path, key];
    return { file, line, column, path: formatPath(fullPath), message };
  };

  if (document.errors.length > 0) {
    const yamlIssues = document.errors.map((error): RulesIssue => {
      const { line, col } = lines.linePos(error.pos[0]);
      const detail = error.message.split("\n")[0] ?? error.message;
      return {
        file,
        line,
        column: col,
        path: "",
        message: `invalid YAML: ${detail}`,
      };
    });
    throw new RulesValidationError(file, yamlIssues);
  }

  const duplicates = findDuplicateKeys(document, lines).map(
    (duplicate): RulesIssue => ({
      file,
      line: duplicate.position.line,
      column: duplicate.position.column,
      path: formatPath([...duplicate.path, duplicate.key]),
      message:
        `duplicate key "${duplicate.key}" ` +
        `(first defined at line ${duplicate.first.line})`,
    }),
  );
  if (duplicates.length > 0) {
    throw new RulesValidationError(file, duplicates);
  }

  const parsed = rulesFileSchema.safeParse(document.toJS() ?? {}, {
    reportInput: true,
  });
  if (!parsed.success) {
    const schemaIssues = parsed.error.issues.flatMap((zodIssue) => {
      if (zodIssue.code !== "unrecognized_keys") {
        return [issue(zodIssue.path, describeIssue(zodIssue))];
      }
      const allowed = allowedKeys(rulesFileSchema, zodIssue.path).join(", ");
      return zodIssue.keys.map((key) =>
        issue(zodIssue.path, `unknown key; expected one of ${allowed}`, key),
      );
    });
    throw new RulesValidationError(file, schemaIssues);
  }

  const rules: RulesFile = parsed.data;
  const semanticIssues = checkRules(rules).map((found) =>
    issue(found.path, found.message),
  );
  if (semanticIssues.length > 0) {
    throw new RulesValidationError(file, semanticIssues);
  }
  const version = createHash("sha256").update(text).digest("hex");

  return compileRules(rules, { version, file });
}

/** Reads, validates and compiles a rules file. */
export async function loadRulesFile(path: string): Promise<Rules> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new RulesFileError(path, { cause: error });
  }

  return parseRules(text, path);
}
