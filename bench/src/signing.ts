// Figure 2: µs per signature, on the Node build (node:crypto) and the browser build (pure-JS MD5).
import { createHash } from 'node:crypto';
import { canonicalString, md5Backend, signParams, signParamsPortable } from '@daji-openapi/retry-policies';
import { APP_KEY, APP_SECRET, keywordQuery, orderCreateBody } from './fixtures.js';
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

const BOUND: Bound = quick ? { maxCount: 20_000, maxMs: 60 } : { maxCount: 200_000, maxMs: 150 };

export async function signing(): Promise<FigureResult> {
  const started = nowMs();
  if (md5Backend !== 'node:crypto') {
    throw new Error(
      `figure 2: @daji-openapi/retry-policies resolved to its ${md5Backend} build; the Node path needs the "node" export condition.`,
    );
  }
  const requests = {
    search: { appKey: APP_KEY, ...keywordQuery },
    order: orderCreateBody(),
  };
  const rows: Row[] = [];
  const notes: string[] = [];
  for (const [name, params] of Object.entries(requests)) {
    const label =
      name === 'search'
        ? `6-parameter keyword search`
        : `order-create body (${Object.keys(params).length} top-level fields, nested JSON)`;
    // The floor: hashing an already built canonical string, i.e. what signing costs without building it.
    const text = canonicalString(params, APP_SECRET);
    if (signParams(params, APP_SECRET) !== signParamsPortable(params, APP_SECRET)) {
      throw new Error(`figure 2: the Node and pure-JS paths disagree on the ${name} signature`);
    }
    const fns = {
      node: () => signParams(params, APP_SECRET),
      portable: () => signParamsPortable(params, APP_SECRET),
      md5Only: () => createHash('md5').update(text).digest('hex'),
    };
    const run = (fn: () => unknown) => () => microsPerCall(fn, BOUND);
    await interleaved({ node: run(fns.node), portable: run(fns.portable), md5Only: run(fns.md5Only) }, 1);
    const s = await interleaved(
      { node: run(fns.node), portable: run(fns.portable), md5Only: run(fns.md5Only) },
      ROUNDS,
    );
    const node = summarize(s.node);
    const labelRows: Row[] = [
      {
        figure: `${label}: signParams, Node path (node:crypto)`,
        unit: 'µs',
        ours: node,
        // The order-create body is the heaviest request the client signs.
        target: { kind: 'max', value: name === 'order' ? 4 : 5 },
      },
      {
        figure: `${label}: Node path vs bare MD5 of the prebuilt canonical string`,
        unit: 'µs',
        ours: node,
        baseline: summarize(s.md5Only),
      },
      {
        figure: `${label}: pure-JS path (browser build, @noble/hashes) vs Node path`,
        unit: 'µs',
        ours: summarize(s.portable),
        baseline: node,
      },
    ];
    rows.push(...labelRows);
    if (profileAlways || missed(labelRows).length > 0) {
      const profile = await profileInProcess(async () =>
        microsPerCall(fns.node, { maxCount: 1e6, maxMs: 500 }),
      );
      notes.push(`Profile of signParams (${name}), top self time: ${topFrames(profile)}`);
    }
  }
  notes.push(
    `Each run is ${BOUND.maxCount.toLocaleString('en-US')} calls or ${BOUND.maxMs} ms, whichever comes first, after one warm-up run.`,
  );
  return {
    id: 2,
    title: 'Signing cost',
    about:
      'µs per `signParams` call (canonical string + MD5 + upper-case hex). The search signs appKey, keyword, beginPage, ' +
      "pageSize, country and sort; the order body is the spec's `fiveDresses` example of createOrder.",
    rows,
    notes,
    elapsedMs: nowMs() - started,
  };
}
