// `pretest` for the docs: the browser test drives the system's Chromium (never a downloaded browser).
// When none is found, install Debian's package if we may (root), otherwise say exactly what to run.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/snap/bin/chromium'];

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The Chromium executable to drive: `CHROMIUM_PATH` when set, else the first Debian/Ubuntu location that
 * exists. Returns undefined when there is none; throws when CHROMIUM_PATH points at nothing runnable.
 */
export function findChromium(env = process.env) {
  if (env.CHROMIUM_PATH) {
    if (!isExecutable(env.CHROMIUM_PATH)) {
      throw new Error(
        `CHROMIUM_PATH is set to "${env.CHROMIUM_PATH}", which is not an executable file. ` +
          'Point it at a Chromium binary (for example /usr/bin/chromium) or unset it.',
      );
    }
    return env.CHROMIUM_PATH;
  }
  return CANDIDATES.find(isExecutable);
}

function installWithApt() {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', 'chromium'],
  ]) {
    console.log(`docs pretest: running apt-get ${args.join(' ')}`);
    const result = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (result.error || result.status !== 0) {
      throw new Error(
        `docs pretest: apt-get ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`}).`,
      );
    }
  }
}

function main() {
  const found = findChromium();
  if (found) return;

  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = isExecutable('/usr/bin/apt-get');
  if (isRoot && hasApt) {
    console.log("docs pretest: no Chromium found; installing Debian's chromium package for the browser test");
    installWithApt();
    const installed = findChromium();
    if (!installed)
      throw new Error('docs pretest: apt-get finished but no chromium executable was found afterwards.');
    console.log(`docs pretest: using ${installed}`);
    return;
  }
  throw new Error(
    'docs pretest: the docs browser test needs Chromium and none was found ' +
      `(looked at CHROMIUM_PATH and ${CANDIDATES.join(', ')}).\n` +
      (hasApt
        ? 'Install it with:\n\n    sudo apt-get update && sudo apt-get install -y chromium\n\n'
        : 'Install Chromium with your system package manager, ') +
      'or set CHROMIUM_PATH to an existing Chromium or Chrome executable.',
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
