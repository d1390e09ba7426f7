/**
 * In-process measurements for one input (run by scripts/bench.mjs in a fresh
 * process per input, so that inputs do not share a heap):
 *
 *   node bench/inproc.mjs FILE RUNS [SKIP]  -> one JSON object on stdout
 *
 * SKIP: `writer=reason,...`, writers not to run (scripts/bench.mjs skips a
 * writer on larger inputs once it took seconds on a smaller one).
 *
 * - read: bytes -> model, the INI reader of the format registry (decoding,
 *   syntax tree, model), paired run by run with JSON.parse of the model's
 *   JSON (decoding included on both sides), in steady state and, with
 *   --expose-gc, from a fresh heap (see `pairs`);
 * - the `ini` package's parse of the same text (a peer that does less);
 * - each writer alone, on the model read above: json, ini (the source
 *   printed back through the patcher), ini-fresh (a new file from the model
 *   alone), md, csv, xlsx. A writer that throws is reported as n/a.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => join(root, 'dist', p);
const [file, runsArg, skipArg] = process.argv.slice(2);
/** Writers not to run on this input (too slow on a smaller one), `name=why,...`. */
const skip = new Map((skipArg ?? '').split(',').filter(Boolean).map((x) => x.split('=')));
const runs = Math.max(1, Number(runsArg) || 5);
/** Writers slower than this per run are measured once. */
const SLOW_MS = 4000;
/** xlsx (exceljs keeps the whole workbook in memory) only up to this input size. */
const XLSX_MAX_BYTES = 6 * 1024 * 1024;

const { getFormat } = await import(dist('formats/registry.js'));
const iniReader = await getFormat('ini').reader();
const bytes = readFileSync(file);
const warn = () => {};
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const time = (fn) => {
  const t = performance.now();
  const r = fn();
  return [performance.now() - t, r];
};
/** Time `fn` run `k` times in a row: milliseconds per run. */
const timeN = (k, fn) => {
  const t = performance.now();
  for (let i = 0; i < k; i++) fn();
  return (performance.now() - t) / k;
};
const timeAsync = async (fn) => {
  const t = performance.now();
  const r = await fn();
  return [performance.now() - t, r];
};
const gc = () => globalThis.gc?.();

const out = { file, bytes: bytes.length, runs };

// The JSON the model prints, as the reference's input. No model is kept
// while reads are timed: a heap full of an earlier result slows every GC.
const jsonWriter = await getFormat('json').writer();
const jsonBytes = Buffer.from(await jsonWriter.write(iniReader.read(bytes, { file, warn }), { file: '-', warn }));
out.jsonBytes = jsonBytes.length;

// Warm-up (JIT) on the real input, then paired runs: at least 3 rounds (1 for
// large inputs) and at least half a second, so that small inputs are timed in
// optimised code too.
const warmStart = performance.now();
let warmRounds = 0;
for (; warmRounds < 2000 && (warmRounds < (bytes.length < 20e6 ? 3 : 1) || performance.now() - warmStart < 500); warmRounds++) {
  iniReader.read(bytes, { file, warn });
  JSON.parse(decoder.decode(jsonBytes));
}
/** Runs per timing, so that one timing lasts about 50 ms: a GC pause then weighs what it weighs in a long run. */
const reps = Math.max(1, Math.round(50 / ((performance.now() - warmStart) / warmRounds)));
out.repsPerTiming = reps;
/**
 * Paired runs of the read and JSON.parse. Steady state (the headline): runs
 * follow each other as in a process that reads many files, so each pays for
 * collecting the garbage of earlier ones (a small input is run `reps` times
 * per timing). Fresh heap: a full GC before each
 * run, so that each starts from an empty young generation and faults its
 * heap pages in again (closer to a one-shot CLI).
 */
function pairs(freshHeap) {
  const readMs = [];
  const jsonParseMs = [];
  const ratios = [];
  for (let r = 0; r < runs; r++) {
    if (freshHeap) gc();
    const a = freshHeap ? time(() => iniReader.read(bytes, { file, warn }))[0] : timeN(reps, () => iniReader.read(bytes, { file, warn }));
    if (freshHeap) gc();
    const b = freshHeap ? time(() => JSON.parse(decoder.decode(jsonBytes)))[0] : timeN(reps, () => JSON.parse(decoder.decode(jsonBytes)));
    readMs.push(a);
    jsonParseMs.push(b);
    ratios.push(a / b);
  }
  return {
    read: { ms: median(readMs), mbps: bytes.length / 1e6 / (median(readMs) / 1000) },
    jsonParse: { ms: median(jsonParseMs), mbps: jsonBytes.length / 1e6 / (median(jsonParseMs) / 1000) },
    readOverJsonParse: median(ratios),
  };
}
Object.assign(out, pairs(false));
if (globalThis.gc) out.freshHeap = pairs(true);

// The `ini` package (a dev dependency): parses into nested plain objects,
// without configparser's rules (continuations, duplicates, interpolation).
try {
  const ini = (await import('ini')).default;
  const t0 = performance.now();
  for (let w = 0; w < 2000 && (w < 1 || performance.now() - t0 < 300); w++) ini.parse(decoder.decode(bytes));
  const ms = [];
  const rs = [];
  for (let r = 0; r < runs; r++) {
    const a = timeN(reps, () => ini.parse(decoder.decode(bytes)));
    const b = timeN(reps, () => iniReader.read(bytes, { file, warn }));
    ms.push(a);
    rs.push(b / a);
  }
  out.iniPackage = { ms: median(ms), mbps: bytes.length / 1e6 / (median(ms) / 1000), fmxOverIni: median(rs) };
} catch (e) {
  out.iniPackage = { error: String(e?.message ?? e).split('\n')[0] };
}

// Writers, on one model.
const loaded = iniReader.read(bytes, { file, warn });
const fresh = { matrix: loaded.matrix };
const writers = [
  ['json', 'json', loaded],
  ['ini', 'ini', loaded],
  ['ini-fresh', 'ini', fresh],
  ['md', 'md', loaded],
  ['csv', 'csv', loaded],
  ['xlsx', 'xlsx', loaded],
];
out.writers = {};
for (const [label, fmt, input] of writers) {
  if (skip.has(label)) {
    out.writers[label] = { skipped: skip.get(label) };
    continue;
  }
  if (fmt === 'xlsx' && bytes.length > XLSX_MAX_BYTES) {
    out.writers[label] = { skipped: `input over ${XLSX_MAX_BYTES / 1024 / 1024} MB` };
    continue;
  }
  try {
    const h = getFormat(fmt);
    if (!h.writer) throw new Error('no writer');
    const w = await h.writer();
    const wopts = { file: `bench.${fmt}`, warn };
    gc();
    const [t0, data] = await timeAsync(() => w.write(input, wopts));
    const size = typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
    const ms = [t0];
    if (t0 < SLOW_MS) {
      for (let r = 0; r < runs; r++) {
        gc();
        ms.push((await timeAsync(() => w.write(input, wopts)))[0]);
      }
      ms.shift(); // the first run includes loading the module and warming up
    }
    out.writers[label] = { ms: median(ms), outBytes: size, runs: ms.length };
  } catch (e) {
    out.writers[label] = { error: String(e?.message ?? e).split('\n')[0].slice(0, 120) };
  }
}

process.stdout.write(JSON.stringify(out) + '\n');
