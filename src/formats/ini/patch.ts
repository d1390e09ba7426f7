/**
 * Write a model into an existing INI file, changing only the lines of what
 * changed (a reviewer's minimal diff):
 *
 * - an unchanged value is never re-serialised; a changed single-line value
 *   keeps its line's name, delimiter and spacing; a changed multi-line value
 *   keeps its unchanged lines and its continuation indent;
 * - an added cell goes after the cell of the nearest earlier declared driver,
 *   an added option where its field belongs, an added feature after the
 *   previous feature with the file's blank-line spacing, an added driver after
 *   the last declaration, in the dialect's own spelling;
 * - a removed feature, driver or cell deletes its lines (cell notes too) and
 *   leaves no double blank lines behind.
 *
 * What the edited input could not carry (`Loaded.omits`) is taken from the
 * base first, so it is not read as a deletion.
 */

import { error } from '../../diagnostics.js';
import type { Omission } from '../types.js';
import { fillOmitted } from '../../model/carried.js';
import { foldText } from '../../model/fold.js';
import type { ExtraOption, Feature, Implementation, Matrix } from '../../model/matrix.js';
import { cellName, DIALECT_SYNTAX, FEATURE_FIELDS, LABEL_OPTION, notesName } from './dialects.js';
import { matrixFromIni } from './read.js';
import { lineCount, lineEol, lineText, optionLayout, type IniDocument, type IniOption, type IniSection } from './cst.js';
import { skipSpace, trimEnd } from './pyspace.js';
import { UnwritableValueError, escapePercent, valueLines } from './value.js';

export interface PatchOptions {
  /** Where messages point (the output file). */
  where: string;
  /** What the input format could not carry (`Loaded.omits`); the model's origin adds its own. */
  omits?: readonly Omission[];
}

export function patchIni(base: IniDocument, target: Matrix, opts: PatchOptions | string): string {
  const o: PatchOptions = typeof opts === 'string' ? { where: opts } : opts;
  const current = matrixFromIni(base);
  const wanted = onlyDeclaredCells(fillOmitted(target, current, o.omits ?? []));
  return new Patcher(base, current, wanted, o).run();
}

/** Cells exist only for declared drivers: a driver removed from the list takes its cells with it. */
function onlyDeclaredCells(m: Matrix): Matrix {
  const declared = new Set(m.drivers.map((d) => d.key));
  if (m.features.every((f) => f.implementations.every((i) => declared.has(i.driver)))) return m;
  return { ...m, features: m.features.map((f) => ({ ...f, implementations: f.implementations.filter((i) => declared.has(i.driver)) })) };
}

/** One output line: its text and its terminator (undefined: the file's usual one). */
interface OutLine {
  text: string;
  eol?: string;
}

interface Edit {
  start: number;
  end: number;
  lines: OutLine[];
  seq: number;
}

class Patcher {
  private readonly edits: Edit[] = [];
  private readonly deleted = new Set<number>();
  private readonly eol: string;
  private readonly indent: string;
  private readonly syntax;
  /** The option names of the base's cells. */
  private readonly currentCells: ReadonlySet<string>;
  /** Driver key -> the option name of its cells (the base's spelling for a driver it has). */
  private readonly cellNames = new Map<string, string>();

  constructor(
    private readonly doc: IniDocument,
    private readonly current: Matrix,
    private readonly wanted: Matrix,
    private readonly opts: PatchOptions,
  ) {
    this.eol = dominantEol(doc);
    this.indent = dominantIndent(doc);
    this.syntax = DIALECT_SYNTAX[current.dialect];
    this.currentCells = new Set(current.drivers.map((d) => cellName(current.dialect, d)));
    for (const d of [...wanted.drivers, ...current.drivers]) this.cellNames.set(d.key, cellName(current.dialect, d));
  }

  run(): string {
    this.checkUnique();
    this.patchDrivers();
    this.patchFeatures();
    return this.render();
  }

  private checkUnique(): void {
    const seen = new Set<string>();
    for (const f of this.wanted.features) {
      if (seen.has(f.key)) throw error(this.opts.where, `feature ${f.key} appears twice in the edited matrix`, undefined, undefined, 'patch-duplicate-feature');
      seen.add(f.key);
    }
    seen.clear();
    for (const d of this.wanted.drivers) {
      if (seen.has(d.key)) throw error(this.opts.where, `driver ${d.key} appears twice in the edited matrix`, undefined, undefined, 'patch-duplicate-driver');
      seen.add(d.key);
    }
  }

  // ---- drivers -------------------------------------------------------------

  private patchDrivers(): void {
    const wanted = new Map(this.wanted.drivers.map((d) => [d.key, d]));
    const current = new Map(this.current.drivers.map((d) => [d.key, d]));
    const prefix = this.syntax.driverSection;
    for (const d of this.current.drivers) {
      const w = wanted.get(d.key);
      if (prefix === null) {
        const targets = this.section('targets');
        const opt = targets.byName.get(this.syntax.declarationPrefix + d.key);
        if (!w) {
          if (opt) this.removeOption(opt);
        } else if (opt && !this.same(d.title, w.title)) {
          this.setValue(opt, w.title ?? '');
        }
        continue;
      }
      const sec = this.section(prefix + d.key);
      if (!w) {
        this.removeSection(sec);
        continue;
      }
      // networking-labels: the label names the driver's cells. An edited matrix without one keeps the base's.
      const wantedLabel = w.extras?.find((e) => e.name === LABEL_OPTION);
      const haveLabel = d.extras?.find((e) => e.name === LABEL_OPTION);
      let wantedExtras = w.extras;
      if (this.syntax.cellsByLabel && !wantedLabel && haveLabel) wantedExtras = [haveLabel, ...(w.extras ?? [])];
      else if (this.syntax.cellsByLabel && wantedLabel && wantedLabel.value !== haveLabel?.value) {
        throw error(this.opts.where, `driver ${d.key}: a new ${LABEL_OPTION} would rename its cells in every feature; change the cells' option names by hand`, sec.line + 1, 1, 'patch-conflict');
      }
      this.setOption(sec, 'title', d.title, w.title, ['link']);
      this.setOption(sec, 'link', d.link, w.link, []);
      this.patchExtras(sec, d.extras, wantedExtras);
    }
    // Added drivers: after the last declaration.
    const added = this.wanted.drivers.filter((d) => !current.has(d.key));
    if (!added.length) return;
    if (prefix === null) {
      const targets = this.section('targets');
      const decl = this.syntax.declarationPrefix!;
      const last = lastWhere(targets.options, (o) => o.name.startsWith(decl));
      const at = last ? last.endLine : this.endOfOptions(targets);
      const style = last ?? targets.options[0];
      this.insert(at, added.flatMap((d) => this.optionLines(decl + d.key, d.title ?? '', style)));
      return;
    }
    const declSections = this.current.drivers.map((d) => this.section(prefix + d.key));
    const lastDecl = declSections[declSections.length - 1];
    const lines: OutLine[] = [];
    for (const d of added) {
      const body: OutLine[] = [{ text: `[${prefix}${d.key}]` }];
      // networking-labels: the label (the name of the driver's cells) first, as upstream writes it.
      const byLabel = this.syntax.cellsByLabel;
      if (byLabel) body.push(...this.optionLines(LABEL_OPTION, cellName(this.current.dialect, d), lastDecl?.options[0]));
      if (d.title !== null) body.push(...this.optionLines('title', d.title, lastDecl?.options[0]));
      if (d.link !== null) body.push(...this.optionLines('link', d.link, lastDecl?.options[0]));
      for (const e of d.extras ?? []) if (!byLabel || e.name !== LABEL_OPTION) body.push(...this.optionLines(e.name, e.value, lastDecl?.options[0]));
      lines.push(...this.blankLines(), ...body);
    }
    this.insert(lastDecl ? this.endOfOptions(lastDecl) : this.firstSectionStart(), lines);
  }

  // ---- features ------------------------------------------------------------

  private patchFeatures(): void {
    const wanted = new Map(this.wanted.features.map((f) => [f.key, f]));
    const current = new Map(this.current.features.map((f) => [f.key, f]));
    for (const f of this.current.features) {
      const w = wanted.get(f.key);
      const sec = this.section(f.key);
      if (!w) this.removeSection(sec);
      else this.patchFeature(sec, f, w);
    }
    // Added features: after the previous feature that exists, in the edited order.
    let anchor: IniSection | null = null;
    const pending: Feature[] = [];
    const flush = () => {
      if (!pending.length) return;
      const at = anchor ? this.endOfOptions(anchor) : this.endOfDeclarations();
      const lines: OutLine[] = [];
      for (const f of pending) lines.push(...this.blankLines(), ...this.newFeatureLines(f));
      this.insert(at, lines);
      pending.length = 0;
    };
    for (const f of this.wanted.features) {
      if (current.has(f.key)) {
        flush();
        anchor = this.section(f.key);
      } else {
        pending.push(f);
      }
    }
    flush();
  }

  private patchFeature(sec: IniSection, f: Feature, w: Feature): void {
    const names = FEATURE_FIELDS.map((x) => x.option);
    for (const [i, field] of FEATURE_FIELDS.entries()) {
      this.setOption(sec, field.option, field.get(f), field.get(w), names.slice(i + 1), names.slice(0, i));
    }
    // Cells.
    const cur = new Map(f.implementations.map((c) => [c.driver, c]));
    const want = new Map(w.implementations.map((c) => [c.driver, c]));
    for (const c of f.implementations) {
      const wc = want.get(c.driver);
      const cellOpt = this.cellOption(sec, c.driver)!;
      const notesOpt = this.own(sec, notesName(this.current.dialect, c.driver));
      if (!wc) {
        this.removeOption(cellOpt);
        if (notesOpt) this.removeOption(notesOpt);
        continue;
      }
      const value = cellValue(wc);
      if (value !== cellValue(c)) this.setValue(cellOpt, value);
      if (!this.same(c.notes, wc.notes)) {
        if (wc.notes === null) {
          if (notesOpt) this.removeOption(notesOpt);
          else throw this.inherited(sec, notesName(this.current.dialect, c.driver));
        } else if (notesOpt) this.setValue(notesOpt, wc.notes);
        else this.insert(cellOpt.endLine, this.optionLines(notesName(this.current.dialect, c.driver), wc.notes, cellOpt));
      }
    }
    const order = this.wanted.drivers.map((d) => d.key);
    for (const c of w.implementations) {
      if (cur.has(c.driver)) continue;
      const lines = this.cellLines(c, sec.options.find((o) => this.isCell(o)));
      this.insert(this.cellInsertionPoint(sec, c.driver, order), lines);
    }
    this.patchExtras(sec, f.extras, w.extras);
  }

  /** After the cell (and its notes) of the nearest earlier declared driver; else before the first cell; else at the end. */
  private cellInsertionPoint(sec: IniSection, driver: string, order: string[]): number {
    const idx = order.indexOf(driver);
    for (let k = idx - 1; k >= 0; k--) {
      const opt = this.cellOption(sec, order[k]!);
      if (!opt || this.deleted.has(opt.line)) continue;
      const notes = this.own(sec, notesName(this.current.dialect, order[k]!));
      const next = sec.options[sec.options.indexOf(opt) + 1];
      return notes && next === notes ? notes.endLine : opt.endLine;
    }
    const firstCell = sec.options.find((o) => this.isCell(o));
    return firstCell ? firstCell.line : this.endOfOptions(sec);
  }

  private isCell(o: IniOption): boolean {
    return this.currentCells.has(o.name);
  }

  /** The option name of a driver's cells: as in the base, or as the edited matrix declares a new driver. */
  private cellName(driver: string): string {
    return this.cellNames.get(driver) ?? cellName(this.current.dialect, { key: driver });
  }

  private cellOption(sec: IniSection, driver: string): IniOption | undefined {
    return sec.byName.get(this.cellName(driver));
  }

  private cellLines(c: Implementation, style: IniOption | undefined): OutLine[] {
    const lines = this.optionLines(this.cellName(c.driver), cellValue(c), style);
    if (c.notes !== null) lines.push(...this.optionLines(notesName(this.current.dialect, c.driver), c.notes, style));
    return lines;
  }

  private newFeatureLines(f: Feature): OutLine[] {
    const style = this.sampleFeatureOption();
    const lines: OutLine[] = [{ text: `[${f.key}]` }];
    for (const field of FEATURE_FIELDS) {
      const v = field.get(f);
      if (v !== null) lines.push(...this.optionLines(field.option, v, style));
    }
    for (const c of f.implementations) lines.push(...this.cellLines(c, style));
    for (const e of f.extras ?? []) lines.push(...this.optionLines(e.name, e.value, style));
    if (/[\r\n]/.test(f.key) || f.key === '' || f.key === 'DEFAULT') {
      throw error(this.opts.where, `cannot write section name '${f.key}'`, undefined, undefined, 'ini-unwritable');
    }
    return lines;
  }

  private sampleFeatureOption(): IniOption | undefined {
    for (const f of this.current.features) {
      const sec = this.doc.sections.get(f.key);
      if (sec && sec.options.length) return sec.options[0];
    }
    return undefined;
  }

  // ---- options -------------------------------------------------------------

  /** Make option `name` of `sec` hold `want` (null: absent). */
  private setOption(sec: IniSection, name: string, have: string | null, want: string | null, after: string[], before: string[] = []): void {
    if (this.same(have, want)) return;
    const opt = this.own(sec, name);
    if (want === null) {
      if (opt) this.removeOption(opt);
      else throw this.inherited(sec, name);
      return;
    }
    if (opt) {
      this.setValue(opt, want);
      return;
    }
    // A new option: after the nearest earlier field present, else before the nearest later one or the first cell.
    let at: number | undefined;
    for (let k = before.length - 1; k >= 0 && at === undefined; k--) {
      const o = this.own(sec, before[k]!);
      if (o) at = o.endLine;
    }
    for (const n of after) {
      if (at !== undefined) break;
      const o = this.own(sec, n);
      if (o) at = o.line;
    }
    if (at === undefined) {
      const cell = sec.options.find((o) => this.isCell(o));
      at = cell ? cell.line : this.endOfOptions(sec);
    }
    this.insert(at, this.optionLines(name, want, sec.options[0] ?? this.sampleFeatureOption()));
  }

  private patchExtras(sec: IniSection, have: ExtraOption[] | undefined, want: ExtraOption[] | undefined): void {
    const h = new Map((have ?? []).map((e) => [e.name, e.value]));
    const w = new Map((want ?? []).map((e) => [e.name, e.value]));
    for (const [name, value] of h) {
      if (!w.has(name)) this.setOption(sec, name, value, null, []);
    }
    for (const [name, value] of w) {
      const old = h.get(name) ?? null;
      if (old === null && this.own(sec, name)) {
        throw error(this.opts.where, `option '${name}' of [${sec.name}] has another meaning in this dialect`, undefined, undefined, 'patch-conflict');
      }
      if (old === null) this.insert(this.endOfOptions(sec), this.optionLines(name, value, sec.options[0]));
      else this.setOption(sec, name, old, value, []);
    }
  }

  /** Rewrite an existing option's value, keeping its name, delimiter, spacing and unchanged lines. */
  private setValue(opt: IniOption, value: string): void {
    const src = this.doc.source;
    const first = lineText(src, opt.line);
    const { valueColumn } = optionLayout(src, opt);
    const prefix = first.slice(0, valueColumn);
    const valueEnd = valueColumn + (opt.raw.indexOf('\n') === -1 ? opt.raw.length : opt.raw.indexOf('\n'));
    const suffix = first.slice(valueEnd);
    const newSegs = this.checkedValue(opt.name, value).split('\n');
    if (opt.endLine - opt.line === 1 && newSegs.length === 1) {
      this.replace(opt.line, opt.line + 1, [{ text: prefix + newSegs[0] + (newSegs[0] === '' ? '' : suffix), eol: lineEol(src, opt.line) }]);
      return;
    }
    // Multi-line: keep the common leading and trailing lines as they are.
    const old = this.valueSegments(opt);
    const indent = old.find((s) => s.indent !== null)?.indent ?? this.indent;
    const oldTexts = old.map((s) => s.text);
    let p = 0;
    while (p < old.length && p < newSegs.length && oldTexts[p] === newSegs[p] && !opt.raw.includes('%')) p++;
    let q = 0;
    while (
      q < old.length - p &&
      q < newSegs.length - p &&
      oldTexts[old.length - 1 - q] === newSegs[newSegs.length - 1 - q] &&
      !opt.raw.includes('%') &&
      old.length - 1 - q > 0
    ) q++;
    const start = p === 0 ? opt.line : old[p - 1]!.lastLine + 1;
    const end = q === 0 ? opt.endLine : old[old.length - q]!.firstLine;
    const lines: OutLine[] = [];
    for (let k = p; k < newSegs.length - q; k++) {
      const seg = newSegs[k]!;
      if (k === 0) lines.push({ text: prefix + seg + (seg === '' ? '' : suffix), eol: lineEol(src, opt.line) });
      else lines.push({ text: seg === '' ? '' : indent + seg });
    }
    if (start === opt.line && p === 0 && lines.length === 0) {
      throw error(this.opts.where, `internal: empty rewrite of '${opt.name}'`);
    }
    this.replace(start, end, lines);
  }

  /** The value's pieces with the lines they come from (comment lines belong to the piece after them). */
  private valueSegments(opt: IniOption): { text: string; firstLine: number; lastLine: number; indent: string | null }[] {
    const src = this.doc.source;
    const nl = opt.raw.indexOf('\n');
    const segs = [{ text: nl === -1 ? opt.raw : opt.raw.slice(0, nl), firstLine: opt.line, lastLine: opt.line, indent: null as string | null }];
    let pendingFrom = -1;
    for (let ln = opt.line + 1; ln < opt.endLine; ln++) {
      const ls = src.lineStart[ln]!;
      const le = src.contentEnd[ln]!;
      const a = skipSpace(src.text, ls, le);
      const c = src.text.charCodeAt(a);
      if (a < le && (c === 35 || c === 59)) {
        if (pendingFrom < 0) pendingFrom = ln;
        continue;
      }
      const text = src.text.slice(a, trimEnd(src.text, a, le));
      segs.push({ text, firstLine: pendingFrom >= 0 ? pendingFrom : ln, lastLine: ln, indent: a === le ? null : src.text.slice(ls, a) });
      pendingFrom = -1;
    }
    return segs;
  }

  private checkedValue(name: string, value: string): string {
    try {
      valueLines(value, '');
    } catch (e) {
      if (e instanceof UnwritableValueError) throw error(this.opts.where, `cannot write option '${name}': ${e.message}`, undefined, undefined, 'ini-unwritable');
      throw e;
    }
    return escapePercent(value);
  }

  /** New option lines in the style of `style` (its delimiter and spacing) or the file's. */
  private optionLines(name: string, value: string, style: IniOption | undefined): OutLine[] {
    if (name === '' || /[=:\r\n]/.test(name) || /^[\s#;[]/.test(name) || /\s$/.test(name) || name !== name.toLowerCase()) {
      throw error(this.opts.where, `cannot write option name '${name}': configparser would read it differently`, undefined, undefined, 'ini-unwritable');
    }
    let between = '=';
    if (style) {
      const t = lineText(this.doc.source, style.line);
      const at = optionLayout(this.doc.source, style);
      between = t.slice(at.column + at.rawName.length, at.valueColumn);
    }
    const segs = this.checkedValue(name, value).split('\n');
    return segs.map((s, i) => ({ text: i === 0 ? (s === '' ? name + between.trimEnd() : name + between + s) : s === '' ? '' : this.indent + s }));
  }

  private removeOption(opt: IniOption): void {
    this.replace(opt.line, opt.endLine, []);
  }

  /** Delete a section and the blank lines after it (or, at the end of the file, before it). */
  private removeSection(sec: IniSection): void {
    const src = this.doc.source;
    const n = lineCount(src);
    const last = this.endOfOptions(sec);
    let end = last;
    while (end < n && isBlank(this.doc, end)) end++;
    let start = sec.line;
    if (end >= n) {
      while (start > 0 && isBlank(this.doc, start - 1) && !this.deleted.has(start - 1)) start--;
      end = last;
      while (end < n && isBlank(this.doc, end)) end++;
    }
    this.replace(start, end, []);
  }

  /** One past the last line of the section's last option (or its header). */
  private endOfOptions(sec: IniSection): number {
    const last = sec.options[sec.options.length - 1];
    return last ? last.endLine : sec.line + 1;
  }

  private endOfDeclarations(): number {
    const prefix = this.syntax.driverSection;
    const decl = prefix === null ? [this.section('targets')] : this.current.drivers.map((d) => this.section(prefix + d.key));
    const last = decl[decl.length - 1];
    return last ? this.endOfOptions(last) : this.firstSectionStart();
  }

  private firstSectionStart(): number {
    return this.doc.blocks[0]?.line ?? lineCount(this.doc.source);
  }

  /** The file's separator between sections: as many blank lines as it most often uses. */
  private blankLines(): OutLine[] {
    const counts = new Map<number, number>();
    for (const b of this.doc.blocks.slice(1)) {
      let k = 0;
      while (b.line - 1 - k >= 0 && isBlank(this.doc, b.line - 1 - k)) k++;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    let best = 1;
    let bestCount = 0;
    for (const [k, c] of counts) if (c > bestCount) [best, bestCount] = [k, c];
    return Array.from({ length: best }, () => ({ text: '' }));
  }

  private own(sec: IniSection, name: string): IniOption | undefined {
    return sec.byName.get(name);
  }

  private section(name: string): IniSection {
    const s = this.doc.sections.get(name);
    if (!s) throw error(this.opts.where, `internal: no section [${name}] in the base`);
    return s;
  }

  private inherited(sec: IniSection, name: string) {
    return error(this.opts.where, `cannot remove '${name}' from [${sec.name}]: it comes from [DEFAULT]`, sec.line + 1, 1, 'patch-inherited');
  }

  private same(a: string | null, b: string | null): boolean {
    if (a === b) return true;
    if (a === null || b === null) return false;
    // A model read from a rendered page (its provenance says so) compares folded.
    return this.wanted.provenance?.foldedText === true && foldText(a) === foldText(b);
  }

  // ---- edits ---------------------------------------------------------------

  private replace(start: number, end: number, lines: OutLine[]): void {
    for (let k = start; k < end; k++) this.deleted.add(k);
    this.edits.push({ start, end, lines, seq: this.edits.length });
  }

  private insert(at: number, lines: OutLine[]): void {
    this.edits.push({ start: at, end: at, lines, seq: this.edits.length });
  }

  private render(): string {
    const src = this.doc.source;
    const n = lineCount(src);
    const edits = [...this.edits].sort((a, b) => a.start - b.start || (a.end - a.start === 0 ? 0 : 1) - (b.end - b.start === 0 ? 0 : 1) || a.seq - b.seq);
    for (let k = 1; k < edits.length; k++) {
      if (edits[k]!.start < edits[k - 1]!.end) throw error(this.opts.where, 'internal: overlapping edits');
    }
    const out: OutLine[] = [];
    let ln = 0;
    for (const e of edits) {
      while (ln < e.start) out.push({ text: lineText(src, ln), eol: lineEol(src, ln++) });
      out.push(...e.lines);
      ln = Math.max(ln, e.end);
    }
    while (ln < n) out.push({ text: lineText(src, ln), eol: lineEol(src, ln++) });
    const finalEol = n > 0 && lineEol(src, n - 1) !== '';
    let text = '';
    for (let k = 0; k < out.length; k++) {
      const l = out[k]!;
      const last = k === out.length - 1;
      let eol = l.eol === undefined || l.eol === '' ? this.eol : l.eol;
      if (last && !finalEol) eol = '';
      text += l.text + eol;
    }
    return (src.bom ? '\ufeff' : '') + text;
  }
}

function cellValue(c: Implementation): string {
  return c.release === null ? c.status : `${c.status}:${c.release}`;
}

function lastWhere<T>(list: readonly T[], pred: (x: T) => boolean): T | undefined {
  for (let k = list.length - 1; k >= 0; k--) if (pred(list[k]!)) return list[k];
  return undefined;
}

function isBlank(doc: IniDocument, line: number): boolean {
  const src = doc.source;
  return skipSpace(src.text, src.lineStart[line]!, src.contentEnd[line]!) === src.contentEnd[line]!;
}

function dominantEol(doc: IniDocument): string {
  const counts = new Map<string, number>();
  const n = lineCount(doc.source);
  for (let k = 0; k < n; k++) {
    const e = lineEol(doc.source, k);
    if (e) counts.set(e, (counts.get(e) ?? 0) + 1);
  }
  let best = '\n';
  let bestCount = 0;
  for (const [e, c] of counts) if (c > bestCount) [best, bestCount] = [e, c];
  return best;
}

/** The indentation most continuation lines use; two spaces where there are none. */
function dominantIndent(doc: IniDocument): string {
  const counts = new Map<string, number>();
  const src = doc.source;
  for (const b of doc.blocks) {
    for (const o of b.options) {
      for (let ln = o.line + 1; ln < o.endLine; ln++) {
        const ls = src.lineStart[ln]!;
        const a = skipSpace(src.text, ls, src.contentEnd[ln]!);
        if (a === src.contentEnd[ln]) continue;
        const ind = src.text.slice(ls, a);
        counts.set(ind, (counts.get(ind) ?? 0) + 1);
      }
    }
  }
  let best = '  ';
  let bestCount = 0;
  for (const [e, c] of counts) if (c > bestCount) [best, bestCount] = [e, c];
  return best;
}
