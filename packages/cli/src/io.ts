import type { Readable, Writable } from "node:stream";

/** Streams and environment of a command; the binary passes the process's own. */
export interface CliIo {
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly stdin: Readable;
  readonly env: NodeJS.ProcessEnv;
  /** True when stderr is a terminal, so progress can redraw one line. */
  readonly interactive: boolean;
}

/** Writes a line to a stream. */
export function writeLine(stream: Writable, line = ""): void {
  stream.write(`${line}\n`);
}

/** Reads a whole stream into bytes. */
export async function readAll(stream: Readable): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  }
  return new Uint8Array(Buffer.concat(chunks));
}
