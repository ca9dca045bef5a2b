/** Base class of the CLI's own errors. */
export class CliError extends Error {
  override readonly name: string = "CliError";
  /** Process exit status. */
  readonly exitCode: number = 1;
}

/** The command line is wrong: unknown command, flag or value. Exit status 2. */
export class UsageError extends CliError {
  override readonly name = "UsageError";
  override readonly exitCode = 2;
}
