/**
 * The checks of `fmx validate`: what upstream's renderers reject (errors) and
 * what they silently get wrong (warnings).
 *
 * Upstream renders a matrix with one of three Sphinx extensions, all reading
 * the file with CPython's configparser:
 * - support-matrix dialect: sphinx-feature-classification (`support_matrix.py`);
 * - targets dialect: nova's own `doc/ext/support_matrix.py` (nova <= 17.0.0);
 * - feature-classification dialect: nova's `doc/ext/feature_matrix.py`.
 *
 * The rules work on the model, so that every readable format is checked. For
 * INI input they also look at the concrete syntax tree (`ini/cst.ts`), which
 * gives every finding its line and column and shows what the model folds
 * away (`[DEFAULT]`, comment-like text in values, line endings).
 */

import { FmxError, quote, type Diagnostic } from '../diagnostics.js';
import { effectiveOptions, lineText, optionLayout, type IniDocument, type IniOption, type IniSection } from '../formats/ini/cst.js';
import { interpolate } from '../formats/ini/interpolate.js';
import { parseIni } from '../formats/ini/parse.js';
import { skipSpace } from '../formats/ini/pyspace.js';
import { escapePercent } from '../formats/ini/value.js';
import {
  FEATURE_STATUSES,
  IMPLEMENTATION_STATUSES,
  MATURITIES,
  type Dialect,
  type Feature,
  type Matrix,
} from '../model/matrix.js';
import { cellName, DIALECT_SYNTAX, driverOptions, FEATURE_FIELDS, LABEL_OPTION, notesName } from '../formats/ini/dialects.js';
import { detectDialect, matrixFromIni, optionIsRead } from '../formats/ini/read.js';
import { didYouMean, editDistance } from '../suggest.js';

export type RuleSeverity = 'error' | 'warning';

export interface Rule {
  id: string;
  severity: RuleSeverity;
  /** What the rule checks, for the rules table of docs/validate.md. */
  description: string;
  /** The upstream behaviour the rule mirrors, or null for a check upstream does not make. */
  upstream: string | null;
}

const SFC = 'sphinx-feature-classification';
const NOVA_FM = "nova's feature_matrix.py";
const NOVA_SM = "nova's support_matrix.py (<= 17.0.0)";
const NEUTRON_SM = "neutron's support_matrix.py (2016-2017)";

/** Every rule `validate` applies, in the order of the rules table in docs/validate.md. */
export const RULES: readonly Rule[] = [
  // Reading: the input is not a matrix upstream can read at all.
  { id: 'input-invalid-utf8', severity: 'error', description: 'bytes that are not UTF-8', upstream: 'Python open(): UnicodeDecodeError' },
  { id: 'input-nul-byte', severity: 'error', description: 'a NUL byte (binary data)', upstream: null },
  { id: 'input-too-large', severity: 'error', description: 'input over the size limit (--max-size, default 256 MiB)', upstream: null },
  { id: 'input-unreadable', severity: 'error', description: 'missing file, directory, no permission', upstream: null },
  { id: 'input-bad-zip', severity: 'error', description: 'XLSX: a damaged or encrypted ZIP, more than 10,000 parts, a part that does not inflate to its declared size', upstream: null },
  { id: 'ini-missing-section-header', severity: 'error', description: 'text before the first [section]', upstream: 'configparser MissingSectionHeaderError' },
  { id: 'ini-duplicate-section', severity: 'error', description: 'a section header used twice', upstream: 'configparser DuplicateSectionError' },
  { id: 'ini-duplicate-option', severity: 'error', description: 'an option set twice in one section', upstream: 'configparser DuplicateOptionError' },
  { id: 'ini-unclosed-section', severity: 'error', description: "'[' without ']'", upstream: 'configparser ParsingError' },
  { id: 'ini-invalid-line', severity: 'error', description: 'a line that is neither header, option, comment nor continuation', upstream: 'configparser ParsingError' },
  { id: 'ini-empty-option-name', severity: 'error', description: "'= value' without a name", upstream: 'configparser ParsingError' },
  { id: 'ini-interpolation-syntax', severity: 'error', description: "a lone '%' or a malformed %(name)s", upstream: 'configparser InterpolationSyntaxError' },
  { id: 'ini-interpolation-missing', severity: 'error', description: '%(name)s naming an option that does not exist', upstream: 'configparser InterpolationMissingOptionError' },
  { id: 'ini-interpolation-depth', severity: 'error', description: '%(name)s references nested more than 10 deep', upstream: 'configparser InterpolationDepthError' },
  { id: 'ini-value-unread', severity: 'warning', description: "a value configparser cannot interpolate in an option no renderer reads (kept as written)", upstream: 'configparser interpolates only what is read: the page is published' },
  { id: 'matrix-empty', severity: 'error', description: 'an empty file', upstream: null },
  { id: 'matrix-no-drivers', severity: 'error', description: 'no driver declarations in any dialect, or a [targets] section without any and no feature', upstream: null },
  // Errors: upstream's renderer raises (or crashes) on these.
  { id: 'feature-title-missing', severity: 'error', description: 'a feature without title', upstream: `${SFC}, ${NOVA_SM}, ${NOVA_FM}: "'title' option missing"` },
  { id: 'driver-title-missing', severity: 'error', description: 'a [driver.KEY] or [target.KEY] section without title', upstream: `${SFC}, ${NOVA_FM}: NoOptionError` },
  { id: 'driver-link-missing', severity: 'error', description: 'feature-classification, networking-labels: a [target.KEY] section without link', upstream: `${NOVA_FM}, ${NEUTRON_SM}: NoOptionError` },
  { id: 'driver-label-missing', severity: 'error', description: 'networking-labels: a [target.KEY] section without label', upstream: `${NEUTRON_SM}: NoOptionError` },
  { id: 'driver-key-malformed', severity: 'error', description: 'targets, networking-targets: a driver key with more than three -separated parts; networking-labels: a label with more than four', upstream: `${NOVA_SM}, ${NEUTRON_SM}: "field is malformed"; ${NEUTRON_SM} (labels): TypeError` },
  { id: 'feature-status-invalid', severity: 'error', description: 'a feature status upstream does not know', upstream: `${SFC}, ${NOVA_SM}: ValueError "must be one of"` },
  { id: 'feature-status-malformed', severity: 'error', description: 'a status that is not STATUS or STATUS(GROUP), e.g. choice()', upstream: `${SFC}: crashes (AttributeError on a failed re.match)` },
  { id: 'feature-maturity-invalid', severity: 'error', description: 'feature-classification: maturity not incomplete, experimental, complete or deprecated', upstream: `${NOVA_FM}: "'maturity' field value ... must be"` },
  { id: 'cell-undeclared-driver', severity: 'error', description: 'a cell for a driver that is not declared', upstream: `${SFC}: "section is not declared"; ${NOVA_SM}, ${NOVA_FM}: "not declared"` },
  { id: 'cell-status-invalid', severity: 'error', description: "a cell status not complete, partial, missing or unknown (neutron's own renderer: complete, partial, incomplete or unknown)", upstream: `${SFC}, ${NOVA_SM}, ${NOVA_FM}, ${NEUTRON_SM}: "must be one of"` },
  { id: 'cell-notes-unsupported', severity: 'error', description: 'networking-targets, networking-labels: cell notes (networking-notes-KEY)', upstream: `${NEUTRON_SM}: takes every networking-* option for a cell: "not declared"; it never shows cell notes` },
  { id: 'cell-missing', severity: 'error', description: 'a feature without a cell for a declared driver', upstream: `${SFC}: crashes (KeyError); ${NOVA_SM}, ${NOVA_FM}: "missing in section"` },
  // Warnings: upstream accepts these but the page is not what the author meant.
  { id: 'input-bom', severity: 'warning', description: 'a UTF-8 byte order mark (kept by fmx)', upstream: 'configparser reads U+FEFF as part of the first line: MissingSectionHeaderError' },
  { id: 'matrix-drivers-empty', severity: 'warning', description: 'a [targets] section that declares no driver: every cell is kept aside in extras', upstream: null },
  { id: 'line-endings-mixed', severity: 'warning', description: 'a file mixing LF, CRLF and CR line endings (kept by fmx)', upstream: null },
  { id: 'feature-not-rendered', severity: 'warning', description: 'support-matrix: a feature section whose name does not start with operation.', upstream: `${SFC}: silently skipped` },
  { id: 'cell-notes-orphan', severity: 'warning', description: 'cell notes for a driver that has no cell in the feature, or does not exist', upstream: 'silently ignored' },
  { id: 'cell-notes-hidden', severity: 'warning', description: 'feature-classification: cell notes the renderer looks for under another name', upstream: `${NOVA_FM}: looks up driver-notes-<name minus its first 12 characters>` },
  { id: 'partial-without-notes', severity: 'warning', description: 'a partial cell without notes saying what is missing', upstream: "upstream's INI headers ask for notes on partial" },
  { id: 'default-section', severity: 'warning', description: '[DEFAULT] present: its options are copied into every section', upstream: 'configparser: DEFAULT values apply everywhere' },
  { id: 'duplicate-title', severity: 'warning', description: 'two features or two drivers with the same title', upstream: null },
  { id: 'unknown-option', severity: 'warning', description: 'an option no renderer reads (a typo?), with a suggestion', upstream: 'silently ignored' },
  { id: 'inline-comment', severity: 'warning', description: "' ;' or ' #' in a value: not a comment, part of the value", upstream: 'configparser: no inline comments at its defaults' },
  { id: 'link-not-http', severity: 'warning', description: 'a link that is not an http(s) URL', upstream: null },
  { id: 'title-empty', severity: 'warning', description: 'an empty title', upstream: null },
  { id: 'list-empty-item', severity: 'warning', description: 'cli or tempest_test_uuids with an empty item (;; or a trailing ;)', upstream: 'renders an empty command' },
];

const RULE_BY_ID = new Map(RULES.map((r) => [r.id, r]));

export function ruleById(id: string): Rule | undefined {
  return RULE_BY_ID.get(id);
}

/** Findings of one rule beyond this many in one file are summed up in one message. */
export const MAX_FINDINGS_PER_RULE = 1000;

/** Where things are in the input. Every method may return undefined. */
export interface Locator {
  /** The header of a section (driver or feature). */
  section(name: string): Position | undefined;
  /** An option's name (its own, else the `[DEFAULT]` one it inherits). */
  option(section: string, name: string): Position | undefined;
  /** The first character of an option's value. */
  value(section: string, name: string): Position | undefined;
  /** Whether the section has the option only through `[DEFAULT]`. */
  inherited?(section: string, name: string): boolean;
}

/** 1-based line and column in text; in a workbook, the cell (`Sheet!A1`) instead. */
export interface Position {
  line?: number;
  column?: number;
  cell?: string;
}

const noLocator: Locator = { section: () => undefined, option: () => undefined, value: () => undefined };

/** Collects findings, capped per rule, deduplicated by position and message. */
export class Findings {
  readonly list: Diagnostic[] = [];
  private readonly perRule = new Map<string, number>();
  private readonly seen = new Set<string>();
  constructor(readonly file: string) {}

  add(ruleId: string, message: string, pos?: Position, severity?: RuleSeverity): void {
    const rule = RULE_BY_ID.get(ruleId);
    const sev = severity ?? rule?.severity ?? 'error';
    const key = `${ruleId}\u0000${pos?.line}:${pos?.column}:${pos?.cell}\u0000${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const n = (this.perRule.get(ruleId) ?? 0) + 1;
    this.perRule.set(ruleId, n);
    if (n > MAX_FINDINGS_PER_RULE) return;
    const d: Diagnostic = { file: this.file, line: pos?.line, column: pos?.column, message, severity: sev, ruleId };
    if (pos?.cell !== undefined) d.cell = pos.cell;
    this.list.push(d);
  }

  /** Diagnostics of a reader's FmxError. */
  addError(e: FmxError): void {
    for (const d of e.diagnostics) {
      this.list.push({ ...d, file: d.file || this.file, severity: d.severity === 'warning' ? 'warning' : 'error', ruleId: d.ruleId ?? 'input-unreadable' });
    }
  }

  /** The findings in position order, with a note for each rule that hit its cap. */
  done(): Diagnostic[] {
    const out = [...this.list];
    for (const [id, n] of this.perRule) {
      if (n > MAX_FINDINGS_PER_RULE) {
        const rule = RULE_BY_ID.get(id);
        out.push({
          file: this.file,
          message: `${n - MAX_FINDINGS_PER_RULE} more findings of ${id} not shown`,
          severity: rule?.severity ?? 'error',
          ruleId: id,
        });
      }
    }
    out.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity) || (a.column ?? 0) - (b.column ?? 0));
    return out;
  }
}

// ---------------------------------------------------------------------------
// INI input

/**
 * Validate INI text (already decoded). Reads it as configparser does,
 * reports what it cannot read, then applies every rule with positions.
 */
export function validateIniText(text: string, file: string, bom = false): Diagnostic[] {
  const out = new Findings(file);
  if (bom) {
    out.add('input-bom', "the file starts with a UTF-8 byte order mark: upstream's reader (Python's open() with the locale's UTF-8) keeps U+FEFF in the first line, so configparser fails with MissingSectionHeaderError; save the file without a BOM", { line: 1, column: 1 });
  }
  checkLineEndings(text, out);
  let doc: IniDocument;
  try {
    doc = parseIni(text, file, bom);
  } catch (e) {
    if (e instanceof FmxError) {
      out.addError(e);
      return out.done();
    }
    throw e;
  }
  checkInterpolation(doc, detectDialect(doc), out);
  let matrix: Matrix;
  try {
    matrix = matrixFromIni(doc, (d) => out.add(d.ruleId ?? 'input-unreadable', d.message, d.line !== undefined ? { line: d.line, column: d.column ?? 1 } : undefined, d.severity === 'warning' ? 'warning' : 'error'));
  } catch (e) {
    if (e instanceof FmxError) {
      out.addError(e);
      return out.done();
    }
    throw e;
  }
  const loc = iniLocator(doc);
  checkIniSyntax(doc, out);
  checkMatrix(matrix, loc, out);
  return out.done();
}

/** Mixed line endings: configparser reads them all (universal newlines); editors and diffs do not. */
function checkLineEndings(text: string, out: Findings): void {
  let lf = 0;
  let crlf = 0;
  let cr = 0;
  let firstOther: { line: number; kind: string } | null = null;
  let line = 1;
  let firstKind: string | null = null;
  // Without a CR there is only LF: nothing to count.
  for (let i = text.indexOf('\r') === -1 ? text.length : 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let kind: string | null = null;
    if (c === 10) kind = 'LF';
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) {
        kind = 'CRLF';
        i++;
      } else kind = 'CR';
    }
    if (kind === null) continue;
    if (kind === 'LF') lf++;
    else if (kind === 'CRLF') crlf++;
    else cr++;
    if (firstKind === null) firstKind = kind;
    else if (kind !== firstKind && !firstOther) firstOther = { line, kind };
    line++;
  }
  if (firstOther) {
    const counts = [lf && `${lf} LF`, crlf && `${crlf} CRLF`, cr && `${cr} CR`].filter(Boolean).join(', ');
    out.add(
      'line-endings-mixed',
      `mixed line endings (${counts}); the first ${firstOther.kind} ends line ${firstOther.line}. fmx keeps them as they are, but editors and diffs will not agree on the lines`,
      { line: firstOther.line, column: 1 },
    );
  }
}

/**
 * Every value that configparser cannot give back (a lone `%`, a missing or
 * too deep reference) is reported; the value is then taken literally so that
 * the other rules still run.
 */
function checkInterpolation(doc: IniDocument, dialect: Dialect | null, out: Findings): void {
  const broken = new Set<IniOption>();
  const sections: (IniSection | null)[] = [...doc.sections.values()];
  if (doc.sections.size === 0) sections.push(null);
  for (const sec of sections) {
    const options = sec ? effectiveOptions(doc, sec) : [...doc.defaults.values()];
    for (const o of options) {
      if (o.raw.indexOf('%') === -1) continue;
      try {
        interpolate(doc, sec, o);
      } catch (e) {
        if (!(e instanceof FmxError)) throw e;
        const read = sec === null || dialect === null || optionIsRead(doc, dialect, sec.name, o.name);
        for (const d of e.diagnostics) {
          const at = d.line !== undefined ? { line: d.line, column: d.column ?? 1 } : undefined;
          if (read) out.add(d.ruleId ?? 'ini-interpolation-syntax', d.message + ' (upstream cannot read this value)', at);
          else out.add('ini-value-unread', `${d.message}; no renderer reads option '${o.name}' of [${sec!.name}], so the page is published and fmx keeps the value as written`, at);
        }
        broken.add(o);
      }
    }
  }
  for (const o of broken) o.raw = escapePercent(o.raw);
}

/** Positions of sections and options in an INI document (1-based). */
export function iniLocator(doc: IniDocument): Locator {
  const src = doc.source;
  const headerColumn = (line: number) => skipSpace(src.text, src.lineStart[line]!, src.contentEnd[line]!) - src.lineStart[line]! + 1;
  const find = (section: string, name: string): IniOption | undefined => {
    const sec = doc.sections.get(section);
    return sec?.byName.get(name) ?? doc.defaults.get(name);
  };
  return {
    section(name) {
      const sec = doc.sections.get(name);
      return sec ? { line: sec.line + 1, column: headerColumn(sec.line) } : undefined;
    },
    option(section, name) {
      const o = find(section, name);
      return o ? { line: o.line + 1, column: optionLayout(doc.source, o).column + 1 } : undefined;
    },
    value(section, name) {
      const o = find(section, name);
      return o ? { line: o.line + 1, column: optionLayout(doc.source, o).valueColumn + 1 } : undefined;
    },
    inherited(section, name) {
      return !doc.sections.get(section)?.byName.has(name) && doc.defaults.has(name);
    },
  };
}

/** Rules that need the syntax tree: `[DEFAULT]`, comment-like text in values. */
function checkIniSyntax(doc: IniDocument, out: Findings): void {
  for (const block of doc.blocks) {
    if (!block.isDefault) continue;
    const names = block.options.map((o) => o.name);
    out.add(
      'default-section',
      `[DEFAULT] is copied into every section by configparser: ${names.length ? `its ${names.length === 1 ? 'option' : 'options'} ${names.slice(0, 5).map((n) => `'${n}'`).join(', ')}${names.length > 5 ? ', …' : ''} become part of every driver and feature` : 'remove the empty block'}`,
      { line: block.line + 1, column: 1 },
    );
  }
  const src = doc.source;
  for (const block of doc.blocks) {
    for (const o of block.options) {
      const isList = o.name === 'cli' || o.name === 'tempest_test_uuids';
      for (let ln = o.line; ln < o.endLine; ln++) {
        const text = lineText(src, ln);
        const from = ln === o.line ? optionLayout(src, o).valueColumn : 0;
        const re = isList ? /\s#(?:\s|$)/g : /\s[;#](?:\s|$)/g;
        re.lastIndex = from;
        const m = re.exec(text);
        if (!m || (ln > o.line && /^\s*[#;]/.test(text))) continue;
        const mark = m[0].trim();
        out.add(
          'inline-comment',
          `'${mark}' in the value of '${o.name}' is not a comment: configparser keeps ${quote(text.slice(m.index + 1).trim(), 40)} as part of the value (put comments on a line of their own)`,
          { line: ln + 1, column: m.index + 2 },
        );
        break;
      }
    }
  }
}

// ---------------------------------------------------------------------------
// Rules on the model

/** Feature options each upstream renderer reads. */
const READ_FIELDS: Record<Dialect, ReadonlySet<string>> = {
  'support-matrix': new Set(['title', 'status', 'notes', 'cli', 'api']),
  targets: new Set(['title', 'status', 'notes', 'cli']),
  'feature-classification': new Set(['title', 'maturity', 'notes', 'cli', 'api_doc_link', 'admin_doc_link', 'tempest_test_uuids']),
  'networking-targets': new Set(['title', 'status', 'notes', 'cli', 'api']),
  'networking-labels': new Set(['title', 'status', 'notes', 'cli', 'api']),
};

/** neutron's own renderer (2016-2017): its feature and cell statuses (a feature without status is immature). */
const NEUTRON_FEATURE_STATUSES = ['immature', 'mature', 'required', 'deprecated'];
const NEUTRON_CELL_STATUSES = ['complete', 'incomplete', 'partial', 'unknown'];

/** The dialects of neutron's own renderer. */
function isNeutron(d: Dialect): boolean {
  return d === 'networking-targets' || d === 'networking-labels';
}

/** Feature statuses each renderer accepts. */
const STATUSES: Record<Dialect, readonly string[]> = {
  'support-matrix': FEATURE_STATUSES,
  targets: ['mandatory', 'choice', 'condition', 'optional'],
  'feature-classification': FEATURE_STATUSES,
  'networking-targets': NEUTRON_FEATURE_STATUSES,
  'networking-labels': NEUTRON_FEATURE_STATUSES,
};

const RENDERER: Record<Dialect, string> = {
  'support-matrix': SFC,
  targets: "nova's support_matrix.py",
  'feature-classification': "nova's feature_matrix.py",
  'networking-targets': NEUTRON_SM,
  'networking-labels': NEUTRON_SM,
};

/** Validate a model read from any format. */
export function validateMatrix(matrix: Matrix, file: string, locator: Locator = noLocator): Diagnostic[] {
  const out = new Findings(file);
  checkMatrix(matrix, locator, out);
  return out.done();
}

function driverSection(m: Matrix, key: string): { section: string; option: string | null } {
  const syntax = DIALECT_SYNTAX[m.dialect];
  return syntax.declarationPrefix !== null
    ? { section: 'targets', option: syntax.declarationPrefix + key }
    : { section: syntax.driverSection + key, option: null };
}

function checkMatrix(m: Matrix, loc: Locator, out: Findings): void {
  const dialect = m.dialect;
  const syntax = DIALECT_SYNTAX[dialect];
  const renderer = RENDERER[dialect];
  const declared = new Set(m.drivers.map((d) => d.key));
  const driverKeys = m.drivers.map((d) => d.key);

  // Drivers.
  const driverTitles = new Map<string, string>();
  for (const d of m.drivers) {
    const where = driverSection(m, d.key);
    const at = where.option ? loc.option(where.section, where.option) : loc.section(where.section);
    const titleAt = where.option ? loc.value(where.section, where.option) : loc.value(where.section, 'title') ?? at;
    if (d.title === null) {
      out.add('driver-title-missing', `driver '${d.key}' has no title: ${renderer} fails with NoOptionError (add title=...)`, at);
    } else if (d.title.trim() === '') {
      out.add('title-empty', `driver '${d.key}' has an empty title: its column has no heading`, titleAt);
    } else {
      const norm = normTitle(d.title);
      const prev = driverTitles.get(norm);
      if (prev !== undefined) out.add('duplicate-title', `drivers '${prev}' and '${d.key}' have the same title ${quote(d.title)}: readers cannot tell the columns apart`, titleAt);
      else driverTitles.set(norm, d.key);
    }
    if (syntax.cellsByLabel && !d.extras?.some((e) => e.name === LABEL_OPTION)) {
      out.add('driver-label-missing', `target '${d.key}' has no label: ${renderer} reads it unconditionally and fails with NoOptionError (add label=networking-${d.key}, the name of its cells)`, at);
    }
    if ((dialect === 'feature-classification' || dialect === 'networking-labels') && d.link === null) {
      out.add('driver-link-missing', `target '${d.key}' has no link: ${renderer} reads it unconditionally and fails with NoOptionError (add link=https://...)`, at);
    }
    if (d.link !== null) checkLink(d.link, `link of driver '${d.key}'`, loc.value(where.section, 'link') ?? at, out);
    if ((dialect === 'targets' || dialect === 'networking-targets') && d.key.split('-').length > 3) {
      out.add('driver-key-malformed', `driver key '${d.key}' has more than three '-'-separated parts (driver-hypervisor-architecture): ${renderer} rejects it as malformed`, at);
    }
    const label = syntax.cellsByLabel ? d.extras?.find((e) => e.name === LABEL_OPTION) : undefined;
    if (label && label.value.split('-').length > 4) {
      out.add('driver-key-malformed', `label '${label.value}' of target '${d.key}' has more than four '-'-separated parts: ${renderer} fails on it (TypeError: too many arguments)`, loc.value(where.section, LABEL_OPTION) ?? at);
    }
    for (const e of d.extras ?? []) {
      if (loc.inherited?.(where.section, e.name)) continue; // default-section says it
      if (syntax.cellsByLabel && e.name === LABEL_OPTION) continue;
      const suggestion = didYouMean(e.name, driverOptions(dialect));
      out.add('unknown-option', `no renderer reads option '${e.name}' of driver '${d.key}'${suggestion}`, loc.option(where.section, e.name) ?? at);
    }
  }
  for (const e of m.extras ?? []) {
    const suggestion = didYouMean(e.name, driverKeys.map((k) => (syntax.declarationPrefix ?? '') + k));
    out.add('unknown-option', `no renderer reads option '${e.name}' of [${e.section}]${suggestion}`, loc.option(e.section, e.name) ?? loc.section(e.section));
  }

  const neutron = isNeutron(dialect);
  const cellStatuses: readonly string[] = neutron ? NEUTRON_CELL_STATUSES : IMPLEMENTATION_STATUSES;
  const byKey = new Map(m.drivers.map((d) => [d.key, d]));
  const cellNameOf = (key: string) => cellName(dialect, byKey.get(key) ?? { key });

  // Features.
  const featureTitles = new Map<string, string>();
  const readFields = READ_FIELDS[dialect];
  for (const f of m.features) {
    const sec = f.key;
    const at = loc.section(sec);
    const rendered = dialect !== 'support-matrix' || sec.startsWith('operation.');
    if (!rendered) {
      out.add(
        'feature-not-rendered',
        `feature [${sec}] is not shown by ${renderer}, which renders only sections named operation.*: ${quote(f.title ?? sec)} is missing from the published page${typoOfOperation(sec)}`,
        at,
      );
    }
    if (f.title === null) {
      out.add('feature-title-missing', `feature [${sec}] has no title: ${renderer} fails with "'title' option missing in '[${sec}]' section"`, at);
    } else if (f.title.trim() === '') {
      out.add('title-empty', `feature [${sec}] has an empty title: its row has no name`, loc.value(sec, 'title') ?? at);
    } else {
      const norm = normTitle(f.title);
      const prev = featureTitles.get(norm);
      if (prev !== undefined) out.add('duplicate-title', `features [${prev}] and [${sec}] have the same title ${quote(f.title)}: readers cannot tell the rows apart`, loc.value(sec, 'title') ?? at);
      else featureTitles.set(norm, sec);
    }

    // Status.
    if (f.status !== null && readFields.has('status')) {
      const allowed = STATUSES[dialect];
      const statusAt = loc.value(sec, 'status') ?? at;
      const shown = f.group === null ? f.status : `${f.status}(${f.group})`;
      if (f.status === '' || /[()]/.test(f.status) || (f.group !== null && /[()]/.test(f.group))) {
        out.add(
          'feature-status-malformed',
          `status ${quote(shown)} of [${sec}] is not STATUS or STATUS(GROUP) with a non-empty group: ${dialect === 'support-matrix' ? `${renderer} crashes on it` : `${renderer} misreads it`}`,
          statusAt,
        );
      } else if (!allowed.includes(f.status)) {
        out.add(
          'feature-status-invalid',
          `status '${f.status}' of [${sec}] must be one of ${allowed.join(', ')}${didYouMean(f.status, allowed)}`,
          statusAt,
        );
      }
    }
    if (dialect === 'feature-classification' && f.maturity !== null && !(MATURITIES as readonly string[]).includes(f.maturity.toLowerCase())) {
      out.add(
        'feature-maturity-invalid',
        `maturity '${f.maturity}' of [${sec}] must be one of ${MATURITIES.join(', ')}${didYouMean(f.maturity, MATURITIES)}`,
        loc.value(sec, 'maturity') ?? at,
      );
    }
    for (const field of FEATURE_FIELDS) {
      if (readFields.has(field.option) || field.get(f) === null) continue;
      out.add('unknown-option', `${renderer} does not read option '${field.option}' of [${sec}] (it is not part of the ${dialect} dialect)`, loc.option(sec, field.option) ?? at);
    }
    if (f.apiDocLink !== null && readFields.has('api_doc_link')) checkLink(f.apiDocLink, `api_doc_link of [${sec}]`, loc.value(sec, 'api_doc_link') ?? at, out);
    if (f.adminDocLink !== null && readFields.has('admin_doc_link')) checkLink(f.adminDocLink, `admin_doc_link of [${sec}]`, loc.value(sec, 'admin_doc_link') ?? at, out);
    if (f.cli.length > 1 && f.cli.some((c) => c.trim() === '')) {
      out.add('list-empty-item', `cli of [${sec}] has an empty command (';;' or a ';' at an end): the page shows an empty item`, loc.value(sec, 'cli') ?? at);
    }
    if (f.tempestTestUuids.length > 1 && f.tempestTestUuids.some((c) => c.trim() === '')) {
      out.add('list-empty-item', `tempest_test_uuids of [${sec}] has an empty item (';;' or a ';' at an end)`, loc.value(sec, 'tempest_test_uuids') ?? at);
    }

    // Cells.
    const withCell = new Set<string>();
    for (const impl of f.implementations) {
      withCell.add(impl.driver);
      const cellOption = cellNameOf(impl.driver);
      const cellAt = loc.value(sec, cellOption) ?? at;
      if (!cellStatuses.includes(impl.status)) {
        const hint = /\s[;#]/.test(impl.status) ? ' (configparser has no inline comments: the text after it is part of the value)' : didYouMean(impl.status, cellStatuses);
        out.add(
          'cell-status-invalid',
          `${cellOption} = ${quote(impl.status)} in [${sec}] must be one of ${cellStatuses.join(', ')}${hint}`,
          cellAt,
        );
      } else if (impl.status === 'partial' && !neutron && (impl.notes === null || impl.notes.trim() === '')) {
        out.add(
          'partial-without-notes',
          `'${impl.driver}' is partial for [${sec}] without notes: say what is missing in ${syntax.notesPrefix}${impl.driver}`,
          loc.option(sec, cellOption) ?? at,
        );
      }
      if (neutron && impl.notes !== null) {
        const notesOption = notesName(dialect, impl.driver);
        out.add('cell-notes-unsupported', neutronNotes(notesOption, sec, renderer), loc.option(sec, notesOption) ?? at);
      }
      if (dialect === 'feature-classification' && impl.notes !== null) {
        const looked = 'driver-notes-' + impl.driver.slice(12);
        if (looked !== syntax.notesPrefix + impl.driver) {
          out.add(
            'cell-notes-hidden',
            `the notes of '${impl.driver}' in [${sec}] never show: ${renderer} looks for them under '${looked}' (it cuts the first 12 characters of the cell name, as if it began with driver-impl-)`,
            loc.option(sec, syntax.notesPrefix + impl.driver) ?? at,
          );
        }
      }
    }
    if (rendered || dialect !== 'support-matrix') {
      const missing = driverKeys.filter((k) => !withCell.has(k));
      if (missing.length) {
        const list = missing.slice(0, 8).map(cellNameOf).join(', ') + (missing.length > 8 ? `, and ${missing.length - 8} more` : '');
        const why = dialect === 'support-matrix' ? `${renderer} crashes with KeyError` : `${renderer} fails with "missing in '[${sec}]' section"`;
        out.add('cell-missing', `[${sec}] has no cell for ${missing.length === 1 ? 'driver' : 'drivers'} ${list}: ${why} (add ${cellNameOf(missing[0]!)}=unknown if nobody knows)`, at);
      }
    }

    // Options the model keeps aside: cells for undeclared drivers, orphan notes, unknown options.
    for (const e of f.extras ?? []) checkFeatureExtra(m, f, e.name, withCell, declared, rendered, loc, out);
  }
}

function checkFeatureExtra(
  m: Matrix,
  f: Feature,
  name: string,
  withCell: ReadonlySet<string>,
  declared: ReadonlySet<string>,
  rendered: boolean,
  loc: Locator,
  out: Findings,
): void {
  const dialect = m.dialect;
  const syntax = DIALECT_SYNTAX[dialect];
  const sec = f.key;
  const at = loc.option(sec, name) ?? loc.section(sec);
  const renderer = RENDERER[dialect];
  const driverKeys = m.drivers.map((d) => d.key);

  if (isNeutron(dialect) && name.startsWith(syntax.notesPrefix)) {
    out.add('cell-notes-unsupported', neutronNotes(name, sec, renderer), at);
    return;
  }
  if (name.startsWith(syntax.notesPrefix)) {
    const key = name.slice(syntax.notesPrefix.length);
    if (!withCell.has(key)) {
      const why = declared.has(key) ? `'${key}' has no cell in [${sec}]` : `there is no driver '${key}'`;
      const suggestion = declared.has(key) ? '' : didYouMean(key, driverKeys.filter((k) => withCell.has(k)), syntax.notesPrefix);
      out.add('cell-notes-orphan', `${name} in [${sec}] is never shown: ${why}${suggestion}`, at);
    }
    return;
  }
  // A cell for an undeclared driver: upstream raises where it reads the section.
  let cellKey: string | null = null;
  let raises = false;
  if (dialect === 'support-matrix' && name.startsWith('driver.')) {
    cellKey = name.slice(7);
    raises = rendered;
  } else if (dialect === 'targets' && name.startsWith('driver-impl-')) {
    cellKey = name.slice(12);
    raises = true;
  } else if (isNeutron(dialect) && name.startsWith(syntax.cellPrefix)) {
    cellKey = name.slice(syntax.cellPrefix.length);
    raises = true;
  } else if (dialect === 'feature-classification' && name.startsWith('driver-impl-')) {
    cellKey = name.slice(12);
    raises = !declared.has(name.replace(/driver-impl-/g, ''));
  }
  if (cellKey !== null && raises) {
    const caseHint = driverKeys.find((k) => k.toLowerCase() === cellKey && k !== cellKey);
    const hint = caseHint
      ? ` (the driver is declared as '${caseHint}', but configparser lower-cases option names, so a driver key with capitals can never have a cell)`
      : syntax.cellsByLabel
        ? didYouMean(name, m.drivers.map((d) => cellName(dialect, d)))
        : didYouMean(cellKey, driverKeys, syntax.cellPrefix);
    out.add('cell-undeclared-driver', `${name} in [${sec}] is a cell for a driver that is not declared: ${renderer} fails on it${hint}`, at);
    return;
  }
  const candidates = [...READ_FIELDS[dialect], ...m.drivers.filter((d) => !withCell.has(d.key)).map((d) => cellName(dialect, d))];
  const inherited = loc.inherited?.(sec, name) === true;
  out.add(
    'unknown-option',
    `no renderer reads option '${name}' of [${inherited ? 'DEFAULT' : sec}]${didYouMean(name, inherited ? [...READ_FIELDS[dialect]] : candidates)}`,
    at,
  );
}

/** Cell notes in neutron's own dialects: the renderer fails on them. */
function neutronNotes(option: string, sec: string, renderer: string): string {
  return (
    `${option} in [${sec}]: ${renderer} takes every networking-* option of a feature for a cell, finds no driver of that name and fails ("not declared"); ` +
    `it never shows cell notes (it looks for them under networking-notes- and the cell name minus its first 17 characters). fmx reads them as the cell's notes`
  );
}

/** ` (did you mean [operation.x]?)` for `[operations.x]`, `[opertion.x]`. */
function typoOfOperation(section: string): string {
  const dot = section.indexOf('.');
  if (dot <= 0) return '';
  const head = section.slice(0, dot);
  return head !== 'operation' && editDistance(head.toLowerCase(), 'operation', 3) <= 2 ? ` (did you mean [operation${section.slice(dot)}]?)` : '';
}

function checkLink(link: string, what: string, at: Position | undefined, out: Findings): void {
  // An empty link is no link: the renderers show the title without one.
  if (link === '' || /^https?:\/\/[^\s/?#]+[^\s]*$/i.test(link)) return;
  const why = /\s/.test(link) ? 'contains white space' : 'is not an http:// or https:// URL';
  out.add('link-not-http', `${what} ${why}: ${quote(link)}`, at);
}

function normTitle(t: string): string {
  return t.replace(/\s+/g, ' ').trim().toLowerCase();
}
