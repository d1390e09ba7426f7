/**
 * The canonical model of a feature support matrix.
 *
 * Every parser produces a `Matrix`; every emitter consumes one. Its JSON form
 * (`fmx convert X --to json`) is a public, versioned contract described by
 * `schema/matrix.schema.json`. Field order in the JSON is the order of the
 * interfaces below.
 *
 * Maps keyed by user data (driver keys, option names) are never plain objects:
 * they are arrays or `Map`s, so keys such as `__proto__` are ordinary data.
 */

export const MATRIX_FORMAT = 'fmx/matrix';
export const MATRIX_VERSION = 1;

export const DIALECTS = ['support-matrix', 'targets', 'feature-classification', 'networking-targets', 'networking-labels'] as const;
export type Dialect = (typeof DIALECTS)[number];

/** Cell statuses upstream's renderers accept. */
export const IMPLEMENTATION_STATUSES = ['complete', 'partial', 'missing', 'unknown'] as const;
/** Feature statuses sphinx-feature-classification accepts (the part before `(group)`). */
export const FEATURE_STATUSES = ['mandatory', 'optional', 'choice', 'condition', 'mature', 'immature'] as const;
/** Maturities nova's feature-classification renderer accepts. */
export const MATURITIES = ['incomplete', 'experimental', 'complete', 'deprecated'] as const;

/** An INI option the model does not interpret, kept so that nothing is lost. */
export interface ExtraOption {
  /** Option name as configparser returns it (lower-cased). */
  name: string;
  /** Value as configparser returns it (interpolated, multi-line joined with `\n`). */
  value: string;
}

export interface Driver {
  /** The bare id in every dialect: `libvirt-kvm-x86`. */
  key: string;
  title: string | null;
  link: string | null;
  /** Options of the driver's section that are neither title nor link. Absent when empty. */
  extras?: ExtraOption[];
}

export interface Implementation {
  /** Key of a declared driver. */
  driver: string;
  status: string;
  notes: string | null;
  /** feature-classification `status:release`. */
  release: string | null;
}

export interface Feature {
  /** The section name, e.g. `operation.attach-volume`. */
  key: string;
  title: string | null;
  /** The part of `status` before `(group)`, or `null` when the option is absent. */
  status: string | null;
  group: string | null;
  notes: string | null;
  cli: string[];
  api: string | null;
  maturity: string | null;
  apiDocLink: string | null;
  adminDocLink: string | null;
  tempestTestUuids: string[];
  /** Cells for declared drivers, in the order configparser lists the options. */
  implementations: Implementation[];
  /**
   * Options the model does not interpret: cells for undeclared drivers, cell
   * notes without a cell, unknown options. In option order. Absent when empty.
   */
  extras?: ExtraOption[];
}

/** The prose around a matrix on a published page (not present for INI input). */
export interface DocumentText {
  title: string | null;
  /** Paragraphs before the matrix (introduction, warnings). */
  preamble: string[];
  /** Paragraphs after the matrix (closing notes). */
  postscript: string[];
}

/**
 * Where the model came from, where that limits what it can carry. Survives
 * every format fmx writes (JSON member, Markdown invisible data, a CSV or
 * workbook meta row), so that a page saved as JSON is compared and written
 * back exactly as the page itself.
 */
export interface Provenance {
  /** Keys were made up from titles (a page without ids, a table without keys): match them by title. */
  inferredKeys?: boolean;
  /** Text was read from a rendered page: white space, line breaks and typography were folded. */
  foldedText?: boolean;
}

/** The provenance flags, in the order the formats write them. */
export const PROVENANCE_FLAGS = ['inferredKeys', 'foldedText'] as const;
export type ProvenanceFlag = (typeof PROVENANCE_FLAGS)[number];

export interface Matrix {
  format: typeof MATRIX_FORMAT;
  version: typeof MATRIX_VERSION;
  dialect: Dialect;
  /** Where the model came from, when that limits it (absent for a model read from an INI). */
  provenance?: Provenance;
  drivers: Driver[];
  features: Feature[];
  /** Document prose, when the matrix was read from a page. Absent otherwise. */
  document?: DocumentText;
  /** Options of sections that are neither drivers nor features (e.g. `[targets]` non-driver options). Absent when empty. */
  extras?: { section: string; name: string; value: string }[];
}

export function newFeature(key: string, title: string | null = null): Feature {
  return {
    key,
    title,
    status: null,
    group: null,
    notes: null,
    cli: [],
    api: null,
    maturity: null,
    apiDocLink: null,
    adminDocLink: null,
    tempestTestUuids: [],
    implementations: [],
  };
}

export function newMatrix(dialect: Dialect): Matrix {
  return { format: MATRIX_FORMAT, version: MATRIX_VERSION, dialect, drivers: [], features: [] };
}

/**
 * Add provenance flags to a model (a flag is only ever set, to `true`;
 * a model without any keeps no `provenance` member).
 */
export function markProvenance(m: Matrix, p: Provenance | undefined): void {
  for (const flag of PROVENANCE_FLAGS) if (p?.[flag] === true) (m.provenance ??= {})[flag] = true;
}

/** A plain copy of a provenance with only its set flags, in canonical order; undefined when none is set. */
export function plainProvenance(p: Provenance | undefined): Provenance | undefined {
  const out: Provenance = {};
  for (const flag of PROVENANCE_FLAGS) if (p?.[flag] === true) out[flag] = true;
  return Object.keys(out).length ? out : undefined;
}

/** Split `choice(group)` as upstream does; a value that does not fit is kept whole as the status. */
export function splitStatus(value: string): { status: string; group: string | null } {
  // Most values have no group: the value itself, not a copy of it (a large matrix keeps thousands).
  if (value !== '' && value.indexOf('(') === -1) return { status: value, group: null };
  const m = /^([^(]+)(?:\(([^)]+)\))?$/.exec(value);
  if (!m) return { status: value, group: null };
  return { status: m[1]!, group: m[2] ?? null };
}

export function joinStatus(status: string | null, group: string | null): string | null {
  if (status === null) return group === null ? null : `(${group})`;
  return group === null ? status : `${status}(${group})`;
}

/** Split a `;`-separated list as upstream does (`"".split(";")` shows nothing, so it is `[]`). */
export function splitList(value: string | null): string[] {
  if (value === null || value === '') return [];
  return value.split(';');
}

export function joinList(items: readonly string[]): string {
  return items.join(';');
}

/** Split a feature-classification cell `status[:release]` as nova's renderer does. */
export function splitCell(value: string): { status: string; release: string | null } {
  const parts = value.split(':');
  return { status: parts[0]!, release: parts.length === 2 ? parts[1]! : null };
}

/**
 * A plain, canonically ordered copy of a matrix: exactly what `--to json`
 * prints. Optional members appear only when they carry something.
 */
export function toPlain(m: Matrix): Matrix {
  const provenance = plainProvenance(m.provenance);
  const out: Matrix = {
    format: MATRIX_FORMAT,
    version: MATRIX_VERSION,
    dialect: m.dialect,
    ...(provenance ? { provenance } : {}),
    drivers: m.drivers.map((d) => {
      const o: Driver = { key: d.key, title: d.title, link: d.link };
      if (d.extras && d.extras.length) o.extras = d.extras.map((e) => ({ name: e.name, value: e.value }));
      return o;
    }),
    features: m.features.map(toPlainFeature),
  };
  if (m.document) {
    out.document = {
      title: m.document.title,
      preamble: [...m.document.preamble],
      postscript: [...m.document.postscript],
    };
  }
  if (m.extras && m.extras.length) out.extras = m.extras.map((e) => ({ section: e.section, name: e.name, value: e.value }));
  return out;
}

/** A plain, canonically ordered copy of one feature (see `toPlain`). */
export function toPlainFeature(f: Feature): Feature {
  const o: Feature = {
    key: f.key,
    title: f.title,
    status: f.status,
    group: f.group,
    notes: f.notes,
    cli: [...f.cli],
    api: f.api,
    maturity: f.maturity,
    apiDocLink: f.apiDocLink,
    adminDocLink: f.adminDocLink,
    tempestTestUuids: [...f.tempestTestUuids],
    implementations: f.implementations.map((i) => ({
      driver: i.driver,
      status: i.status,
      notes: i.notes,
      release: i.release,
    })),
  };
  if (f.extras && f.extras.length) o.extras = f.extras.map((e) => ({ name: e.name, value: e.value }));
  return o;
}
