// The guides' TypeScript examples are what users copy first, so they must compile against the packages
// as they are today. Each ```ts block that imports a @daji-openapi package is type-checked against the
// packages' sources; names a guide says stand for the reader's own code are declared in AMBIENT below.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

const docsDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoDir = resolve(docsDir, '..');
const guidesDir = resolve(repoDir, 'spec/guides');

const PACKAGE_SOURCES: Record<string, string> = {
  '@daji-openapi/client': 'packages/client/src/index.ts',
  '@daji-openapi/client/messages': 'packages/client/src/messages.ts',
  '@daji-openapi/client/validate': 'packages/client/src/validate.ts',
  '@daji-openapi/retry-policies': 'packages/retry-policies/src/index.ts',
  '@daji-openapi/mock-server': 'packages/mock-server/src/index.ts',
  '@daji-openapi/redis': 'packages/redis/src/index.ts',
};

// Placeholders the guides introduce as "your own code" or as values from an earlier snippet.
const AMBIENT = `
declare const orders: { markPaid(orderId: string): Promise<void> };
declare const shipments: { record(trace: unknown): Promise<void> };
declare const rawBody: string;
declare const appSecret: string;
declare const sampleMessage: unknown;
declare const handler: import('@daji-openapi/client/messages').MessageHandler;
declare const client: import('@daji-openapi/client').DajiClient;
`;

interface Snippet {
  guide: string;
  line: number;
  code: string;
}

async function typescriptSnippets(): Promise<Snippet[]> {
  const snippets: Snippet[] = [];
  for (const guide of (await readdir(guidesDir)).filter((name) => name.endsWith('.md')).sort()) {
    const lines = (await readFile(join(guidesDir, guide), 'utf8')).split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (lines[i]?.trim() !== '```ts') continue;
      const end = lines.findIndex((line, j) => j > i && line.trim() === '```');
      const code = lines.slice(i + 1, end).join('\n');
      if (/from '@daji-openapi\//.test(code)) snippets.push({ guide, line: i + 2, code });
      i = end;
    }
  }
  return snippets;
}

let workDir: string | undefined;
afterAll(async () => {
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe('TypeScript examples in the guides', () => {
  it('compile against the current package sources', async () => {
    const snippets = await typescriptSnippets();
    expect(snippets.length, 'TypeScript examples that import a package').toBeGreaterThanOrEqual(6);

    workDir = await mkdtemp(join(tmpdir(), 'daji-guide-snippets-'));
    const files = new Map<string, Snippet>();
    for (const [index, snippet] of snippets.entries()) {
      const file = join(workDir, `${snippet.guide.replace('.md', '')}-${index}.ts`);
      await writeFile(file, `${snippet.code}\nexport {};\n`);
      files.set(file, snippet);
    }
    const ambient = join(workDir, 'ambient.d.ts');
    await writeFile(ambient, AMBIENT);

    const program = ts.createProgram([...files.keys(), ambient], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      lib: ['lib.es2023.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
      types: ['node'],
      typeRoots: [join(docsDir, 'node_modules/@types')],
      skipLibCheck: true,
      baseUrl: repoDir,
      paths: Object.fromEntries(Object.entries(PACKAGE_SOURCES).map(([name, path]) => [name, [path]])),
    });
    // Only the snippets' own diagnostics: checking them resolves every package type they use, without
    // checking the bodies of every package source (which each package's own typecheck already does).
    const snippetFiles = program.getSourceFiles().filter((file) => files.has(file.fileName));
    expect(snippetFiles.map((file) => file.fileName).sort()).toEqual([...files.keys()].sort());
    const problems = snippetFiles
      .flatMap((file) => [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)])
      .map((d) => {
        const snippet = files.get(d.file?.fileName ?? '') as Snippet;
        const { line } = d.file?.getLineAndCharacterOfPosition(d.start ?? 0) ?? { line: 0 };
        return `${snippet.guide}:${snippet.line + line}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
      });
    expect(problems).toEqual([]);
    // A limit against hangs only: parsing the DOM and Node typings and the client's generated types and
    // checking every snippet takes about 7 s of CPU, 15–30 s on a busy 2-core machine and minutes when
    // that machine is shared with other test runs.
  }, 300_000);
});
