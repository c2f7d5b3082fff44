/**
 * Rules over several query parameters at once, which OpenAPI cannot state and Prism cannot check: an
 * operation's `x-daji-query-schema` (e.g. image search's "give imageId or imageAddress"). Only `anyOf` and
 * `oneOf` of `required` lists are understood, and the mock refuses to start on anything else, so no rule
 * the spec declares is silently skipped.
 */
import type { HttpOperation } from './request-listener.js';

/** The problem with a query (for the 400's message), or undefined when it keeps the rule. */
export type QueryRule = (query: Readonly<Record<string, unknown>>) => string | undefined;

const EXTENSION = 'x-daji-query-schema';

/** The rules by `method path` (`get /alibaba/product/imageQuery`); operations without one are left out. */
export function queryRules(operations: readonly HttpOperation[]): Map<string, QueryRule> {
  const rules = new Map<string, QueryRule>();
  for (const operation of operations) {
    const schema = (operation as { extensions?: Record<string, unknown> }).extensions?.[EXTENSION];
    if (schema === undefined) continue;
    rules.set(
      `${operation.method.toLowerCase()} ${operation.path}`,
      compile(schema, `${operation.method.toUpperCase()} ${operation.path}`),
    );
  }
  return rules;
}

function compile(schema: unknown, where: string): QueryRule {
  const { description: _, ...rest } = (schema ?? {}) as Record<string, unknown>;
  const keys = Object.keys(rest);
  const keyword = keys[0];
  const branches = keyword === undefined ? undefined : rest[keyword];
  const lists = Array.isArray(branches)
    ? branches.map((b) => (b as { required?: unknown }).required)
    : undefined;
  const valid =
    keys.length === 1 &&
    (keyword === 'anyOf' || keyword === 'oneOf') &&
    lists?.every(
      (list, i) =>
        Array.isArray(list) &&
        list.length > 0 &&
        Object.keys((branches as object[])[i] ?? {}).every((k) => k === 'required' || k === 'description'),
    );
  if (!valid) {
    throw new Error(
      `${where}: ${EXTENSION} must be an anyOf or oneOf of { required: [...] } branches; the mock server cannot enforce ${JSON.stringify(schema)}.`,
    );
  }
  const forms = (lists as string[][]).map((list) => list.join(' and '));
  return (query) => {
    const given = (list: string[]) => list.every((name) => query[name] !== undefined && query[name] !== '');
    const count = (lists as string[][]).filter(given).length;
    if (count === 0) return `query must have ${forms.join(' or ')}`;
    if (keyword === 'oneOf' && count > 1) return `query must have only one of ${forms.join(' or ')}`;
    return undefined;
  };
}
