// The published packages as users get them: packed with pnpm (which turns workspace: and catalog:
// versions into real ones), installed with npm into a fresh project outside the workspace, then run
// from ESM and CommonJS.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const repo = fileURLToPath(new URL('../../..', import.meta.url));
const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const PUBLISHED = ['client', 'retry-policies', 'mock-server', 'conformance', 'cli', 'redis'];
const env = { DAJI_APP_KEY: 'consumerKey1', DAJI_APP_SECRET: 'consumerSecret2' };
const project = mkdtempSync(join(tmpdir(), 'daji-consumer-'));
let mock: ChildProcess | undefined;
let baseUrl = '';

function versionOf(name: string): string {
  const manifest = createRequire(import.meta.url).resolve(`${name}/package.json`);
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

async function run(command: string, args: string[], extraEnv: Record<string, string> = {}) {
  return exec(command, args, {
    cwd: project,
    env: { ...process.env, ...env, ...extraEnv },
    maxBuffer: 16 * 1024 * 1024,
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: error.stdout,
      stderr: error.stderr,
    }),
  );
}

beforeAll(async () => {
  const tarballs = join(project, 'tarballs');
  for (const name of PUBLISHED) {
    await exec('pnpm', ['pack', '--pack-destination', tarballs], { cwd: join(repo, 'packages', name) });
  }
  writeFileSync(join(project, 'package.json'), '{"name":"consumer","private":true,"type":"module"}\n');
  const files = readdirSync(tarballs).map((file) => join(tarballs, file));
  // The user's own toolchain: the TypeScript and Node types this repo builds with.
  await exec(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      '--loglevel=error',
      ...files,
      `typescript@${versionOf('typescript')}`,
      `@types/node@${versionOf('@types/node')}`,
    ],
    { cwd: project, env: { ...process.env, npm_config_workspaces: 'false' }, maxBuffer: 16 * 1024 * 1024 },
  );
  for (const file of ['mock.mjs', 'esm.mjs', 'cjs.cjs'])
    copyFileSync(join(fixtures, file), join(project, file));
  mkdirSync(join(project, 'types'));
  for (const file of readdirSync(join(fixtures, 'types')))
    copyFileSync(join(fixtures, 'types', file), join(project, 'types', file));

  mock = spawn(process.execPath, ['mock.mjs'], { cwd: project, env: { ...process.env, ...env } });
  baseUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    mock!.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    mock!.on('exit', (code) => reject(new Error(`the packed mock server exited with ${code}`)));
  });
});

afterAll(async () => {
  if (mock && mock.exitCode === null) {
    const exited = new Promise((resolve) => mock!.once('exit', resolve));
    mock.kill('SIGTERM');
    await exited;
  }
  rmSync(project, { recursive: true, force: true });
});

describe('the packed package manifests', () => {
  for (const name of PUBLISHED) {
    it(`@daji-openapi/${name}: repository, homepage, bugs, engines, sideEffects; no sources or tests shipped`, () => {
      const dir = join(project, 'node_modules', '@daji-openapi', name);
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
      expect(manifest.repository).toMatchObject({ type: 'git', directory: `packages/${name}` });
      expect(manifest.homepage).toEqual(expect.any(String));
      expect(manifest.bugs).toEqual(expect.objectContaining({ url: expect.any(String) }));
      expect(manifest.engines).toEqual({ node: expect.stringMatching(/^>=20/) });
      expect(manifest.sideEffects).toBeDefined();
      expect(manifest.license).toBe('MIT');
      const shipped = readdirSync(dir);
      expect(shipped).not.toContain('src');
      expect(shipped).not.toContain('test');
      expect(shipped).toContain('LICENSE');
      for (const [dependency, range] of Object.entries(
        (manifest.dependencies ?? {}) as Record<string, string>,
      )) {
        // A caret range lets an app's own copy of a shared library (openapi-fetch above all) be deduplicated.
        if (!dependency.startsWith('@stoplight/')) expect(`${dependency}@${range}`).toMatch(/@\^\d/);
      }
    });
  }
});

describe('the packed packages at run time', () => {
  it('ESM: a signed search through the mock over node:http, a refused call as DajiHttpError, one DajiError class for import and require', async () => {
    const result = await run(process.execPath, ['esm.mjs'], { DAJI_BASE_URL: baseUrl });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({
      code: 200,
      items: true,
      refused: 'DajiHttpError',
      status: 400,
      esmErrorIsDajiError: true,
      sameClass: true,
      cjsErrorInstanceOfEsm: true,
      esmErrorInstanceOfCjs: true,
      handler: 'function',
      payOrder: 'function',
      // The README's Transport section: in Node every call goes out through node:http, for import and require.
      transports: ['node:http', 'node:http', 'node:http'],
    });
  });

  it('CommonJS: require works end to end over node:http (createDajiClient, unwrap, throwOnError, the receiver, payOrder)', async () => {
    const result = await run(process.execPath, ['cjs.cjs'], { DAJI_BASE_URL: baseUrl });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({
      items: true,
      thrown: 'DajiHttpError',
      status: 400,
      instanceOfDajiError: true,
      instanceOfEsmDajiError: true,
      sameClass: true,
      listener: 'function',
      payOrder: 'function',
      sign: 32,
      transports: ['node:http', 'node:http'],
    });
  });
});

// The TypeScript setups users have, each with skipLibCheck off so the shipped .d.ts files are checked too.
const NO_DOM = ['ES2022'];
const DOM = ['ES2022', 'DOM', 'DOM.Iterable'];
const TYPECHECKS: { name: string; file: string; options: Record<string, unknown> }[] = [];
for (const [setup, module, moduleResolution] of [
  ['nodenext', 'nodenext', 'nodenext'],
  ['bundler', 'esnext', 'bundler'],
  ['node10', 'commonjs', 'node10'],
] as const) {
  for (const [libName, lib] of [
    ['no DOM', NO_DOM],
    ['DOM', DOM],
  ] as const) {
    TYPECHECKS.push({
      name: `${setup} (module ${module}, moduleResolution ${moduleResolution}), ${libName}, Node types`,
      file: 'consumer.ts',
      options: { module, moduleResolution, lib, types: ['node'] },
    });
  }
}
TYPECHECKS.push({
  name: 'nodenext, no DOM, strict with exactOptionalPropertyTypes',
  file: 'consumer.ts',
  options: {
    module: 'nodenext',
    moduleResolution: 'nodenext',
    lib: NO_DOM,
    types: ['node'],
    exactOptionalPropertyTypes: true,
  },
});
TYPECHECKS.push({
  name: 'browser app: bundler, DOM, no Node types, exactOptionalPropertyTypes (client, /messages, retry-policies)',
  file: 'browser.ts',
  options: {
    module: 'esnext',
    moduleResolution: 'bundler',
    lib: DOM,
    types: [],
    exactOptionalPropertyTypes: true,
  },
});

async function typecheck(file: string, options: Record<string, unknown>, configName: string) {
  const config = {
    compilerOptions: { target: 'ES2022', strict: true, skipLibCheck: false, noEmit: true, ...options },
    files: [file],
  };
  writeFileSync(join(project, 'types', configName), `${JSON.stringify(config, null, 2)}\n`);
  return run(process.execPath, [
    join(project, 'node_modules', 'typescript', 'bin', 'tsc'),
    '-p',
    join('types', configName),
  ]);
}

describe('the packed packages type-check in a consumer project (tsc --noEmit, skipLibCheck: false)', () => {
  TYPECHECKS.forEach(({ name, file, options }, index) => {
    it(name, async () => {
      const result = await typecheck(file, options, `tsconfig.${index}.json`);
      expect(result.stdout + result.stderr).toBe('');
      expect(result.code).toBe(0);
    });
  });

  it('a wrong call is reported against the shipped declarations (the check can fail)', async () => {
    const result = await typecheck('not-a-client.ts', TYPECHECKS[0]!.options, 'tsconfig.negative.json');
    expect(result.code).not.toBe(0);
    expect(result.stdout).toMatch(/types\/not-a-client\.ts\(4,\d+\): error TS2\d{3}: .*preparePay/);
  });
});

// What users copy first: every TypeScript block of the published packages' READMEs and of the root
// README, compiled under `strict` against the installed tarballs. A block may use what an earlier block
// of the same README defined (the client `daji`, an `orderId`) or the reader's own code (`db`, `logger`);
// those names are declared below, and nothing else is.
const README_SOURCES = [...PUBLISHED.map((name) => `packages/${name}/README.md`), 'README.md'];
const README_AMBIENT = `
declare const daji: import('@daji-openapi/client').DajiClient;
declare const client: import('@daji-openapi/client').DajiClient;
declare const orderId: string;
declare const appKey: string;
declare const appSecret: string;
declare const event: { type: string; data: Record<string, unknown> };
declare const logger: { warn(message: string, details: unknown): void };
declare const log: { info(details: Record<string, unknown>): void };
declare const db: { markPaid(orderId: string): Promise<void>; recordShipment(trace: unknown): Promise<void> };
declare function ship(orderId: string): void;
declare function notifyBuyer(error: unknown): void;
declare function escalate(traceIds: readonly string[]): void;
declare function saveMessage(message: import('@daji-openapi/client/messages').AnyDajiMessage): Promise<void>;
`;

function readmeSnippets(): { source: string; line: number; code: string }[] {
  const snippets: { source: string; line: number; code: string }[] = [];
  for (const source of README_SOURCES) {
    const lines = readFileSync(join(repo, source), 'utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (!/^```(ts|typescript)$/.test(lines[i]!.trim())) continue;
      const end = lines.findIndex((line, j) => j > i && line.trim() === '```');
      snippets.push({ source, line: i + 2, code: lines.slice(i + 1, end).join('\n') });
      i = end;
    }
  }
  return snippets;
}

describe('the READMEs’ TypeScript examples compile against the packed packages (strict, skipLibCheck: false)', () => {
  it('every ```ts block of the published READMEs and the root README', async () => {
    const snippets = readmeSnippets();
    // Each README that shows code: the client's eight blocks, retry-policies' five, the mock's four…
    expect(snippets.length).toBeGreaterThanOrEqual(20);
    const dir = join(project, 'types', 'readme');
    mkdirSync(dir, { recursive: true });
    const files = snippets.map((snippet, index) => {
      const file = `${snippet.source.replace(/[/.]/g, '-')}-${index}.ts`;
      writeFileSync(join(dir, file), `${snippet.code}\nexport {};\n`);
      return { file: `readme/${file}`, snippet };
    });
    writeFileSync(join(dir, 'ambient.d.ts'), README_AMBIENT);
    const config = {
      compilerOptions: {
        target: 'ES2022',
        module: 'nodenext',
        moduleResolution: 'nodenext',
        lib: ['ES2022'],
        types: ['node'],
        strict: true,
        skipLibCheck: false,
        noEmit: true,
      },
      files: ['readme/ambient.d.ts', ...files.map((f) => f.file)],
    };
    writeFileSync(join(project, 'types', 'tsconfig.readme.json'), `${JSON.stringify(config, null, 2)}\n`);
    const result = await run(process.execPath, [
      join(project, 'node_modules', 'typescript', 'bin', 'tsc'),
      '-p',
      join('types', 'tsconfig.readme.json'),
    ]);
    // Report each error against the README line it comes from.
    const problems = (result.stdout + result.stderr)
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => {
        const match = /^types\/(readme\/[^(]+)\((\d+),\d+\): (.*)$/.exec(line);
        const found = match && files.find((f) => f.file === match[1]);
        return found
          ? `${found.snippet.source}:${found.snippet.line + Number(match[2]) - 1}: ${match[3]}`
          : line;
      });
    expect(problems).toEqual([]);
    expect(result.code).toBe(0);
  });
});

// The README examples that need no server besides the packed mock: the conformance package's drift check and
// the client's response validation, from ESM and from CommonJS. (Redis's example needs a redis-server and
// runs in packages/redis/test/package.test.ts.)
const conformanceUsage = (load: string) => `
${load}
const { readFileSync } = require_('node:fs');
const specFile = require_.resolve('@daji-openapi/mock-server/package.json').replace(/package\\.json$/, 'dist/openapi.json');
const spec = new ConformanceSpec(JSON.parse(readFileSync(specFile, 'utf8')));
const drift = new DriftCollector({ spec: { title: spec.title, version: spec.version } });
const op = spec.match('GET', '/alibaba/product/keywordQuery');
const text = JSON.stringify({ code: '200', message: 'ok', data: null, timestamp: 1724224057972, traceId: '6b9849c1a5b0', surprise: true });
const { findings, valid } = spec.checkResponse(op, { status: 200, contentType: 'application/json', body: text });
drift.record(op.operationId, findings, valid);
const report = drift.toJSON();
console.log(JSON.stringify({ valid, deviations: report.operations.keywordSearch.deviations.map((d) => [d.pointer, d.kind]), table: drift.summary().split('\\n')[1] }));
`;
// A stand-in Daji whose answer carries a field the spec does not describe.
const validateUsage = `
const answer = { code: 200, message: 'ok', data: null, timestamp: 1724224057972, traceId: '6b9849c1a5b0', surprise: 1 };
const client = createDajiClient({
  appKey: 'demoKey123',
  appSecret: 'demoSecret456',
  fetch: async () => new Response(JSON.stringify(answer), { headers: { 'content-type': 'application/json' } }),
});
const events = [];
const validator = validateResponses({ sampleRate: 1, onDrift: (event) => events.push(event) });
client.use(validator);
const { data } = await client.GET('/alibaba/product/keywordQuery', { params: { query: { keyword: '连衣裙', beginPage: 1, pageSize: 20, country: 'en' } } });
await validator.idle();
console.log(JSON.stringify({ code: data?.code, events: events.map((e) => [e.operationId, e.valid, e.deviations.map((d) => d.pointer + ' ' + d.kind)]) }));
`;
const README_RUNS: Record<string, string> = {
  'conformance.mjs': conformanceUsage(
    "import { ConformanceSpec, DriftCollector } from '@daji-openapi/conformance';\nimport { createRequire } from 'node:module';\nconst require_ = createRequire(import.meta.url);",
  ),
  'conformance.cjs': conformanceUsage(
    "const { ConformanceSpec, DriftCollector } = require('@daji-openapi/conformance');\nconst require_ = require;",
  ),
  'validate.mjs': `import { createDajiClient } from '@daji-openapi/client';\nimport { validateResponses } from '@daji-openapi/client/validate';\n${validateUsage}`,
  'validate.cjs': `const { createDajiClient } = require('@daji-openapi/client');\nconst { validateResponses } = require('@daji-openapi/client/validate');\n(async () => {${validateUsage}})();`,
};
const flavour = (file: string) => (file.endsWith('.mjs') ? 'ESM' : 'CommonJS');

describe('the packed packages run their README examples', () => {
  beforeAll(() => {
    for (const [file, text] of Object.entries(README_RUNS)) writeFileSync(join(project, file), text);
  });

  for (const file of ['conformance.mjs', 'conformance.cjs']) {
    it(`@daji-openapi/conformance from ${flavour(file)}: a drifted answer gives its deviations and a summary table`, async () => {
      const result = await run(process.execPath, [file]);
      expect(result.stderr).toBe('');
      const { valid, deviations, table } = JSON.parse(result.stdout);
      expect(valid).toBe(false);
      expect(deviations).toContainEqual(['/code', 'type']);
      expect(deviations).toContainEqual(['/surprise', 'unknown-field']);
      expect(table).toMatch(/^operation\s+calls\s+valid\s+deviations$/);
    });
  }

  for (const file of ['validate.mjs', 'validate.cjs']) {
    it(`@daji-openapi/client/validate from ${flavour(file)}: reports drift as the README says`, async () => {
      const result = await run(process.execPath, [file]);
      expect(result.stderr).toBe('');
      expect(JSON.parse(result.stdout)).toEqual({
        code: 200,
        events: [['keywordSearch', true, ['/surprise unknown-field']]],
      });
    });
  }
});

describe('the packed daji bin', () => {
  const daji = (args: string[], extraEnv: Record<string, string> = {}) =>
    run(join(project, 'node_modules', '.bin', 'daji'), args, { NO_COLOR: '1', ...extraEnv });

  it('is installed and lists every operation', async () => {
    const help = await daji(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: daji <command>');
    const ops = await daji(['ops', '--json']);
    expect(ops.code).toBe(0);
    expect((JSON.parse(ops.stdout) as unknown[]).length).toBeGreaterThanOrEqual(16);
  });

  it('makes a signed call and pays an order against the packed mock, never printing the secret', async () => {
    const call = await daji(['call', 'getOrderDetail', 'orderId=2257164624870311973'], {
      DAJI_BASE_URL: baseUrl,
    });
    expect(call.code).toBe(0);
    expect(call.stdout).toContain('"2257164624870311973"');
    const pay = await daji(['pay', '2257164624870311973'], { DAJI_BASE_URL: baseUrl });
    expect(pay.code).toBe(0);
    expect(pay.stdout).toMatch(/outcome: paid/);
    for (const output of [call.stdout, call.stderr, pay.stdout, pay.stderr]) {
      expect(output).not.toContain(env.DAJI_APP_SECRET);
    }
  });
});
