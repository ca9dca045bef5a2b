import { type MockInstance, vi } from "vitest";

/** Output written by code running in the test process. */
export interface CapturedOutput {
  /** Everything written, as text. */
  text(): string;
  restore(): void;
}

/**
 * Captures what the Powertools logger and metrics write to standard output
 * and standard error (INFO on stdout, WARN and ERROR on stderr, metrics as
 * embedded-metric-format lines), so that it can be read back.
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

  return {
    text: () => chunks.join(""),
    restore: () => {
      for (const spy of spies) {
        spy.mockRestore();
      }
    },
  };
}
