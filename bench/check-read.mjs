#!/usr/bin/env node
/**
 * Guard for performance work on the INI read path (run after every
 * optimisation, against a fresh build): for every samples/*.ini,
 *  - the model JSON fmx prints equals CPython's reading
 *    (test/oracle/configparser_model.py), and
 *  - `fmx convert X.ini --to ini` gives the file back byte for byte (CLI);
 * and for the bench's generated inputs (nova x10, cinder wide x10), the JSON
 * fmx prints is byte-identical to bench/configparser_baseline.py's.
 *
 *   node bench/check-read.mjs      exit 0 when everything matches
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { generate } from './generate.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).bin.fmx);
const samples = readdirSync(join(root, 'samples'))
  .filter((f) => f.endsWith('.ini'))
  .sort()
  .map((f) => join(root, 'samples', f));
let failures = 0;
const fail = (msg) => {
  failures++;
  console.log(`FAIL ${msg}`);
};

// 1. The model equals configparser's reading.
const oracle = spawnSync('python3', [join(root, 'test', 'oracle', 'configparser_model.py'), ...samples], { encoding: 'utf8', maxBuffer: 1 << 28 });
if (oracle.status !== 0) throw new Error(`oracle failed: ${oracle.stderr}`);
const { readIniBytes } = await import(join(root, 'dist', 'formats', 'ini', 'read.js'));
const { emitJson } = await import(join(root, 'dist', 'formats', 'json', 'write.js'));
for (const ref of JSON.parse(oracle.stdout)) {
  let mine;
  try {
    mine = JSON.parse(emitJson(readIniBytes(readFileSync(ref.file), ref.file).matrix));
  } catch (e) {
    if (!ref.error) fail(`${ref.file}: fmx failed (${e.message}) where configparser reads it`);
    continue;
  }
  if (ref.error) fail(`${ref.file}: fmx reads it, configparser fails: ${ref.error}`);
  else if (!isDeepStrictEqual(mine, ref.model)) fail(`${ref.file}: model differs from configparser's`);
}

// 2. Byte-for-byte round trip through the CLI.
for (const f of samples) {
  const r = spawnSync(process.execPath, [cli, 'convert', f, '--to', 'ini'], { maxBuffer: 1 << 28 });
  if (r.status !== 0) fail(`${f}: convert --to ini failed: ${r.stderr}`);
  else if (!r.stdout.equals(readFileSync(f))) fail(`${f}: --to ini does not give the file back`);
}

// 3. Generated inputs: identical JSON to the configparser baseline.
const tmp = mkdtempSync(join(tmpdir(), 'fmx-check-'));
try {
  const gen = generate(tmp, [
    { name: 'nova-x10', sample: 'nova-33.0.0-support-matrix.ini', repeat: 10 },
    { name: 'cinder-x10', sample: 'cinder-master-support-matrix.ini', repeat: 10 },
    { name: 'octavia-x10', sample: 'octavia-master-feature-matrix-listener.ini', repeat: 3 },
  ]);
  for (const g of gen) {
    const a = spawnSync(process.execPath, [cli, 'convert', g.file, '--to', 'json'], { maxBuffer: 1 << 28 });
    const b = spawnSync('python3', [join(root, 'bench', 'configparser_baseline.py'), g.file], { maxBuffer: 1 << 28 });
    if (a.status !== 0 || b.status !== 0) fail(`${g.name}: fmx ${a.status} ${a.stderr}, python ${b.status} ${b.stderr}`);
    else if (!a.stdout.equals(b.stdout)) fail(`${g.name}: fmx's JSON differs from the configparser baseline's`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

console.log(failures ? `${failures} failure(s)` : `ok: ${samples.length} samples match configparser and round-trip; generated inputs match the baseline`);
process.exitCode = failures ? 1 : 0;
