/**
 * The INI dialects: how each spells its driver declarations, cells and cell
 * notes, and the one table of feature fields and their option names. The
 * reader, the writer, the patcher and `validate` all work from these two
 * tables, so a spelling exists once.
 */

import { joinList, joinStatus, splitList, splitStatus, type Dialect, type Driver, type Feature } from '../../model/matrix.js';

/** Dialect spellings of driver declarations, cells and cell notes. */
export interface DialectSyntax {
  /** Section of a driver declaration, or null when drivers are options of `[targets]`. */
  driverSection: string | null;
  /** In `[targets]`: the prefix of a declaration option (`driver-impl-KEY=Title`). */
  declarationPrefix: string | null;
  /** A cell's option is this prefix and the driver key (unless `cellsByLabel`). */
  cellPrefix: string;
  notesPrefix: string;
  /** Cells are named by the driver's `label` option (networking-labels), not by its key. */
  cellsByLabel: boolean;
  /** Cells are `status[:release]` (feature-classification). */
  withRelease: boolean;
}

export const DIALECT_SYNTAX: Record<Dialect, DialectSyntax> = {
  'support-matrix': { driverSection: 'driver.', declarationPrefix: null, cellPrefix: 'driver.', notesPrefix: 'driver-notes.', cellsByLabel: false, withRelease: false },
  targets: { driverSection: null, declarationPrefix: 'driver-impl-', cellPrefix: 'driver-impl-', notesPrefix: 'driver-notes-', cellsByLabel: false, withRelease: false },
  'feature-classification': { driverSection: 'target.', declarationPrefix: null, cellPrefix: '', notesPrefix: 'driver-notes-', cellsByLabel: false, withRelease: true },
  'networking-targets': { driverSection: null, declarationPrefix: 'networking-', cellPrefix: 'networking-', notesPrefix: 'networking-notes-', cellsByLabel: false, withRelease: false },
  'networking-labels': { driverSection: 'target.', declarationPrefix: null, cellPrefix: 'networking-', notesPrefix: 'networking-notes-', cellsByLabel: true, withRelease: false },
};

/** networking-labels: the option of a `[target.KEY]` section that names the driver's cells. */
export const LABEL_OPTION = 'label';

/** Options of a driver declaration section each dialect reads. */
export function driverOptions(dialect: Dialect): readonly string[] {
  return DIALECT_SYNTAX[dialect].cellsByLabel ? [LABEL_OPTION, 'title', 'link'] : ['title', 'link'];
}

/**
 * The option name of a driver's cells. networking-labels names them by the
 * driver's label (kept in its extras), `networking-KEY` where it has none.
 */
export function cellName(dialect: Dialect, driver: Pick<Driver, 'key' | 'extras'>): string {
  const syntax = DIALECT_SYNTAX[dialect];
  if (syntax.cellsByLabel) {
    const label = driver.extras?.find((e) => e.name === LABEL_OPTION);
    if (label) return label.value;
  }
  return syntax.cellPrefix + driver.key;
}

/** The option name of a driver's cell notes. */
export function notesName(dialect: Dialect, key: string): string {
  return DIALECT_SYNTAX[dialect].notesPrefix + key;
}

/** A feature field of the model and the INI option that holds it. */
export interface FieldOption {
  /** The option name, as configparser gives it. */
  option: string;
  /** The model's field (`status` also holds the group). */
  field: 'title' | 'status' | 'notes' | 'cli' | 'api' | 'maturity' | 'apiDocLink' | 'adminDocLink' | 'tempestTestUuids';
  /** The option's value for a feature, or null when the option is absent. */
  get(f: Feature): string | null;
  /** Set the field from the option's value. */
  set(f: Feature, value: string): void;
}

/** Every feature field the model interprets, in the order upstream's files write them. */
export const FEATURE_FIELDS: readonly FieldOption[] = [
  {
    option: 'title',
    field: 'title',
    get: (f) => f.title,
    set: (f, v) => (f.title = v),
  },
  {
    option: 'status',
    field: 'status',
    get: (f) => joinStatus(f.status, f.group),
    set: (f, v) => {
      const s = splitStatus(v);
      f.status = s.status;
      f.group = s.group;
    },
  },
  { option: 'notes', field: 'notes', get: (f) => f.notes, set: (f, v) => (f.notes = v) },
  { option: 'cli', field: 'cli', get: (f) => (f.cli.length ? joinList(f.cli) : null), set: (f, v) => (f.cli = splitList(v)) },
  { option: 'api', field: 'api', get: (f) => f.api, set: (f, v) => (f.api = v) },
  { option: 'maturity', field: 'maturity', get: (f) => f.maturity, set: (f, v) => (f.maturity = v) },
  { option: 'api_doc_link', field: 'apiDocLink', get: (f) => f.apiDocLink, set: (f, v) => (f.apiDocLink = v) },
  { option: 'admin_doc_link', field: 'adminDocLink', get: (f) => f.adminDocLink, set: (f, v) => (f.adminDocLink = v) },
  {
    option: 'tempest_test_uuids',
    field: 'tempestTestUuids',
    get: (f) => (f.tempestTestUuids.length ? joinList(f.tempestTestUuids) : null),
    set: (f, v) => (f.tempestTestUuids = splitList(v)),
  },
];

/** The entry of `FEATURE_FIELDS` by option name. */
export const FEATURE_FIELD_BY_OPTION: ReadonlyMap<string, FieldOption> = new Map(FEATURE_FIELDS.map((x) => [x.option, x]));
