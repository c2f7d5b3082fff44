// The Evidence guide is a hand-written table; the spec's x-daji-confidence is the source of truth. This
// keeps the two from drifting apart when an operation is added or promoted from inferred to documented.
import { readdir, readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const docsDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const specJson = resolve(docsDir, '../spec/dist/openapi.json');
const evidenceMd = resolve(docsDir, '../spec/guides/evidence.md');

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

interface Operation {
  operationId: string;
  method: string;
  path: string;
  confidence: unknown;
}

async function specOperations(): Promise<Operation[]> {
  const spec = JSON.parse(await readFile(specJson, 'utf8')) as {
    paths: Record<string, Record<string, { operationId?: string; 'x-daji-confidence'?: unknown }>>;
  };
  return Object.entries(spec.paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({
      operationId: item[method]?.operationId ?? `${method} ${path}`,
      method: method.toUpperCase(),
      path,
      confidence: item[method]?.['x-daji-confidence'],
    })),
  );
}

/** Rows of the guide's operations table: `| \`id\` — METHOD \`/path\` | confidence | … |`. */
async function evidenceRows(): Promise<Map<string, { method: string; path: string; confidence: string }>> {
  const rows = new Map<string, { method: string; path: string; confidence: string }>();
  for (const line of (await readFile(evidenceMd, 'utf8')).split('\n')) {
    const match = /^\| `(\w+)` — (GET|POST|PUT|PATCH|DELETE) `([^`]+)`\s*\|\s*(\w+)\s*\|/.exec(line);
    if (!match) continue;
    const [, operationId = '', method = '', path = '', confidence = ''] = match;
    rows.set(operationId, { method, path, confidence });
  }
  return rows;
}

describe('the Evidence guide', () => {
  it('has one row per operation of the spec, with the same method, path and x-daji-confidence', async () => {
    const operations = await specOperations();
    const rows = await evidenceRows();
    expect(operations.length).toBeGreaterThan(0);

    const expected = Object.fromEntries(
      operations.map((op) => [
        op.operationId,
        { method: op.method, path: op.path, confidence: op.confidence },
      ]),
    );
    expect(Object.fromEntries(rows)).toEqual(expected);
  });
});

/** Live captures kept in the repository, counted per operationId. */
async function liveCaptures(): Promise<Map<string, number>> {
  const dir = resolve(docsDir, '../spec/test/fixtures/live');
  const counts = new Map<string, number>();
  let files: string[] = [];
  try {
    files = (await readdir(dir)).filter((name) => name.endsWith('.json'));
  } catch {
    return counts; // no captures yet
  }
  for (const file of files) {
    const { operationId } = JSON.parse(await readFile(resolve(dir, file), 'utf8')) as { operationId: string };
    counts.set(operationId, (counts.get(operationId) ?? 0) + 1);
  }
  return counts;
}

describe('the Evidence guide on live captures', () => {
  it('names exactly the operations with live captures in spec/test/fixtures/live, with their counts', async () => {
    const text = await readFile(evidenceMd, 'utf8');
    const section = text.slice(text.indexOf('## Live captures'));
    expect(section.startsWith('## Live captures'), 'the guide has a "Live captures" section').toBe(true);
    const body = section.slice(
      0,
      section.indexOf('\n## ', 1) === -1 ? undefined : section.indexOf('\n## ', 1),
    );
    const listed = new Map<string, number>();
    for (const match of body.matchAll(/^\| `(\w+)`\s*\|\s*(\d+)\s*\|/gm))
      listed.set(match[1]!, Number(match[2]));
    const captured = await liveCaptures();
    // Update the table (one row `| \`operationId\` | count |` per operation) when captures are added.
    expect(Object.fromEntries(listed)).toEqual(Object.fromEntries(captured));
    if (captured.size === 0) expect(body).toContain('No live capture is kept in this repository yet.');
    else expect(body).not.toContain('No live capture is kept in this repository yet.');
  });
});
