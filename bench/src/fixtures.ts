// Requests and response bodies every figure shares, taken from the bundled spec so they stay realistic.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const benchDir = join(dirname(fileURLToPath(import.meta.url)), '..');
export const repoRoot = join(benchDir, '..');
export const tmpDir = join(benchDir, '.tmp');
export const specJsonPath = join(repoRoot, 'spec/dist/openapi.json');

// The demo credentials of the spec's examples and the mock server's `pnpm dev`.
export const APP_KEY = 'demoKey123';
export const APP_SECRET = 'demoSecret456';

export const KEYWORD_PATH = '/alibaba/product/keywordQuery';

/** The spec example's keyword search, without credentials (5 parameters; appKey makes 6). */
export const keywordQuery = {
  keyword: '连衣裙',
  beginPage: 1,
  pageSize: 20,
  country: 'en',
  sort: '{"price":"asc"}',
};

type Json = Record<string, unknown>;

let spec: Json | undefined;
function loadSpec(): Json {
  if (!existsSync(specJsonPath)) {
    throw new Error(
      `bench: ${specJsonPath} does not exist. Bundle the spec first: pnpm --filter @daji-openapi/spec bundle (or pnpm build).`,
    );
  }
  spec ??= JSON.parse(readFileSync(specJsonPath, 'utf8')) as Json;
  return spec;
}

function resolveRef(node: unknown): Json {
  let current = node as Json;
  for (let hops = 0; typeof current?.$ref === 'string' && hops < 10; hops++) {
    let target: unknown = loadSpec();
    for (const part of (current.$ref as string).replace(/^#\//, '').split('/')) {
      target = (target as Json)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    }
    current = target as Json;
  }
  return current;
}

function operation(path: string, method: 'get' | 'post'): Json {
  const op = ((loadSpec().paths as Json)[path] as Json | undefined)?.[method] as Json | undefined;
  if (!op) throw new Error(`bench: the spec has no ${method.toUpperCase()} ${path}`);
  return op;
}

/** The value of a named example of an operation's 200 response or request body. */
function example(content: unknown, name: string, where: string): unknown {
  const examples = (resolveRef(content) as Json)['application/json'] as Json | undefined;
  const ex = (examples?.examples as Json | undefined)?.[name];
  if (!ex) throw new Error(`bench: ${where} has no example '${name}' in the bundled spec`);
  return resolveRef(ex).value;
}

function responseExample(path: string, method: 'get' | 'post', name = 'ok'): unknown {
  const responses = operation(path, method).responses as Json;
  return example((resolveRef(responses['200']) as Json).content, name, `${method.toUpperCase()} ${path} 200`);
}

/** What the server sends for a keyword search: the spec's `ok` example, compact as on the wire. */
export function keywordSearchBody(): string {
  return JSON.stringify(responseExample(KEYWORD_PATH, 'get'));
}

/** The spec's product-detail `ok` example, compact as on the wire. */
export function productDetailBody(): string {
  return JSON.stringify(responseExample('/alibaba/product/queryProductDetail', 'get'));
}

/**
 * The same body with every `offerId` and `skuId` widened to 19 digits, beyond 2^53 like order ids, so the
 * lossless parser has to rewrite them instead of taking its fast path.
 */
export function withNineteenDigitIds(json: string): { json: string; widened: number } {
  let widened = 0;
  const out = json.replace(/"(offerId|skuId)":(\d+)/g, (_, key: string, digits: string) => {
    widened++;
    return `"${key}":${`${digits}2237938826932135493`.slice(0, 19)}`;
  });
  return { json: out, widened };
}

/** The spec's order-create request body (`wikiExample`) without its `sign`. */
export function orderCreateBody(): Json {
  const op = operation('/alibaba/trade/createCrossOrder', 'post');
  const body = { ...(example(resolveRef(op.requestBody).content, 'wikiExample', 'createOrder') as Json) };
  delete body.sign;
  return body;
}
