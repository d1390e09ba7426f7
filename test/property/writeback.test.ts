/**
 * The write-back contract as a property (issue 13): for a random base INI and
 * a random edit saved as JSON, CSV wide, CSV long, Markdown or XLSX (with columns
 * removed, features and drivers removed, cell statuses invalid or spelled as
 * a renderer shows them), `convert --base` either writes an INI whose model is
 * exactly the edited model with what the format does not carry taken from the
 * base, or refuses with positioned errors (and nothing is written). Never
 * does it succeed with something lost.
 *
 * The pipeline is `convert`'s own (overBase, then the INI patcher), run in
 * process; the INI written is read back by fmx's reader in every run, and all
 * of them once more by CPython's configparser (test/oracle/) where python3 is
 * present. Runs: 25 per format by default, more with FMX_FUZZ_RUNS.
 */

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { overBase } from '../../src/commands/over-base.js';
import { FmxError, type Diagnostic } from '../../src/diagnostics.js';
import { emitCsv } from '../../src/formats/csv/write.js';
import { readCsvText } from '../../src/formats/csv/read.js';
import { patchIni } from '../../src/formats/ini/patch.js';
import { readIniText } from '../../src/formats/ini/read.js';
import { emitFreshIni } from '../../src/formats/ini/write.js';
import { read as readJson } from '../../src/formats/json/read.js';
import { emitJson } from '../../src/formats/json/write.js';
import { readMarkdownText } from '../../src/formats/markdown/read.js';
import { emitMarkdown, loadStringify } from '../../src/formats/markdown/write.js';

// The reference Markdown printer is loaded on first need; emitMarkdown prints synchronously.
beforeAll(() => loadStringify());
import { read as readXlsx } from '../../src/formats/xlsx/read.js';
import { emitXlsx } from '../../src/formats/xlsx/write.js';
import type { Loaded } from '../../src/formats/types.js';
import { newFeature, newMatrix, toPlain, type Feature, type Matrix } from '../../src/model/matrix.js';
import { python3, runOracle } from '../helpers/python.js';
import { runs } from './arbitraries.js';

type Format = 'json' | 'wide' | 'long' | 'md' | 'xlsx';

const word = fc.constantFrom('alpha', 'beta', 'gamma', 'delta', 'volume', 'host', 'x86', 'it', 'works', '50%', 'see', 'bug');
const words = fc.array(word, { minLength: 1, maxLength: 6 }).map((w) => w.join(' '));
/** Base notes: words over lines, with runs of spaces (what an INI holds and a page folds). */
const baseNotes = fc.array(fc.array(word, { minLength: 1, maxLength: 5 }).map((w) => w.join(fc.sample(fc.constantFrom(' ', '  '), 1)[0]!)), { minLength: 1, maxLength: 3 }).map((l) => l.join('\n'));
const DRIVER_KEYS = ['kvm', 'xen', 'ironic', 'vz-ct', 'hyperv'];
const FEATURE_KEYS = ['operation.attach', 'operation.detach', 'operation.resize', 'operation.boot', 'operation.evacuate'];
const VALID = ['complete', 'partial', 'missing', 'unknown'] as const;
/** Spellings the contract normalises (with a warning), and what they stand for. */
const NORMAL: Record<string, string> = { Complete: 'complete', '✔': 'complete', '◐': 'partial', MISSING: 'missing', '?': 'unknown' };
const INVALID = ['yes', 'done', 'supported'];

const baseModel = fc
  .record({
    drivers: fc.uniqueArray(fc.constantFrom(...DRIVER_KEYS), { minLength: 1, maxLength: 4 }),
    features: fc.uniqueArray(
      fc.record({
        key: fc.constantFrom(...FEATURE_KEYS),
        title: words,
        status: fc.constantFrom('optional', 'mandatory', 'choice', null),
        notes: fc.option(baseNotes, { nil: null }),
        cells: fc.array(fc.record({ status: fc.constantFrom(...VALID), notes: fc.option(words, { nil: null }) }), { minLength: 5, maxLength: 5 }),
        extra: fc.option(words, { nil: null }),
      }),
      { selector: (f) => f.key, minLength: 1, maxLength: 5 },
    ),
  })
  .map((r) => {
    const m = newMatrix('support-matrix');
    m.drivers = r.drivers.map((key) => ({ key, title: `Driver ${key}`, link: null }));
    for (const f of r.features) {
      const feature: Feature = newFeature(f.key, f.title);
      feature.status = f.status;
      feature.group = f.status === 'choice' ? 'g1' : null;
      feature.notes = f.notes;
      feature.implementations = m.drivers.map((d, n) => ({ driver: d.key, status: f.cells[n]!.status, notes: f.cells[n]!.notes, release: null }));
      if (f.extra !== null) feature.extras = [{ name: 'x-comment', value: f.extra }];
      m.features.push(feature);
    }
    return m;
  });

type Edit =
  | { op: 'status'; f: number; d: number; value: string }
  | { op: 'notes'; f: number; value: string }
  | { op: 'rewrap'; f: number }
  | { op: 'cell-notes'; f: number; d: number; value: string }
  | { op: 'title'; f: number; value: string }
  | { op: 'remove-feature'; f: number }
  | { op: 'remove-driver'; d: number }
  | { op: 'remove-extra'; f: number };

const index = fc.nat({ max: 4 });
const edit: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('status' as const), f: index, d: index, value: fc.constantFrom(...VALID, ...Object.keys(NORMAL), ...INVALID) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('notes' as const), f: index, value: words }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('rewrap' as const), f: index }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('cell-notes' as const), f: index, d: index, value: words }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('title' as const), f: index, value: words }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('remove-feature' as const), f: index }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('remove-driver' as const), d: index }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('remove-extra' as const), f: index }) },
);

/** Columns a user may delete from each table, and the model fields that then come from the base. */
const DROPS: Record<'wide' | 'long', { columns: string[]; fields: string[] }[]> = {
  wide: [
    { columns: ['status', 'group'], fields: ['status', 'group'] },
    { columns: ['group'], fields: ['group'] },
    { columns: ['title'], fields: ['title'] },
  ],
  // The meta rows (extras) live in feature_title, feature_status, feature_group and feature_notes: without one, extras come from the base.
  long: [
    { columns: ['feature_status', 'feature_group'], fields: ['status', 'group', 'extras'] },
    { columns: ['feature_notes'], fields: ['notes', 'extras'] },
    { columns: ['notes'], fields: ['cell-notes'] },
    { columns: ['driver_title'], fields: ['driver-title'] },
    { columns: ['feature_title'], fields: ['title', 'extras'] },
  ],
};

/** What each format carries of this test's models: the rest comes from the base. */
const NOT_CARRIED: Record<Format, string[]> = {
  json: [],
  md: [],
  xlsx: [],
  long: [],
  wide: ['notes', 'cell-notes', 'extras'],
};

const dir = mkdtempSync(join(tmpdir(), 'fmx-wb-prop-'));
const written: { path: string; expected: Matrix }[] = [];

async function save(format: Format, m: Matrix): Promise<string | Uint8Array> {
  switch (format) {
    case 'xlsx':
      return emitXlsx(m);
    case 'json':
      return emitJson(m);
    case 'md':
      return emitMarkdown(m);
    case 'wide':
      return emitCsv(m, { layout: 'wide' });
    case 'long':
      return emitCsv(m, { layout: 'long' });
  }
}

async function load(format: Format, saved: string | Uint8Array, keysFrom: Matrix, allowDeletions: boolean): Promise<Loaded> {
  const opts = { file: 'edited', keysFrom, allowDeletions, warn: () => {} };
  if (typeof saved !== 'string') return readXlsx(saved, opts);
  switch (format) {
    case 'json':
      return readJson(new TextEncoder().encode(saved), opts);
    case 'md':
      return readMarkdownText(saved, opts);
    default:
      return readCsvText(saved, opts);
  }
}

function dropColumns(text: string, columns: string[]): string {
  const rows: string[][] = parse(text, { relax_column_count: true });
  const drop = new Set(columns.map((c) => rows[0]!.indexOf(c)).filter((i) => i !== -1));
  return stringify(rows.map((r) => r.filter((_, k) => !drop.has(k))));
}

/** The model the write-back must give: the edit, with what the file does not carry from the base. */
function expectedModel(base: Matrix, edited: Matrix, notCarried: Set<string>): Matrix {
  const out = structuredClone(edited);
  const bf = new Map(base.features.map((f) => [f.key, f]));
  const bd = new Map(base.drivers.map((d) => [d.key, d]));
  for (const d of out.drivers) if (notCarried.has('driver-title')) d.title = bd.get(d.key)!.title;
  for (const f of out.features) {
    const b = bf.get(f.key)!;
    if (notCarried.has('title')) f.title = b.title;
    if (notCarried.has('status')) f.status = b.status;
    if (notCarried.has('group')) f.group = b.group;
    if (notCarried.has('notes')) f.notes = b.notes;
    else if (f.notes !== null && b.notes !== null && f.notes.replace(/\s+/g, ' ') === b.notes.replace(/\s+/g, ' ')) f.notes = b.notes;
    if (notCarried.has('extras')) f.extras = b.extras;
    for (const i of f.implementations) {
      const bi = b.implementations.find((x) => x.driver === i.driver)!;
      if (notCarried.has('cell-notes')) i.notes = bi.notes;
      i.status = NORMAL[i.status] ?? i.status;
    }
  }
  return out;
}

async function property(format: Format, base: Matrix, edits: Edit[], drop: number | null, allowDeletions: boolean): Promise<void> {
  const baseText = emitFreshIni(base);
  const { matrix: baseModel, doc } = readIniText(baseText, 'base.ini');
  const edited = structuredClone(baseModel);
  const notCarried = new Set(NOT_CARRIED[format]);
  const dropped = drop !== null && (format === 'wide' || format === 'long') ? DROPS[format][drop % DROPS[format].length]! : null;
  for (const field of dropped?.fields ?? []) notCarried.add(field);
  let invalid = false;
  let deletes = false;
  for (const e of edits) {
    if ('f' in e && e.f >= edited.features.length) continue;
    if ('d' in e && e.d >= edited.drivers.length) continue;
    const f = 'f' in e ? edited.features[e.f]! : null;
    const d = 'd' in e ? edited.drivers[e.d]! : null;
    switch (e.op) {
      case 'status':
        f!.implementations.find((i) => i.driver === d!.key)!.status = e.value;
        break;
      case 'notes':
        f!.notes = e.value;
        break;
      case 'rewrap':
        if (f!.notes !== null) f!.notes = f!.notes.replace(/\s+/g, ' ');
        break;
      case 'cell-notes':
        f!.implementations.find((i) => i.driver === d!.key)!.notes = e.value;
        break;
      case 'title':
        f!.title = e.value;
        break;
      case 'remove-feature':
        edited.features.splice(e.f, 1);
        deletes = true;
        break;
      case 'remove-extra':
        if (!f!.extras) break;
        delete f!.extras;
        // Only a format that carries extras can delete one; the wide CSV takes them from the base.
        if (!notCarried.has('extras')) deletes = true;
        break;
      case 'remove-driver':
        if (edited.drivers.length === 1) break;
        edited.drivers.splice(e.d, 1);
        for (const x of edited.features) x.implementations = x.implementations.filter((i) => i.driver !== d!.key);
        deletes = true;
        break;
    }
  }
  invalid = edited.features.some((f) => f.implementations.some((i) => INVALID.includes(i.status)));
  if (edited.features.length === 0) return;

  let saved = await save(format, edited);
  if (dropped && typeof saved === 'string') saved = dropColumns(saved, dropped.columns);
  const warnings: Diagnostic[] = [];
  let result: Matrix;
  try {
    // The workbook's reader checks the statuses of its Summary itself, at their cells.
    const loaded = await load(format, saved, baseModel, allowDeletions);
    result = overBase(loaded, baseModel, 'edited', { allowDeletions }, { report: (d) => void warnings.push(d) });
  } catch (e) {
    if (!(e instanceof FmxError)) throw e;
    // Refused: only for a reason, and an invalid value is pointed at.
    expect(invalid || (deletes && !allowDeletions), e.message).toBe(true);
    if (invalid) {
      const bad = e.diagnostics.filter((d) => d.ruleId === 'cell-status-invalid');
      expect(bad.length, e.message).toBeGreaterThan(0);
      for (const d of bad) expect(d.line ?? d.cell, e.message).toBeDefined();
    }
    if (deletes && !allowDeletions) expect(e.message).toContain('pass --allow-deletions');
    return;
  }
  expect(invalid, 'an invalid status was written').toBe(false);
  expect(deletes && !allowDeletions, 'a deletion was made without --allow-deletions').toBe(false);
  const out = patchIni(doc, result, { where: 'out.ini' });
  const expected = expectedModel(baseModel, edited, notCarried);
  const back = readIniText(out, 'out.ini').matrix;
  expect(toPlain(back)).toEqual(toPlain(expected));
  const path = join(dir, `${written.length}.ini`);
  writeFileSync(path, out);
  written.push({ path, expected });
}

const RUNS = runs(25);

describe('write-back: random edits in every editable format', () => {
  for (const format of ['json', 'wide', 'long', 'md', 'xlsx'] as const) {
    it(`${format}: writes exactly the edited model, or refuses with positioned errors`, async () => {
      await fc.assert(
        fc.asyncProperty(baseModel, fc.array(edit, { maxLength: 4 }), fc.option(fc.nat({ max: 9 }), { nil: null }), fc.boolean(), async (base, edits, drop, allow) =>
          property(format, base, edits, drop, allow),
        ),
        { numRuns: RUNS },
      );
    }, 120_000);
  }

  afterAll(() => {
    if (!written.length || !python3()) return;
    // CPython's configparser reads every INI written as the model expected.
    const models = runOracle<{ file: string; model?: Matrix; error?: string }[]>('configparser_model.py', written.map((w) => w.path));
    models.forEach((m, n) => {
      expect(m.error).toBeUndefined();
      expect(toPlain(m.model!)).toEqual(toPlain(written[n]!.expected));
    });
  });
});
