/**
 * The Markdown report of `fmx diff`: the text report's content as a document
 * (GitHub-flavoured: a table of per-driver gains and losses), notes changes
 * as a word diff (~~removed~~ **added**).
 */

import type { Value } from './compare.js';
import {
  byDriver,
  byFeature,
  cellOf,
  driverTallies,
  FIELD_LABELS,
  ofKind,
  safe,
  showValue,
  summaryLine,
  Titles,
  wordDiff,
  type CellChanges,
  type ReportInput,
} from './report.js';

/** Text that Markdown shows as written (inline). */
export function mdText(s: string): string {
  return safe(s.replace(/\s+/g, ' ')).replace(/[\\`*_[\]<>|~#]/g, (c) => `\\${c}`);
}

/** An inline code span holding `s` whatever backticks it contains. */
export function mdCode(s: string): string {
  const t = safe(s.replace(/\s+/g, ' '));
  let fence = '`';
  while (t.includes(fence)) fence += '`';
  const pad = t.startsWith('`') || t.endsWith('`') || (t.startsWith(' ') && t.endsWith(' ') && t.trim() !== '') ? ' ' : '';
  return `${fence}${pad}${t}${pad}${fence}`;
}

export function writeMarkdownReport(input: ReportInput): string {
  const titles = new Titles(input.old, input.new);
  const driverName = (key: string) => `**${mdText(titles.driver(key))}** (${mdCode(key)})`;
  const featureName = (key: string) => `**${mdText(titles.feature(key))}** (${mdCode(key)})`;
  const value = (v: Value) => (v === null || (Array.isArray(v) && v.length === 0) ? '*(none)*' : mdCode(showValue(v)));
  const notesDiff = (old: Value, nu: Value): string => {
    if (typeof old !== 'string' || typeof nu !== 'string') return `${value(old)} → ${value(nu)}`;
    return wordDiff(old, nu, input.exact)
      .map((r) => {
        if (r.op === '…') return '…';
        const text = mdText(r.words.join(' '));
        return r.op === '=' ? text : r.op === '-' ? `~~${text}~~` : `**${text}**`;
      })
      .join(' ');
  };
  const fieldChange = (field: keyof typeof FIELD_LABELS, old: Value, nu: Value) =>
    field === 'notes' ? `notes: ${notesDiff(old, nu)}` : `${FIELD_LABELS[field]}: ${value(old)} → ${value(nu)}`;

  const out: string[] = [
    `# Changes from ${mdCode(input.oldName)} to ${mdCode(input.newName)}`,
    '',
    `${summaryLine(input.changes).replace(/^./, (c) => c.toUpperCase())}.`,
  ];
  const section = (heading: string, body: string[]) => {
    if (!body.length) return;
    out.push('', heading, '');
    for (const line of body) out.push(line);
  };

  const tallies = driverTallies(input);
  if (tallies.length) {
    section('## Gains and losses per driver', [
      '| Driver | Gained | Lost | Other changes |',
      '| --- | ---: | ---: | ---: |',
      ...tallies.map((t) => `| ${mdText(titles.driver(t.driver))} | ${t.gained} | ${t.lost} | ${t.other} |`),
      '',
      '*Gained*: a cell moved up (missing or unknown → partial → complete) or was added with support; *lost*: the reverse.',
    ]);
  }

  const drivers: string[] = [
    ...ofKind(input.changes, 'driver-added').map((c) => `- Added: ${driverName(c.driver)}`),
    ...ofKind(input.changes, 'driver-removed').map((c) => `- Removed: ${driverName(c.driver)}`),
    ...ofKind(input.changes, 'driver-changed').map((c) => `- Changed: ${driverName(c.driver)}: ${fieldChange(c.field, c.old, c.new)}`),
  ];
  section('## Drivers', drivers);

  const features: string[] = [
    ...ofKind(input.changes, 'feature-added').map((c) => `- Added: ${featureName(c.feature)}`),
    ...ofKind(input.changes, 'feature-removed').map((c) => `- Removed: ${featureName(c.feature)}`),
  ];
  for (const [feature, changes] of byFeature(input.changes)) {
    features.push(`- Changed: ${featureName(feature)}`);
    for (const c of changes) if (c.kind === 'feature-changed') features.push(`  - ${fieldChange(c.field, c.old, c.new)}`);
  }
  section('## Features', features);

  const groups = byDriver(input);
  if (groups.length) {
    out.push('', '## Implementations');
    for (const [driver, changes] of groups) {
      out.push('', `### ${mdText(titles.driver(driver))} (${mdCode(driver)})`, '');
      for (const cell of changes) out.push(`- ${cellLine(cell)}`);
    }
  }
  return out.join('\n') + '\n';

  function cellLine(cell: CellChanges): string {
    const parts = cell.changes.map((c) => {
      if (c.kind === 'implementation-added') {
        const found = cellOf(input.new, c.feature, c.driver);
        return `added (${found ? mdCode(found.status) : '?'})`;
      }
      if (c.kind === 'implementation-removed') {
        const found = cellOf(input.old, c.feature, c.driver);
        return `removed (was ${found ? mdCode(found.status) : '?'})`;
      }
      if (c.field === 'status') return `${value(c.old)} → ${value(c.new)}`;
      return fieldChange(c.field, c.old, c.new);
    });
    return `${mdText(titles.feature(cell.feature))}: ${parts.join('; ')}`;
  }
}
