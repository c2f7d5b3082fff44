// The Evidence guide is a hand-written table; the spec's x-daji-confidence is the source of truth. This
// keeps the two from drifting apart when an operation is added or promoted from inferred to documented.
import { readFile } from 'node:fs/promises';
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
