// The shape every figure returns, and how results.md renders it.
import type { Stat } from './stats.js';

/**
 * What a row must reach. `ratio-min`/`ratio-max` bound ours ÷ baseline (medians); `max` bounds ours itself.
 */
export type Target =
  | { kind: 'ratio-min'; value: number }
  | { kind: 'ratio-max'; value: number }
  | { kind: 'max'; value: number };

export interface Row {
  /** What is compared, e.g. "sequential — createDajiClient vs raw fetch". */
  figure: string;
  unit: string;
  ours: Stat;
  baseline?: Stat;
  target?: Target;
  /** Extra context in the figure cell, e.g. run count when it differs from the figure's default. */
  note?: string;
}

export interface FigureResult {
  id: number;
  title: string;
  /** One or two sentences: what "ours" and "baseline" are. */
  about: string;
  rows: Row[];
  /** Profiles of missed targets, environment caveats. */
  notes: string[];
  elapsedMs: number;
}

export type Verdict = 'met' | 'MISSED' | '—';

export function ratioOf(row: Row): number | undefined {
  return row.baseline && row.baseline.median !== 0 ? row.ours.median / row.baseline.median : undefined;
}

export function verdict(row: Row): Verdict {
  const { target } = row;
  if (!target) return '—';
  if (target.kind === 'max') return row.ours.median <= target.value ? 'met' : 'MISSED';
  const ratio = ratioOf(row);
  if (ratio === undefined) return 'MISSED';
  return (target.kind === 'ratio-min' ? ratio >= target.value : ratio <= target.value) ? 'met' : 'MISSED';
}

export function missed(rows: readonly Row[]): Row[] {
  return rows.filter((r) => verdict(r) === 'MISSED');
}

/** 3 significant digits, without exponent notation. */
export function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  if (abs >= 100) return Math.round(n).toLocaleString('en-US');
  if (abs >= 10) return n.toFixed(1);
  if (abs >= 1) return n.toFixed(2);
  return n.toPrecision(3);
}

function stat(s: Stat, unit: string): string {
  return `${fmt(s.median)} ${unit} (${fmt(s.min)}–${fmt(s.max)}, n=${s.runs})`;
}

function targetText(t: Target | undefined, unit: string): string {
  if (!t) return '—';
  if (t.kind === 'max') return `≤ ${fmt(t.value)} ${unit}`;
  return `${t.kind === 'ratio-min' ? '≥' : '≤'} ${t.value}×`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function renderFigure(f: FigureResult): string {
  const lines = [
    `## ${f.id}. ${f.title}`,
    '',
    f.about,
    '',
    '| figure | ours | baseline | ratio | target | met/missed |',
    '|---|---|---|---|---|---|',
  ];
  for (const row of f.rows) {
    const ratio = ratioOf(row);
    const v = verdict(row);
    lines.push(
      `| ${cell(row.note ? `${row.figure} (${row.note})` : row.figure)} | ${stat(row.ours, row.unit)} | ${
        row.baseline ? stat(row.baseline, row.unit) : '—'
      } | ${ratio === undefined ? '—' : `${ratio.toFixed(2)}×`} | ${targetText(row.target, row.unit)} | ${
        v === 'MISSED' ? '**MISSED**' : v
      } |`,
    );
  }
  if (f.notes.length > 0) {
    lines.push('');
    for (const note of f.notes) lines.push(`- ${note.replace(/\n/g, '\n  ')}`);
  }
  lines.push('', `_Figure time: ${(f.elapsedMs / 1000).toFixed(1)} s._`, '');
  return lines.join('\n');
}

export function renderFailure(id: number, title: string, error: unknown, elapsedMs: number): string {
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return [
    `## ${id}. ${title}`,
    '',
    `**Not measured**: the figure failed after ${(elapsedMs / 1000).toFixed(1)} s.`,
    '',
    '```',
    message.split('\n').slice(0, 8).join('\n'),
    '```',
    '',
  ].join('\n');
}
