// The GitHub workflows: each one valid against GitHub's workflow schema (SchemaStore's, compiled into
// @action-validator/core, so the check runs offline), and each doing what the README promises.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ValidationError, validateWorkflow } from '@action-validator/core';
import { describe, expect, it } from 'vitest';
import {
  actionOf,
  type Job,
  readWorkflow,
  readWorkflowText,
  root,
  rootPackageJson,
  stepsOf,
  type Workflow,
  workflowFiles,
} from './support/repo.js';

/** Schema errors as readable lines, nested oneOf/anyOf branches included. */
function schemaErrors(errors: ValidationError[]): string[] {
  return errors.flatMap((error) => {
    const where = 'path' in error ? error.path : `line ${error.location?.line ?? '?'}`;
    const line = `${where}: ${error.title}${error.detail ? ` (${error.detail})` : ''}`;
    const nested =
      'states' in error ? (error.states ?? []).flatMap((state) => schemaErrors(state.errors)) : [];
    return [line, ...nested];
  });
}

const nodeMajor = () => readFileSync(join(root, '.nvmrc'), 'utf8').trim().replace(/^v/, '').split('.')[0];
const usesStep = (job: Job, action: string) => job.steps.find((step) => actionOf(step) === action);

describe('every workflow under .github/workflows', () => {
  it('includes ci.yml, release.yml and docs.yml', () => {
    expect(workflowFiles()).toEqual(expect.arrayContaining(['ci.yml', 'docs.yml', 'release.yml']));
  });

  it.each(workflowFiles())('%s is valid against GitHub’s workflow schema', (file) => {
    const { actionType, errors } = validateWorkflow(readWorkflowText(file));
    expect(actionType).toBe('workflow');
    expect(schemaErrors(errors)).toEqual([]);
  });

  it('(the schema check itself rejects a misspelt key, a job without runs-on and a bad permission)', () => {
    const broken = [
      'name: broken',
      'on: push',
      'jobs:',
      '  test:',
      '    runs-onn: ubuntu-latest',
      '    permissions:',
      '      id-token: publish',
      '    steps:',
      '      - run: pnpm test',
    ].join('\n');
    const lines = schemaErrors(validateWorkflow(broken).errors).join('\n');
    expect(lines).toContain("Additional property 'runs-onn' is not allowed");
    expect(lines).toContain('/jobs/test/runs-on: This property is required');
    expect(lines).toContain('/jobs/test/permissions/id-token');
  });

  it.each(workflowFiles())('%s sets up pnpm from packageManager and Node from .nvmrc (Node 20)', (file) => {
    const workflow = readWorkflow(file);
    expect(rootPackageJson().packageManager).toMatch(/^pnpm@\d+\.\d+\.\d+$/);
    expect(nodeMajor()).toBe('20');
    for (const [name, job] of Object.entries(workflow.jobs)) {
      const pnpmIndex = job.steps.findIndex((step) => actionOf(step) === 'pnpm/action-setup');
      const firstPnpm = job.steps.findIndex((step) => /\bpnpm\b|\.ci\/run/.test(step.run ?? ''));
      if (firstPnpm !== -1) {
        expect(pnpmIndex, `${file} job ${name} runs pnpm without pnpm/action-setup before it`).not.toBe(-1);
        expect(pnpmIndex).toBeLessThan(firstPnpm);
      }
      if (pnpmIndex !== -1) {
        // A version here would override (and drift from) package.json's packageManager.
        expect(job.steps[pnpmIndex]?.with?.version, `${file} job ${name}`).toBeUndefined();
      }
      const setupNode = usesStep(job, 'actions/setup-node');
      const image = typeof job.container === 'string' ? job.container : job.container?.image;
      if (setupNode) expect(setupNode.with?.['node-version-file'], `${file} job ${name}`).toBe('.nvmrc');
      else if (firstPnpm !== -1) expect(image, `${file} job ${name}: Node comes from`).toMatch(/^node:20\b/);
    }
  });
});

describe('ci.yml', () => {
  const ci: Workflow = readWorkflow('ci.yml');

  it('runs on every push to main and every pull request', () => {
    expect(ci.on.push?.branches).toEqual(['main']);
    expect(Object.keys(ci.on)).toContain('pull_request');
  });

  it('runs the README’s test command through .ci/run, and lint and typecheck', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const testCommand = /```sh\n(pnpm test)\n```/.exec(readme)?.[1];
    expect(testCommand, 'the test command in README.md').toBe('pnpm test');
    const ciRun = readFileSync(join(root, '.ci/run'), 'utf8');
    expect(ciRun.split('\n').some((line) => line.trim().startsWith(testCommand as string))).toBe(true);

    const runs = stepsOf(ci).map(({ step }) => step.run?.trim());
    expect(runs).toContain('bash .ci/run');
    expect(runs).toEqual(expect.arrayContaining(['pnpm lint', 'pnpm typecheck']));
  });
});

describe('docs.yml', () => {
  const docs: Workflow = readWorkflow('docs.yml');

  it('builds the docs site on every push to main and deploys docs/dist to GitHub Pages', () => {
    expect(docs.on.push?.branches).toEqual(['main']);
    const steps = stepsOf(docs).map(({ step }) => step);
    expect(steps.some((step) => /turbo run build --filter=@daji-openapi\/docs\b/.test(step.run ?? ''))).toBe(
      true,
    );
    const upload = steps.find((step) => actionOf(step) === 'actions/upload-pages-artifact');
    expect(upload?.with?.path).toBe('docs/dist');

    const [deployName, deploy] =
      Object.entries(docs.jobs).find(([, job]) => usesStep(job, 'actions/deploy-pages')) ?? [];
    expect(deployName, 'a job using actions/deploy-pages').toBeDefined();
    expect(deploy?.permissions).toMatchObject({ pages: 'write', 'id-token': 'write' });
    expect(deploy?.environment?.name).toBe('github-pages');
  });
});
