/**
 * The INI dialects: how each spells its driver declarations, cells and cell
 * notes, and the one table of feature fields and their option names. The
 * reader, the writer, the patcher and `validate` all work from these two
 * tables, so a spelling exists once.
 */

import { joinList, joinStatus, splitList, splitStatus, type Dialect, type Feature } from '../../model/matrix.js';

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

/** A feature field of the model and the INI option that holds it. */
export interface FieldOption {
  /** The option name, as configparser gives it. */
  option: string;
  /** The option's value for a feature, or null when the option is absent. */
  get(f: Feature): string | null;
  /** Set the field from the option's value. */
  set(f: Feature, value: string): void;
}

/** Every feature field the model interprets, in the order upstream's files write them. */
export const FEATURE_FIELDS: readonly FieldOption[] = [
  {
    option: 'title',
    get: (f) => f.title,
    set: (f, v) => (f.title = v),
  },
  {
    option: 'status',
    get: (f) => joinStatus(f.status, f.group),
    set: (f, v) => {
      const s = splitStatus(v);
      f.status = s.status;
      f.group = s.group;
    },
  },
  { option: 'notes', get: (f) => f.notes, set: (f, v) => (f.notes = v) },
  { option: 'cli', get: (f) => (f.cli.length ? joinList(f.cli) : null), set: (f, v) => (f.cli = splitList(v)) },
  { option: 'api', get: (f) => f.api, set: (f, v) => (f.api = v) },
  { option: 'maturity', get: (f) => f.maturity, set: (f, v) => (f.maturity = v) },
  { option: 'api_doc_link', get: (f) => f.apiDocLink, set: (f, v) => (f.apiDocLink = v) },
  { option: 'admin_doc_link', get: (f) => f.adminDocLink, set: (f, v) => (f.adminDocLink = v) },
  {
    option: 'tempest_test_uuids',
    get: (f) => (f.tempestTestUuids.length ? joinList(f.tempestTestUuids) : null),
    set: (f, v) => (f.tempestTestUuids = splitList(v)),
  },
];

/** The entry of `FEATURE_FIELDS` by option name. */
export const FEATURE_FIELD_BY_OPTION: ReadonlyMap<string, FieldOption> = new Map(FEATURE_FIELDS.map((x) => [x.option, x]));
