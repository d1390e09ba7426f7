/**
 * Every format's reader and writer, for `npm run bench` (scripts/bench.mjs):
 * each a whole `fmx convert` process (start-up included, as a user runs it),
 * on nova 33.0.0 x1, x10, x100, with its peer on the same bytes in the same
 * run: pandoc for Markdown (`-f gfm -t json`, `-f json -t gfm`), csv-parse
 * alone for the long CSV, a full rehype-parse tree for the HTML page. A peer
 * that is not installed is skipped with a message.
 *
 * Inputs are made by fmx itself from the INI (Markdown, CSV, JSON, XLSX);
 * the HTML page is the published nova 33.0.0 page with its features
 * repeated (bench/generate.mjs repeatPage).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { repeatPage } from './generate.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const node = process.execPath;
const cli = join(root, 'dist', 'cli.js');
const has = (cmd) => spawnSync(cmd, ['--version'], { stdio: 'ignore' }).status === 0;

/** The paths measured: [name, kind, format, peer]. */
export const PATHS = [
  { name: 'Markdown -> model', read: 'md', peer: 'pandoc -f gfm -t json' },
  { name: 'model -> Markdown', write: 'md', peer: 'pandoc -f json -t gfm' },
  { name: 'long CSV -> model', read: 'csv', peer: 'csv-parse alone' },
  { name: 'model -> long CSV', write: 'csv' },
  { name: 'HTML page -> model', read: 'html', peer: 'rehype-parse tree' },
  { name: 'JSON -> model', read: 'json' },
  { name: 'model -> JSON', write: 'json' },
  { name: 'INI -> model', read: 'ini' },
  { name: 'model -> INI', write: 'ini' },
  { name: 'XLSX -> model', read: 'xlsx' },
  { name: 'model -> XLSX', write: 'xlsx' },
  { name: 'wide CSV -> model', read: 'csv', layout: 'wide' },
  { name: 'model -> wide CSV', write: 'csv', layout: 'wide' },
  { name: 'model -> HTML page', write: 'html' },
  // A published text copy (w3m's dump of nova 33.0.0's page) exists at x1 only: repeating its
  // features would repeat their titles, which are its only keys.
  { name: 'text page -> model', read: 'txt', only: 'x1' },
];

/**
 * Measure every path at every scale. `inputs`: the generated nova INIs
 * ({ name, file, repeat }); `run(cmd, args, outFile, tmp)` -> { ms, rssKb }.
 */
export function benchFormats({ tmp, inputs, run, runs, log, skipXlsxOver = Infinity }) {
  const pandoc = has('pandoc');
  const notes = [];
  if (!pandoc) notes.push('pandoc is not installed: the Markdown peers are skipped (Debian: apt-get install pandoc)');
  const page = readFileSync(join(root, 'samples', 'rendered', 'nova-33.0.0-support-matrix.html'), 'utf8');
  const median = (xs) => {
    const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
    return s.length ? (s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
  };
  const measure = (cmd, args, out) => {
    const xs = [];
    for (let r = 0; r < runs; r++) xs.push(run(cmd, args, out, tmp));
    return { ms: median(xs.map((x) => x.ms)), rssKb: Math.max(...xs.map((x) => x.rssKb)) };
  };
  const rows = PATHS.map((p) => ({ ...p, at: {} }));
  for (const inp of inputs.filter((i) => [1, 10, 100].includes(i.repeat) && i.sample.startsWith('nova'))) {
    const n = `x${inp.repeat}`;
    log(`formats at ${n}: making inputs`);
    const files = { ini: inp.file };
    for (const [fmt, extra, as = fmt] of [['md', []], ['csv', ['--layout', 'long']], ['csv', ['--layout', 'wide'], 'csv-wide'], ['json', []], ['xlsx', []]]) {
      if (fmt === 'xlsx' && inp.bytes > skipXlsxOver) continue;
      files[as] = join(tmp, `${inp.name}.${as}.${fmt}`);
      const r = spawnSync(node, [cli, 'convert', inp.file, '--to', fmt, ...extra, '-o', files[as]], { stdio: 'ignore' });
      if (r.status !== 0) delete files[as];
    }
    if (inp.repeat === 1) files.txt = join(root, 'samples', 'rendered', 'nova-33.0.0-support-matrix.w3m.txt');
    files.html = join(tmp, `${inp.name}.html`);
    writeFileSync(files.html, repeatPage(page, inp.repeat));
    if (pandoc && files.md) {
      files.pandocJson = join(tmp, `${inp.name}.pandoc.json`);
      spawnSync('pandoc', ['-f', 'gfm', '-t', 'json', files.md, '-o', files.pandocJson]);
    }
    for (const row of rows) {
      if (row.only && row.only !== n) continue;
      const fmt = row.read ?? row.write;
      const input = row.layout === 'wide' ? 'csv-wide' : fmt;
      log(`  ${row.name} (${n})`);
      const cell = {};
      try {
        if (row.read) {
          if (!files[input]) throw new Error('no input');
          cell.bytes = statSync(files[input]).size;
          cell.fmx = measure(node, [cli, 'convert', files[input], '--from', fmt, '--to', 'json', '-o', join(tmp, 'out.json')]);
        } else {
          if (fmt === 'xlsx' && inp.bytes > skipXlsxOver) throw new Error(`skipped over ${(skipXlsxOver / 1e6).toFixed(0)} MB`);
          const extra = fmt === 'csv' ? ['--layout', row.layout ?? 'long'] : [];
          cell.fmx = measure(node, [cli, 'convert', inp.file, '--to', fmt, ...extra, '-o', join(tmp, `out.${fmt}`)]);
          cell.bytes = statSync(join(tmp, `out.${fmt}`)).size;
        }
        if (row.read === 'md' && pandoc) cell.peer = measure('pandoc', ['-f', 'gfm', '-t', 'json', files.md], null);
        if (row.write === 'md' && pandoc && files.pandocJson) cell.peer = measure('pandoc', ['-f', 'json', '-t', 'gfm', files.pandocJson], null);
        if (row.read === 'csv' && row.peer) cell.peer = measure(node, [join(root, 'bench', 'peer.mjs'), 'csv', files.csv], null);
        if (row.read === 'html' && row.peer) cell.peer = measure(node, [join(root, 'bench', 'peer.mjs'), 'html', files.html], null);
      } catch (e) {
        cell.error = String(e?.message ?? e).split('\n')[0].slice(0, 100);
      }
      row.at[n] = cell;
    }
  }
  return { rows, notes, pandoc };
}
