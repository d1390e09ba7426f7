/**
 * XLSX measurements for one input, run by scripts/bench.mjs in a fresh
 * process per measurement (so that the peak RSS is that measurement's):
 *
 *   node bench/xlsx.mjs write INI OUT.xlsx RUNS   fmx: model (read from INI, not timed) -> workbook bytes
 *   node bench/xlsx.mjs read X.xlsx RUNS          fmx: workbook bytes -> model
 *   node bench/xlsx.mjs exceljs-write X.xlsx RUNS exceljs: the same workbook, loaded (not timed), written from memory
 *   node bench/xlsx.mjs exceljs-read X.xlsx RUNS  exceljs: workbook bytes -> in-memory workbook
 *
 * Prints one JSON object: {ms (median of RUNS), runs, outBytes?}. The openpyxl
 * peer is bench/openpyxl_load.py.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [what, file, ...rest] = process.argv.slice(2);
const runs = Math.max(1, Number(rest.at(-1)) || 1);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const noWarn = () => {};

async function timed(f) {
  const ms = [];
  let out;
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    out = await f();
    ms.push(performance.now() - t);
  }
  return { ms: median(ms), runs, out };
}

const { getFormat } = await import(join(root, 'dist', 'formats', 'registry.js'));
let result;
if (what === 'write') {
  const ini = await (await getFormat('ini').reader()).read(readFileSync(file), { file, warn: noWarn });
  const writer = await getFormat('xlsx').writer();
  const r = await timed(() => writer.write(ini, { file: rest[0], warn: noWarn }));
  writeFileSync(rest[0], r.out);
  result = { ms: r.ms, runs, outBytes: r.out.length };
} else if (what === 'read') {
  const bytes = readFileSync(file);
  const reader = await getFormat('xlsx').reader();
  const r = await timed(() => reader.read(bytes, { file, warn: noWarn }));
  result = { ms: r.ms, runs, features: r.out.matrix.features.length };
} else if (what === 'exceljs-write' || what === 'exceljs-read') {
  // exceljs is a dev dependency of fmx (its tests read workbooks with it); resolved from fmx's folder.
  const ExcelJS = createRequire(join(root, 'package.json'))('exceljs');
  const bytes = readFileSync(file);
  const load = async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes);
    return wb;
  };
  if (what === 'exceljs-read') {
    const r = await timed(load);
    result = { ms: r.ms, runs };
  } else {
    const wb = await load();
    const r = await timed(() => wb.xlsx.writeBuffer());
    result = { ms: r.ms, runs, outBytes: r.out.length };
  }
} else {
  throw new Error(`unknown measurement ${what}`);
}
process.stdout.write(JSON.stringify(result) + '\n');
