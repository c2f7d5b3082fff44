// Figure 2: µs per signature, on the Node build (the sign string's bytes written straight from the
// parameters, then hashed) and the browser build (pure-JS MD5).
import {
  canonicalString,
  md5Backend,
  md5Hex,
  signParams,
  signParamsPortable,
} from '@daji-openapi/retry-policies';
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

/** CPU time (user + system) per call of `fn` over `count` calls, in µs. */
function cpuMicrosPerCall(fn: () => unknown, count: number): number {
  let sink = 0;
  const before = process.cpuUsage();
  for (let i = 0; i < count; i++) sink ^= String(fn()).length;
  const used = process.cpuUsage(before);
  if (sink === -1) console.log('unreachable');
  return (used.user + used.system) / count;
}

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
      // The same node:crypto call (and upper-casing) signParams makes, on the prebuilt text.
      md5Only: () => md5Hex(text),
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
        figure: `${label}: signParams, Node path`,
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
        figure: `${label}: pure-JS path (browser build, its own MD5) vs Node path`,
        unit: 'µs',
        ours: summarize(s.portable),
        baseline: node,
      },
    ];
    rows.push(...labelRows);
    notes.push(
      `${label}: ${cpuMicrosPerCall(fns.node, BOUND.maxCount).toFixed(2)} µs of CPU time per signParams call (Node path; unlike the wall time above, it does not grow when other processes share the cores).`,
    );
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
      'µs per `signParams` call (sign string + MD5 + upper-case hex; the Node build writes the string as UTF-8 bytes straight from the parameters instead of building it). The search signs appKey, keyword, beginPage, ' +
      "pageSize, country and sort; the order body is the spec's `wikiExample` of createOrder (one cargo line, a Chinese address).",
    rows,
    notes,
    elapsedMs: nowMs() - started,
  };
}
