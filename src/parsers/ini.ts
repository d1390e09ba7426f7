/**
 * INI reader: the three upstream dialects into the canonical model.
 *
 * The INI text is first read into a concrete syntax tree (`../ini/parse.ts`),
 * exactly as configparser reads it; this module interprets that tree the way
 * upstream's renderers do, without dropping anything they ignore.
 */

import { error } from '../diagnostics.js';
import type { Loaded, ReadOptions } from '../formats.js';
import { decodeUtf8 } from '../input.js';
import { effectiveOptions, type IniDocument, type IniOption, type IniSection } from '../ini/cst.js';
import { interpolate } from '../ini/interpolate.js';
import { parseIni } from '../ini/parse.js';
import {
  newFeature,
  newMatrix,
  splitCell,
  splitList,
  splitStatus,
  type Dialect,
  type Driver,
  type ExtraOption,
  type Feature,
  type Matrix,
} from '../model.js';

export interface IniReadResult {
  matrix: Matrix;
  doc: IniDocument;
}

/** Dialect spellings of driver declarations, cells and cell notes. */
export interface DialectSyntax {
  /** Section of a driver declaration, or null when drivers live in `[targets]`. */
  driverSection: string | null;
  cellPrefix: string;
  notesPrefix: string;
}

export const DIALECT_SYNTAX: Record<Dialect, DialectSyntax> = {
  'support-matrix': { driverSection: 'driver.', cellPrefix: 'driver.', notesPrefix: 'driver-notes.' },
  targets: { driverSection: null, cellPrefix: 'driver-impl-', notesPrefix: 'driver-notes-' },
  'feature-classification': { driverSection: 'target.', cellPrefix: '', notesPrefix: 'driver-notes-' },
};

/** Feature options the model interprets, by configparser name. */
const FEATURE_FIELDS = new Set([
  'title',
  'status',
  'notes',
  'cli',
  'api',
  'maturity',
  'api_doc_link',
  'admin_doc_link',
  'tempest_test_uuids',
]);

/** The format registry's entry point. */
export function read(bytes: Uint8Array, opts: ReadOptions): Loaded {
  const { matrix, doc } = readIniBytes(bytes, opts.file);
  return { matrix, ini: doc };
}

export function readIniBytes(bytes: Uint8Array, file: string): IniReadResult {
  const { text, bom } = decodeUtf8(bytes, file);
  return readIniText(text, file, bom);
}

export function readIniText(text: string, file: string, bom = false): IniReadResult {
  const doc = parseIni(text, file, bom);
  return { matrix: matrixFromIni(doc), doc };
}

export function detectDialect(doc: IniDocument): Dialect | null {
  let targets = false;
  for (const name of doc.sections.keys()) {
    if (name.startsWith('driver.')) return 'support-matrix';
    if (name.startsWith('target.')) return 'feature-classification';
    if (name === 'targets') targets = true;
  }
  return targets ? 'targets' : null;
}

export function matrixFromIni(doc: IniDocument): Matrix {
  if (doc.source.text.trim() === '' && doc.sections.size === 0) {
    throw error(doc.file, 'empty file: no matrix to read', 1, 1, 'matrix-empty');
  }
  const dialect = detectDialect(doc);
  if (!dialect) {
    const first = doc.blocks[0];
    throw error(
      doc.file,
      'no driver declarations: a feature support matrix declares its drivers in [driver.KEY] sections, ' +
        'a [targets] section of driver-impl-KEY=Title options, or [target.KEY] sections',
      first ? first.line + 1 : 1,
      1,
      'matrix-no-drivers',
    );
  }
  const syntax = DIALECT_SYNTAX[dialect];
  const m = newMatrix(dialect);
  const get = (sec: IniSection, o: IniOption) => interpolate(doc, sec, o);

  // Drivers, in file order.
  const driverSections = new Set<string>();
  if (syntax.driverSection !== null) {
    const prefix = syntax.driverSection;
    for (const sec of doc.sections.values()) {
      if (!sec.name.startsWith(prefix)) continue;
      driverSections.add(sec.name);
      const d: Driver = { key: sec.name.slice(prefix.length), title: null, link: null };
      const extras: ExtraOption[] = [];
      for (const o of effectiveOptions(doc, sec)) {
        const v = get(sec, o);
        if (o.name === 'title') d.title = v;
        else if (o.name === 'link') d.link = v;
        else extras.push({ name: o.name, value: v });
      }
      if (extras.length) d.extras = extras;
      m.drivers.push(d);
    }
  } else {
    const sec = doc.sections.get('targets')!;
    driverSections.add('targets');
    for (const o of effectiveOptions(doc, sec)) {
      const v = get(sec, o);
      if (o.name.startsWith('driver-impl-')) m.drivers.push({ key: o.name.slice(12), title: v, link: null });
      else (m.extras ??= []).push({ section: sec.name, name: o.name, value: v });
    }
  }
  const declared = new Set(m.drivers.map((d) => d.key));

  // Features: every other section, whatever its prefix.
  for (const sec of doc.sections.values()) {
    if (driverSections.has(sec.name)) continue;
    if (dialect === 'feature-classification' && sec.name === 'targets') continue;
    m.features.push(featureFromSection(doc, sec, syntax, declared));
  }
  return m;
}

function featureFromSection(doc: IniDocument, sec: IniSection, syntax: DialectSyntax, declared: Set<string>): Feature {
  const f = newFeature(sec.name);
  const options = effectiveOptions(doc, sec);
  const values = new Map<string, string>();
  for (const o of options) values.set(o.name, interpolate(doc, sec, o));
  const extras: ExtraOption[] = [];
  const cellNotes = new Set<string>();
  for (const o of options) {
    const v = values.get(o.name)!;
    if (FEATURE_FIELDS.has(o.name)) {
      setField(f, o.name, v);
      continue;
    }
    const key = cellKey(o.name, syntax, declared);
    if (key !== null) {
      const notesName = syntax.notesPrefix + key;
      const notes = values.get(notesName) ?? null;
      if (notes !== null) cellNotes.add(notesName);
      if (syntax.cellPrefix === '') {
        const { status, release } = splitCell(v);
        f.implementations.push({ driver: key, status, notes, release });
      } else {
        f.implementations.push({ driver: key, status: v, notes, release: null });
      }
      continue;
    }
    extras.push({ name: o.name, value: v });
  }
  const kept = extras.filter((e) => !cellNotes.has(e.name));
  if (kept.length) f.extras = kept;
  return f;
}

function cellKey(name: string, syntax: DialectSyntax, declared: Set<string>): string | null {
  if (syntax.cellPrefix === '') return declared.has(name) ? name : null;
  if (!name.startsWith(syntax.cellPrefix)) return null;
  const key = name.slice(syntax.cellPrefix.length);
  return declared.has(key) ? key : null;
}

function setField(f: Feature, name: string, v: string): void {
  switch (name) {
    case 'title':
      f.title = v;
      break;
    case 'status': {
      const s = splitStatus(v);
      f.status = s.status;
      f.group = s.group;
      break;
    }
    case 'notes':
      f.notes = v;
      break;
    case 'cli':
      f.cli = splitList(v);
      break;
    case 'api':
      f.api = v;
      break;
    case 'maturity':
      f.maturity = v;
      break;
    case 'api_doc_link':
      f.apiDocLink = v;
      break;
    case 'admin_doc_link':
      f.adminDocLink = v;
      break;
    case 'tempest_test_uuids':
      f.tempestTestUuids = splitList(v);
      break;
  }
}
