// How sure we are of a fact must be readable wherever the description travels — generated JSDoc, docs,
// other generators — not only in `x-daji-confidence`, which tools drop. So every operation, parameter group
// (request body) and webhook carries x-daji-confidence, and the partly or wholly inferred ones open their
// description with a first line "Inferred: …" saying what is inferred; documented ones never do.
import { describe, expect, it } from 'vitest';
import { type JsonObject, loadBundle, operations, resolve, walk } from './support/spec.js';

const CONFIDENCE = ['documented', 'partial', 'inferred'] as const;
const UNSURE = new Set(['partial', 'inferred']);
const INFERRED_LINE = /^Inferred: \S.{15,}/;

const spec = loadBundle();
const ops = operations(spec);

const firstLine = (node: JsonObject) => String(node.description ?? '').split('\n')[0] ?? '';

/** What is wrong with a node's first description line, given its x-daji-confidence; '' when in step. */
function firstLineProblem(node: JsonObject): string {
  const confidence = node['x-daji-confidence'];
  const line = firstLine(node);
  if (UNSURE.has(String(confidence))) {
    return INFERRED_LINE.test(line)
      ? ''
      : `is ${confidence} but its description does not open with "Inferred: <what is inferred>": ${line.slice(0, 80)}`;
  }
  return /^Inferred\b/i.test(line)
    ? `is ${confidence} but its description opens with "${line.slice(0, 40)}…"`
    : '';
}

/** Every node of the bundle carrying x-daji-confidence, examples' values excepted. */
function annotated(): { where: string; node: JsonObject }[] {
  const found: { where: string; node: JsonObject }[] = [];
  walk(spec, (node, path) => {
    if (/\/examples?(\/|$)/.test(path)) return;
    if ('x-daji-confidence' in node) found.push({ where: path, node });
  });
  return found;
}

/** The schema components that request bodies use directly: each is the group of an operation's parameters. */
function parameterGroups(): { where: string; operation: JsonObject; group: JsonObject }[] {
  const groups: { where: string; operation: JsonObject; group: JsonObject }[] = [];
  for (const { where, kind, op } of ops) {
    if (kind !== 'path' || !op.requestBody) continue;
    const content = (resolve(spec, op.requestBody as JsonObject).content ?? {}) as JsonObject;
    for (const [type, media] of Object.entries(content)) {
      const schema = (media as JsonObject).schema as JsonObject;
      groups.push({
        where: `${where} ${type} ${String(schema.$ref ?? 'inline')}`,
        operation: op,
        group: resolve(spec, schema),
      });
    }
  }
  return groups;
}

describe('confidence', () => {
  it('every operation and webhook says how sure we are (documented | partial | inferred)', () => {
    const missing = ops
      .filter((o) => !CONFIDENCE.includes(o.op['x-daji-confidence'] as (typeof CONFIDENCE)[number]))
      .map((o) => `${o.where}: ${String(o.op['x-daji-confidence'])}`);
    expect(missing).toEqual([]);
  });

  it('every parameter group (request body schema) says how sure we are', () => {
    const groups = parameterGroups();
    expect(groups.length).toBeGreaterThanOrEqual(9);
    const missing = groups
      .filter(({ group }) => !CONFIDENCE.includes(group['x-daji-confidence'] as (typeof CONFIDENCE)[number]))
      .map(({ where }) => where);
    expect(missing).toEqual([]);
  });

  it.each(annotated().map((a) => [a.where, a.node] as const))(
    '%s: the first description line is in step with x-daji-confidence',
    (_where, node) => {
      expect(CONFIDENCE).toContain(node['x-daji-confidence']);
      expect(firstLineProblem(node)).toBe('');
    },
  );

  it('no description claims "Inferred" unless its x-daji-confidence says partial or inferred', () => {
    const strays: string[] = [];
    walk(spec, (node, path) => {
      if (/\/examples?(\/|$)/.test(path) || typeof node.description !== 'string') return;
      if (/^Inferred\b/i.test(firstLine(node)) && !UNSURE.has(String(node['x-daji-confidence'])))
        strays.push(path);
    });
    expect(strays).toEqual([]);
  });

  it('an operation is never surer than its parameter group', () => {
    const surer = parameterGroups()
      .filter(
        ({ operation, group }) =>
          UNSURE.has(String(group['x-daji-confidence'])) && operation['x-daji-confidence'] === 'documented',
      )
      .map(({ where }) => where);
    expect(surer).toEqual([]);
  });

  it('tells a documented node claiming "Inferred" and an inferred node that does not say so (the check can fail)', () => {
    expect(
      firstLineProblem({ 'x-daji-confidence': 'documented', description: 'Inferred: the whole answer.' }),
    ).toMatch(/is documented/);
    expect(
      firstLineProblem({ 'x-daji-confidence': 'partial', description: 'Lists orders.\n\nInferred: paging.' }),
    ).toMatch(/is partial/);
    expect(firstLineProblem({ 'x-daji-confidence': 'inferred', description: 'Inferred:' })).toMatch(
      /is inferred/,
    );
    expect(
      firstLineProblem({
        'x-daji-confidence': 'partial',
        description: 'Inferred: the paging totals.\n\nLists.',
      }),
    ).toBe('');
  });
});
