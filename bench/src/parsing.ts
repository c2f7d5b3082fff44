// Figure 3: µs per product-detail body with the client's lossless parser vs JSON.parse.
import { parseLosslessJson } from '@daji-openapi/client';
import { productDetailBody, withNineteenDigitIds } from './fixtures.js';
import { profileInProcess, topFrames } from './profile.js';
import { type FigureResult, missed, type Row } from './report.js';
import {
  type Bound,
  interleaved,
  microsPerCall,
  nowMs,
  profileAlways,
  quick,
  ROUNDS,
  summarize,
} from './stats.js';

const BOUND: Bound = quick ? { maxCount: 5_000, maxMs: 60 } : { maxCount: 50_000, maxMs: 200 };

export async function parsing(): Promise<FigureResult> {
  const started = nowMs();
  const plain = productDetailBody();
  const wide = withNineteenDigitIds(plain);
  if (wide.widened === 0)
    throw new Error('figure 3: the product-detail example has no offerId/skuId to widen');

  // The parser must be right before its speed means anything.
  const parsed = parseLosslessJson(wide.json) as { data: { offerId: unknown } };
  const expectedOfferId = wide.json.match(/"offerId":(\d+)/)?.[1];
  if (parsed.data.offerId !== expectedOfferId) {
    throw new Error(
      `figure 3: lossless parse gave offerId ${String(parsed.data.offerId)}, expected the string ${expectedOfferId}`,
    );
  }

  const rows: Row[] = [];
  const notes: string[] = [];
  const bodies = [
    { label: `with ${wide.widened} ids widened to 19 digits`, json: wide.json, target: true },
    { label: 'as in the spec (no integer beyond 2^53: fast path)', json: plain, target: false },
  ];
  for (const body of bodies) {
    const fns = { lossless: () => parseLosslessJson(body.json), native: () => JSON.parse(body.json) };
    const run = (fn: () => unknown) => () => microsPerCall(fn, BOUND, 50);
    await interleaved({ lossless: run(fns.lossless), native: run(fns.native) }, 1);
    const s = await interleaved({ lossless: run(fns.lossless), native: run(fns.native) }, ROUNDS);
    const row: Row = {
      figure: `product detail (${(body.json.length / 1024).toFixed(1)} kB) ${body.label}: parseLosslessJson vs JSON.parse`,
      unit: 'µs',
      ours: summarize(s.lossless),
      baseline: summarize(s.native),
      ...(body.target ? { target: { kind: 'ratio-max', value: 1.5 } as const } : {}),
    };
    rows.push(row);
    if (profileAlways || missed([row]).length > 0) {
      const profile = await profileInProcess(async () =>
        microsPerCall(fns.lossless, { maxCount: 1e6, maxMs: 500 }, 50),
      );
      notes.push(`Profile of parseLosslessJson (${body.label}), top self time: ${topFrames(profile)}`);
    }
  }
  notes.push(
    `Each run is ${BOUND.maxCount.toLocaleString('en-US')} parses or ${BOUND.maxMs} ms, after one warm-up run. ` +
      "The body is the spec's getProductDetail `ok` example serialized compactly, as a server sends it.",
  );
  return {
    id: 3,
    title: 'Response parsing',
    about:
      'µs to parse one product-detail response body. Ours = `parseLosslessJson` (what the client runs on every body); baseline = `JSON.parse`.',
    rows,
    notes,
    elapsedMs: nowMs() - started,
  };
}
