// CPU profiles for figures that miss their target: where the time went, as the top self-time frames.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join, relative } from 'node:path';
import { repoRoot } from './fixtures.js';

interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    hitCount?: number;
    children?: number[];
  }[];
  startTime?: number;
  endTime?: number;
  samples?: number[];
  timeDeltas?: number[];
}

/**
 * The same profile with hit counts from the samples of its last `ms` only: a server's profile covers its
 * whole life, but only the load at its end is of interest, not the module loading at startup.
 */
export function lastMs(profile: CpuProfile, ms: number): CpuProfile {
  const { samples, timeDeltas, startTime, endTime } = profile;
  if (!samples || !timeDeltas || startTime === undefined || endTime === undefined) return profile;
  const from = endTime - ms * 1000;
  const hits = new Map<number, number>();
  let t = startTime;
  for (let i = 0; i < samples.length; i++) {
    t += timeDeltas[i] ?? 0;
    if (t >= from) hits.set(samples[i]!, (hits.get(samples[i]!) ?? 0) + 1);
  }
  return { ...profile, nodes: profile.nodes.map((n) => ({ ...n, hitCount: hits.get(n.id) ?? 0 })) };
}

/** Profiles `fn` in this process with the V8 sampling profiler. */
export async function profileInProcess(fn: () => Promise<unknown>): Promise<CpuProfile> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
    await session.post('Profiler.start');
    // Stop even when fn failed, so the profiler never keeps sampling the rest of the run.
    const outcome = await fn().then(
      () => undefined,
      (error: unknown) => error,
    );
    const { profile } = (await session.post('Profiler.stop')) as { profile: CpuProfile };
    if (outcome !== undefined) throw outcome;
    return profile;
  } finally {
    session.disconnect();
  }
}

/** The newest `.cpuprofile` that `node --cpu-prof --cpu-prof-dir <dir>` wrote. */
export function readNewestProfile(dir: string): CpuProfile {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => join(dir, f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (files.length === 0) throw new Error(`no .cpuprofile was written to ${dir}`);
  return JSON.parse(readFileSync(files[0]!, 'utf8')) as CpuProfile;
}

function where(url: string, line: number): string {
  if (!url) return '';
  const path = url.startsWith('file://') ? new URL(url).pathname : url;
  const short = path.startsWith(repoRoot)
    ? relative(repoRoot, path).replace(/^.*node_modules\/\.pnpm\/[^/]+\/node_modules\//, '')
    : path;
  return ` ${short}:${line + 1}`;
}

/** Which code a frame belongs to: a workspace package, a dependency, Node's internals or V8. */
function origin(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : 'V8/native';
  if (url.includes('undici')) return 'undici (fetch, Request, Response)';
  if (url.startsWith('node:')) return 'node internals';
  const pkg = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/)?.[1];
  if (pkg) return pkg;
  const workspace = url.match(/\/(packages\/[^/]+|bench|spec|docs)\//)?.[1];
  return workspace ?? url;
}

/** Self time summed by origin (package, undici, node internals …), idle time left out. */
export function selfTimeByOrigin(profile: CpuProfile, count = 6): string {
  const byOrigin = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (hits === 0 || node.callFrame.functionName === '(idle)') continue;
    const key = origin(node.callFrame.url, node.callFrame.functionName);
    byOrigin.set(key, (byOrigin.get(key) ?? 0) + hits);
    total += hits;
  }
  if (total === 0) return 'the profile holds no samples';
  return [...byOrigin.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([key, hits]) => `${((hits * 100) / total).toFixed(0)}% ${key}`)
    .join(', ');
}

/** "share% name file:line" for the frames with the most self time, idle time left out. */
export function topFrames(profile: CpuProfile, count = 8): string {
  const self = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (hits === 0 || node.callFrame.functionName === '(idle)') continue;
    const key = `${node.callFrame.functionName || '(anonymous)'}${where(node.callFrame.url, node.callFrame.lineNumber)}`;
    self.set(key, (self.get(key) ?? 0) + hits);
    total += hits;
  }
  if (total === 0) return 'the profile holds no samples';
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([key, hits]) => `${((hits * 100) / total).toFixed(1)}% ${key}`)
    .join('; ');
}

/**
 * Inclusive time (self + callees) of the workspace's own functions (packages/*), the biggest first: which
 * of our functions the time is spent under. Async functions count only their synchronous stretches.
 */
export function workspaceInclusive(profile: CpuProfile, count = 6): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const inclusive = new Map<number, number>();
  const total = (id: number): number => {
    const cached = inclusive.get(id);
    if (cached !== undefined) return cached;
    const node = byId.get(id);
    const idle = node?.callFrame.functionName === '(idle)';
    const sum = idle ? 0 : (node?.hitCount ?? 0) + (node?.children ?? []).reduce((a, c) => a + total(c), 0);
    inclusive.set(id, sum);
    return sum;
  };
  const all = profile.nodes.reduce(
    (a, n) => a + (n.callFrame.functionName === '(idle)' ? 0 : (n.hitCount ?? 0)),
    0,
  );
  if (all === 0) return 'the profile holds no samples';
  // A function can appear at several places in the tree; its outermost appearances are summed once each.
  const byFunction = new Map<string, number>();
  const visit = (id: number, inside: Set<string>) => {
    const node = byId.get(id);
    if (!node) return;
    const { url, functionName, lineNumber } = node.callFrame;
    let key: string | undefined;
    if (/\/packages\/[^/]+\//.test(url) && !url.includes('node_modules')) {
      key = `${functionName || '(anonymous)'}${where(url, lineNumber)}`;
      if (!inside.has(key)) byFunction.set(key, (byFunction.get(key) ?? 0) + total(id));
    }
    const next = key && !inside.has(key) ? new Set([...inside, key]) : inside;
    for (const child of node.children ?? []) visit(child, next);
  };
  const childIds = new Set(profile.nodes.flatMap((n) => n.children ?? []));
  for (const node of profile.nodes) if (!childIds.has(node.id)) visit(node.id, new Set());
  const top = [...byFunction.entries()].sort((a, b) => b[1] - a[1]).slice(0, count);
  if (top.length === 0) return 'no workspace function was sampled';
  return top.map(([key, hits]) => `${((hits * 100) / all).toFixed(1)}% ${key}`).join('; ');
}
