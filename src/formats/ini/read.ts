/**
 * INI reader: the three upstream dialects into the canonical model.
 *
 * The INI text is first read into a concrete syntax tree (`../ini/parse.ts`),
 * exactly as configparser reads it; this module interprets that tree the way
 * upstream's renderers do, without dropping anything they ignore.
 */

import { error, FmxError, type Diagnostic } from '../../diagnostics.js';
import type { IniSourceText, Loaded, ReadOptions } from '../types.js';
import { decodeUtf8 } from '../../io/decode.js';
import { effectiveOptions, effectiveRows, lookupOption, type IniDocument, type IniSection } from './cst.js';
import { interpolate } from './interpolate.js';
import { parseIni } from './parse.js';
import { cellName, DIALECT_SYNTAX, driverOptions, FEATURE_FIELD_BY_OPTION, LABEL_OPTION, notesName } from './dialects.js';
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
  return { matrix, ini: sourceText(doc) };
}

/** The INI text of a parsed document as the format contract carries it, with its tree. */
export function sourceText(doc: IniDocument): IniSourceText {
  return { name: doc.file, text: doc.source.text, bom: doc.source.bom, tree: doc };
}

/** The syntax tree of a carried INI text: the one already parsed, else a parse of it now. */
export function sourceTree(src: IniSourceText): IniDocument {
  return (src.tree as IniDocument | undefined) ?? parseIni(src.text, src.name, src.bom);
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
  let targets: IniSection | null = null;
  for (const sec of doc.sections.values()) {
    if (sec.name.startsWith('driver.')) return 'support-matrix';
    if (sec.name.startsWith('target.')) return hasLabels(doc) ? 'networking-labels' : 'feature-classification';
    if (sec.name === 'targets') targets = sec;
  }
  if (!targets) return null;
  const names = effectiveOptions(doc, targets).map((o) => o.name);
  const declares = (d: Dialect) => names.some((n) => n.startsWith(DIALECT_SYNTAX[d].declarationPrefix!));
  return !declares('targets') && declares('networking-targets') ? 'networking-targets' : 'targets';
}

/** neutron's second form: `[target.KEY]` sections that name their cells with `label=networking-...`. */
function hasLabels(doc: IniDocument): boolean {
  if (doc.defaults.has(LABEL_OPTION)) return true;
  for (const sec of doc.sections.values()) if (sec.name.startsWith('target.') && sec.byName.has(LABEL_OPTION)) return true;
  return false;
}

/**
 * Whether upstream's renderer reads option `name` of section `section` (and
 * so fails where configparser cannot interpolate its value). Decided by the
 * dialect's spelling alone: the fields the model interprets, cells and cell
 * notes in a feature section, a driver's title, link (and label), the
 * declarations of `[targets]`. Everything else upstream never asks configparser for.
 */
export function optionIsRead(doc: IniDocument, dialect: Dialect, section: string, name: string): boolean {
  const syntax = DIALECT_SYNTAX[dialect];
  if (syntax.driverSection !== null && section.startsWith(syntax.driverSection)) return driverOptions(dialect).includes(name);
  if (section === 'targets') {
    if (syntax.declarationPrefix !== null) return name.startsWith(syntax.declarationPrefix);
    if (dialect === 'feature-classification') return false;
  }
  if (FEATURE_FIELD_BY_OPTION.has(name) || name.startsWith(syntax.notesPrefix)) return true;
  return syntax.cellPrefix === '' ? doc.sections.has(syntax.driverSection + name) : name.startsWith(syntax.cellPrefix);
}

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

  /** The value of option `name` of `sec` (of its own or of `[DEFAULT]`), whose raw value is `raw`. */
  get(sec: IniSection, name: string, raw: string): string {
    if (raw.indexOf('%') === -1) return raw;
    const o = lookupOption(this.doc, sec, name)!;
    if (optionIsRead(this.doc, this.dialect, sec.name, name)) return interpolate(this.doc, sec, o);
    try {
      return interpolate(this.doc, sec, o);
    } catch (e) {
      if (!(e instanceof FmxError)) throw e;
      const d = e.diagnostics[0]!;
      this.warn?.({
        ...d,
        severity: 'warning',
        message: `${d.message}; upstream never reads option '${name}' of [${sec.name}], so it is kept as written`,
        ruleId: 'ini-value-unread',
      });
      return raw;
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
        'a [targets] section of driver-impl-KEY=Title (or networking-KEY=Title) options, or [target.KEY] sections',
      first ? first.line + 1 : 1,
      1,
      'matrix-no-drivers',
    );
  }
  const syntax = DIALECT_SYNTAX[dialect];
  const m = newMatrix(dialect);
  const values = new Values(doc, dialect, warn);

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
        const v = values.get(sec, o.name, o.raw);
        if (o.name === 'title') d.title = v;
        else if (o.name === 'link') d.link = v;
        else extras.push({ name: o.name, value: v });
      }
      if (extras.length) d.extras = extras;
      m.drivers.push(d);
    }
  } else {
    const sec = doc.sections.get('targets')!;
    const prefix = syntax.declarationPrefix!;
    driverSections.add('targets');
    for (const o of effectiveOptions(doc, sec)) {
      const v = values.get(sec, o.name, o.raw);
      if (o.name.startsWith(prefix)) m.drivers.push({ key: o.name.slice(prefix.length), title: v, link: null });
      else (m.extras ??= []).push({ section: sec.name, name: o.name, value: v });
    }
    if (m.drivers.length === 0) noDriverRead(doc, sec, warn);
  }
  const cells = cellNames(m.drivers, dialect);

  // Features: every other section, whatever its prefix.
  for (const sec of doc.sections.values()) {
    if (driverSections.has(sec.name)) continue;
    if (dialect === 'feature-classification' && sec.name === 'targets') continue;
    m.features.push(featureFromSection(doc, sec, cells, values));
  }
  return m;
}

/**
 * A `[targets]` section that declares no driver: with no feature either,
 * nothing was read (an error); else a warning, never a silent empty table.
 */
function noDriverRead(doc: IniDocument, targets: IniSection, warn: Warn | undefined): void {
  const message =
    '[targets] declares no driver (no driver-impl-KEY=Title or networking-KEY=Title option)';
  if (doc.sections.size === 1) throw error(doc.file, `${message}, and there is no feature: no matrix to read`, targets.line + 1, 1, 'matrix-no-drivers');
  warn?.({
    file: doc.file,
    line: targets.line + 1,
    column: 1,
    severity: 'warning',
    ruleId: 'matrix-drivers-empty',
    message: `${message}: the matrix has no driver, and every cell is kept aside in extras`,
  });
}

/** The option names of cells of declared drivers, built once per file rather than once per option. */
interface CellNames {
  /** Cell option name (`driver.KEY`, `driver-impl-KEY` or `KEY`) -> driver key. */
  key: Map<string, string>;
  /** Driver key -> the option name of its cell notes. */
  notes: Map<string, string>;
  /** The option names of cell notes. */
  notesNames: Set<string>;
  /** feature-classification cells are `status[:release]`. */
  withRelease: boolean;
}

function cellNames(drivers: readonly Driver[], dialect: Dialect): CellNames {
  const key = new Map<string, string>();
  const notes = new Map<string, string>();
  for (const d of drivers) {
    key.set(cellName(dialect, d), d.key);
    notes.set(d.key, notesName(dialect, d.key));
  }
  return { key, notes, notesNames: new Set(notes.values()), withRelease: DIALECT_SYNTAX[dialect].withRelease };
}

/**
 * A feature from its section's rows of the option table (no object per
 * option is made: a large matrix has a hundred thousand).
 */
function featureFromSection(doc: IniDocument, sec: IniSection, cells: CellNames, get: Values): Feature {
  const f = newFeature(sec.name);
  const table = doc.options;
  // configparser's options(section): the own rows [first, end), else these (with [DEFAULT]'s).
  const rows = effectiveRows(doc, sec);
  const n = rows === null ? sec.end - sec.first : rows.length;
  const first = sec.first;
  // Every value first, in option order, so that the first bad %(...)s reported is the first in the file.
  const values: string[] = new Array<string>(n);
  // The cell notes among them (configparser's `get` of a notes option finds this one: the section's, else the default).
  let notesValues: Map<string, string> | null = null;
  for (let i = 0; i < n; i++) {
    const r = rows === null ? first + i : rows[i]!;
    const name = table.name(r);
    values[i] = get.get(sec, name, table.raw(r));
    if (cells.notesNames.has(name)) (notesValues ??= new Map()).set(name, values[i]!);
  }
  let extras: ExtraOption[] | null = null;
  let cellNotes: Set<string> | null = null;
  for (let i = 0; i < n; i++) {
    const name = table.name(rows === null ? first + i : rows[i]!);
    const v = values[i]!;
    const field = FEATURE_FIELD_BY_OPTION.get(name);
    if (field) {
      field.set(f, v);
      continue;
    }
    const key = cells.key.get(name);
    if (key !== undefined) {
      let notes: string | null = null;
      if (notesValues !== null) {
        const notesName = cells.notes.get(key)!;
        const value = notesValues.get(notesName);
        if (value !== undefined) {
          notes = value;
          (cellNotes ??= new Set()).add(notesName);
        }
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
