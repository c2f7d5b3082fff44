import { createHmac, timingSafeEqual } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Json, type JsonObject, loadBundle } from './support/spec.js';

const spec = loadBundle();
const webhooks = spec.webhooks as JsonObject;
const schemas = (spec.components as JsonObject).schemas as JsonObject;

// Reference §8: 1688's buyer-view order topics and the two logistics topics.
const topics = [
  'ORDER_BUYER_VIEW_BUYER_MAKE',
  'ORDER_BUYER_VIEW_ORDER_PAY',
  'ORDER_BATCH_PAY',
  'ORDER_BUYER_VIEW_ORDER_STEP_PAY',
  'ORDER_BUYER_VIEW_ANNOUNCE_SENDGOODS',
  'ORDER_BUYER_VIEW_PART_PART_SENDGOODS',
  'ORDER_BUYER_VIEW_ORDER_COMFIRM_RECEIVEGOODS',
  'ORDER_BUYER_VIEW_ORDER_SUCCESS',
  'ORDER_BUYER_VIEW_ORDER_BUYER_CLOSE',
  'ORDER_BUYER_VIEW_ORDER_SELLER_CLOSE',
  'ORDER_BUYER_VIEW_ORDER_BOPS_CLOSE',
  'ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY',
  'ORDER_BUYER_VIEW_MODIFY_MEMO',
  'ORDER_BUYER_VIEW_ORDER_BUYER_REFUND_IN_SALES',
  'ORDER_BUYER_VIEW_ORDER_REFUND_AFTER_SALES',
  'LOGISTICS_BUYER_VIEW_TRACE',
  'LOGISTICS_MAIL_NO_CHANGE',
];

function post(topic: string): JsonObject {
  return (webhooks[topic] as JsonObject).post as JsonObject;
}

function content(topic: string): JsonObject {
  return (post(topic).requestBody as JsonObject).content as JsonObject;
}

function form(topic: string): JsonObject {
  return content(topic)['application/x-www-form-urlencoded'] as JsonObject;
}

/** The topic's message schema, named by the form's `message.contentSchema`. */
function messageSchemaName(topic: string): string {
  const [, own] = (form(topic).schema as JsonObject).allOf as JsonObject[];
  const message = ((own as JsonObject).properties as JsonObject).message as JsonObject;
  return String((message.contentSchema as JsonObject).$ref).replace('#/components/schemas/', '');
}

/** Parses 1688's message text keeping integers beyond 2^53 exact, as decimal strings. */
function parseLossless(text: string): Json {
  // Node 20's JSON.parse has no access to the source text, so quote long integer literals first.
  return JSON.parse(text.replace(/([:[,]\s*)(-?\d{16,})(?=\s*[,\]}])/g, '$1"$2"')) as Json;
}

describe('webhooks', () => {
  it('cover every order and logistics topic, keyed by the topic name', () => {
    expect(Object.keys(webhooks).sort()).toEqual([...topics].sort());
  });

  it.each(topics)('%s is an inferred POST in the Message service section', (topic) => {
    const op = post(topic);
    expect(op['x-daji-confidence']).toBe('inferred');
    expect(op.tags).toEqual(['Message service']);
    expect(op.description).toMatch(/Unconfirmed:/);
    expect(op.description).toMatch(/_dj_signature/);
    expect(op.description).toMatch(/Delivery order is not guaranteed/);
    expect(op['x-daji-source']).toContain('https://wiki-en.dajisaas.com/doc-7744081');
  });

  it.each(topics)(
    '%s declares only the form-urlencoded body Daji posts, signed in _dj_signature',
    (topic) => {
      expect(Object.keys(content(topic))).toEqual(['application/x-www-form-urlencoded']);
      const [delivery] = (form(topic).schema as JsonObject).allOf as JsonObject[];
      expect((delivery as JsonObject).$ref).toBe('#/components/schemas/PushDelivery');
      const pushDelivery = schemas.PushDelivery as JsonObject;
      expect(pushDelivery.required).toEqual(['message', '_dj_signature']);
      expect(Object.keys(pushDelivery.properties as JsonObject)).not.toContain('_aop_signature');
    },
  );

  it('the message union is discriminated on type, with a mapping entry for every topic', () => {
    const union = schemas.PushMessage as JsonObject;
    const discriminator = union.discriminator as JsonObject;
    expect(discriminator.propertyName).toBe('type');
    const mapping = discriminator.mapping as JsonObject;
    expect(Object.keys(mapping).sort()).toEqual([...topics].sort());
    for (const topic of topics) {
      expect(mapping[topic]).toBe(`#/components/schemas/${messageSchemaName(topic)}`);
    }
    expect((union.oneOf as JsonObject[]).map((s) => s.$ref).sort()).toEqual(
      topics.map((t) => `#/components/schemas/${messageSchemaName(t)}`).sort(),
    );
  });

  it.each(topics)('%s has a message schema whose type names only this topic', (topic) => {
    const name = messageSchemaName(topic);
    expect(name).toMatch(/^[A-Z][A-Za-z]+Message$/);
    const [base, own] = (schemas[name] as JsonObject).allOf as JsonObject[];
    expect((base as JsonObject).$ref).toBe('#/components/schemas/MessageBase');
    expect((((own as JsonObject).properties as JsonObject).type as JsonObject).enum).toEqual([topic]);
    expect((schemas[name] as JsonObject).examples).toHaveLength(1);
  });

  it('message schema names are unique', () => {
    const names = topics.map(messageSchemaName);
    expect(new Set(names).size).toBe(topics.length);
  });

  it('the message base carries msgId as integer or string, gmtBorn, userInfo, bizKey and data', () => {
    const props = (schemas.MessageBase as JsonObject).properties as JsonObject;
    expect((props.msgId as JsonObject).type).toEqual(['integer', 'string']);
    expect(Object.keys(props)).toEqual(
      expect.arrayContaining(['msgId', 'type', 'gmtBorn', 'userInfo', 'bizKey', 'data']),
    );
  });

  it.each(topics)(
    '%s form example is signed like 1688 signs pushes and parses to its message schema example',
    (topic) => {
      const delivered = ((form(topic).examples as JsonObject).signed as JsonObject).value as {
        message: string;
        _dj_signature: string;
      };
      const expected = createHmac('sha1', 'demoSecret456')
        .update(`message${delivered.message}`)
        .digest('hex')
        .toUpperCase();
      expect(timingSafeEqual(Buffer.from(expected), Buffer.from(delivered._dj_signature))).toBe(true);
      const parsed = ((schemas[messageSchemaName(topic)] as JsonObject).examples as Json[])[0] as Json;
      expect(parseLossless(delivered.message)).toEqual(parsed);
      expect((parsed as JsonObject).type).toBe(topic);
    },
  );

  it('each webhook file names every message schema at its top, for the message-union generator', () => {
    const dir = new URL('../webhooks/', import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
    expect(files.map((f) => f.replace(/\.yaml$/, '')).sort()).toEqual([...topics].sort());
    const names = topics.map(messageSchemaName);
    for (const file of files) {
      const header = readFileSync(new URL(file, dir), 'utf8').split('\npost:')[0] ?? '';
      for (const name of names) expect(header, `${file} lists ${name}`).toContain(name);
    }
  });
});
