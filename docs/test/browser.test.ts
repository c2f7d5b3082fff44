// Opens the built docs in a real Chromium with the network cut off from everything but the local static
// server, and checks that the page renders completely on its own: every operation, every guide, no
// request to another host, no failed request and no console error.
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium } from '../scripts/ensure-chromium.mjs';
import { startStaticServer } from '../scripts/static-server.mjs';

const docsDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const distDir = resolve(docsDir, 'dist');
const specJson = resolve(docsDir, '../spec/dist/openapi.json');
const guidesDir = resolve(docsDir, '../spec/guides');
const screenshotPath = resolve(docsDir, 'test-output/docs.png');

// Flags that let Chromium run as root in a container without reaching out to Google's services.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

interface Observed {
  blocked: string[];
  failed: string[];
  consoleErrors: string[];
}

let server: Awaited<ReturnType<typeof startStaticServer>>;
let context: BrowserContext;
let userDataDir: string;
let page: Page;
const observed: Observed = { blocked: [], failed: [], consoleErrors: [] };

/** Every operationId of the bundled spec: paths and webhooks. */
function operationIds(spec: { paths?: object; webhooks?: object }): string[] {
  const ids: string[] = [];
  for (const group of [spec.paths ?? {}, spec.webhooks ?? {}]) {
    for (const item of Object.values(group) as Record<string, { operationId?: string }>[]) {
      for (const operation of Object.values(item)) {
        if (operation && typeof operation === 'object' && typeof operation.operationId === 'string') {
          ids.push(operation.operationId);
        }
      }
    }
  }
  return ids;
}

/** Redoc writes operation links as `#/<tag>/<operationid>`; compare ignoring case and punctuation. */
const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '');

async function guideHeadings(): Promise<Map<string, string>> {
  const headings = new Map<string, string>();
  for (const file of (await readdir(guidesDir)).filter((name) => name.endsWith('.md')).sort()) {
    const text = await readFile(join(guidesDir, file), 'utf8');
    const first = text.split('\n').find((line) => line.trim() !== '');
    if (!first?.startsWith('# '))
      throw new Error(`${file} must start with one "# " heading, found: ${first}`);
    headings.set(file, first.slice(2).trim());
  }
  return headings;
}

/** The labels, links and headings the page shows right now. */
async function snapshotRendered(target: Page) {
  return target.evaluate(() => ({
    links: [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href') ?? ''),
    headings: [...document.querySelectorAll('h1, h2, h3')].map((h) => (h.textContent ?? '').trim()),
    labels: [...document.querySelectorAll('[data-testid="menu-item-label"]')].map((l) =>
      (l.textContent ?? '').trim(),
    ),
  }));
}

/** The page is prerendered; it is usable once Redoc has hydrated it, which turns "Loading..." into search. */
async function waitForRedoc(target: Page) {
  await target.waitForFunction(
    () => {
      const search = document.querySelector('[data-testid="search-trigger"]');
      return search !== null && !(search.textContent ?? '').includes('Loading');
    },
    undefined,
    { timeout: 30_000 },
  );
}

beforeAll(async () => {
  const prerequisites: [path: string, how: string][] = [
    [join(distDir, 'index.html'), 'pnpm --filter @daji-openapi/docs build'],
    [specJson, 'pnpm --filter @daji-openapi/spec bundle'],
  ];
  for (const [path, how] of prerequisites) {
    await readFile(path).catch(() => {
      throw new Error(
        `${path} is missing; run \`${how}\` (or \`pnpm build\` at the root) before the browser test.`,
      );
    });
  }
  const executablePath = findChromium();
  if (!executablePath)
    throw new Error('No Chromium found; run `node docs/scripts/ensure-chromium.mjs` for instructions.');

  server = await startStaticServer({ root: distDir, port: 0 });
  const origin = new URL(server.url).origin;
  userDataDir = await mkdtemp(join(tmpdir(), 'daji-docs-chromium-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
  });

  // Anything not served by our own server is recorded and refused: the page must work offline.
  await context.route('**/*', (route) => {
    const url = route.request().url();
    const local = url.startsWith(`${origin}/`) || url.startsWith(pathToFileURL(distDir).href);
    if (local || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    observed.blocked.push(url);
    return route.abort('blockedbyclient');
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('requestfailed', (request) => {
    if (!observed.blocked.includes(request.url())) {
      observed.failed.push(`${request.url()} (${request.failure()?.errorText ?? 'failed'})`);
    }
  });
  page.on('response', (response) => {
    if (response.status() >= 400) observed.failed.push(`${response.url()} (HTTP ${response.status()})`);
  });
  page.on('console', (message) => {
    if (message.type() === 'error') observed.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => observed.consoleErrors.push(`uncaught: ${error.message}`));

  await page.goto(server.url, { waitUntil: 'load' });
  await waitForRedoc(page);
}, 60_000);

afterAll(async () => {
  await context?.close();
  await server?.close();
  if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
});

describe('the built docs page', () => {
  it('renders the reference with the spec title and makes no external, failed or erroring request', async () => {
    const spec = JSON.parse(await readFile(specJson, 'utf8'));
    await page.waitForLoadState('networkidle');
    expect(await page.locator('h1').first().textContent()).toContain(spec.info.title);

    expect(observed.blocked, 'requests to other hosts (the page must work offline)').toEqual([]);
    expect(observed.failed, 'failed requests').toEqual([]);
    expect(observed.consoleErrors, 'console errors').toEqual([]);
  });

  it('shows every operationId of the bundled spec and every guide heading once its section is opened', async () => {
    const spec = JSON.parse(await readFile(specJson, 'utf8'));
    const ids = operationIds(spec);
    expect(ids.length, 'operations in spec/dist/openapi.json').toBeGreaterThan(0);
    const headings = await guideHeadings();

    const seen = await snapshotRendered(page);
    const links = new Set(seen.links);
    const texts = new Set([...seen.headings, ...seen.labels]);
    // Open each top-level sidebar entry (tags, guides, webhooks) so its children and content render.
    // Redoc prerenders links as /tag and rewrites them to #/tag after the first navigation.
    const sections = [
      ...new Set(seen.links.map((href) => href.replace(/^#/, '')).filter((p) => /^\/[^/]+$/.test(p))),
    ];
    expect(sections.length, 'top-level entries in the sidebar').toBeGreaterThan(0);
    for (const section of sections) {
      await page
        .locator(`[data-component-name="Menu/MenuItem"] a:is([href="${section}"], [href="#${section}"])`)
        .first()
        .click();
      await page.waitForFunction(
        (id) => (document.querySelector(`[data-section-id="${id}"]`)?.childElementCount ?? 0) > 0,
        section,
      );
      const now = await snapshotRendered(page);
      for (const link of now.links) links.add(link);
      for (const text of [...now.headings, ...now.labels]) texts.add(text);
    }

    const linkSlugs = new Set([...links].map((href) => slug(href.split('/').pop() ?? '')));
    const missingOperations = ids.filter((id) => !linkSlugs.has(slug(id)) && !texts.has(id));
    expect(missingOperations, 'operationIds with no link or text in the rendered page').toEqual([]);

    const missingGuides = [...headings]
      .filter(([, heading]) => !texts.has(heading))
      .map(([file, h]) => `${file}: ${h}`);
    expect(missingGuides, 'guide headings not rendered').toEqual([]);
    expect(observed.blocked, 'requests to other hosts while browsing').toEqual([]);
    expect(observed.consoleErrors, 'console errors while browsing').toEqual([]);
  });

  it('also opens straight from disk (file://) with no request leaving the machine', async () => {
    const before = { blocked: observed.blocked.length, errors: observed.consoleErrors.length };
    const fromDisk = await context.newPage();
    fromDisk.on('console', (message) => {
      if (message.type() === 'error') observed.consoleErrors.push(`file://: ${message.text()}`);
    });
    fromDisk.on('pageerror', (error) => observed.consoleErrors.push(`file://: uncaught: ${error.message}`));
    try {
      await fromDisk.goto(pathToFileURL(join(distDir, 'index.html')).href, { waitUntil: 'load' });
      await waitForRedoc(fromDisk);
      // Navigating proves the client-side router works without a server behind it.
      await fromDisk.locator('[data-component-name="Menu/MenuItem"] a').nth(2).click();
      await fromDisk.waitForFunction(() => location.hash.startsWith('#/'));
    } finally {
      await fromDisk.close();
    }
    expect(observed.blocked.slice(before.blocked), 'requests to other hosts from file://').toEqual([]);
    expect(observed.consoleErrors.slice(before.errors), 'console errors from file://').toEqual([]);
  });

  it('renders the sandbox control API page linked from the sandbox guide, offline, with its sections', async () => {
    const before = { blocked: observed.blocked.length, errors: observed.consoleErrors.length };
    const sandboxPage = await context.newPage();
    try {
      const response = await sandboxPage.goto(new URL('sandbox-api.html', server.url).href, {
        waitUntil: 'load',
      });
      expect(response?.status()).toBe(200);
      await waitForRedoc(sandboxPage);
      expect(await sandboxPage.locator('h1').first().textContent()).toContain('Daji sandbox — control API');
      const text = await sandboxPage.locator('body').innerText();
      for (const tag of ['Orders', 'Clock', 'Ledger', 'Faults', 'Pushes', 'Tenant'])
        expect(text).toContain(tag);
      expect(text).toContain('Every call names the app whose sandbox it means');
    } finally {
      await sandboxPage.close();
    }
    const guide = await readFile(join(guidesDir, 'sandbox.md'), 'utf8');
    expect(guide).toContain('](sandbox-api.html)');
    expect(observed.blocked.slice(before.blocked), 'requests to other hosts from the sandbox page').toEqual(
      [],
    );
    expect(observed.consoleErrors.slice(before.errors), 'console errors on the sandbox page').toEqual([]);
  });

  it('writes a full-page screenshot to docs/test-output/docs.png', async () => {
    await page.goto(server.url, { waitUntil: 'load' });
    await waitForRedoc(page);
    await mkdir(dirname(screenshotPath), { recursive: true });
    const png = await page.screenshot({ path: screenshotPath, fullPage: true });
    // A PNG that is mostly blank compresses to a few kB; a rendered reference is far larger.
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.byteLength).toBeGreaterThan(50_000);
  });
});
