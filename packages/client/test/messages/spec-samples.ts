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
  type FormMedia = {
    schema: { allOf: Array<{ properties?: { message?: { contentSchema?: { $ref: string } } } }> };
    examples: Record<string, { value: unknown }>;
  };
  const spec = JSON.parse(readFileSync(specFile, 'utf8')) as {
    webhooks: Record<string, { post: { requestBody: { content: Record<string, FormMedia> } } }>;
    components: { schemas: Record<string, { examples?: unknown[] }> };
  };
  return Object.entries(spec.webhooks).map(([topic, item]) => {
    const media = item.post.requestBody.content['application/x-www-form-urlencoded'];
    const form = Object.values(media?.examples ?? {})[0]?.value as
      | { message: string; _dj_signature: string }
      | undefined;
    // The parsed message is the example of the schema the form's `message` carries.
    const ref = media?.schema.allOf
      .map((part) => part.properties?.message?.contentSchema?.$ref)
      .find(Boolean);
    const parsed = spec.components.schemas[String(ref).replace('#/components/schemas/', '')]?.examples?.[0] as
      | Record<string, unknown>
      | undefined;
    if (!form || !parsed) throw new Error(`spec webhook ${topic} lacks a form example or a message example`);
    return { topic, deliveredText: form.message, deliveredSignature: form._dj_signature, parsed };
  });
}
