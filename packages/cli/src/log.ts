import type { Writable } from "node:stream";

/** Log level of a line. */
export type LogLevel = "debug" | "info" | "warn" | "error";

/** Fields of a log line: ids, hashes, types, sizes and timings only. */
export type LogFields = Readonly<
  Record<string, string | number | boolean | null | undefined>
>;

/** Writes one JSON object per line. Callers never pass payload contents or secrets. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** Creates a logger writing JSON lines to `stream`. */
export function createLogger(
  stream: Writable,
  options: { now?: () => Date; debug?: boolean } = {},
): Logger {
  const now = options.now ?? (() => new Date());
  const write = (level: LogLevel, message: string, fields: LogFields = {}) => {
    const line = { time: now().toISOString(), level, msg: message, ...fields };
    stream.write(`${JSON.stringify(line)}\n`);
  };

  return {
    debug: (message, fields) => {
      if (options.debug) {
        write("debug", message, fields);
      }
    },
    info: (message, fields) => write("info", message, fields),
    warn: (message, fields) => write("warn", message, fields),
    error: (message, fields) => write("error", message, fields),
  };
}

/** Describes a caught error for a log line without its payload-bearing parts. */
export function errorFields(error: unknown): LogFields {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return {
      error: error.name,
      error_message: error.message,
      error_code: typeof code === "string" ? code : undefined,
    };
  }

  return { error: String(error) };
}
