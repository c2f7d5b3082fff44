// Reads the repo the way GitHub Actions and changesets do: workflow files as YAML, workspaces through
// @manypkg/get-packages (the library changesets itself uses to find packages).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getPackagesSync } from '@manypkg/get-packages';
import { parse } from 'yaml';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const workflowsDir = join(root, '.github/workflows');

export interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string | number | boolean>;
  env?: Record<string, string>;
}
export interface Job {
  'runs-on': string;
  container?: string | { image: string };
  permissions?: Record<string, string>;
  environment?: { name: string; url?: string };
  needs?: string | string[];
  steps: Step[];
}
export interface Workflow {
  name: string;
  on: Record<string, { branches?: string[] } | null>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

export const workflowFiles = (): string[] =>
  readdirSync(workflowsDir)
    .filter((file) => /\.ya?ml$/.test(file))
    .sort();

export const readWorkflowText = (file: string): string => readFileSync(join(workflowsDir, file), 'utf8');
export const readWorkflow = (file: string): Workflow => parse(readWorkflowText(file)) as Workflow;

/** Every step of a workflow, with the job it belongs to. */
export const stepsOf = (workflow: Workflow): { job: string; step: Step }[] =>
  Object.entries(workflow.jobs).flatMap(([job, { steps }]) => steps.map((step) => ({ job, step })));

/** The action a step uses, without its version: `changesets/action@v1` → `changesets/action`. */
export const actionOf = (step: Step): string | undefined => step.uses?.replace(/@.*$/, '');

export const rootPackageJson = (): {
  packageManager?: string;
  engines?: { node?: string };
  scripts: Record<string, string>;
} => JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/**
 * What a command from a workflow step ends up running: `pnpm release` or `pnpm run release` is replaced by
 * the root package.json script of that name (recursively); anything else is returned as written.
 */
export function resolveCommand(command: string): string {
  const scripts = rootPackageJson().scripts;
  return command.replace(/\bpnpm\s+(?:run\s+)?([\w:-]+)/g, (whole, name: string) =>
    scripts[name] !== undefined ? resolveCommand(scripts[name]) : whole,
  );
}

export interface WorkspacePackage {
  name: string;
  dir: string;
  private: boolean;
  json: Record<string, unknown> & {
    version?: string;
    files?: string[];
    publishConfig?: { access?: string };
    dependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
    optionalDependencies?: Record<string, string>;
  };
}

/** Every workspace package, found as changesets finds them. */
export function workspacePackages(): WorkspacePackage[] {
  return getPackagesSync(root).packages.map(({ dir, packageJson }) => ({
    name: packageJson.name,
    dir,
    private: packageJson.private === true,
    json: packageJson as unknown as WorkspacePackage['json'],
  }));
}

export const changesetConfig = (): {
  access?: string;
  ignore?: string[];
  privatePackages?: { version?: boolean; tag?: boolean } | false;
} => JSON.parse(readFileSync(join(root, '.changeset/config.json'), 'utf8'));
