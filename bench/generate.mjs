/**
 * Synthetic inputs for `npm run bench`, made from real upstream matrices:
 * the drivers and everything before the first feature section are kept once,
 * the feature sections (with their comments) are repeated N times, copy k
 * under new section names (`[operation.attach-volume.r2]`, ...), so that
 * every copy is a distinct feature that configparser and fmx both accept.
 *
 * Usage as a script: node bench/generate.mjs OUTDIR  (prints what it wrote)
 */
import { mkdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The inputs: name, source sample, repeat count. */
export const INPUTS = [
  { name: 'nova-x1', sample: 'nova-33.0.0-support-matrix.ini', repeat: 1 },
  { name: 'nova-x10', sample: 'nova-33.0.0-support-matrix.ini', repeat: 10 },
  { name: 'nova-x100', sample: 'nova-33.0.0-support-matrix.ini', repeat: 100 },
  { name: 'nova-x1000', sample: 'nova-33.0.0-support-matrix.ini', repeat: 1000 },
  { name: 'cinder-wide-x100', sample: 'cinder-master-support-matrix.ini', repeat: 100 },
];

/** Split a support-matrix INI into its head (up to the drivers' end) and its feature part. */
export function splitAtFeatures(text) {
  const re = /^\[([^\]\r\n]+)\]/gm;
  let m;
  while ((m = re.exec(text)) !== null) {
    if (!m[1].startsWith('driver.')) return { head: text.slice(0, m.index), features: text.slice(m.index) };
  }
  throw new Error('no feature section found');
}

/** The text of a matrix with its features repeated `repeat` times under new keys. */
export function repeatFeatures(text, repeat) {
  const { head, features } = splitAtFeatures(text);
  const body = features.endsWith('\n') ? features : features + '\n';
  const parts = [head, body];
  for (let k = 2; k <= repeat; k++) {
    parts.push(body.replace(/^\[([^\]\r\n]+)\]/gm, (_, name) => `[${name}.r${k}]`));
  }
  return parts.join('');
}

/** Write every input into `dir`; returns [{name, file, bytes, repeat, sample}]. */
export function generate(dir, inputs = INPUTS) {
  mkdirSync(dir, { recursive: true });
  const cache = new Map();
  return inputs.map((inp) => {
    const file = join(dir, `${inp.name}.ini`);
    let src = cache.get(inp.sample);
    if (src === undefined) cache.set(inp.sample, (src = readFileSync(join(root, 'samples', inp.sample), 'utf8')));
    writeFileSync(file, inp.repeat === 1 ? src : repeatFeatures(src, inp.repeat));
    return { ...inp, file, bytes: statSync(file).size };
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node bench/generate.mjs OUTDIR');
    process.exit(2);
  }
  for (const r of generate(dir)) console.log(`${r.file}\t${r.bytes} bytes`);
}

/**
 * A published page (sphinx-feature-classification's HTML) with its features
 * repeated `repeat` times: the Summary table's rows and the Details list's
 * feature items, copy k with every id and in-page link suffixed `_rk`.
 */
export function repeatPage(html, repeat, { titles = false } = {}) {
  const rowsStart = html.indexOf('<tbody>\n') + '<tbody>\n'.length;
  const rowsEnd = html.indexOf('</tbody>', rowsStart);
  const itemsStart = html.indexOf('<li><strong id=');
  const itemsEnd = html.indexOf('</li>\n</ul>\n<p class="section-subtitle">', itemsStart) + '</li>\n'.length;
  if (rowsStart < 8 || rowsEnd === -1 || itemsStart === -1 || itemsEnd < itemsStart) throw new Error('not a sphinx-feature-classification page');
  const rows = html.slice(rowsStart, rowsEnd);
  const items = html.slice(itemsStart, itemsEnd);
  const ids = (s, k) => s.replace(/(id="|href="#)([^"]+)"/g, (_, a, id) => `${a}${id}_r${k}"`);
  // A feature's title in its summary row and its details item (a text copy's only key): `Title r2`.
  const named = (s, k) => s.replace(/(<a class="reference internal" href="#[^"]+"><strong>|<li><strong id="[^"]+">)([^<]+)(<\/strong>)/g, (_, a, t, b) => `${a}${t} r${k}${b}`);
  const copy = (s, k) => (titles ? named(ids(s, k), k) : ids(s, k));
  const moreRows = [];
  const moreItems = [];
  for (let k = 2; k <= repeat; k++) {
    moreRows.push(copy(rows, k));
    moreItems.push(copy(items, k));
  }
  return html.slice(0, rowsEnd) + moreRows.join('') + html.slice(rowsEnd, itemsEnd) + moreItems.join('') + html.slice(itemsEnd);
}

/**
 * A published page as `pandoc -t plain --wrap=none` copies it
 * (`samples/rendered/*.pandoc.txt`) with its features repeated `repeat`
 * times, copy k titled `Title rk` (a text copy's titles are its only keys):
 * the Summary table's rows, its first column widened for the longest title
 * (as pandoc pads it), and the Details list's feature items. The same text
 * pandoc makes of `repeatPage(html, repeat, { titles: true })`, in
 * milliseconds instead of pandoc's 40 s at x100.
 */
export function repeatTextPage(text, repeat) {
  if (repeat === 1) return text;
  const lines = text.split('\n');
  const dash = lines.findIndex((l) => /^ {2}-{3,}( +-{3,})+ *$/.test(l));
  const details = lines.indexOf('Details', dash);
  const notes = lines.indexOf('Notes:', details);
  const firstItem = lines.findIndex((l, n) => n > details && l.startsWith('-   '));
  if (dash < 1 || details < 0 || notes < 0 || firstItem < 0 || firstItem > notes) throw new Error('not a pandoc plain copy of a sphinx-feature-classification page');
  let rowsEnd = dash + 1;
  while (lines[rowsEnd] !== '') rowsEnd++;
  const width = lines[dash].slice(2).indexOf(' ');
  const wider = width + ` r${repeat}`.length;
  const cell = (line, title) => '  ' + title.padEnd(wider) + line.slice(2 + width);
  const rows = lines.slice(dash + 1, rowsEnd);
  const titleOf = (row) => row.slice(2, 2 + width).trimEnd();
  const table = [cell(lines[dash - 1], lines[dash - 1].slice(2, 2 + width)), '  ' + '-'.repeat(wider) + lines[dash].slice(2 + width), ...rows.map((r) => cell(r, titleOf(r)))];
  // Items end before the blank line that precedes `Notes:`.
  const items = lines.slice(firstItem, notes - 1);
  const summary = [];
  const detail = [];
  for (let k = 2; k <= repeat; k++) {
    for (const r of rows) summary.push(cell(r, `${titleOf(r)} r${k}`));
    detail.push('', ...items.map((l) => (l.startsWith('-   ') ? `${l} r${k}` : l)));
  }
  return [...lines.slice(0, dash - 1), ...table, ...summary, ...lines.slice(rowsEnd, notes - 1), ...detail, ...lines.slice(notes - 1)].join('\n');
}
