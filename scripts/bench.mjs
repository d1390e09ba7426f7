#!/usr/bin/env node
/**
 * `npm run bench`: how fast fmx reads and converts matrices, measured against
 * CPython's configparser (upstream's parser), the `ini` package and
 * JSON.parse, on synthetic inputs made from real matrices (bench/generate.mjs).
 *
 * It reports, it does not fail: the exit code is 0 whether targets are met or
 * not (non-zero only when the bench itself cannot run). It prints a table and
 * writes BENCHMARKS.md (unless --no-write), followed by bench/NOTES.md (the
 * hand-written analysis of the numbers).
 *
 * Options:
 *   --runs N     runs per measurement (default 5; 3 for the largest input)
 *   --quick      1 run of everything, no x1000 input, startup 5 runs (a smoke test)
 *   --no-write   print only, do not write BENCHMARKS.md
 *   --no-python  skip the configparser baseline
 *   --profile    also profile `fmx convert` of the largest input (node --cpu-prof)
 *                and list the hottest functions (done anyway when a target is missed)
 *   --keep       keep the generated inputs and outputs (printed at the end)
 *   --history-only  only the history section (fmx blame and fmx history on real
 *                repositories: FMX_CINDER_GIT, FMX_NOVA_GIT); prints, writes nothing
 *   --no-xlsx    skip the XLSX section (fmx against exceljs and openpyxl)
 *   --no-formats skip the other formats' readers and writers and their peers
 *                (bench/formats.mjs: pandoc, csv-parse, rehype-parse)
 *   --keep-ca-certs  run every command with NODE_EXTRA_CA_CERTS as set (see `caCerts`)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, openSync, closeSync } from 'node:fs';
import * as os from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate, INPUTS } from '../bench/generate.mjs';
import { hottest } from '../bench/profile.mjs';
import { benchFormats } from '../bench/formats.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (f) => args.includes(f);
const opt = (f) => {
  const i = args.indexOf(f);
  return i >= 0 ? args[i + 1] : undefined;
};
const quick = flag('--quick');
const baseRuns = Number(opt('--runs') ?? (quick ? 1 : 5));
const bigRuns = quick ? 1 : Math.max(1, Math.min(baseRuns, 3));
const startupRuns = quick ? 5 : Math.max(15, baseRuns * 3);
const node = process.execPath;
/** The command as users run it: package.json's bin (the bundle `npm run build` makes). */
const cli = join(root, JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).bin.fmx);

// ---------------------------------------------------------------- helpers
const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const log = (s) => process.stderr.write(s + '\n');
const fmtMs = (ms) => (!Number.isFinite(ms) ? 'n/a' : ms >= 10000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 1 : 0)} ms`);
const fmtMB = (bytes) => (bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${(bytes / 1e3).toFixed(0)} KB`);
const fmtX = (x) => (!Number.isFinite(x) ? 'n/a' : `${x >= 10 ? x.toFixed(1) : x.toFixed(2)}x`);
const fmtRss = (kb) => (!Number.isFinite(kb) ? 'n/a' : `${(kb / 1024).toFixed(0)} MB`);
/** What the bench did with NODE_EXTRA_CA_CERTS (see `caCerts`), for the report. */
const caCertsLine = () =>
  !caCerts
    ? 'NODE_EXTRA_CA_CERTS: not set'
    : `NODE_EXTRA_CA_CERTS=${caCerts.file}: \`node -e 0\` ${fmtMs(caCerts.withMs)} with it, ${fmtMs(caCerts.withoutMs)} without (median of 9); ` +
      (caCerts.keep ? 'kept for every command (--keep-ca-certs)' : 'every command ran without it (fmx opens no TLS connection; --keep-ca-certs keeps it)');

/** Newest modification time under a directory (files matching `re`). */
function newest(dir, re) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newest(p, re));
    else if (re.test(e.name)) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

function ensureBuilt() {
  if (!existsSync(join(root, 'dist', 'cli.js')) || newest(join(root, 'src'), /\.ts$/) > newest(join(root, 'dist'), /\.js$/)) {
    log('dist/ is missing or older than src/: building (tsc -p .)');
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const r = spawnSync(node, [tsc, '-p', join(root, 'tsconfig.json')], { stdio: 'inherit' });
    if (r.status !== 0) {
      if (!existsSync(join(root, 'dist', 'cli.js'))) throw new Error('the build failed');
      log('warning: tsc reported errors; measuring the dist/ it wrote');
    }
  }
  if (!existsSync(cli) || newest(join(root, 'dist'), /\.js$/) > statSync(cli).mtimeMs) {
    log('the fmx command is missing or older than dist/: bundling it (scripts/bundle.mjs)');
    if (spawnSync(node, [join(root, 'scripts', 'bundle.mjs')], { stdio: 'inherit' }).status !== 0) throw new Error('bundling the command failed');
  }
}

const haveTime = existsSync('/usr/bin/time') && spawnSync('/usr/bin/time', ['-f', '%M', 'true'], { encoding: 'utf8' }).status === 0;
const python = (() => {
  if (flag('--no-python')) return null;
  const r = spawnSync('python3', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? (r.stdout || r.stderr).trim() : null;
})();

/**
 * NODE_EXTRA_CA_CERTS: Node 20 reads and parses that whole certificate file at
 * every start, before any script runs (these machines set it to the system's
 * bundle, for the package registry's proxy: 50-80 ms of every `node` start).
 * fmx opens no TLS connection, and no peer pays anything like it. Node's
 * start-up is measured with and without it, then it is unset for every
 * command the bench runs (node and the peers alike), unless --keep-ca-certs.
 */
const caCerts = (() => {
  const file = process.env.NODE_EXTRA_CA_CERTS;
  if (!file) return null;
  const keep = flag('--keep-ca-certs');
  const time = (env) => {
    const t = performance.now();
    spawnSync(node, ['-e', '0'], { env, stdio: 'ignore' });
    return performance.now() - t;
  };
  const without = { ...process.env };
  delete without.NODE_EXTRA_CA_CERTS;
  const a = [];
  const b = [];
  for (let r = 0; r < 9; r++) {
    a.push(time(process.env));
    b.push(time(without));
  }
  if (!keep) delete process.env.NODE_EXTRA_CA_CERTS;
  return { file, keep, withMs: median(a), withoutMs: median(b) };
})();

/**
 * Run a command with stdout to `outFile`: wall time (ms, measured here) and
 * peak RSS (KB, from /usr/bin/time when installed).
 */
function run(cmd, cmdArgs, outFile, tmp) {
  const out = openSync(outFile ?? '/dev/null', 'w');
  const timeFile = join(tmp, 'time.txt');
  const [file, argv] = haveTime ? ['/usr/bin/time', ['-f', '%M', '-o', timeFile, cmd, ...cmdArgs]] : [cmd, cmdArgs];
  const t = performance.now();
  const r = spawnSync(file, argv, { stdio: ['ignore', out, 'pipe'], encoding: 'utf8', maxBuffer: 1 << 26 });
  const ms = performance.now() - t;
  closeSync(out);
  if (r.status !== 0) throw new Error(`${cmd} ${cmdArgs.join(' ')} failed (${r.status}): ${r.stderr.slice(0, 500)}`);
  const rssKb = haveTime ? Number(readFileSync(timeFile, 'utf8').trim().split('\n').pop()) : NaN;
  return { ms, rssKb, stderr: r.stderr };
}

// ---------------------------------------------------------------- history
/**
 * `fmx blame` over a whole real history against the Python reading of the
 * same walk (test/oracle/history_walk.py --releases=name-rev: git log
 * --follow, one cat-file --batch, configparser for each distinct blob, each
 * commit compared with its parent's version, blame, then one git name-rev for
 * the blamed commits' releases: the same blame fmx prints), and the
 * SQLite export of cinder's history. Repositories come from FMX_CINDER_GIT
 * and FMX_NOVA_GIT; a missing one is skipped with a message.
 */
const HISTORY_REPOS = [
  { name: 'cinder', env: 'FMX_CINDER_GIT', path: 'doc/source/reference/support-matrix.ini' },
  { name: 'nova', env: 'FMX_NOVA_GIT', path: 'doc/source/user/support-matrix.ini' },
];

function benchHistory(tmp) {
  const rows = [];
  const targets = [];
  let sqlite = null;
  for (const repo of HISTORY_REPOS) {
    const dir = process.env[repo.env];
    if (!dir || !existsSync(dir)) {
      log(`history: skipped ${repo.name}: ${repo.env} is not set to a clone of openstack/${repo.name}`);
      continue;
    }
    const runs = Math.max(3, baseRuns);
    log(`history: fmx blame of ${repo.name}'s ${repo.path}, ${runs} run(s)${python ? ' paired with the Python reading' : ''}`);
    const fmx = [];
    const py = [];
    const ratios = [];
    for (let r = 0; r < runs; r++) {
      const doFmx = () => fmx.push(run(node, [cli, 'blame', '-C', dir, repo.path, '--format', 'json'], join(tmp, 'blame.json'), tmp));
      // The same blame on both sides: the Python reading names its blamed commits' releases too (one git name-rev).
      const doPy = () => python && py.push(run('python3', [join(root, 'test', 'oracle', 'history_walk.py'), dir, repo.path, '--releases=name-rev'], join(tmp, 'walk.json'), tmp));
      if (r % 2) {
        doPy();
        doFmx();
      } else {
        doFmx();
        doPy();
      }
      if (python) ratios.push(py.at(-1).ms / fmx.at(-1).ms);
    }
    const commits = JSON.parse(readFileSync(join(tmp, 'blame.json'), 'utf8')).cells.length;
    // The Python reading's own account of the time its release naming took.
    const pyReleases = py.map((x) => Number(/^releases: (\d+) ms$/m.exec(x.stderr)?.[1] ?? NaN));
    const walkRatios = py.map((x, i) => (x.ms - pyReleases[i]) / fmx[i].ms);
    const row = {
      name: repo.name,
      cells: commits,
      fmxMs: median(fmx.map((x) => x.ms)),
      fmxRssKb: median(fmx.map((x) => x.rssKb)),
      pyMs: python ? median(py.map((x) => x.ms)) : NaN,
      pyReleasesMs: python ? median(pyReleases) : NaN,
      ratio: python ? median(ratios) : NaN,
      walkRatio: python ? median(walkRatios) : NaN,
    };
    rows.push(row);
    if (python) {
      targets.push({
        what: `fmx blame of ${repo.name}'s whole history >= 5x faster than the Python reading of the same walk (releases named on both sides)`,
        value: row.ratio,
        shown: `${fmtX(row.ratio)} (${fmtMs(row.fmxMs)} vs ${fmtMs(row.pyMs)})`,
        met: row.ratio >= 5,
        miss: `${((5 / row.ratio - 1) * 100).toFixed(0)}% too slow: fmx would need ${fmtMs(row.pyMs / 5)}`,
      });
    }
    if (repo.name === 'cinder') {
      log(`history: fmx history -o x.sqlite of cinder, ${runs} run(s)`);
      const out = join(tmp, 'history.sqlite');
      const times = [];
      for (let r = 0; r < runs; r++) times.push(run(node, [cli, 'history', '-C', dir, repo.path, '-o', out], null, tmp));
      sqlite = { ms: median(times.map((x) => x.ms)), rssKb: median(times.map((x) => x.rssKb)), bytes: statSync(out).size };
      targets.push({
        what: "SQLite export of cinder's whole history (fmx history -o x.sqlite) < 2 s",
        value: sqlite.ms,
        shown: `${fmtMs(sqlite.ms)} (${fmtMB(sqlite.bytes)})`,
        met: sqlite.ms < 2000,
        miss: `${fmtMs(sqlite.ms - 2000)} over`,
      });
    }
  }
  const lines = [];
  if (rows.length) {
    lines.push('## History: `fmx blame` and `fmx history` on real repositories', '');
    lines.push('Wall time of `fmx blame -C REPO PATH --format json` (the whole `git log --follow` history, releases');
    lines.push('from the tags included) against `test/oracle/history_walk.py --releases=name-rev` (git log, one');
    lines.push('cat-file --batch, configparser for each distinct version, each commit compared with its parent,');
    lines.push('blame, then one `git name-rev --tags` naming the blamed commits\' releases): the same blame on both');
    lines.push("sides, checked cell for cell, releases included, by test/history/real.test.ts. \"of which releases\" is the");
    lines.push("Python reading's own account of its name-rev; the last column compares fmx's whole blame with the");
    lines.push('Python reading without it.');
    lines.push('');
    lines.push('| repository | cells blamed | fmx blame | fmx peak RSS | Python | of which releases | Python / fmx | Python without releases / fmx |');
    lines.push('|---|---|---|---|---|---|---|---|');
    for (const r of rows) lines.push(`| ${r.name} | ${r.cells} | ${fmtMs(r.fmxMs)} | ${fmtRss(r.fmxRssKb)} | ${fmtMs(r.pyMs)} | ${fmtMs(r.pyReleasesMs)} | ${fmtX(r.ratio)} | ${fmtX(r.walkRatio)} |`);
    if (sqlite) lines.push('', `\`fmx history -o x.sqlite\` of cinder's whole history: ${fmtMs(sqlite.ms)}, peak RSS ${fmtRss(sqlite.rssKb)}, ${fmtMB(sqlite.bytes)} written.`);
  }
  return { lines, targets };
}

// ---------------------------------------------------------------- the bench
ensureBuilt();
const tmp = mkdtempSync(join(os.tmpdir(), 'fmx-bench-'));
const load0 = os.loadavg();
const started = new Date();
log(`fmx bench: inputs in ${tmp}; load average ${load0.map((l) => l.toFixed(2)).join(' ')}`);
log(caCertsLine());
if (flag('--history-only')) {
  const h = benchHistory(tmp);
  const out = [...h.lines, '', '| target | measured | met |', '|---|---|---|'];
  for (const t of h.targets) out.push(`| ${t.what} | ${t.shown} | ${t.met ? 'yes' : `**no**: ${t.miss}`} |`);
  out.push('', `load average at start ${load0.map((l) => l.toFixed(2)).join(', ')}, at end ${os.loadavg().map((l) => l.toFixed(2)).join(', ')}`);
  out.push(caCertsLine());
  process.stdout.write(out.join('\n') + '\n');
  rmSync(tmp, { recursive: true, force: true });
  process.exit(0);
}
const inputs = generate(tmp, quick ? INPUTS.filter((i) => i.repeat < 1000) : INPUTS);
const results = [];
/** Writers that took over SLOW_WRITER_MS on an input are not run on larger ones: name -> reason. */
const SLOW_WRITER_MS = 2000;
const slowWriters = new Map();

for (const inp of inputs) {
  const runs = inp.bytes > 20e6 ? bigRuns : baseRuns;
  log(`${inp.name} (${fmtMB(inp.bytes)}): end to end, ${runs} run(s)${python ? ' paired with configparser' : ''}`);
  const fmxOut = join(tmp, `${inp.name}.fmx.json`);
  const pyOut = join(tmp, `${inp.name}.py.json`);
  const fmx = [];
  const py = [];
  const ratios = [];
  for (let r = 0; r < runs; r++) {
    // Alternate which goes first, so that neither always runs on a warmer machine.
    const doFmx = () => fmx.push(run(node, [cli, 'convert', inp.file, '--to', 'json'], fmxOut, tmp));
    const doPy = () => python && py.push(run('python3', [join(root, 'bench', 'configparser_baseline.py'), inp.file], pyOut, tmp));
    if (r % 2) {
      doPy();
      doFmx();
    } else {
      doFmx();
      doPy();
    }
    if (python) ratios.push(py.at(-1).ms / fmx.at(-1).ms);
  }
  const same = python ? readFileSync(fmxOut).equals(readFileSync(pyOut)) : null;
  log(`  in-process read and writers`);
  const skip = [...slowWriters].filter(([, s]) => s.bytes < inp.bytes).map(([w, s]) => `${w}=${s.why}`);
  const ip = spawnSync(node, ['--expose-gc', join(root, 'bench', 'inproc.mjs'), inp.file, String(runs), skip.join(',')], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (ip.status !== 0) throw new Error(`bench/inproc.mjs failed on ${inp.file}: ${ip.stderr}`);
  const inproc = JSON.parse(ip.stdout);
  for (const [w, x] of Object.entries(inproc.writers)) {
    if (x.ms > SLOW_WRITER_MS && !slowWriters.has(w)) slowWriters.set(w, { bytes: inp.bytes, why: `took ${fmtMs(x.ms)} on ${inp.name}` });
  }
  results.push({
    ...inp,
    runs,
    fmx: { ms: median(fmx.map((x) => x.ms)), rssKb: median(fmx.map((x) => x.rssKb)), rssMaxKb: Math.max(...fmx.map((x) => x.rssKb)) },
    py: python ? { ms: median(py.map((x) => x.ms)), rssKb: median(py.map((x) => x.rssKb)) } : null,
    pyOverFmx: python ? median(ratios) : NaN,
    sameOutput: same,
    inproc,
  });
}

// Start-up: a one-shot convert of the 50 KB file against bare node, paired.
log(`start-up: ${startupRuns} paired runs of node -e 0 and fmx convert ${INPUTS[0].name}.ini --to json`);
const small = inputs.find((i) => i.repeat === 1);
const bare = [];
const one = [];
const startRatios = [];
for (let r = 0; r < startupRuns + 1; r++) {
  const a = run(node, ['-e', '0'], null, tmp);
  const b = run(node, [cli, 'convert', small.file, '--to', 'json'], null, tmp);
  if (r === 0) continue; // warm the file cache
  bare.push(a);
  one.push(b);
  startRatios.push(b.ms / a.ms);
}
const startup = {
  bareMs: median(bare.map((x) => x.ms)),
  bareRssKb: median(bare.map((x) => x.rssKb)),
  fmxMs: median(one.map((x) => x.ms)),
  fmxRssKb: median(one.map((x) => x.rssKb)),
  ratio: median(startRatios),
  runs: startupRuns,
};
// `npm start` as a user runs it after `npm ci`: every sample to every format, one process.
const startRuns = quick ? 1 : 3;
log(`npm start: ${startRuns} run(s) of node scripts/start.mjs`);
const starts = [];
for (let r = 0; r < startRuns; r++) {
  starts.push(run(node, [join(root, 'scripts', 'start.mjs')], null, tmp));
}
const npmStart = { ms: median(starts.map((x) => x.ms)), rssKb: median(starts.map((x) => x.rssKb)), runs: startRuns };
const history = benchHistory(tmp);
// The HTML page of cinder master (75 drivers): written in a fresh process after start-up (modules
// loaded, the INI read), the first write alone and then the median of further writes.
log('html page: cinder master written in a fresh process');
const htmlRuns = quick ? 3 : 10;
const htmlScript = `
const { getFormat } = await import(${JSON.stringify(join(root, 'dist', 'formats', 'registry.js'))});
const { readFileSync } = await import('node:fs');
const file = ${JSON.stringify(join(root, 'samples', 'cinder-master-support-matrix.ini'))};
const loaded = await (await getFormat('ini').reader()).read(readFileSync(file), { file, warn() {} });
const w = await getFormat('html').writer();
const opts = { file: 'out.html', warn() {} };
let t = performance.now();
const first = w.write(loaded, opts);
const firstMs = performance.now() - t;
const ms = [];
for (let i = 0; i < ${htmlRuns}; i++) { t = performance.now(); w.write(loaded, opts); ms.push(performance.now() - t); }
process.stdout.write(JSON.stringify({ firstMs, ms, bytes: Buffer.byteLength(first) }));`;
const hp = spawnSync(node, ['--input-type=module', '-e', htmlScript], { encoding: 'utf8' });
if (hp.status !== 0) throw new Error(`the HTML page timing failed: ${hp.stderr}`);
const htmlPage = JSON.parse(hp.stdout);
htmlPage.medianMs = median(htmlPage.ms);
const xlsx = benchXlsx(inputs);
// Every other format: each reader and writer as a process at x1, x10, x100, with its peer.
const formats = flag('--no-formats')
  ? null
  : benchFormats({ tmp, inputs, run, runs: quick ? 1 : Math.min(baseRuns, 3), log, skipXlsxOver: quick ? 1e6 : Infinity });
const load1 = os.loadavg();

// ---------------------------------------------------------------- targets
const byName = (n) => results.find((r) => r.name === n);
const x100 = byName('nova-x100');
const x1000 = byName('nova-x1000');
const targets = [];
if (x100)
  targets.push({
    what: 'end to end INI -> JSON at nova-x100 (the whole process, to a file) under 400 ms',
    value: x100.fmx.ms,
    shown: `${fmtMs(x100.fmx.ms)} (median of ${x100.runs})`,
    met: x100.fmx.ms < 400,
    miss: `${((x100.fmx.ms / 400 - 1) * 100).toFixed(0)}% over`,
  });
for (const r of [x100, x1000]) {
  if (!r || !python) continue;
  targets.push({
    what: `end to end INI -> JSON >= 10x faster than configparser + model + json.dump (${r.name})`,
    value: r.pyOverFmx,
    shown: `${fmtX(r.pyOverFmx)} (${fmtMs(r.fmx.ms)} vs ${fmtMs(r.py.ms)})`,
    met: r.pyOverFmx >= 10,
    miss: `${((10 / r.pyOverFmx - 1) * 100).toFixed(0)}% too slow: fmx would need ${fmtMs(r.py.ms / 10)}`,
  });
}
for (const r of [x100, x1000]) {
  if (!r) continue;
  const q = r.inproc.readOverJsonParse;
  targets.push({
    what: `read throughput (steady state) within 2x of JSON.parse of the model's JSON (${r.name})`,
    value: q,
    shown: `read takes ${fmtX(q)} JSON.parse's time (${fmtMs(r.inproc.read.ms)} vs ${fmtMs(r.inproc.jsonParse.ms)}; from a fresh heap ${fmtX(r.inproc.freshHeap?.readOverJsonParse)})`,
    met: q <= 2,
    miss: `${((q / 2 - 1) * 100).toFixed(0)}% over the 2x budget`,
  });
}
if (x100 && x1000) {
  const q = x1000.fmx.ms / x100.fmx.ms;
  targets.push({
    what: 'linear growth: end-to-end time at x1000 <= 12x the time at x100',
    value: q,
    shown: `${fmtX(q)} (${fmtMs(x1000.fmx.ms)} / ${fmtMs(x100.fmx.ms)}; in-process read ${fmtX(x1000.inproc.read.ms / x100.inproc.read.ms)})`,
    met: q <= 12,
    miss: `${((q / 12 - 1) * 100).toFixed(0)}% over`,
  });
  if (haveTime) {
    targets.push({
      what: 'peak RSS of fmx convert at x1000 < 600 MB',
      value: x1000.fmx.rssMaxKb,
      shown: `${fmtRss(x1000.fmx.rssMaxKb)} (max of ${x1000.runs} runs)${x1000.py ? `; configparser ${fmtRss(x1000.py.rssKb)}` : ''}`,
      met: x1000.fmx.rssMaxKb < 600 * 1024,
      miss: `${fmtRss(x1000.fmx.rssMaxKb - 600 * 1024)} over`,
    });
  }
}
targets.push({
  what: `one-shot fmx convert of ${fmtMB(small.bytes)} (nova 33.0.0) within 2.5x of node -e 0`,
  value: startup.ratio,
  shown: `${fmtX(startup.ratio)} (${fmtMs(startup.fmxMs)} vs ${fmtMs(startup.bareMs)})`,
  met: startup.ratio <= 2.5,
  miss: `${((startup.ratio / 2.5 - 1) * 100).toFixed(0)}% over`,
});
targets.push({
  what: '`npm start` (every sample to every format) under 5 s',
  value: npmStart.ms,
  shown: `${fmtMs(npmStart.ms)} (median of ${npmStart.runs})`,
  met: npmStart.ms < 5000,
  miss: `${fmtMs(npmStart.ms - 5000)} over`,
});

targets.push(...history.targets);
targets.push({
  what: "cinder master's HTML page written in under 100 ms after start-up (first write in a fresh process)",
  value: htmlPage.firstMs,
  shown: `${fmtMs(htmlPage.firstMs)} (then ${fmtMs(htmlPage.medianMs)} median of ${htmlPage.ms.length}; ${fmtMB(htmlPage.bytes)})`,
  met: htmlPage.firstMs < 100,
  miss: `${fmtMs(htmlPage.firstMs - 100)} over`,
});
targets.push(...xlsxTargets(xlsx));
if (formats) {
  const at = (row, n) => row.at[n];
  for (const row of formats.rows) {
    const a = at(row, 'x10')?.fmx;
    const b = at(row, 'x100')?.fmx;
    if (a && b) {
      const q = b.ms / a.ms;
      targets.push({ what: `${row.name}: linear (time x100 / x10 <= 12)`, value: q, shown: `${fmtX(q)} (${fmtMs(b.ms)} / ${fmtMs(a.ms)})`, met: q <= 12, miss: `${((q / 12 - 1) * 100).toFixed(0)}% over` });
      if (haveTime) targets.push({ what: `${row.name}: peak RSS at x100 < 600 MB`, value: b.rssKb, shown: fmtRss(b.rssKb), met: b.rssKb < 600 * 1024, miss: `${fmtRss(b.rssKb - 600 * 1024)} over` });
    }
    const one = at(row, 'x1')?.fmx;
    if (one) targets.push({ what: `${row.name}: one conversion of nova 33.0.0 under 0.5 s wall`, value: one.ms, shown: fmtMs(one.ms), met: one.ms < 500, miss: `${fmtMs(one.ms - 500)} over` });
    const peerGoal = { 'md-read': 1, 'md-write': 2, 'csv-read': 0.5, 'html-read': 2 }[row.read ? `${row.read}-read` : `${row.write}-write`];
    if (peerGoal === undefined) continue;
    for (const n of ['x1', 'x10', 'x100']) {
      const c = at(row, n);
      if (!c?.fmx || !c.peer) continue;
      const q = c.ratio ?? c.peer.ms / c.fmx.ms; // how many times faster fmx is (median of paired runs)
      const goal = peerGoal >= 1 ? `at least ${peerGoal === 1 ? 'as fast as' : `${peerGoal}x faster than`}` : `within ${1 / peerGoal}x of`;
      targets.push({ what: `${row.name} ${goal} ${row.peer} (${n})`, value: q, shown: `${q >= 1 ? `${fmtX(q)} faster` : `${fmtX(1 / q)} the time`} (${fmtMs(c.fmx.ms)} vs ${fmtMs(c.peer.ms)})`, met: q >= peerGoal, miss: `fmx would need ${fmtMs(c.peer.ms / peerGoal)}` });
    }
  }
}

// Profile the largest input when asked or when a target is missed.
let profile = null;
const biggest = results.reduce((a, b) => (b.bytes > a.bytes ? b : a));
if (flag('--profile') || targets.some((t) => !t.met)) {
  log(`profiling fmx convert ${biggest.name}.ini --to json (node --cpu-prof)`);
  const dir = join(tmp, 'prof');
  const r = spawnSync(node, ['--cpu-prof', '--cpu-prof-dir', dir, cli, 'convert', biggest.file, '--to', 'json'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  if (r.status === 0) {
    const f = readdirSync(dir).find((n) => n.endsWith('.cpuprofile'));
    profile = { input: biggest.name, top: hottest(JSON.parse(readFileSync(join(dir, f), 'utf8')), root, 15) };
  }
}

// ---------------------------------------------------------------- report
const lines = [];
const p = (s = '') => lines.push(s);
const cpus = os.cpus();
p('# Benchmarks');
p();
p('Written by `npm run bench` (scripts/bench.mjs); regenerate with `npm run bench`. Every ratio is computed');
p('pair by pair within one run (each fmx measurement next to the one it is compared with), then the median');
p('of the per-run ratios is shown; absolute times are medians too.');
p();
p('## Machine');
p();
p(`- date: ${started.toISOString().replace(/\.\d+Z$/, 'Z')} (took ${((Date.now() - started.getTime()) / 1000).toFixed(0)} s)`);
p(`- CPU: ${cpus[0]?.model ?? 'unknown'}, ${cpus.length} logical cores; memory ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`);
p(`- OS: ${os.type()} ${os.release()} (${os.arch()})`);
p(`- Node ${process.version}; ${python ?? 'python3: not found (no configparser baseline)'}`);
p(`- load average (1, 5, 15 min) at start ${load0.map((l) => l.toFixed(2)).join(', ')}, at end ${load1.map((l) => l.toFixed(2)).join(', ')}`);
p(`- runs: ${baseRuns} per measurement (${bigRuns} for inputs over 20 MB), start-up ${startupRuns}${quick ? ' (--quick)' : ''}`);
p(`- peak RSS: ${haveTime ? '/usr/bin/time -f %M' : 'n/a (install GNU time for /usr/bin/time)'}`);
p(`- ${caCertsLine()}`);
p();
p('## Targets');
p();
p('| target | measured | met |');
p('|---|---|---|');
for (const t of targets) p(`| ${t.what} | ${t.shown} | ${t.met ? 'yes' : `**no**: ${t.miss}`} |`);
p();
p('## Inputs');
p();
p('nova 33.0.0 (`samples/nova-33.0.0-support-matrix.ini`, 11 drivers, 59 features) and cinder master');
p('(`samples/cinder-master-support-matrix.ini`, 75 drivers, 10 features), their feature sections');
p('repeated N times under new section names (`bench/generate.mjs`; generated into a temporary directory).');
p();
p('| input | size | features | model JSON |');
p('|---|---|---|---|');
for (const r of results) p(`| ${r.name} | ${fmtMB(r.bytes)} | ${r.repeat} x ${r.sample.replace(/\.ini$/, '')} | ${fmtMB(r.inproc.jsonBytes)} |`);
p();
p('## End to end: `fmx convert X.ini --to json` vs configparser');
p();
p('Wall time of the whole process (start-up, read, model, JSON, write to a file), and peak RSS. The');
p('baseline is `bench/configparser_baseline.py`: `configparser.ConfigParser().read_file`, the same model');
p("built by the conformance oracle (`test/oracle/configparser_model.py`), `json.dump(indent=2)`. 'same");
p("output' says whether the two JSON outputs are byte-identical.");
p();
p('| input | fmx | fmx peak RSS | configparser | configparser peak RSS | configparser / fmx | same output |');
p('|---|---|---|---|---|---|---|');
for (const r of results) {
  p(
    `| ${r.name} | ${fmtMs(r.fmx.ms)} | ${fmtRss(r.fmx.rssKb)} | ${r.py ? fmtMs(r.py.ms) : 'n/a'} | ${r.py ? fmtRss(r.py.rssKb) : 'n/a'} | ${fmtX(r.pyOverFmx)} | ${r.sameOutput === null ? 'n/a' : r.sameOutput ? 'yes' : '**no**'} |`,
  );
}
p();
p('## In process: read alone, peers, reference');
p();
p('`read`: bytes to model through the format registry (UTF-8 decoding, the configparser-exact syntax');
p("tree, the model). `JSON.parse`: decoding plus `JSON.parse` of the model's JSON as `--to json` prints");
p('it (the same content, read by a native parser). `ini` package: `ini.parse` of the decoded text (nested');
p('objects, none of configparser\'s rules). MB/s are of each parser\'s own input. Steady state: runs');
p('follow each other as in a process reading many files (each pays for collecting earlier garbage).');
p('Fresh heap: a full GC before each run, so each starts from an empty young generation and faults its');
p('heap pages in again, closer to a one-shot CLI and more sensitive to machine load.');
p();
p('| input | fmx read | MB/s | JSON.parse | MB/s | read / JSON.parse | fresh heap: read / JSON.parse | ini package | MB/s | fmx read / ini |');
p('|---|---|---|---|---|---|---|---|---|---|');
for (const r of results) {
  const i = r.inproc;
  const ini = i.iniPackage.error ? ['n/a', 'n/a', 'n/a'] : [fmtMs(i.iniPackage.ms), i.iniPackage.mbps.toFixed(0), fmtX(i.iniPackage.fmxOverIni)];
  const fresh = i.freshHeap ? `${fmtX(i.freshHeap.readOverJsonParse)} (${fmtMs(i.freshHeap.read.ms)} vs ${fmtMs(i.freshHeap.jsonParse.ms)})` : 'n/a';
  p(`| ${r.name} | ${fmtMs(i.read.ms)} | ${i.read.mbps.toFixed(0)} | ${fmtMs(i.jsonParse.ms)} | ${i.jsonParse.mbps.toFixed(0)} | ${fmtX(i.readOverJsonParse)} | ${fresh} | ${ini[0]} | ${ini[1]} | ${ini[2]} |`);
}
p();
p('## In process: each writer alone');
p();
p('On the model read above. `ini`: the INI writer given the document the model came from (prints it');
p('back through the patcher); `ini-fresh`: a new INI from the model alone. n/a: the writer failed or');
p(`does not exist yet; skipped: it took over ${SLOW_WRITER_MS / 1000} s on a smaller input (reasons below the table).`);
p();
const wnames = Object.keys(results[0].inproc.writers);
p(`| input | ${wnames.join(' | ')} |`);
p(`|---|${wnames.map(() => '---').join('|')}|`);
const notes = new Map();
for (const r of results) {
  const cells = wnames.map((w) => {
    const x = r.inproc.writers[w];
    if (x.error) {
      notes.set(`${w}: ${x.error}`, [...(notes.get(`${w}: ${x.error}`) ?? []), r.name]);
      return 'n/a';
    }
    if (x.skipped) {
      const k = `${w}: skipped (${x.skipped})`;
      notes.set(k, [...(notes.get(k) ?? []), r.name]);
      return 'skipped';
    }
    return `${fmtMs(x.ms)} (${fmtMB(x.outBytes)})`;
  });
  p(`| ${r.name} | ${cells.join(' | ')} |`);
}
if (notes.size) {
  p();
  for (const [what, names] of notes) p(`- ${what}: ${names.length === results.length ? 'every input' : names.join(', ')}`);
}
reportXlsx(p, xlsx);
p();
if (formats) {
  p('## Every format: readers and writers, and their peers');
  p();
  p('Each cell: wall time of the whole process (`fmx convert IN --to json` for a reader, `fmx convert');
  p('nova-xN.ini --to FMT` for a writer; start-up included), then its peak RSS; the peer runs on the same');
  p('bytes in the same run, in turn with fmx, run after run (bench/formats.mjs: at least 9 pairs at x1), and a');
  p("target's ratio is the median of the per-pair ratios. Inputs at x1 are nova 33.0.0 itself (the single");
  p('conversions a user runs); Markdown, CSV (long and wide), JSON and XLSX are written by fmx from the INI,');
  p('the HTML page read is the published nova 33.0.0 page with its features repeated, the HTML page written is');
  p("fmx's own (`--to html`), and the text page is pandoc's plain copy of the published nova 33.0.0 page, its");
  p('features repeated under new titles (its only keys; the same bytes pandoc makes of the repeated page).');
  p();
  p('| path | x1 | x10 | x100 | x100 / x10 | peer | peer x1 | peer x10 | peer x100 |');
  p('|---|---|---|---|---|---|---|---|---|');
  const cellOf = (c, who = 'fmx') => (!c ? '-' : c.error ? `n/a (${c.error})` : !c[who] ? 'n/a' : `${fmtMs(c[who].ms)}, ${fmtRss(c[who].rssKb)}`);
  for (const row of formats.rows) {
    const q = row.at.x100?.fmx && row.at.x10?.fmx ? fmtX(row.at.x100.fmx.ms / row.at.x10.fmx.ms) : 'n/a';
    p(`| ${row.name} | ${cellOf(row.at.x1)} | ${cellOf(row.at.x10)} | ${cellOf(row.at.x100)} | ${q} | ${row.peer ?? ''} | ${row.peer ? cellOf(row.at.x1, 'peer') : ''} | ${row.peer ? cellOf(row.at.x10, 'peer') : ''} | ${row.peer ? cellOf(row.at.x100, 'peer') : ''} |`);
  }
  for (const note of formats.notes) p(`\n- ${note}`);
  p();
}
p('## Start-up');
p();
p(`| command | wall (median of ${startup.runs}) | peak RSS |`);
p('|---|---|---|');
p(`| \`node -e 0\` | ${fmtMs(startup.bareMs)} | ${fmtRss(startup.bareRssKb)} |`);
p(`| \`fmx convert ${small.name}.ini --to json\` | ${fmtMs(startup.fmxMs)} | ${fmtRss(startup.fmxRssKb)} |`);
p(`| ratio (median of paired runs) | ${fmtX(startup.ratio)} | |`);
p(`| \`npm start\` (node scripts/start.mjs; median of ${npmStart.runs}) | ${fmtMs(npmStart.ms)} | ${fmtRss(npmStart.rssKb)} |`);
if (history.lines.length) {
  p();
  for (const l of history.lines) p(l);
}
if (profile) {
  p();
  p(`## Profile: \`node --cpu-prof ${relative(root, cli)} convert ${profile.input}.ini --to json\``);
  p();
  p('Self time by function (the hottest first).');
  p();
  p('| self ms | % | function | where |');
  p('|---|---|---|---|');
  for (const f of profile.top) p(`| ${f.ms.toFixed(0)} | ${f.pct.toFixed(1)} | ${f.name} | ${f.where} |`);
}
// The hand-written analysis (what the profiles show, what was done, what is left) follows the numbers.
const notesFile = join(root, 'bench', 'NOTES.md');
if (existsSync(notesFile)) {
  p();
  p(readFileSync(notesFile, 'utf8').trimEnd());
}
const report = lines.join('\n') + '\n';

// The terminal table: the same content.
process.stdout.write(report);
if (!flag('--no-write')) {
  writeFileSync(join(root, 'BENCHMARKS.md'), report);
  log(`wrote ${relative(process.cwd(), join(root, 'BENCHMARKS.md')) || 'BENCHMARKS.md'}`);
}
if (flag('--keep')) log(`kept ${tmp}`);
else rmSync(tmp, { recursive: true, force: true });

// ---------------------------------------------------------------- XLSX
// fmx's own workbook writer and reader against exceljs's in-memory workbook
// (loaded from fmx's file, written back: the same content) and openpyxl's
// load_workbook of the same file; each measurement in its own process.

/** A Python with openpyxl (Debian's python3-openpyxl may sit beside another python3 on PATH). */
function openpyxlPython() {
  for (const py of ['python3', '/usr/bin/python3']) {
    if (spawnSync(py, ['-c', 'import openpyxl'], { encoding: 'utf8' }).status === 0) return py;
  }
  return null;
}

function benchXlsx(inputs) {
  if (flag('--no-xlsx')) return null;
  const py = openpyxlPython();
  if (!py) log('xlsx: openpyxl not found (Debian: apt-get install python3-openpyxl): its peer is skipped');
  const out = [];
  for (const inp of inputs.filter((i) => i.repeat <= 100 && i.name.startsWith('nova'))) {
    const runs = inp.repeat >= 100 ? bigRuns : baseRuns;
    log(`xlsx ${inp.name}: fmx write and read, exceljs write and read${py ? ', openpyxl load_workbook' : ''}, ${runs} run(s) each`);
    const xlsxFile = join(tmp, `${inp.name}.xlsx`);
    const json = join(tmp, 'xlsx.json');
    const measure = (cmd, cmdArgs) => {
      try {
        const r = run(cmd, cmdArgs, json, tmp);
        return { ...JSON.parse(readFileSync(json, 'utf8')), rssKb: r.rssKb };
      } catch (e) {
        log(`  ${cmdArgs[1] ?? cmd}: ${String(e.message).split('\n')[0]}`);
        return null;
      }
    };
    const script = join(root, 'bench', 'xlsx.mjs');
    const write = measure(node, [script, 'write', inp.file, xlsxFile, String(runs)]);
    if (!write) continue;
    out.push({
      name: inp.name,
      repeat: inp.repeat,
      write,
      read: measure(node, [script, 'read', xlsxFile, String(runs)]),
      exceljsWrite: measure(node, [script, 'exceljs-write', xlsxFile, String(runs)]),
      exceljsRead: measure(node, [script, 'exceljs-read', xlsxFile, String(runs)]),
      openpyxl: py ? measure(py, [join(root, 'bench', 'openpyxl_load.py'), xlsxFile, String(runs)]) : null,
    });
  }
  return out;
}

function xlsxTargets(xl) {
  if (!xl) return [];
  const t = [];
  const at = (n) => xl.find((r) => r.repeat === n);
  for (const r of [at(10), at(100)]) {
    if (!r) continue;
    if (r.exceljsWrite) {
      const q = r.exceljsWrite.ms / r.write.ms;
      t.push({ what: `XLSX write >= 3x faster than exceljs's in-memory workbook (${r.name})`, value: q, shown: `${fmtX(q)} (${fmtMs(r.write.ms)} vs ${fmtMs(r.exceljsWrite.ms)})`, met: q >= 3, miss: `fmx would need ${fmtMs(r.exceljsWrite.ms / 3)}` });
    }
    if (r.openpyxl && r.read) {
      const q = r.openpyxl.ms / r.read.ms;
      t.push({ what: `XLSX read at least as fast as openpyxl's load_workbook (${r.name})`, value: q, shown: `${fmtX(q)} (${fmtMs(r.read.ms)} vs ${fmtMs(r.openpyxl.ms)})`, met: q >= 1, miss: `fmx would need ${fmtMs(r.openpyxl.ms)}` });
    }
  }
  const [x10, x100] = [at(10), at(100)];
  if (x10 && x100) {
    for (const k of ['write', 'read']) {
      if (!x10[k] || !x100[k]) continue;
      const q = x100[k].ms / x10[k].ms;
      t.push({ what: `XLSX ${k} grows linearly: x100 <= 12x the time at x10`, value: q, shown: `${fmtX(q)} (${fmtMs(x100[k].ms)} / ${fmtMs(x10[k].ms)})`, met: q <= 12, miss: `${((q / 12 - 1) * 100).toFixed(0)}% over` });
      if (haveTime) {
        const kb = x100[k].rssKb;
        t.push({ what: `XLSX ${k} at x100: peak RSS < 600 MB`, value: kb, shown: fmtRss(kb), met: kb < 600 * 1024, miss: `${fmtRss(kb - 600 * 1024)} over` });
      }
    }
  }
  return t;
}

function reportXlsx(p, xl) {
  if (!xl || !xl.length) return;
  p();
  p('## XLSX: fmx against exceljs and openpyxl');
  p();
  p("In process, median of runs, each measurement in its own process (peak RSS of that process, the model's");
  p("INI read included for the writers). fmx writes the workbook's XML parts itself and deflates them with");
  p("node's zlib, and reads them with its own ZIP and XML code (docs/xlsx.md). exceljs: the same workbook");
  p("loaded into an in-memory `Workbook` (not timed), then `writeBuffer()`; its read is `xlsx.load`. openpyxl:");
  p('`load_workbook` of the same file (bench/openpyxl_load.py).');
  p();
  p('| input | fmx write | exceljs write | exceljs / fmx | fmx read | exceljs read | openpyxl read | openpyxl / fmx | workbook |');
  p('|---|---|---|---|---|---|---|---|---|');
  const cell = (x) => (x ? `${fmtMs(x.ms)} (${fmtRss(x.rssKb)})` : 'n/a');
  for (const r of xl) {
    const w = r.exceljsWrite ? fmtX(r.exceljsWrite.ms / r.write.ms) : 'n/a';
    const o = r.openpyxl && r.read ? fmtX(r.openpyxl.ms / r.read.ms) : 'n/a';
    p(`| ${r.name} | ${cell(r.write)} | ${cell(r.exceljsWrite)} | ${w} | ${cell(r.read)} | ${cell(r.exceljsRead)} | ${cell(r.openpyxl)} | ${o} | ${fmtMB(r.write.outBytes)} |`);
  }
}
