/**
 * Provenance survives every format fmx writes (issue 12): a page saved as
 * JSON, CSV (wide and long), Markdown or XLSX is diffed against its INI
 * exactly as the page itself, because the model says its keys were made up
 * from titles and its text folded; and `--keys-from` gives the same keys
 * from every input format, or is refused (exit 2) where the input has keys
 * of its own.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { convert } from '../../src/commands/convert.js';
import { UsageError, type Diagnostic } from '../../src/diagnostics.js';
import type { Change } from '../../src/diff/compare.js';
import { loadWriter, readBytes } from '../../src/formats/registry.js';
import type { FormatName, Loaded } from '../../src/formats/types.js';
import { diffMatrices, readMatrix } from '../../src/index.js';
import type { Matrix } from '../../src/model/matrix.js';
import { runDiff } from '../diff/helpers.js';
import { sampleBytes } from '../helpers/samples.js';

const DIR = mkdtempSync(join(tmpdir(), 'fmx-provenance-'));
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

interface Saved {
  name: string;
  format: FormatName;
  layout?: 'wide' | 'long';
}
const SAVED: Saved[] = [
  { name: 'json', format: 'json' },
  { name: 'csv (wide)', format: 'csv', layout: 'wide' },
  { name: 'csv (long)', format: 'csv', layout: 'long' },
  { name: 'md', format: 'md' },
  { name: 'xlsx', format: 'xlsx' },
];

const OCATA = { page: 'samples/rendered/nova-15.0.0-support-matrix.txt', ini: 'samples/nova-15.0.0-support-matrix.ini', next: 'samples/nova-16.0.0-support-matrix.ini' };
const NOVA33 = { page: 'samples/rendered/nova-33.0.0-support-matrix.html', ini: 'samples/nova-33.0.0-support-matrix.ini' };

const quiet = { report: (_d: Diagnostic) => {} };

async function read(path: string, keysFrom?: Matrix): Promise<Loaded> {
  return (await readBytes(sampleBytes(path.replace(/^samples\//, '')), { file: path, keysFrom, warn: () => {} })).loaded;
}

/** The page read (without --keys-from) and saved in a format, as `fmx convert` does; the saved file's path. */
async function save(page: string, s: Saved): Promise<string> {
  const loaded = await read(page);
  const writer = await loadWriter(s.format);
  const out = await writer.write(loaded, { file: 'out', layout: s.layout, warn: () => {} });
  const file = join(DIR, `${page.split('/').pop()}.${s.layout ?? ''}.${s.format}`);
  writeFileSync(file, out);
  return file;
}

async function changes(a: string, b: string): Promise<Change[]> {
  const r = await runDiff(a, b, { format: 'json' });
  expect(r.code, r.stderr).toBeLessThan(2);
  return JSON.parse(r.stdout).changes;
}

/** What a wide CSV carries: no notes, commands, API, links or classification (its reader says so). */
const WIDE_FIELDS = new Set(['title', 'status', 'group']);
const carriedByWide = (list: Change[]) => list.filter((c) => !('field' in c) || WIDE_FIELDS.has(c.field));

describe('a page saved in any format diffs against its INI as the page itself', () => {
  it.each(SAVED)('$name: the Ocata page (text) against its INI and the next release', async (s) => {
    const file = await save(OCATA.page, s);
    expect(await changes(OCATA.page, OCATA.ini)).toEqual([]);
    expect(await changes(file, OCATA.ini)).toEqual([]);
    const direct = await changes(OCATA.page, OCATA.next);
    expect(direct.length).toBeGreaterThan(5);
    const saved = await changes(file, OCATA.next);
    if (s.layout === 'wide') expect(carriedByWide(saved)).toEqual(carriedByWide(direct));
    else expect(saved).toEqual(direct);
  });

  it.each(SAVED)('$name: the nova 33.0.0 page (HTML) against its INI', async (s) => {
    const file = await save(NOVA33.page, s);
    expect(await changes(NOVA33.page, NOVA33.ini)).toEqual([]);
    expect(await changes(file, NOVA33.ini)).toEqual([]);
    // and the other way round (the INI as the old side)
    expect(await changes(NOVA33.ini, file)).toEqual(await changes(NOVA33.ini, NOVA33.page));
  });

  it.each(SAVED)('$name: the saved model keeps its provenance', async (s) => {
    const file = await save(NOVA33.page, s);
    const back = (await readBytes(new Uint8Array(await import('node:fs').then((fs) => fs.readFileSync(file))), { file, warn: () => {} })).loaded;
    expect(back.matrix.provenance).toEqual({ inferredKeys: true, foldedText: true });
  });
});

describe('the library diffs a saved page as the CLI does', () => {
  it('diffMatrices on a page saved as JSON: the same changes as fmx diff', async () => {
    const { readFileSync } = await import('node:fs');
    const file = await save(OCATA.page, SAVED[0]!);
    const page = (await readMatrix(readFileSync(file), { name: file })).matrix;
    const ini = async (p: string) => (await readMatrix(readFileSync(p), { name: p })).matrix;
    expect(diffMatrices(page, await ini(OCATA.ini)).changes).toEqual([]);
    expect(diffMatrices(page, await ini(OCATA.next)).changes).toEqual(await changes(OCATA.page, OCATA.next));
    for (const s of SAVED.filter((x) => x.layout !== 'wide')) {
      const saved = await save(NOVA33.page, s);
      const p33 = (await readMatrix(readFileSync(saved), { name: saved })).matrix;
      expect(diffMatrices(p33, await ini(NOVA33.ini)).changes, s.name).toEqual([]);
      expect(diffMatrices(await ini(NOVA33.ini), p33).changes, s.name).toEqual([]);
    }
  });
});

describe('--keys-from gives the same keys from every input format', () => {
  const keysOf = (m: Matrix) => ({ drivers: m.drivers.map((d) => d.key), features: m.features.map((f) => [f.key, f.implementations.map((i) => i.driver)]) });

  it.each([OCATA, NOVA33])('$page', async ({ page, ini }) => {
    const base = (await read(ini)).matrix;
    const direct = await read(page, base);
    expect(direct.matrix.provenance).toEqual({ foldedText: true });
    const want = keysOf(direct.matrix);
    expect(want.features.map((f) => f[0])).toEqual(base.features.filter((f) => want.features.some((w) => w[0] === f.key)).map((f) => f.key));
    for (const s of SAVED) {
      const file = await save(page, s);
      const warnings: Diagnostic[] = [];
      const { loaded, keysFromUsed } = await readBytes(await import('node:fs').then((fs) => fs.readFileSync(file)), { file, keysFrom: base, warn: (d) => warnings.push(d) });
      expect(keysFromUsed, s.name).toBe(true);
      expect(keysOf(loaded.matrix), s.name).toEqual(want);
      expect(loaded.matrix.provenance, s.name).toEqual({ foldedText: true });
      expect(warnings.filter((w) => w.ruleId?.startsWith('keys-')), s.name).toEqual([]);
    }
  });

  it('is refused (exit 2) for an input with keys of its own: an INI, or a JSON made from one', async () => {
    const json = join(DIR, 'nova-15.json');
    writeFileSync(json, await (await loadWriter('json')).write(await read(OCATA.ini), { file: json, warn: () => {} }));
    for (const input of [OCATA.ini, json]) {
      const out = join(DIR, 'refused.md');
      await expect(convert([input], { to: 'md', output: out, keysFrom: OCATA.ini }, quiet)).rejects.toThrow(UsageError);
      await expect(convert([input], { to: 'md', output: out, keysFrom: OCATA.ini }, quiet)).rejects.toThrow(/--keys-from applies to an input whose keys were made up from titles .* has keys of its own/);
    }
    const r = await runDiff(OCATA.ini, OCATA.next, { keysFrom: OCATA.ini });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--keys-from applies to an input whose keys were made up from titles/);
    await expect(readMatrix(sampleBytes('nova-15.0.0-support-matrix.ini'), { format: 'ini', keysFrom: sampleBytes('nova-15.0.0-support-matrix.ini') })).rejects.toThrow(UsageError);
    // one side made up its keys: --keys-from applies to it
    expect((await runDiff(OCATA.page, OCATA.ini, { keysFrom: OCATA.ini })).code).toBe(0);
  });
});
