// Sums the vitest JSON reports of every workspace into the one line CI reads: "N passed, N failed, N skipped".
// A workspace whose test task ran but wrote no report counts as one failure, so a crash never passes silently.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const workspaces = [
  'spec',
  'docs',
  'bench',
  'examples',
  'release',
  ...readdirSync(join(root, 'packages')).map((d) => `packages/${d}`),
];

let passed = 0;
let failed = 0;
let skipped = 0;
for (const ws of workspaces) {
  const pkgPath = join(root, ws, 'package.json');
  if (!existsSync(pkgPath)) continue;
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
  if (!pkg.scripts?.test) continue;
  const report = join(root, ws, 'test-results', 'vitest.json');
  if (!existsSync(report)) {
    console.log(`count-tests: ${ws} wrote no test report (its test task did not finish)`);
    failed += 1;
    continue;
  }
  const r = JSON.parse(readFileSync(report, 'utf8'));
  const ok = r.numPassedTests ?? 0;
  const bad = (r.numFailedTests ?? 0) + (r.numFailedTestSuites ?? 0);
  const skip = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  console.log(`count-tests: ${ws}: ${ok} passed, ${bad} failed, ${skip} skipped`);
  passed += ok;
  failed += bad;
  skipped += skip;
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
