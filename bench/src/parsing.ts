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
  rows.push(...(await scaling(notes)));
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

const MiB = 1024 * 1024;
const SIZES_MB = [0.5, 1, 2, 4, 8];

/** A JSON array of bare 19-digit ids, `bytes` long: the answer that made a quadratic parser freeze. */
function bareIds(bytes: number): string {
  const ids: string[] = [];
  let size = 2;
  for (let i = 0n; size < bytes; i++) {
    const id = String(2237938826932135493n + i);
    ids.push(id);
    size += id.length + 1;
  }
  return `[${ids.join(',')}]`;
}

/**
 * Time per MB of parseLosslessJson on bare 19-digit ids from 0.5 to 8 MB: linear parsing keeps it flat.
 * Each size is a row whose baseline is the 0.5 MB time per MB, with a target of at most 2×.
 */
async function scaling(notes: string[]): Promise<Row[]> {
  const docs = SIZES_MB.map((mb) => ({ mb, text: bareIds(mb * MiB) }));
  const perMb = (text: string, mb: number, parse: (t: string) => unknown) => () => {
    const started = nowMs();
    parse(text);
    return (nowMs() - started) / mb;
  };
  const lossless = Object.fromEntries(
    docs.map((d) => [String(d.mb), perMb(d.text, d.mb, parseLosslessJson)]),
  );
  const native = Object.fromEntries(docs.map((d) => [String(d.mb), perMb(d.text, d.mb, JSON.parse)]));
  // Warm: the parser's steady state is what a long-running app meets (optimized code once made it
  // quadratic only from the third call on).
  for (let i = 0; i < 5; i++) parseLosslessJson(docs[0]!.text);
  await interleaved(lossless, 1);
  const ours = await interleaved(lossless, ROUNDS);
  const plain = await interleaved(native, ROUNDS);
  const smallest = summarize(ours[String(SIZES_MB[0])]!);
  notes.push(
    `Scaling rows: one parse per size per round, ${ROUNDS} rounds; baseline = time per MB at ${SIZES_MB[0]} MB. ` +
      `JSON.parse (rounding the ids) on the same texts: ${SIZES_MB.map((mb) => `${mb} MB ${summarize(plain[String(mb)]!).median.toFixed(1)}`).join(', ')} ms per MB.`,
  );
  return SIZES_MB.slice(1).map((mb) => ({
    figure: `${mb} MB of bare 19-digit ids: parseLosslessJson ms per MB vs at ${SIZES_MB[0]} MB (flat = linear time)`,
    unit: 'ms/MB',
    ours: summarize(ours[String(mb)]!),
    baseline: smallest,
    target: { kind: 'ratio-max', value: 2 } as const,
  }));
}
