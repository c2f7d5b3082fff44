// Global setup: every test in this package, and every process it starts, gets one private temp directory
// (TMPDIR), and the run fails if anything is left in it at the end, naming what was left. A test that
// writes a state file, a recording or a report must remove it, even when it fails.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function guardTempDir(): () => void {
  const outer = process.env.TMPDIR;
  const own = mkdtempSync(join(tmpdir(), 'daji-mock-server-tests-'));
  process.env.TMPDIR = own;
  return () => {
    const left = readdirSync(own);
    rmSync(own, { recursive: true, force: true });
    if (outer === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = outer;
    if (left.length > 0) {
      process.stderr.write(`Tests left ${left.length} temporary entries behind: ${left.join(', ')}\n`);
      // A throw here is only logged by vitest; the exit code is what fails the run.
      process.exitCode = 1;
    }
  };
}
