/**
 * The text report of `fmx diff`: a one-line summary, then drivers, features
 * and implementations, each line readable on its own (titles and keys), notes
 * as a word diff. Colour (ANSI) only when asked for.
 */

import type { Value } from './compare.js';
import {
  byDriver,
  byFeature,
  cellOf,
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

export interface TextReportOptions {
  color?: boolean;
}

const SGR = { bold: '1', red: '31', green: '32', yellow: '33' } as const;


export function writeTextReport(input: ReportInput, opts: TextReportOptions = {}): string {
  const paint = (style: keyof typeof SGR, s: string) => (opts.color ? `\x1b[${SGR[style]}m${s}\x1b[0m` : s);
  const titles = new Titles(input.old, input.new);
  const driverName = (key: string) => safe(`${titles.driver(key)} (${key})`);
  const featureName = (key: string) => safe(`${titles.feature(key)} (${key})`);
  const show = (v: Value) => safe(showValue(v));
  const lines: string[] = [`${safe(input.oldName)} -> ${safe(input.newName)}: ${summaryLine(input.changes, { cells: true })}`];
  const section = (heading: string, body: string[]) => {
    if (!body.length) return;
    lines.push('', paint('bold', heading));
    for (const line of body) lines.push(line);
  };

  const notesDiff = (old: Value, nu: Value): string => {
    if (typeof old !== 'string' || typeof nu !== 'string') return `${show(old)} -> ${show(nu)}`;
    return wordDiff(old, nu, input.exact)
      .map((r) => {
        if (r.op === '…') return '…';
        const text = safe(r.words.join(' '));
        if (r.op === '=') return text;
        if (opts.color) return paint(r.op === '-' ? 'red' : 'green', text);
        return r.op === '-' ? `[-${text}-]` : `{+${text}+}`;
      })
      .join(' ');
  };
  const fieldChange = (field: keyof typeof FIELD_LABELS, old: Value, nu: Value) =>
    field === 'notes' ? `notes: ${notesDiff(old, nu)}` : `${FIELD_LABELS[field]}: ${show(old)} -> ${show(nu)}`;

  const drivers: string[] = [
    ...ofKind(input.changes, 'driver-added').map((c) => paint('green', `  + ${driverName(c.driver)}`)),
    ...ofKind(input.changes, 'driver-removed').map((c) => paint('red', `  - ${driverName(c.driver)}`)),
    ...ofKind(input.changes, 'driver-changed').map(
      (c) => `  ${paint('yellow', '~')} ${driverName(c.driver)}: ${fieldChange(c.field, c.old, c.new)}`,
    ),
  ];
  section('Drivers', drivers);

  const features: string[] = [
    ...ofKind(input.changes, 'feature-added').map((c) => paint('green', `  + ${featureName(c.feature)}`)),
    ...ofKind(input.changes, 'feature-removed').map((c) => paint('red', `  - ${featureName(c.feature)}`)),
  ];
  for (const [feature, changes] of byFeature(input.changes)) {
    features.push(`  ${paint('yellow', '~')} ${featureName(feature)}`);
    for (const c of changes) if (c.kind === 'feature-changed') features.push(`      ${fieldChange(c.field, c.old, c.new)}`);
  }
  section('Features', features);

  const cells: string[] = [];
  for (const [, group] of byDriver(input)) {
    if (cells.length) cells.push('');
    for (const cell of group) cells.push(`  ${cellLine(cell)}`);
  }
  section('Implementations', cells);
  return lines.join('\n') + '\n';

  function cellLine(cell: CellChanges): string {
    const head = safe(`${titles.driver(cell.driver)}: ${titles.feature(cell.feature)}`);
    const parts = cell.changes.map((c) => {
      if (c.kind === 'implementation-added') {
        const found = cellOf(input.new, c.feature, c.driver);
        return paint('green', `added (${found ? safe(found.status) : '?'})`);
      }
      if (c.kind === 'implementation-removed') {
        const found = cellOf(input.old, c.feature, c.driver);
        return paint('red', `removed (was ${found ? safe(found.status) : '?'})`);
      }
      if (c.field === 'status') return `${paint('red', show(c.old))} -> ${paint('green', show(c.new))}`;
      return fieldChange(c.field, c.old, c.new);
    });
    return `${head}: ${parts.join('; ')}`;
  }
}
