import { UsageError } from "./errors.js";
import { type CliIo, writeLine } from "./io.js";

/** A subcommand's entry point. */
export type Subcommand = (args: string[], io: CliIo) => Promise<number>;

/**
 * Runs the subcommand that `args` names, or prints `help`: with exit status
 * 0 when asked for, and 2 when no subcommand was given.
 */
export function runSubcommand(
  command: string,
  args: string[],
  io: CliIo,
  help: string,
  subcommands: Readonly<Record<string, Subcommand>>,
): Promise<number> {
  const [name, ...rest] = args;
  const wantsHelp = [name, ...rest].some(
    (arg) => arg === "-h" || arg === "--help",
  );
  if (name === undefined || wantsHelp) {
    writeLine(io.stdout, help);
    return Promise.resolve(name === undefined ? 2 : 0);
  }
  const subcommand = Object.hasOwn(subcommands, name)
    ? subcommands[name]
    : undefined;
  if (subcommand === undefined) {
    const expected = Object.keys(subcommands).join(" or ");
    throw new UsageError(
      `unknown ${command} command ${JSON.stringify(name)}; expected ${expected}`,
    );
  }

  return subcommand(rest, io);
}
