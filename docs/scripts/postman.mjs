// Builds the Postman collection the docs site serves: openapi-to-postmanv2 converts the bundled spec, then
// every request gets Daji's signature from a collection-level pre-request script (postman/sign-request.js),
// and the collection variables point at the local mock with its demo credentials.
// Usage: node scripts/postman.mjs [--spec <bundled openapi.json>] [--out <collection.json>]
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Converter from 'openapi-to-postmanv2';

// The schema faker inside the converter (the same module instance the converter loads).
const schemaFaker = createRequire(import.meta.url)('openapi-to-postmanv2/assets/json-schema-faker.js');

const docsDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export const DEFAULT_SPEC_JSON = resolve(docsDir, '../spec/dist/openapi.json');
export const COLLECTION_FILE = 'daji-openapi.postman_collection.json';
export const SIGN_SCRIPT = resolve(docsDir, 'postman/sign-request.js');
export const CHECK_SCRIPT = resolve(docsDir, 'postman/check-response.js');

/** What `pnpm dev` serves: the mock on 127.0.0.1:4010 checking signatures for the demo app. */
export const DEFAULT_VARIABLES = {
  baseUrl: 'http://127.0.0.1:4010',
  appKey: 'demoKey123',
  appSecret: 'demoSecret456',
};

const VARIABLE_DESCRIPTIONS = {
  baseUrl:
    'Where requests go: the local mock (`pnpm dev`, `daji-mock`) by default; https://openapi.dajisaas.com for the real Daji.',
  appKey: "Your Daji app's key. demoKey123 is the mock's demo app.",
  appSecret:
    "Your Daji app's secret, used only to compute each request's sign; it is never sent. demoSecret456 is the mock's demo secret. Keep a real secret in a Postman environment's current value, not in a shared collection.",
};

const SIGN_PLACEHOLDER = '<computed before sending by the collection pre-request script>';

const USAGE_NOTE = `

## Using this collection

Every request is signed by the collection's pre-request script: it sets \`appKey\` and computes \`sign\` (MD5
over the final query or JSON body, as the Signing requests guide describes) from the collection variables
\`appKey\` and \`appSecret\`, replacing whatever a request holds. \`appSecret\` itself is never sent.

The variables start out pointing at the local mock (\`pnpm dev\` or \`npx daji-mock --app-key demoKey123
--app-secret demoSecret456\`) on ${DEFAULT_VARIABLES.baseUrl}. To call Daji, set \`baseUrl\` to
https://openapi.dajisaas.com and \`appKey\` / \`appSecret\` to your app's — every call then spends quota, and
the pay operations move real money.`;

/**
 * Converts a bundled OpenAPI document (as a JS object) into a signing Postman collection (v2.1).
 * @param {object} spec the bundled spec, e.g. JSON.parse of spec/dist/openapi.json
 * @param {{ signScript: string, checkScript: string }} scripts source of the collection-level scripts
 */
export async function buildPostmanCollection(spec, { signScript, checkScript }) {
  const output = await withSeededRandom(
    () =>
      new Promise((resolveConvert, rejectConvert) => {
        Converter.convertV2(
          { type: 'json', data: structuredClone(spec) },
          {
            folderStrategy: 'Tags',
            parametersResolution: 'Example',
            requestNameSource: 'Fallback',
            includeWebhooks: false,
            includeDeprecated: true,
          },
          (error, result) => {
            if (error) rejectConvert(error);
            else if (!result.result) rejectConvert(new Error(`openapi-to-postmanv2: ${result.reason}`));
            else resolveConvert(result.output[0].data);
          },
        );
      }),
  );

  const collection = {
    info: {
      _postman_id: stableId('collection', spec.info.title),
      name: spec.info.title,
      description: { content: `${spec.info.description ?? ''}${USAGE_NOTE}`, type: 'text/markdown' },
      schema: output.info.schema,
    },
    item: withoutEmptyFolders(output.item),
    event: [
      { listen: 'prerequest', script: { type: 'text/javascript', exec: signScript.split('\n') } },
      { listen: 'test', script: { type: 'text/javascript', exec: checkScript.split('\n') } },
    ],
    variable: Object.entries(DEFAULT_VARIABLES).map(([key, value]) => ({
      key,
      value,
      type: 'string',
      description: VARIABLE_DESCRIPTIONS[key],
    })),
  };
  for (const item of requestsOf(collection)) {
    for (const request of [item.request, ...(item.response ?? []).map((r) => r.originalRequest)]) {
      if (!request) continue;
      useFormExample(request, spec);
      showCredentialsAsVariables(request);
    }
  }
  assignStableIds(collection.item, []);
  return collection;
}

// Where the spec gives no example, the converter fakes a value (its schema faker and the pattern-based
// string generator both draw on Math.random); a fixed seed keeps the published file the same from one
// build of the same spec to the next.
async function withSeededRandom(run) {
  const original = Math.random;
  let state = 0x5eed;
  const seeded = () => {
    // mulberry32
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  Math.random = seeded;
  schemaFaker.option({ random: seeded });
  try {
    return await run();
  } finally {
    Math.random = original;
    schemaFaker.option({ random: original });
  }
}

/** Every request item of a collection, folders flattened. */
export function requestsOf(collection) {
  const out = [];
  const walk = (items) => {
    for (const item of items) {
      if (item.item) walk(item.item);
      else out.push(item);
    }
  };
  walk(collection.item);
  return out;
}

// Guide tags (x-traitTag) carry no operation and would show up as empty folders.
function withoutEmptyFolders(items) {
  return items
    .map((item) => (item.item ? { ...item, item: withoutEmptyFolders(item.item) } : item))
    .filter((item) => !item.item || item.item.length > 0);
}

// The converter fills form fields from the schema with generated values (a random base64 text, appKey
// "string") and ignores the media type's examples; the spec's first example is realistic and reproducible.
function useFormExample(request, spec) {
  const body = request.body;
  if (body?.mode !== 'formdata' && body?.mode !== 'urlencoded') return;
  const path = `/${(request.url?.path ?? []).join('/')}`;
  const operation = spec.paths?.[path]?.[String(request.method).toLowerCase()];
  const content = operation?.requestBody?.content ?? {};
  const media = content['multipart/form-data'] ?? content['application/x-www-form-urlencoded'];
  const example = media?.example ?? Object.values(media?.examples ?? {})[0]?.value;
  if (!example || typeof example !== 'object') return;
  for (const field of body[body.mode]) {
    if (field.type !== 'file' && example[field.key] !== undefined) field.value = String(example[field.key]);
  }
}

// What the reader sees in Postman should say where credentials come from: {{appKey}}, a sign computed at
// send time, and no appSecret (Daji's debug parameter) among the parameters.
function showCredentialsAsVariables(request) {
  const rewrite = (list) => {
    if (!Array.isArray(list)) return list;
    return list
      .filter((param) => param.key !== 'appSecret')
      .map((param) => {
        if (param.key === 'appKey') return { ...param, value: '{{appKey}}' };
        if (param.key === 'sign') return { ...param, value: SIGN_PLACEHOLDER };
        return param;
      });
  };
  if (request.url && typeof request.url === 'object') request.url.query = rewrite(request.url.query);
  const body = request.body;
  if (body?.mode === 'formdata') body.formdata = rewrite(body.formdata);
  if (body?.mode === 'urlencoded') body.urlencoded = rewrite(body.urlencoded);
  if (body?.mode === 'raw' && body.raw) {
    const value = JSON.parse(body.raw);
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const { appKey: _key, sign: _sign, appSecret: _secret, ...rest } = value;
      body.raw = JSON.stringify({ appKey: '{{appKey}}', ...rest, sign: SIGN_PLACEHOLDER }, null, 2);
    }
  }
}

// The converter draws random ids; ids derived from each item's place keep the published file reproducible.
function assignStableIds(items, path) {
  for (const item of items) {
    const here = [...path, item.name];
    item.id = stableId('item', here.join('/'));
    if (item.item) assignStableIds(item.item, here);
    for (const [i, response] of (item.response ?? []).entries()) {
      response.id = stableId('response', `${here.join('/')}#${i}`);
    }
  }
}

function stableId(kind, text) {
  const hex = createHash('sha256').update(`${kind}:${text}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Reads the bundled spec and the two scripts, writes the collection to `out`. */
export async function writePostmanCollection({ spec = DEFAULT_SPEC_JSON, out }) {
  const [document, signScript, checkScript] = await Promise.all([
    readFile(spec, 'utf8').then(JSON.parse),
    readFile(SIGN_SCRIPT, 'utf8'),
    readFile(CHECK_SCRIPT, 'utf8'),
  ]);
  const collection = await buildPostmanCollection(document, { signScript, checkScript });
  await writeFile(out, `${JSON.stringify(collection, null, 2)}\n`);
  return { out, requests: requestsOf(collection).length };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { spec: { type: 'string' }, out: { type: 'string' } } });
  const result = await writePostmanCollection({
    spec: values.spec ? resolve(values.spec) : DEFAULT_SPEC_JSON,
    out: resolve(values.out ?? COLLECTION_FILE),
  });
  console.log(`postman: wrote ${relative(process.cwd(), result.out)} (${result.requests} requests)`);
}
