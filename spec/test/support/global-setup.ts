import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function bundleSpec(): void {
  const specDir = fileURLToPath(new URL('../..', import.meta.url));
  execFileSync(process.execPath, ['scripts/bundle.mjs'], {
    cwd: specDir,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
