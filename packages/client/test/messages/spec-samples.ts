import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The secret the spec's signed examples were made with (stated in each example's summary). */
export const SPEC_DEMO_SECRET = 'demoSecret456';

export interface TopicSample {
  topic: string;
  /** The form body's `message` text exactly as the spec shows it delivered (ids as bare numbers). */
  deliveredText: string;
  deliveredSignature: string;
  /** The spec's parsed message (ids as strings). */
  parsed: Record<string, unknown>;
}

const specFile = fileURLToPath(new URL('../../../../spec/dist/openapi.json', import.meta.url));

/** One sample per webhook topic of the bundled spec (`pnpm --filter @daji-openapi/spec bundle`). */
export function topicSamples(): TopicSample[] {
  const spec = JSON.parse(readFileSync(specFile, 'utf8')) as {
    webhooks: Record<
      string,
      { post: { requestBody: { content: Record<string, { examples: Record<string, { value: unknown }> }> } } }
    >;
  };
  return Object.entries(spec.webhooks).map(([topic, item]) => {
    const content = item.post.requestBody.content;
    const form = Object.values(content['application/x-www-form-urlencoded']?.examples ?? {})[0]?.value as
      | { message: string; _aop_signature: string }
      | undefined;
    const parsed = Object.values(content['application/json']?.examples ?? {})[0]?.value as
      | Record<string, unknown>
      | undefined;
    if (!form || !parsed) throw new Error(`spec webhook ${topic} lacks a form or a JSON example`);
    return { topic, deliveredText: form.message, deliveredSignature: form._aop_signature, parsed };
  });
}
