import { type MockInstance, vi } from "vitest";

/** A JSON line written to standard output or standard error. */
export type OutputLine = Record<string, unknown>;

/** Output captured while a test runs. */
export interface CapturedOutput {
  /** Log lines: JSON objects without the `_aws` key of metrics. */
  logs(): OutputLine[];
  /** CloudWatch embedded metric format lines. */
  metrics(): OutputLine[];
  /** Everything written, as text. */
  text(): string;
  restore(): void;
}

/**
 * Captures what Powertools writes: log lines (INFO to standard output,
 * WARN and ERROR to standard error) and embedded-metric-format lines, one
 * JSON object per line, in the order written.
 */
export function captureOutput(): CapturedOutput {
  const chunks: string[] = [];
  const capture = (chunk: string | Uint8Array) => {
    chunks.push(
      typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"),
    );
    return true;
  };
  const spies: MockInstance[] = [
    vi.spyOn(process.stdout, "write").mockImplementation(capture),
    vi.spyOn(process.stderr, "write").mockImplementation(capture),
  ];
  const lines = (): OutputLine[] =>
    chunks
      .join("")
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as OutputLine);

  return {
    logs: () => lines().filter((line) => !("_aws" in line)),
    metrics: () => lines().filter((line) => "_aws" in line),
    text: () => chunks.join(""),
    restore: () => {
      for (const spy of spies) {
        spy.mockRestore();
      }
    },
  };
}
