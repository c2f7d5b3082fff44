import type { Deviation, DeviationKind, DeviationSide, Finding } from './deviation.js';

/** Per operation: answered calls, answers the spec accepts, and the merged deviations. */
export interface OperationDrift {
  calls: number;
  valid: number;
  deviations: Deviation[];
  /** Distinct deviations not kept because the operation already had `maxDeviationsPerOperation`. */
  droppedDeviations?: number;
}

/** The drift report: the JSON written to `--report`, served at `GET /__drift`, and what `toJSON` returns. */
export interface DriftReport {
  spec: { title: string; version: string };
  /** When collecting started (ISO 8601). */
  since: string;
  operations: Record<string, OperationDrift>;
  /** Requests for a method and path the spec does not have, as `"GET /path": count`. */
  unmatched?: Record<string, number>;
  /** Calls that got no answer (upstream unreachable or too slow): counted, but not drift. */
  upstreamFailures?: number;
}

export interface DriftCollectorOptions {
  spec: { title: string; version: string };
  since?: Date;
  /** Distinct deviations kept per operation; more are counted in `droppedDeviations`. Default 200. */
  maxDeviationsPerOperation?: number;
  /** Distinct unmatched method + path pairs kept; the rest are summed under `"other"`. Default 50. */
  maxUnmatched?: number;
}

const MAX_SEEN = 5;
const MAX_PATH = 120;

interface Entry {
  in: DeviationSide;
  pointer: string;
  kind: DeviationKind;
  expected: string;
  seen: string[];
  seenMore: boolean;
  count: number;
}

interface OperationState {
  calls: number;
  valid: number;
  entries: Map<string, Entry>;
  dropped: number;
}

/**
 * Merges findings from many calls into one bounded report: one entry per operation, side, pointer and
 * kind, counting the calls that showed it. Memory and report size depend on the spec, not on traffic.
 */
export class DriftCollector {
  private readonly operations = new Map<string, OperationState>();
  private readonly unmatched = new Map<string, number>();
  private upstreamFailures = 0;
  private readonly since: Date;
  private readonly maxDeviations: number;
  private readonly maxUnmatched: number;

  constructor(private readonly options: DriftCollectorOptions) {
    this.since = options.since ?? new Date();
    this.maxDeviations = options.maxDeviationsPerOperation ?? 200;
    this.maxUnmatched = options.maxUnmatched ?? 50;
  }

  /**
   * Adds one call. `valid` says whether its answer satisfied the spec; findings of both sides are merged,
   * and a finding repeated within the call counts once.
   */
  record(operationId: string, findings: readonly Finding[], valid: boolean): void {
    let state = this.operations.get(operationId);
    if (!state) {
      state = { calls: 0, valid: 0, entries: new Map(), dropped: 0 };
      this.operations.set(operationId, state);
    }
    state.calls += 1;
    if (valid) state.valid += 1;
    const counted = new Set<string>();
    for (const f of findings) {
      const key = `${f.in}\u0000${f.pointer}\u0000${f.kind}`;
      const entry = state.entries.get(key);
      if (!entry) {
        if (state.entries.size >= this.maxDeviations) {
          if (!counted.has(key)) state.dropped += 1;
          counted.add(key);
          continue;
        }
        state.entries.set(key, {
          in: f.in,
          pointer: f.pointer,
          kind: f.kind,
          expected: f.expected,
          seen: [f.seen],
          seenMore: false,
          count: 1,
        });
        counted.add(key);
        continue;
      }
      if (!entry.seen.includes(f.seen)) {
        if (entry.seen.length < MAX_SEEN) entry.seen.push(f.seen);
        else entry.seenMore = true;
      }
      if (!counted.has(key)) entry.count += 1;
      counted.add(key);
    }
  }

  /** Counts a request the spec has no operation for. */
  recordUnmatched(method: string, path: string): void {
    const shortPath = path.length > MAX_PATH ? `${path.slice(0, MAX_PATH)}…` : path;
    const key = `${method.toUpperCase()} ${shortPath}`;
    if (this.unmatched.has(key) || this.unmatched.size < this.maxUnmatched) {
      this.unmatched.set(key, (this.unmatched.get(key) ?? 0) + 1);
    } else {
      this.unmatched.set('other', (this.unmatched.get('other') ?? 0) + 1);
    }
  }

  /** Counts a call that got no answer from upstream. */
  recordUpstreamFailure(): void {
    this.upstreamFailures += 1;
  }

  /** The report as plain JSON, operations and deviations in a stable order. */
  toJSON(): DriftReport {
    const operations: Record<string, OperationDrift> = {};
    for (const id of [...this.operations.keys()].sort()) {
      const state = this.operations.get(id)!;
      const deviations = [...state.entries.values()]
        .sort((a, b) => order(a.in, b.in) || order(a.pointer, b.pointer) || order(a.kind, b.kind))
        .map(
          (e): Deviation => ({
            in: e.in,
            pointer: e.pointer,
            kind: e.kind,
            expected: e.expected,
            seen: e.seenMore ? `${e.seen.join(' | ')} | …` : e.seen.join(' | '),
            count: e.count,
          }),
        );
      operations[id] = {
        calls: state.calls,
        valid: state.valid,
        deviations,
        ...(state.dropped > 0 ? { droppedDeviations: state.dropped } : {}),
      };
    }
    return {
      spec: { title: this.options.spec.title, version: this.options.spec.version },
      since: this.since.toISOString(),
      operations,
      ...(this.unmatched.size > 0 ? { unmatched: Object.fromEntries(this.unmatched) } : {}),
      ...(this.upstreamFailures > 0 ? { upstreamFailures: this.upstreamFailures } : {}),
    };
  }

  /** A plain-text table of the report for a terminal: one row per operation, its most frequent deviations beneath. */
  summary(topPerOperation = 5): string {
    return formatSummary(this.toJSON(), topPerOperation);
  }
}

/** Formats a drift report as a plain-text table. */
export function formatSummary(report: DriftReport, topPerOperation = 5): string {
  const ids = Object.keys(report.operations);
  const lines = [`Drift against ${report.spec.title} ${report.spec.version} since ${report.since}`];
  if (ids.length === 0) {
    lines.push('No calls yet.');
    return lines.join('\n');
  }
  const width = Math.max(9, ...ids.map((id) => id.length));
  lines.push(`${'operation'.padEnd(width)}  ${'calls'.padStart(7)}  ${'valid'.padStart(7)}  deviations`);
  for (const id of ids) {
    const op = report.operations[id]!;
    const distinct = op.deviations.length + (op.droppedDeviations ?? 0);
    lines.push(
      `${id.padEnd(width)}  ${String(op.calls).padStart(7)}  ${String(op.valid).padStart(7)}  ${distinct === 0 ? '-' : distinct}`,
    );
    const top = [...op.deviations].sort((a, b) => b.count - a.count).slice(0, topPerOperation);
    for (const d of top) {
      const where = d.in === 'request' ? `request ${d.pointer}` : d.pointer || '(body)';
      lines.push(
        `${' '.repeat(width)}    ${d.kind} ${where}: expected ${d.expected}, seen ${d.seen} (${d.count}×)`,
      );
    }
    if (op.deviations.length > top.length) {
      lines.push(`${' '.repeat(width)}    … ${op.deviations.length - top.length} more in the report`);
    }
  }
  const unmatched = Object.values(report.unmatched ?? {}).reduce((a, b) => a + b, 0);
  if (unmatched > 0) lines.push(`${unmatched} call(s) to paths the spec does not have.`);
  if (report.upstreamFailures) lines.push(`${report.upstreamFailures} call(s) got no answer from upstream.`);
  return lines.join('\n');
}

function order(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
