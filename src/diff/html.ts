/**
 * The HTML report of `fmx diff` (`--format html`): the matrix page's grid
 * (formats/html/grid.ts, the same code) over both versions, with changed
 * cells showing old -> new, added and removed features and drivers marked,
 * and the list of changes below, notes changes as a word diff.
 */

import type { Change, Value } from './compare.js';
import { byFeature, cellOf, FIELD_LABELS, ofKind, showValue, summaryLine, Titles, wordDiff, type ReportInput } from './report.js';
import { attr, esc, renderControls, renderGrid, renderLegend, renderPage, type GridCell, type GridColumn, type GridRow, type Mark } from '../formats/html/grid.js';
import { cellId, featureId } from '../formats/html/layout.js';
import type { Implementation, Matrix } from '../model/matrix.js';

/** Keys of both versions: the new version's order, then what only the old one has. */
function union(newKeys: string[], oldKeys: string[]): string[] {
  const seen = new Set(newKeys);
  return [...newKeys, ...oldKeys.filter((k) => !seen.has(k))];
}

function markOf(key: string, added: Set<string>, removed: Set<string>, changed: Set<string>): Mark | undefined {
  return added.has(key) ? 'added' : removed.has(key) ? 'removed' : changed.has(key) ? 'changed' : undefined;
}

export function writeHtmlReport(input: ReportInput): string {
  const titles = new Titles(input.old, input.new);
  const ch = input.changes;
  const keys = (kind: Change['kind'], field: 'driver' | 'feature') =>
    new Set(ch.filter((c) => c.kind === kind).map((c) => (c as Record<typeof field, string>)[field]));
  const dAdded = keys('driver-added', 'driver');
  const dRemoved = keys('driver-removed', 'driver');
  const dChanged = keys('driver-changed', 'driver');
  const fAdded = keys('feature-added', 'feature');
  const fRemoved = keys('feature-removed', 'feature');
  const fChanged = new Set(ch.filter((c) => c.kind === 'feature-changed' || c.kind.startsWith('implementation-')).map((c) => (c as { feature: string }).feature));
  const cellChanges = new Map<string, Change[]>();
  for (const c of ch) {
    if (!c.kind.startsWith('implementation-')) continue;
    const k = cellId((c as { feature: string }).feature, (c as { driver: string }).driver);
    cellChanges.set(k, [...(cellChanges.get(k) ?? []), c]);
  }

  const driverKeys = union(input.new.drivers.map((d) => d.key), input.old.drivers.map((d) => d.key));
  const featureKeys = union(input.new.features.map((f) => f.key), input.old.features.map((f) => f.key));
  const columns: GridColumn[] = driverKeys.map((k) => ({ key: k, title: titles.driver(k), mark: markOf(k, dAdded, dRemoved, dChanged) }));

  const rows: GridRow[] = featureKeys.map((fk) => {
    const fMark = markOf(fk, fAdded, fRemoved, fChanged);
    const cells: GridCell[] = driverKeys.map((dk) => {
      const id = cellId(fk, dk);
      const gone = fRemoved.has(fk) || dRemoved.has(dk);
      const now = cellOf(gone ? input.old : input.new, fk, dk);
      const before = cellOf(input.old, fk, dk);
      const changes = cellChanges.get(id) ?? [];
      const tip: string[] = [];
      let mark: Mark | undefined = fAdded.has(fk) || dAdded.has(dk) ? 'added' : gone ? 'removed' : undefined;
      let status: string | null = now ? now.status : null;
      let old: string | null | undefined;
      for (const c of changes) {
        if (c.kind === 'implementation-added') {
          mark = 'added';
          tip.push('Added.');
        } else if (c.kind === 'implementation-removed') {
          mark = 'removed';
          status = before ? before.status : null;
          tip.push('Removed.');
        } else if (c.kind === 'implementation-changed') {
          mark = 'changed';
          if (c.field === 'status') old = typeof c.old === 'string' ? c.old : null;
          tip.push(`${FIELD_LABELS[c.field]}: ${showValue(c.old)} → ${showValue(c.new)}`);
        }
      }
      const shown: Implementation | undefined = mark === 'removed' ? before : now;
      if (shown?.notes) tip.push(shown.notes);
      const cell: GridCell = { id, status, tip: tip.join('\n\n'), notes: !!shown?.notes && shown.notes.trim() !== '' };
      if (old !== undefined) cell.old = old;
      if (mark) cell.mark = mark;
      return cell;
    });
    const row: GridRow = { key: fk, title: titles.feature(fk), href: fChanged.has(fk) || fAdded.has(fk) || fRemoved.has(fk) ? featureId(fk) : cells[0]?.id ?? featureId(fk), cells };
    if (fMark) row.mark = fMark;
    return row;
  });

  const title = `Changes from ${input.oldName} to ${input.newName}`;
  const body: string[] = [`<header><h1 class="fmx-pre">${esc(title)}</h1>`, `<p>${esc(summaryLine(ch).replace(/^./, (c) => c.toUpperCase()))}.</p></header><main>`];
  body.push(renderControls(columns));
  body.push(renderGrid({ caption: `${featureKeys.length} features by ${driverKeys.length} drivers, both versions`, columns, rows }));
  body.push(
    renderLegend([
      '<span class="fmx-key" aria-hidden="true">✘→✔</span> a changed status, old → new (a framed cell changed)',
      '<span class="fmx-mark">(added)</span>, <span class="fmx-mark">(removed)</span>: a feature, driver or cell only the new or the old version has',
    ]),
  );
  body.push(changeList(input, titles));
  body.push('</main><footer>Written by fmx diff.</footer>');
  return renderPage({ title, body: body.join('\n') });
}

function value(v: Value): string {
  return `<code class="fmx-pre">${esc(showValue(v))}</code>`;
}

function notesDiff(old: Value, nu: Value, exact: boolean | undefined): string {
  if (typeof old !== 'string' || typeof nu !== 'string') return `${value(old)} → ${value(nu)}`;
  return wordDiff(old, nu, exact)
    .map((r) => {
      if (r.op === '…') return '…';
      const t = esc(r.words.join(' '));
      return r.op === '=' ? t : r.op === '-' ? `<del>${t}</del>` : `<ins>${t}</ins>`;
    })
    .join(' ');
}

/** The list of changes, in the text report's order: drivers, features, then each feature's cells. */
function changeList(input: ReportInput, titles: Titles): string {
  const ch = input.changes;
  const driver = (k: string) => `<strong>${esc(titles.driver(k))}</strong> <code>${esc(k)}</code>`;
  const feature = (k: string) => `<strong>${esc(titles.feature(k))}</strong> <code>${esc(k)}</code>`;
  const field = (label: string, old: Value, nu: Value, notes: boolean) =>
    `${esc(label)}: ${notes ? notesDiff(old, nu, input.exact) : `${value(old)} → ${value(nu)}`}`;
  const out: string[] = ['<section class="fmx-changes" aria-labelledby="fmx:changes"><h2 id="fmx:changes">Changes</h2>'];
  if (!ch.length) out.push('<p>No changes.</p>');
  const drivers = [
    ...ofKind(ch, 'driver-added').map((c) => `<li>Added: ${driver(c.driver)}</li>`),
    ...ofKind(ch, 'driver-removed').map((c) => `<li>Removed: ${driver(c.driver)}</li>`),
    ...ofKind(ch, 'driver-changed').map((c) => `<li>Changed: ${driver(c.driver)}: ${field(FIELD_LABELS[c.field], c.old, c.new, false)}</li>`),
  ];
  if (drivers.length) out.push('<h3>Drivers</h3><ul>', ...drivers, '</ul>');

  const perFeature = new Map<string, string[]>();
  const add = (k: string, line: string) => perFeature.set(k, [...(perFeature.get(k) ?? []), line]);
  for (const c of ofKind(ch, 'feature-added')) add(c.feature, 'Added.');
  for (const c of ofKind(ch, 'feature-removed')) add(c.feature, 'Removed.');
  for (const [k, changes] of byFeature(ch)) {
    for (const c of changes) if (c.kind === 'feature-changed') add(k, field(FIELD_LABELS[c.field], c.old, c.new, c.field === 'notes'));
  }
  for (const c of ch) {
    if (c.kind === 'implementation-added') add(c.feature, `${driver(c.driver)}: added (${value(statusOf(input.new, c.feature, c.driver))})`);
    else if (c.kind === 'implementation-removed') add(c.feature, `${driver(c.driver)}: removed (was ${value(statusOf(input.old, c.feature, c.driver))})`);
    else if (c.kind === 'implementation-changed') add(c.feature, `${driver(c.driver)}: ${field(FIELD_LABELS[c.field], c.old, c.new, c.field === 'notes')}`);
  }
  if (perFeature.size) {
    out.push('<h3>Features</h3><ul>');
    for (const [k, lines] of perFeature) {
      out.push(`<li id="${attr(featureId(k))}">${feature(k)}<ul>${lines.map((l) => `<li>${l}</li>`).join('')}</ul></li>`);
    }
    out.push('</ul>');
  }
  out.push('</section>');
  return out.join('\n');
}

function statusOf(m: Matrix, feature: string, driver: string): Value {
  return cellOf(m, feature, driver)?.status ?? null;
}
