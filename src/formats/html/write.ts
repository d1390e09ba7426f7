/**
 * HTML writer: the matrix as one self-contained page people open in a
 * browser (see grid.ts for the grid, filters and behaviour), with a details
 * section per feature, the list of drivers and the document's prose. The page
 * carries the model (layout.ts), so that fmx reads its own page back exactly.
 */

import type { CellHistory } from '../../model/history.js';
import type { Feature, Implementation, Matrix } from '../../model/matrix.js';
import type { Loaded, WriteOptions } from '../types.js';
import { attr, esc, httpUrl, linkOrText, renderControls, renderGrid, renderLegend, renderPage, type GridCell, type GridRow } from './grid.js';
import { cellId, driverId, embedModel, featureId, MODEL_ELEMENT_ID, MODEL_ELEMENT_TYPE, statusCategory } from './layout.js';

export const DEFAULT_TITLE = 'Feature support matrix';

/** A driver's or feature's name as shown: its title, else its key, else a placeholder. */
export function shownTitle(title: string | null, key: string): string {
  if (title !== null && title.trim() !== '') return title;
  return key !== '' ? key : '(untitled)';
}

/** The line a cell's popup gives its last change (`fmx blame`). */
export function historyLine(h: CellHistory): string {
  const release = h.release ? ` (${h.release})` : '';
  return `Last changed ${h.date}${release} in ${h.commit.slice(0, 12)}: ${h.subject} (${h.author})`;
}

function historyMap(list: readonly CellHistory[] | undefined): Map<string, CellHistory> {
  const map = new Map<string, CellHistory>();
  for (const h of list ?? []) map.set(`${h.feature}\u0000${h.driver}`, h);
  return map;
}

/** What a cell's popup says besides feature, driver and status: its release, notes and last change. */
function cellTip(cell: Implementation | undefined, h: CellHistory | undefined): string {
  const parts: string[] = [];
  if (cell?.release != null) parts.push(`Since ${cell.release}`);
  if (cell && hasNotes(cell)) parts.push(cell.notes!);
  if (h) parts.push(historyLine(h));
  return parts.join('\n\n');
}

function hasNotes(cell: Implementation): boolean {
  return cell.notes !== null && cell.notes.trim() !== '';
}

function gridRows(m: Matrix, history: Map<string, CellHistory>): GridRow[] {
  return m.features.map((f) => {
    const byDriver = new Map<string, Implementation>();
    for (const i of f.implementations) if (!byDriver.has(i.driver)) byDriver.set(i.driver, i);
    const cells: GridCell[] = m.drivers.map((d) => {
      const cell = byDriver.get(d.key);
      const h = history.get(`${f.key}\u0000${d.key}`);
      return {
        id: cellId(f.key, d.key),
        status: cell ? cell.status : null,
        tip: cellTip(cell, h),
        notes: !!cell && hasNotes(cell),
      };
    });
    const row: GridRow = { key: f.key, title: shownTitle(f.title, f.key), href: featureId(f.key), cells };
    if (f.status !== null && f.status.trim() !== '') row.aside = f.status;
    return row;
  });
}

function dlItem(term: string, value: string | null): string {
  return value === null ? '' : `<dt>${esc(term)}</dt><dd>${value}</dd>`;
}

function text(s: string): string {
  return `<span class="fmx-pre">${esc(s)}</span>`;
}

function featureDetails(f: Feature, m: Matrix, history: Map<string, CellHistory>): string {
  const titles = new Map(m.drivers.map((d) => [d.key, shownTitle(d.title, d.key)]));
  const out: string[] = [`<section id="${attr(featureId(f.key))}" aria-labelledby="${attr(featureId(f.key))}:h">`];
  out.push(`<h3 id="${attr(featureId(f.key))}:h">${esc(shownTitle(f.title, f.key))}</h3><dl>`);
  out.push(dlItem('Key', `<code>${esc(f.key)}</code>`));
  out.push(dlItem('Status', f.status === null ? null : text(f.status)));
  out.push(dlItem('Group', f.group === null ? null : text(f.group)));
  out.push(dlItem('Maturity', f.maturity === null ? null : text(f.maturity)));
  out.push(dlItem('CLI commands', f.cli.length ? f.cli.map((c) => `<code class="fmx-pre">${esc(c)}</code>`).join('<br>') : null));
  out.push(dlItem('API alias', f.api === null ? null : `<code class="fmx-pre">${esc(f.api)}</code>`));
  out.push(dlItem('API reference', f.apiDocLink === null ? null : linkOrText(f.apiDocLink)));
  out.push(dlItem('Admin guide', f.adminDocLink === null ? null : linkOrText(f.adminDocLink)));
  out.push(dlItem('Tempest tests', f.tempestTestUuids.length ? f.tempestTestUuids.map((t) => `<code class="fmx-pre">${esc(t)}</code>`).join('<br>') : null));
  out.push(dlItem('Notes', f.notes === null ? null : text(f.notes)));
  for (const e of f.extras ?? []) out.push(dlItem(`Option ${e.name}`, text(e.value)));
  out.push('</dl>');
  // The grid shows every status; here, the cells that say more (notes, a release, an odd status, a history).
  const told = f.implementations.filter(
    (i) => hasNotes(i) || i.release !== null || statusCategory(i.status) === 'other' || !titles.has(i.driver) || history.has(`${f.key}\u0000${i.driver}`),
  );
  if (told.length) {
    out.push('<h4>Driver notes</h4><ul class="fmx-cells">');
    for (const i of told) {
      const h = history.get(`${f.key}\u0000${i.driver}`);
      const where = titles.has(i.driver) ? `<a href="#${attr(cellId(f.key, i.driver))}">${esc(titles.get(i.driver)!)}</a>` : esc(i.driver);
      let li = `<li>${where}: <strong>${esc(i.status)}</strong>`;
      if (i.release !== null) li += ` (since ${esc(i.release)})`;
      if (i.notes !== null && i.notes !== '') li += `<br>${text(i.notes)}`;
      if (h) li += `<br><small>${esc(historyLine(h))}</small>`;
      out.push(li + '</li>');
    }
    out.push('</ul>');
  }
  out.push('</section>');
  return out.join('\n');
}

function driverList(m: Matrix): string {
  const out: string[] = ['<section class="fmx-details" aria-labelledby="fmx:drivers"><h2 id="fmx:drivers">Drivers</h2><ul>'];
  for (const d of m.drivers) {
    const name = linkOrText(d.link, shownTitle(d.title, d.key));
    // A link that is not http(s) is shown, as text.
    const odd = d.link !== null && d.link !== '' && httpUrl(d.link) === null ? ` (link: ${text(d.link)})` : '';
    out.push(`<li id="${attr(driverId(d.key))}">${name} <code>${esc(d.key)}</code>${odd}</li>`);
  }
  out.push('</ul></section>');
  return out.join('\n');
}

/** The page of a matrix. */
export function emitHtml(m: Matrix, history?: readonly CellHistory[]): string {
  const hist = historyMap(history);
  const title = m.document?.title ?? DEFAULT_TITLE;
  const shown = title.trim() === '' ? DEFAULT_TITLE : title;
  const columns = m.drivers.map((d) => ({ key: d.key, title: shownTitle(d.title, d.key) }));
  const body: string[] = [`<header><h1 class="fmx-pre">${esc(shown)}</h1>`];
  for (const p of m.document?.preamble ?? []) body.push(`<p class="fmx-pre">${esc(p)}</p>`);
  body.push('</header><main>');
  body.push(renderControls(columns));
  body.push(renderGrid({ caption: `${m.features.length} features by ${m.drivers.length} drivers (${m.dialect})`, columns, rows: gridRows(m, hist) }));
  body.push(renderLegend());
  body.push('<section class="fmx-details" aria-labelledby="fmx:details"><h2 id="fmx:details">Details</h2>');
  for (const f of m.features) body.push(featureDetails(f, m, hist));
  body.push('</section>');
  body.push(driverList(m));
  for (const p of m.document?.postscript ?? []) body.push(`<p class="fmx-pre">${esc(p)}</p>`);
  body.push('</main><footer>Written by fmx. The page carries its matrix: <code>fmx convert this.html --to ini</code> gives it back.</footer>');
  return renderPage({
    title: shown,
    body: body.join('\n'),
    data: `<script type="${MODEL_ELEMENT_TYPE}" id="${MODEL_ELEMENT_ID}">${embedModel(m)}</script>`,
  });
}

/** The format registry's entry point. */
export function write(loaded: Loaded, opts: WriteOptions): string {
  return emitHtml(loaded.matrix, opts.history);
}
