// `daji-mock push`: sends one signed sample push message to a receiver, the way Daji's wiki says Daji
// does (a form with `message` and `_dj_signature`), so a developer can exercise their webhook endpoint
// without a real order.
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { signMessage } from '@daji-openapi/retry-policies';
import { defaultSpecPath } from './default-spec.js';

export interface PushIo {
  out: (line: string) => void;
  err: (line: string) => void;
  fetch: typeof fetch;
  env: Record<string, string | undefined>;
  now: () => number;
}

const USAGE = `Usage: daji-mock push --to URL --type TOPIC --app-secret SECRET [options]

Sends one signed sample message for TOPIC (built from the spec's example) to your receiver.

  --to URL            receiver endpoint (http or https), e.g. http://127.0.0.1:3000/daji/messages
  --type TOPIC        message topic, e.g. ORDER_BUYER_VIEW_ORDER_PAY (a wrong one lists them all)
  --app-secret SECRET the secret to sign with (or set DAJI_APP_SECRET)
  --order-id ID       order id to put in the message (digits); default: the example's
  --msg-id ID         message id (digits); default: a fresh one, so the push is not a duplicate
  --json              send {"message","_dj_signature"} as JSON instead of a form (Daji never does)
  --spec FILE         bundled spec to take samples from; default: the one shipped with the mock server
  --help              show this help

Exit code 0 when the receiver answers 2xx, 1 otherwise.`;

const DIGITS = /^\d{1,20}$/;

/** Runs `daji-mock push …` (argv after the word "push"); resolves to the process exit code. */
export async function runPush(argv: string[], io: Partial<PushIo> = {}): Promise<number> {
  const { out, err, fetch: send, env, now } = { ...defaultIo(), ...io };
  const fail = (reason: string, showUsage = false) => {
    err(`daji-mock push: ${reason}`);
    if (showUsage) err(`\n${USAGE}`);
    return 1;
  };

  let flags: ReturnType<typeof parse>;
  try {
    flags = parse(argv);
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error), true);
  }
  if (flags.help) {
    out(USAGE);
    return 0;
  }

  const { to, type, json } = flags;
  if (to === undefined) return fail('--to is required: the URL of your message receiver.', true);
  let target: URL;
  try {
    target = new URL(to);
  } catch {
    return fail(
      `--to ${JSON.stringify(to)} is not a URL; expected e.g. http://127.0.0.1:3000/daji/messages.`,
    );
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    return fail(`--to must be an http or https URL, got ${JSON.stringify(target.protocol)}.`);
  }
  const appSecret = flags['app-secret'] ?? env.DAJI_APP_SECRET;
  if (appSecret === undefined || appSecret === '') {
    return fail(
      '--app-secret is required (or set DAJI_APP_SECRET): the secret your receiver verifies with.',
      true,
    );
  }
  for (const name of ['order-id', 'msg-id'] as const) {
    const value = flags[name];
    if (value !== undefined && !DIGITS.test(value)) {
      return fail(`--${name} must be 1-20 digits, got ${JSON.stringify(value)}.`);
    }
  }

  let specPath: string;
  try {
    specPath = flags.spec ?? defaultSpecPath();
  } catch (error) {
    return fail(`${(error as Error).message} Or pass --spec FILE.`);
  }
  if (!existsSync(specPath)) return fail(`--spec ${specPath} does not exist.`);
  let samples: Map<string, Record<string, unknown>>;
  try {
    samples = sampleMessages(JSON.parse(readFileSync(specPath, 'utf8')));
  } catch (error) {
    return fail(
      `cannot read message samples from ${specPath}: ${error instanceof Error ? error.message : error}`,
    );
  }
  const topics = [...samples.keys()].sort();
  if (type === undefined) return fail(`--type is required; one of:\n  ${topics.join('\n  ')}`, false);
  const sample = samples.get(type);
  if (sample === undefined) {
    return fail(
      `unknown --type ${JSON.stringify(type)}; the spec has these topics:\n  ${topics.join('\n  ')}`,
    );
  }

  const msgId = flags['msg-id'] ?? freshMsgId(now());
  const message = messageText(sample, { msgId, orderId: flags['order-id'], gmtBorn: now() });
  const signature = signMessage({ message, appSecret });
  const fields = { message, _dj_signature: signature };
  const body = json ? JSON.stringify(fields) : new URLSearchParams(fields).toString();
  const contentType = json ? 'application/json' : 'application/x-www-form-urlencoded';

  out(`POST ${target.href}  ${type}  msgId ${msgId}`);
  let response: Response;
  try {
    response = await send(target, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body,
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    const cause =
      error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : error;
    return fail(`could not deliver to ${target.href}: ${String(cause)}`);
  }
  const text = await response.text();
  out(`${response.status} ${response.statusText}`.trimEnd());
  if (text !== '') out(text.trimEnd());
  return response.ok ? 0 : 1;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      to: { type: 'string' },
      type: { type: 'string' },
      'app-secret': { type: 'string' },
      'order-id': { type: 'string' },
      'msg-id': { type: 'string' },
      json: { type: 'boolean', default: false },
      spec: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }).values;
}

/**
 * The message JSON text as 1688 writes it: `msgId` and order ids as bare JSON numbers (19-digit ones
 * included), which is exactly what a receiver must parse without losing digits.
 */
export function messageText(
  sample: Record<string, unknown>,
  { msgId, orderId, gmtBorn }: { msgId: string; orderId?: string | undefined; gmtBorn: number },
): string {
  const exampleOrderId = findOrderId(sample);
  const message = replaceValue(structuredClone(sample), exampleOrderId, orderId) as Record<string, unknown>;
  message.msgId = msgId;
  message.gmtBorn = gmtBorn;
  const marker = '\u0000n:';
  const text = JSON.stringify(message, (key, value) =>
    (key === 'msgId' || key === 'orderId' || key === 'orderEntryId') &&
    typeof value === 'string' &&
    DIGITS.test(value)
      ? `${marker}${value}`
      : value,
  );
  return text.replace(/"\\u0000n:(\d+)"/g, '$1');
}

/** The example's order id: the first `orderId` anywhere in it (order, batch and logistics topics differ). */
function findOrderId(value: unknown): string | undefined {
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findOrderId(item);
      if (found !== undefined) return found;
    }
  } else if (typeof value === 'object' && value !== null) {
    const { orderId } = value as { orderId?: unknown };
    if (typeof orderId === 'string' || typeof orderId === 'number') return String(orderId);
    for (const child of Object.values(value)) {
      const found = findOrderId(child);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** Every occurrence of the example's order id (data, bizKey, logistics items) becomes the new one. */
function replaceValue(value: unknown, from: string | undefined, to: string | undefined): unknown {
  if (from === undefined || to === undefined) return value;
  if ((typeof value === 'string' || typeof value === 'number') && String(value) === from) return to;
  if (Array.isArray(value)) return value.map((item) => replaceValue(item, from, to));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceValue(v, from, to)]));
  }
  return value;
}

function freshMsgId(now: number): string {
  // 1688 msgIds are 11-digit longs; time plus a random suffix keeps repeated runs from colliding.
  return `${now}${Math.floor(Math.random() * 1000)
    .toString()
    .padStart(3, '0')}`;
}

function defaultIo(): PushIo {
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    fetch: globalThis.fetch,
    env: process.env,
    now: Date.now,
  };
}

// Sample messages, one per topic, taken from the bundled spec's `webhooks`.

type Json = Record<string, unknown>;

/**
 * Topic → the parsed example message of that topic's webhook: the example of the message schema its form's
 * `message` field names in `contentSchema`. Ids in it are strings, as the spec types them.
 */
export function sampleMessages(spec: unknown): Map<string, Json> {
  const webhooks = (spec as { webhooks?: Record<string, { post?: Json }> } | null)?.webhooks;
  if (typeof webhooks !== 'object' || webhooks === null) {
    throw new Error('the spec has no "webhooks" section');
  }
  const samples = new Map<string, Json>();
  for (const [topic, item] of Object.entries(webhooks)) {
    const media = (item.post?.requestBody as { content?: Record<string, Json> } | undefined)?.content?.[
      'application/x-www-form-urlencoded'
    ];
    const example = media === undefined ? undefined : messageExample(spec as Json, media);
    if (example === undefined) throw new Error(`webhook ${topic} has no example message`);
    if (example.type !== topic) {
      throw new Error(
        `webhook ${topic}'s example has type ${JSON.stringify(example.type)}, expected ${topic}`,
      );
    }
    samples.set(topic, example);
  }
  return samples;
}

/** The example of the schema a form's `message` field carries (`contentSchema`), through `allOf` parts. */
function messageExample(spec: Json, media: Json): Json | undefined {
  const form = resolve(spec, media.schema);
  const parts = [form, ...((form?.allOf as unknown[] | undefined) ?? []).map((part) => resolve(spec, part))];
  for (const part of parts) {
    const message = (part?.properties as Json | undefined)?.message as Json | undefined;
    const schema = resolve(spec, message?.contentSchema);
    const example = (schema?.examples as unknown[] | undefined)?.[0] ?? schema?.example;
    if (isObject(example) && schema?.oneOf === undefined) return example;
  }
  return undefined;
}

function resolve(spec: Json, schema: unknown): Json | undefined {
  if (!isObject(schema)) return undefined;
  const ref = schema.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return schema;
  let node: unknown = spec;
  for (const part of ref.slice(2).split('/')) {
    node = isObject(node) ? node[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  }
  return isObject(node) ? node : undefined;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
