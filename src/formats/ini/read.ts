/**
 * INI reader: the three upstream dialects into the canonical model.
 *
 * The INI text is first read into a concrete syntax tree (`../ini/parse.ts`),
 * exactly as configparser reads it; this module interprets that tree the way
 * upstream's renderers do, without dropping anything they ignore.
 */

import { error, FmxError, type Diagnostic } from '../../diagnostics.js';
import type { Loaded, ReadOptions } from '../types.js';
import { decodeUtf8 } from '../../io/decode.js';
import { effectiveOptions, type IniDocument, type IniOption, type IniSection } from './cst.js';
import { interpolate } from './interpolate.js';
import { parseIni } from './parse.js';
import { DIALECT_SYNTAX, FEATURE_FIELD_BY_OPTION, type DialectSyntax } from './dialects.js';
import {
  newFeature,
  newMatrix,
  splitCell,
  type Dialect,
  type Driver,
  type ExtraOption,
  type Feature,
  type Matrix,
} from '../../model/matrix.js';

export interface IniReadResult {
  matrix: Matrix;
  doc: IniDocument;
}

/** The format registry's entry point. */
export function read(bytes: Uint8Array, opts: ReadOptions): Loaded {
  const { matrix, doc } = readIniBytes(bytes, opts.file, opts.warn);
  return { matrix, ini: doc };
}

/** Reports what the reader keeps but upstream would not show (a warning). */
export type Warn = (d: Diagnostic) => void;

export function readIniBytes(bytes: Uint8Array, file: string, warn?: Warn): IniReadResult {
  const { text, bom } = decodeUtf8(bytes, file);
  return readIniText(text, file, bom, warn);
}

export function readIniText(text: string, file: string, bom = false, warn?: Warn): IniReadResult {
  const doc = parseIni(text, file, bom);
  return { matrix: matrixFromIni(doc, warn), doc };
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

/**
 * Whether upstream's renderer reads option `name` of section `section` (and
 * so fails where configparser cannot interpolate its value). Decided by the
 * dialect's spelling alone: the fields the model interprets, cells and cell
 * notes in a feature section, a driver's title and link, the declarations of
 * `[targets]`. Everything else upstream never asks configparser for.
 */
export function optionIsRead(doc: IniDocument, dialect: Dialect, section: string, name: string): boolean {
  const syntax = DIALECT_SYNTAX[dialect];
  if (syntax.driverSection !== null && section.startsWith(syntax.driverSection)) return DRIVER_OPTIONS.has(name);
  if (section === 'targets') return syntax.driverSection === null && name.startsWith(syntax.cellPrefix);
  if (FEATURE_FIELD_BY_OPTION.has(name) || name.startsWith(syntax.notesPrefix)) return true;
  return syntax.cellPrefix === '' ? doc.sections.has(syntax.driverSection + name) : name.startsWith(syntax.cellPrefix);
}

/** Options of a driver declaration section the model interprets. */
const DRIVER_OPTIONS: ReadonlySet<string> = new Set(['title', 'link']);

/**
 * Values as configparser gives them. A value that cannot be interpolated
 * fails where upstream reads it; where upstream never reads it, it is kept
 * as written (configparser's raw value), with a warning.
 */
class Values {
  constructor(
    private readonly doc: IniDocument,
    private readonly dialect: Dialect,
    private readonly warn: Warn | undefined,
  ) {}

  get(sec: IniSection, o: IniOption): string {
    if (o.raw.indexOf('%') === -1) return o.raw;
    if (optionIsRead(this.doc, this.dialect, sec.name, o.name)) return interpolate(this.doc, sec, o);
    try {
      return interpolate(this.doc, sec, o);
    } catch (e) {
      if (!(e instanceof FmxError)) throw e;
      const d = e.diagnostics[0]!;
      this.warn?.({
        ...d,
        severity: 'warning',
        message: `${d.message}; upstream never reads option '${o.name}' of [${sec.name}], so it is kept as written`,
        ruleId: 'ini-value-unread',
      });
      return o.raw;
    }
  }
}

export function matrixFromIni(doc: IniDocument, warn?: Warn): Matrix {
  if (doc.sections.size === 0 && doc.source.text.trim() === '') {
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
  const values = new Values(doc, dialect, warn);
  const get = (sec: IniSection, o: IniOption) => values.get(sec, o);

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
  const cells = cellNames(m.drivers, syntax);

  // Features: every other section, whatever its prefix.
  for (const sec of doc.sections.values()) {
    if (driverSections.has(sec.name)) continue;
    if (dialect === 'feature-classification' && sec.name === 'targets') continue;
    m.features.push(featureFromSection(doc, sec, cells, values));
  }
  return m;
}

/** The option names of cells of declared drivers, built once per file rather than once per option. */
interface CellNames {
  /** Cell option name (`driver.KEY`, `driver-impl-KEY` or `KEY`) -> driver key. */
  key: Map<string, string>;
  /** Driver key -> the option name of its cell notes. */
  notes: Map<string, string>;
  /** feature-classification cells are `status[:release]`. */
  withRelease: boolean;
}

function cellNames(drivers: readonly Driver[], syntax: DialectSyntax): CellNames {
  const key = new Map<string, string>();
  const notes = new Map<string, string>();
  for (const d of drivers) {
    key.set(syntax.cellPrefix + d.key, d.key);
    notes.set(d.key, syntax.notesPrefix + d.key);
  }
  return { key, notes, withRelease: syntax.cellPrefix === '' };
}

function featureFromSection(doc: IniDocument, sec: IniSection, cells: CellNames, get: Values): Feature {
  const f = newFeature(sec.name);
  const options = effectiveOptions(doc, sec);
  // Every value first, in option order, so that the first bad %(...)s reported is the first in the file.
  const values: string[] = new Array<string>(options.length);
  for (let i = 0; i < options.length; i++) values[i] = get.get(sec, options[i]!);
  let extras: ExtraOption[] | null = null;
  let cellNotes: Set<string> | null = null;
  for (let i = 0; i < options.length; i++) {
    const name = options[i]!.name;
    const v = values[i]!;
    const field = FEATURE_FIELD_BY_OPTION.get(name);
    if (field) {
      field.set(f, v);
      continue;
    }
    const key = cells.key.get(name);
    if (key !== undefined) {
      const notesName = cells.notes.get(key)!;
      const notesOption = sec.byName.get(notesName) ?? doc.defaults.get(notesName);
      let notes: string | null = null;
      if (notesOption) {
        // Already read without error above: this gives the same value.
        notes = get.get(sec, notesOption);
        (cellNotes ??= new Set()).add(notesName);
      }
      if (cells.withRelease) {
        const { status, release } = splitCell(v);
        f.implementations.push({ driver: key, status, notes, release });
      } else {
        f.implementations.push({ driver: key, status: v, notes, release: null });
      }
      continue;
    }
    (extras ??= []).push({ name, value: v });
  }
  if (extras) {
    const notesSeen = cellNotes;
    const kept = notesSeen ? extras.filter((e) => !notesSeen.has(e.name)) : extras;
    if (kept.length) f.extras = kept;
  }
  return f;
}
