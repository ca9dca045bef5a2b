/** Base class of the errors thrown by the rules package. */
export class RulesError extends Error {
  override readonly name: string = "RulesError";
}

/** One problem found in a rules file, with its place in the file. */
export interface RulesIssue {
  /** File name as given to the loader. */
  readonly file: string;
  /** 1-based line, or 0 when the problem has no place in the file. */
  readonly line: number;
  /** 1-based column, or 0 when the problem has no place in the file. */
  readonly column: number;
  /** Path in the document, such as `entities.products.strip[1]`. */
  readonly path: string;
  /** Description of what was expected and what was found. */
  readonly message: string;
}

/** Formats an issue as `file:line:column: path: message`. */
export function formatRulesIssue(issue: RulesIssue): string {
  const place =
    issue.line > 0 ? `${issue.file}:${issue.line}:${issue.column}` : issue.file;
  const path = issue.path === "" ? "" : `${issue.path}: `;

  return `${place}: ${path}${issue.message}`;
}

/**
 * The rules file is invalid. `issues` lists every problem found; the message
 * prints them one per line. No part of an invalid file is ever applied.
 */
export class RulesValidationError extends RulesError {
  override readonly name = "RulesValidationError";
  readonly file: string;
  readonly issues: readonly RulesIssue[];

  constructor(file: string, issues: readonly RulesIssue[]) {
    const count =
      issues.length === 1 ? "1 problem" : `${issues.length} problems`;
    super(
      `rules file ${file} is invalid (${count}):\n` +
        issues.map((issue) => `  ${formatRulesIssue(issue)}`).join("\n"),
    );
    this.file = file;
    this.issues = issues;
  }
}

/** The rules file could not be read. */
export class RulesFileError extends RulesError {
  override readonly name = "RulesFileError";
  readonly file: string;

  constructor(file: string, options: ErrorOptions) {
    const code = (options.cause as NodeJS.ErrnoException | undefined)?.code;
    super(
      `cannot read rules file ${file}${code ? ` (${code})` : ""}; ` +
        "check that the file exists and is readable",
      options,
    );
    this.file = file;
  }
}
