// Builds the docs site into docs/dist: the API reference and guides as one self-contained HTML page
// (index.html), and beside it the contract as files a reader can import into Postman, Apifox, Insomnia or
// a code generator: the bundled spec (openapi.yaml, openapi.json) and a Postman collection that signs.
// Usage: node scripts/build.mjs [--spec <bundled openapi.yaml>] [--out <index.html>]
// The page must open offline (intranets, air-gapped CI), so after Redocly renders it we replace the
// only external asset its template still loads (the Redocly logo, from a CDN) and refuse to finish if
// any external script, stylesheet, font or image reference remains.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { COLLECTION_FILE, writePostmanCollection } from './postman.mjs';

const docsDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export const DEFAULT_SPEC = resolve(docsDir, '../spec/dist/openapi.yaml');
export const DEFAULT_OUT = resolve(docsDir, 'dist/index.html');
export const PAGE_TITLE = 'Daji Open API — reference and guides';
/** The sandbox's control API, rendered as a second page (sandbox-api.html) linked from the sandbox guide. */
export const SANDBOX_API = resolve(docsDir, '../packages/mock-server/src/sandbox/control-api.yaml');
export const SANDBOX_PAGE = 'sandbox-api.html';

/**
 * The files the site serves next to index.html, each linked from the introduction guide: `from` is copied,
 * `postman` is converted into the collection. An entry marked `optional` is skipped while its source does
 * not exist.
 */
export function contractFiles(spec = DEFAULT_SPEC) {
  return [
    { file: 'openapi.yaml', from: spec },
    { file: 'openapi.json', from: spec.replace(/\.ya?ml$/, '.json') },
    { file: COLLECTION_FILE, postman: spec.replace(/\.ya?ml$/, '.json') },
    { file: 'sandbox-control.openapi.yaml', from: SANDBOX_API },
  ];
}

// Redoc's sidebar footer reads "API docs by <Redocly logo>" and fetches the logo from cdn.redoc.ly at
// runtime. We keep the attribution but draw the word as an inline SVG, so nothing leaves the machine.
const LOGO_URLS = [
  'https://cdn.redoc.ly/redoc/logo-mini-full.svg',
  'https://cdn.redoc.ly/redoc/logo-mini.svg',
];
const INLINE_LOGO =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='46' height='12' viewBox='0 0 46 12'%3E" +
  "%3Ctext x='0' y='10' font-family='sans-serif' font-size='11' font-weight='600' fill='%23c51d29'%3ERedocly" +
  '%3C/text%3E%3C/svg%3E';

// What would make the browser fetch something from another host when the page loads.
const EXTERNAL_LOAD_PATTERNS = [
  { what: 'a <script src> on another host', re: /<script[^>]+src=["']?(?:https?:)?\/\/[^"'\s>]+/gi },
  { what: 'a <link href> on another host', re: /<link[^>]+href=["']?(?:https?:)?\/\/[^"'\s>]+/gi },
  { what: 'a CSS url() on another host', re: /url\(\s*["']?(?:https?:)?\/\/[^)"']+/gi },
  { what: 'a CSS @import', re: /@import\s+(?:url\()?["']?(?:https?:)?\/\/[^;"')]+/gi },
  { what: 'an <img src> on another host', re: /<img[^>]+src=["']?(?:https?:)?\/\/[^"'\s>]+/gi },
  { what: 'a Redocly CDN asset', re: /https:\/\/cdn\.redoc\.ly\/[^"'`\s)]+/g },
];

/** Returns every external reference that would be loaded by the page, as `what: match` lines. */
export function findExternalLoads(html) {
  const found = [];
  for (const { what, re } of EXTERNAL_LOAD_PATTERNS) {
    for (const match of html.matchAll(re)) found.push(`${what}: ${match[0].slice(0, 160)}`);
  }
  return found;
}

// Without an icon in the page, every browser asks the server for /favicon.ico and logs a 404.
const INLINE_FAVICON =
  '<link rel="icon" href="data:image/svg+xml,%3Csvg xmlns=%27http://www.w3.org/2000/svg%27 viewBox=%270 0 16 16%27%3E' +
  '%3Crect width=%2716%27 height=%2716%27 rx=%273%27 fill=%27%23c51d29%27/%3E%3C/svg%3E">';

/** Makes Redocly's output self-contained; throws if something external is left that we cannot fix. */
export function makeSelfContained(html) {
  let out = html;
  for (const url of LOGO_URLS) out = out.split(url).join(INLINE_LOGO);
  // Only the real <head> counts: the inlined Redoc bundle contains "</head>" and "<link" in its strings.
  const headEnd = out.search(/<\/head>/i);
  if (headEnd !== -1 && !/<link[^>]+rel=["']?(?:shortcut )?icon/i.test(out.slice(0, headEnd))) {
    out = `${out.slice(0, headEnd)}  ${INLINE_FAVICON}\n${out.slice(headEnd)}`;
  }
  const leftovers = findExternalLoads(out);
  if (leftovers.length > 0) {
    throw new Error(
      `docs build: the page would load ${leftovers.length} external resource(s), so it would not work offline:\n  ` +
        `${leftovers.join('\n  ')}\nRemove the reference from the spec (for example an image URL in a guide) ` +
        'or extend makeSelfContained() in docs/scripts/build.mjs to inline it.',
    );
  }
  return out;
}

function runRedocly(specPath, outPath, title = PAGE_TITLE) {
  const bin = join(docsDir, 'node_modules/.bin/redocly');
  const args = [
    'build-docs',
    specPath,
    '--inlineBundle',
    '--output',
    outPath,
    '--title',
    title,
    // The guides carry wide tables and long code lines; the stacked layout gives them the full width.
    // Readers can still switch to three panels with the button at the foot of the sidebar.
    '--openapi.layout=stacked',
    // Shows each operation's documented/inferred marker next to its request.
    '--openapi.showExtensions=x-daji-confidence',
  ];
  return new Promise((resolveRun, rejectRun) => {
    const child = spawn(bin, args, {
      cwd: docsDir,
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', NO_UPDATE_NOTIFIER: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.once('error', (error) =>
      rejectRun(new Error(`docs build: could not start ${bin} (${error.message}); run pnpm install first`)),
    );
    child.once('close', (code) => {
      if (code === 0) resolveRun(output);
      else rejectRun(new Error(`docs build: redocly build-docs exited with code ${code}:\n${output}`));
    });
  });
}

export async function buildDocs({ spec = DEFAULT_SPEC, out = DEFAULT_OUT } = {}) {
  if (!existsSync(spec)) {
    throw new Error(
      `docs build: the bundled spec ${relative(process.cwd(), spec) || spec} does not exist. ` +
        'Bundle it first with `pnpm --filter @daji-openapi/spec bundle` (turbo does this before `build`).',
    );
  }
  const started = performance.now();
  await mkdir(dirname(out), { recursive: true });
  await runRedocly(spec, out);
  const html = makeSelfContained(await readFile(out, 'utf8'));
  await writeFile(out, html);
  const { size } = await stat(out);
  const files = await writeContractFiles(spec, dirname(out));
  if (existsSync(SANDBOX_API)) {
    const page = join(dirname(out), SANDBOX_PAGE);
    await runRedocly(SANDBOX_API, page, 'Daji sandbox — control API');
    await writeFile(page, makeSelfContained(await readFile(page, 'utf8')));
    files.push(SANDBOX_PAGE);
  }
  return {
    out,
    size,
    files,
    siteSize: await folderSize(dirname(out)),
    milliseconds: Math.round(performance.now() - started),
  };
}

/** Writes the contract files beside the page; returns the names written. */
export async function writeContractFiles(spec, dir) {
  const written = [];
  for (const entry of contractFiles(spec)) {
    const target = join(dir, entry.file);
    if (entry.postman) {
      await writePostmanCollection({ spec: entry.postman, out: target });
    } else if (existsSync(entry.from)) {
      await copyFile(entry.from, target);
    } else if (entry.optional) {
      continue;
    } else {
      throw new Error(`docs build: ${entry.from} does not exist, so the site cannot serve ${entry.file}.`);
    }
    written.push(entry.file);
  }
  return written;
}

async function folderSize(dir) {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { spec: { type: 'string' }, out: { type: 'string' } } });
  try {
    const result = await buildDocs({
      spec: values.spec ? resolve(values.spec) : DEFAULT_SPEC,
      out: values.out ? resolve(values.out) : DEFAULT_OUT,
    });
    const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;
    console.log(
      `docs: built ${relative(process.cwd(), result.out)} (${kib(result.size)}, self-contained) and ${result.files.join(', ')}; ` +
        `site ${kib(result.siteSize)} in ${result.milliseconds} ms`,
    );
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
