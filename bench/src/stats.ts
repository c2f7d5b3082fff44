import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
// Summaries and bounded loops shared by every figure.

/** The spread of one measurement over its runs. */
export interface Stat {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export function summarize(samples: readonly number[]): Stat {
  if (samples.length === 0) throw new Error('summarize: no samples (the measurement never completed a run)');
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, runs: sorted.length };
}

export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Limits for one run: it stops at whichever comes first. */
export interface Bound {
  maxCount: number;
  maxMs: number;
}

/**
 * Mean µs per call of `fn`, timed over batches so the clock is read rarely. Stops at `maxCount` calls or
 * `maxMs`, whichever comes first. `fn` returns something derived from its work so it cannot be optimised away.
 */
export function microsPerCall(fn: () => unknown, bound: Bound, batch = 200): number {
  let calls = 0;
  let sink = 0;
  const started = nowMs();
  let elapsed = 0;
  while (calls < bound.maxCount && elapsed < bound.maxMs) {
    for (let i = 0; i < batch; i++) {
      const out = fn();
      sink ^= typeof out === 'string' ? out.length : out ? 1 : 0;
    }
    calls += batch;
    elapsed = nowMs() - started;
  }
  if (sink === -1) console.log('unreachable');
  return (elapsed * 1000) / calls;
}

export interface Throughput {
  perSecond: number;
  /** CPU time (user + system) this process spent per request, in µs. */
  cpuMicros: number;
}

/**
 * Requests per second of `request`, with `inFlight` callers each sending one after another, until
 * `maxCount` requests have completed or `maxMs` has passed. Any failed request fails the run.
 */
export async function requestsPerSecond(
  request: () => Promise<void>,
  inFlight: number,
  bound: Bound,
): Promise<Throughput> {
  let started = 0;
  let done = 0;
  const cpu0 = process.cpuUsage();
  const t0 = nowMs();
  const worker = async () => {
    while (started < bound.maxCount && nowMs() - t0 < bound.maxMs) {
      started++;
      await request();
      done++;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  const elapsed = nowMs() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { perSecond: (done * 1000) / elapsed, cpuMicros: (cpu.user + cpu.system) / done };
}

/** Runs `rounds` rounds of every variant, rotating the order each round so drift hits all alike. */
export async function interleaved<K extends string, T = number>(
  variants: Record<K, () => Promise<T> | T>,
  rounds: number,
): Promise<Record<K, T[]>> {
  const names = Object.keys(variants) as K[];
  const samples = Object.fromEntries(names.map((n) => [n, [] as T[]])) as Record<K, T[]>;
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(round + i) % names.length]!;
      samples[name].push(await variants[name]());
    }
  }
  return samples;
}

/** `BENCH_QUICK=1` shrinks every figure for trying changes out; results.md says so at the top. */
export const quick = process.env.BENCH_QUICK === '1';

/** Measured rounds per figure: 5 (2 in quick mode). */
export const ROUNDS = quick ? 2 : 5;

/** `BENCH_PROFILE=1` adds the CPU profile notes to every figure, not only to those that miss their target. */
export const profileAlways = process.env.BENCH_PROFILE === '1';

// A full garbage collection on demand (as `node --expose-gc` gives), made available on first use only, so
// figures that never ask for it run exactly as before.
let collectGarbage: (() => void) | undefined;

/**
 * Collects all garbage and lets the finalizers it queued run, so the run that follows starts clean: in an
 * interleaved figure, the garbage a fetch-based client leaves (undici's requests, signals and their
 * FinalizationRegistry entries) would otherwise be collected while the next variant is being timed.
 */
export async function settleGarbage(): Promise<void> {
  if (!collectGarbage) {
    setFlagsFromString('--expose-gc');
    collectGarbage = runInNewContext('gc') as () => void;
  }
  collectGarbage();
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setTimeout(resolve, 5));
}
