/** Where a command writes and what it reads from its environment; tests and the real process differ only here. */
export interface Io {
  /** Results: JSON, JSON lines, tables. Nothing else goes here, so output can be piped. */
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  /** Diagnostics, progress and errors. */
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stdin: NodeJS.ReadableStream;
  env: Record<string, string | undefined>;
}

export function processIo(): Io {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };
}

export function line(stream: NodeJS.WritableStream, text = ''): void {
  // One write per line: a reader never sees half of one, even when the process is stopped right after.
  stream.write(`${text}\n`);
}

/** All of a stream as UTF-8 text (standard input for `--body -` and `--app-secret-file -`). */
export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
