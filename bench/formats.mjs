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
 * repeated (bench/generate.mjs repeatPage), the text page pandoc's plain copy
 * of it, its features repeated under new titles (repeatTextPage).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { repeatPage, repeatTextPage } from './generate.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const node = process.execPath;
const cli = join(root, JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).bin.fmx);
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
  // pandoc's plain copy of the published page, its features repeated under new titles (its only keys).
  { name: 'text page -> model', read: 'txt' },
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
  const textPage = readFileSync(join(root, 'samples', 'rendered', 'nova-33.0.0-support-matrix.pandoc.txt'), 'utf8');
  const median = (xs) => {
    const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
    return s.length ? (s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
  };
  /**
   * fmx and its peer (when there is one) run in turn, run after run, after one unmeasured run of
   * each (file cache, lazy pages); the ratio is the median of the per-pair ratios. Inputs at x1
   * take about a quarter of a second, where a busy moment weighs most: they get at least 9 pairs.
   */
  const measure = (fmx, peer, pairs) => {
    run(fmx.cmd, fmx.args, fmx.out, tmp);
    if (peer) run(peer.cmd, peer.args, peer.out, tmp);
    const a = [];
    const b = [];
    for (let r = 0; r < pairs; r++) {
      a.push(run(fmx.cmd, fmx.args, fmx.out, tmp));
      if (peer) b.push(run(peer.cmd, peer.args, peer.out, tmp));
    }
    const sum = (xs) => ({ ms: median(xs.map((x) => x.ms)), rssKb: Math.max(...xs.map((x) => x.rssKb)) });
    return { fmx: sum(a), peer: peer ? sum(b) : undefined, ratio: peer ? median(a.map((x, i) => b[i].ms / x.ms)) : undefined };
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
    files.txt = join(tmp, `${inp.name}.txt`);
    writeFileSync(files.txt, repeatTextPage(textPage, inp.repeat));
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
        let fmx;
        if (row.read) {
          if (!files[input]) throw new Error('no input');
          cell.bytes = statSync(files[input]).size;
          fmx = { cmd: node, args: [cli, 'convert', files[input], '--from', fmt, '--to', 'json', '-o', join(tmp, 'out.json')], out: null };
        } else {
          if (fmt === 'xlsx' && inp.bytes > skipXlsxOver) throw new Error(`skipped over ${(skipXlsxOver / 1e6).toFixed(0)} MB`);
          const extra = fmt === 'csv' ? ['--layout', row.layout ?? 'long'] : [];
          fmx = { cmd: node, args: [cli, 'convert', inp.file, '--to', fmt, ...extra, '-o', join(tmp, `out.${fmt}`)], out: null };
        }
        let peer = null;
        if (row.read === 'md' && pandoc) peer = { cmd: 'pandoc', args: ['-f', 'gfm', '-t', 'json', files.md], out: null };
        if (row.write === 'md' && pandoc && files.pandocJson) peer = { cmd: 'pandoc', args: ['-f', 'json', '-t', 'gfm', files.pandocJson], out: null };
        if (row.read === 'csv' && row.peer) peer = { cmd: node, args: [join(root, 'bench', 'peer.mjs'), 'csv', files.csv], out: null };
        if (row.read === 'html' && row.peer) peer = { cmd: node, args: [join(root, 'bench', 'peer.mjs'), 'html', files.html], out: null };
        Object.assign(cell, measure(fmx, peer, inp.repeat === 1 ? Math.max(runs, 9) : runs));
        if (row.write) cell.bytes = statSync(join(tmp, `out.${fmt}`)).size;
      } catch (e) {
        cell.error = String(e?.message ?? e).split('\n')[0].slice(0, 100);
      }
      row.at[n] = cell;
    }
  }
  return { rows, notes, pandoc };
}
