import { describe, expect, it } from 'vitest';
import { DriftCollector, type Finding, formatSummary } from '../src/index.js';

const spec = { title: 'Daji Open Platform API', version: '1.0.0' };
const since = new Date('2026-01-02T03:04:05.000Z');

const f = (
  pointer: string,
  kind: Finding['kind'],
  seen = 'string',
  side: Finding['in'] = 'response',
): Finding => ({
  in: side,
  pointer,
  kind,
  expected: 'integer',
  seen,
});

describe('DriftCollector', () => {
  it('merges findings by operation, side, pointer and kind, counting calls', () => {
    const drift = new DriftCollector({ spec, since });
    drift.record('getOrderDetail', [f('/data/a', 'type'), f('/data/a', 'type')], false);
    drift.record('getOrderDetail', [f('/data/a', 'type', 'boolean'), f('/data/b', 'unknown-field')], true);
    drift.record('getOrderDetail', [], true);
    drift.record('keywordSearch', [f('/query/pageSize', 'type', 'string', 'request')], true);
    expect(drift.toJSON()).toEqual({
      spec,
      since: '2026-01-02T03:04:05.000Z',
      operations: {
        getOrderDetail: {
          calls: 3,
          valid: 2,
          deviations: [
            {
              in: 'response',
              pointer: '/data/a',
              kind: 'type',
              expected: 'integer',
              seen: 'string | boolean',
              count: 2,
            },
            {
              in: 'response',
              pointer: '/data/b',
              kind: 'unknown-field',
              expected: 'integer',
              seen: 'string',
              count: 1,
            },
          ],
        },
        keywordSearch: {
          calls: 1,
          valid: 1,
          deviations: [
            {
              in: 'request',
              pointer: '/query/pageSize',
              kind: 'type',
              expected: 'integer',
              seen: 'string',
              count: 1,
            },
          ],
        },
      },
    });
  });

  it('stays under 1 MB after 100,000 calls, even with a new undocumented field in every answer', () => {
    const drift = new DriftCollector({ spec, since });
    for (let i = 0; i < 100_000; i++) {
      drift.record(
        i % 2 ? 'getOrderDetail' : 'keywordSearch',
        [f(`/data/field${i}`, 'unknown-field'), f('/data/status', 'enum', `status-${i}`), f('/code', 'type')],
        i % 3 === 0,
      );
      drift.recordUnmatched('GET', `/unknown/${i}`);
    }
    const report = drift.toJSON();
    const size = JSON.stringify(report).length;
    expect(size).toBeLessThan(1_000_000);
    const op = report.operations.getOrderDetail!;
    expect(op.calls).toBe(50_000);
    expect(op.deviations.length).toBe(200);
    expect(op.droppedDeviations).toBe(50_000 - 198);
    expect(op.deviations.find((d) => d.pointer === '/code')?.count).toBe(50_000);
    expect(op.deviations.find((d) => d.pointer === '/data/status')?.seen.split(' | ')).toHaveLength(6);
    expect(Object.keys(report.unmatched!)).toHaveLength(51);
    expect(report.unmatched!.other).toBe(100_000 - 50);
  });

  it('counts calls without an answer apart from drift', () => {
    const drift = new DriftCollector({ spec, since });
    drift.recordUpstreamFailure();
    expect(drift.toJSON()).toEqual({ spec, since: since.toISOString(), operations: {}, upstreamFailures: 1 });
  });

  it('summarises the report as a table with the most frequent deviations', () => {
    const drift = new DriftCollector({ spec, since });
    drift.record('getOrderDetail', [f('/data/a', 'type')], false);
    drift.record('getOrderDetail', [f('/data/a', 'type')], false);
    drift.record('keywordSearch', [], true);
    expect(drift.summary().split('\n')).toEqual([
      'Drift against Daji Open Platform API 1.0.0 since 2026-01-02T03:04:05.000Z',
      'operation         calls    valid  deviations',
      'getOrderDetail        2        0  1',
      '                  type /data/a: expected integer, seen string (2×)',
      'keywordSearch         1        1  -',
    ]);
    expect(formatSummary(new DriftCollector({ spec, since }).toJSON())).toContain('No calls yet.');
  });
});
