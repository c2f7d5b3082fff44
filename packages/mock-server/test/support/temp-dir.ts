// Scratch directories for tests that write files (state, recordings, reports, specs).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, onTestFinished } from 'vitest';

/**
 * A fresh directory under the OS temp dir, removed with all it holds whether the tests pass or fail:
 * made inside a test, once that test and its afterEach hooks have finished (so servers closed there may
 * still write their last file); made in a file's or a describe's body, after its last test.
 */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const remove = () => rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  try {
    onTestFinished(remove);
  } catch {
    // Not inside a test: vitest says so by throwing, and the enclosing suite owns the directory instead.
    afterAll(remove);
  }
  return dir;
}
