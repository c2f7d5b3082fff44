// What a release publishes. release.yml hands publishing to `changeset publish`, which publishes every
// workspace package that is not `private` and skips the private ones. These tests derive that set from the
// workspaces and .changeset/config.json — never from a list written here — and check that the workflow
// publishes it, with provenance, and nothing else.
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  actionOf,
  changesetConfig,
  readWorkflow,
  resolveCommand,
  root,
  stepsOf,
  workflowFiles,
  workspacePackages,
} from './support/repo.js';

const release = readWorkflow('release.yml');
const changesetSteps = stepsOf(release).filter(({ step }) => actionOf(step) === 'changesets/action');
const packages = workspacePackages();
/** Exactly what `changeset publish` publishes: the workspaces that are not private. */
const publicPackages = packages.filter((pkg) => !pkg.private);
const privatePackages = packages.filter((pkg) => pkg.private);

describe('release.yml', () => {
  it('runs on every push to main, with the permissions for a version pull request and npm provenance', () => {
    expect(release.on.push?.branches).toEqual(['main']);
    expect(release.permissions).toMatchObject({
      contents: 'write',
      'pull-requests': 'write',
      'id-token': 'write',
    });
  });

  it('versions with `changeset version` and publishes with an unfiltered `changeset publish`, with provenance', () => {
    expect(changesetSteps, 'steps using changesets/action').toHaveLength(1);
    const [{ step }] = changesetSteps as [(typeof changesetSteps)[number]];
    expect(resolveCommand(String(step.with?.version))).toMatch(/\bchangeset version\b/);

    const publish = resolveCommand(String(step.with?.publish));
    // Flags such as --filter or a package list would publish a subset; `changeset publish` alone takes
    // every public workspace.
    expect(publish).toMatch(/\bchangeset publish\s*(?:$|&&|;)/);
    expect(publish).not.toMatch(/--filter|\s-F\s/);
    expect(step.env?.NPM_CONFIG_PROVENANCE).toBe('true');
    expect(step.env?.NODE_AUTH_TOKEN).toMatch(/secrets\.NPM_TOKEN/);
    expect(step.env?.NPM_TOKEN).toMatch(/secrets\.NPM_TOKEN/);
  });

  it('is the only way anything is published: no workflow step runs npm/pnpm/yarn publish itself', () => {
    const publishing = workflowFiles().flatMap((file) =>
      stepsOf(readWorkflow(file))
        .filter(({ step }) =>
          /\b(?:npm|pnpm|yarn)\b[^\n&;|]*\bpublish\b/.test(resolveCommand(step.run ?? '')),
        )
        .map(({ job, step }) => `${file} job ${job}: ${step.run}`),
    );
    expect(publishing).toEqual([]);
  });
});

describe('the packages a release publishes', () => {
  const config = changesetConfig();

  it('are the public workspaces; the private ones (spec, docs, bench, examples …) are never published', () => {
    expect(publicPackages.length, 'public workspace packages').toBeGreaterThan(0);
    expect(privatePackages.length, 'private workspace packages').toBeGreaterThan(0);
    // Private-package versioning would only tag them; keeping it off keeps private packages out of releases.
    expect(
      config.privatePackages === undefined || config.privatePackages === false || !config.privatePackages.tag,
    ).toBe(true);
    for (const pkg of publicPackages) expect(pkg.name, relative(root, pkg.dir)).toMatch(/^@daji-openapi\//);
  });

  it('are all versioned by changesets: an ignored package must be private, or it would publish a stale version', () => {
    const ignored = config.ignore ?? [];
    const names = new Set(packages.map((pkg) => pkg.name));
    expect(
      ignored.filter((name) => !names.has(name)),
      'ignored names that are no workspace',
    ).toEqual([]);
    const publicIgnored = publicPackages.filter((pkg) => ignored.includes(pkg.name)).map((pkg) => pkg.name);
    expect(publicIgnored).toEqual([]);
  });

  it('can each be published and installed: public access, a files list, a licence, and no private dependency', () => {
    const problems: string[] = [];
    const privateNames = new Set(privatePackages.map((pkg) => pkg.name));
    for (const pkg of publicPackages) {
      const where = `${pkg.name} (${relative(root, pkg.dir)})`;
      if (!/^\d+\.\d+\.\d+/.test(pkg.json.version ?? '')) problems.push(`${where}: no semver version`);
      if ((pkg.json.publishConfig?.access ?? config.access) !== 'public') {
        problems.push(
          `${where}: a scoped package needs publishConfig.access "public" (or access in .changeset/config.json)`,
        );
      }
      if (!Array.isArray(pkg.json.files))
        problems.push(`${where}: no "files" list, so the tarball would take the whole folder`);
      if (!existsSync(join(pkg.dir, 'LICENSE'))) problems.push(`${where}: no LICENSE file to ship`);
      for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies'] as const) {
        for (const dep of Object.keys(pkg.json[field] ?? {})) {
          if (privateNames.has(dep))
            problems.push(`${where}: ${field} has the private workspace ${dep}, which npm cannot install`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
