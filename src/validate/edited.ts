/**
 * Validate an edited model before it is written back over its base
 * (`convert --base`): the rules and messages of `fmx validate`, applied to
 * the result, reporting only what the edit brought in (what the base already
 * had is not the edit's doing), positioned in the edited file.
 */

import type { Diagnostic } from '../diagnostics.js';
import type { IniSourceText, Positions, Repeated, SourcePlace, ValueRef } from '../formats/types.js';
import { cellName, DIALECT_SYNTAX, FEATURE_FIELD_BY_OPTION, notesName } from '../formats/ini/dialects.js';
import { repeatedName } from '../model/carried.js';
import type { Matrix } from '../model/matrix.js';
import { sourceTree } from '../formats/ini/read.js';
import { iniLocator, validateMatrix, type Locator, type Position } from './validate.js';

/** A place in the edited file as a validator position. */
export function positionOf(place: SourcePlace | undefined): Position | undefined {
  if (!place) return undefined;
  return 'cell' in place ? { cell: place.cell } : { line: place.line, column: place.column };
}

/** A place in the edited file as a message names it: `line 7, column 4`, or the cell. */
export function placeText(p: SourcePlace): string {
  return 'cell' in p ? p.cell : `line ${p.line}, column ${p.column}`;
}

/**
 * Without a base to tell which copy is the edit, a value whose copies
 * disagree keeps its first copy: a warning for each that says so, at its second.
 */
export function repeatedWarnings(repeated: readonly Repeated<SourcePlace>[] | undefined, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const r of repeated ?? []) {
    const [first, second] = r.copies;
    if (!first || !second) continue;
    const more = r.copies.length > 2 ? ` (${r.copies.length} different copies)` : '';
    out.push({
      file,
      ...positionOf(second.at),
      message: `${repeatedName(r.ref)} differs from its copy at ${placeText(first.at)}${more}: the first is kept (with --base, the copy that differs from the base is the edit)`,
      severity: 'warning',
      ruleId: 'copies-differ',
    });
  }
  return out;
}

/** The validator's INI-shaped questions (section, option) answered from a reader's position map. */
export function positionsLocator(m: Matrix, positions: Positions): Locator {
  const syntax = DIALECT_SYNTAX[m.dialect];
  // The INI's option names of each driver's cells and cell notes, as the dialect spells them.
  const cells = new Map(m.drivers.map((d) => [cellName(m.dialect, d), d.key]));
  const notes = new Map(m.drivers.map((d) => [notesName(m.dialect, d.key), d.key]));
  const features = new Set(m.features.map((f) => f.key));
  const refOf = (section: string, name: string | null): ValueRef | undefined => {
    if (features.has(section)) {
      if (name === null) return { feature: section, field: 'row' };
      const field = FEATURE_FIELD_BY_OPTION.get(name)?.field;
      if (field) return { feature: section, field };
      if (notes.has(name)) return { feature: section, driver: notes.get(name)!, field: 'notes' };
      if (cells.has(name)) return { feature: section, driver: cells.get(name)!, field: 'status' };
      return { feature: section, field: 'row' };
    }
    if (syntax.driverSection === null) {
      const prefix = syntax.declarationPrefix;
      if (section === 'targets' && prefix !== null && name?.startsWith(prefix)) return { driver: name.slice(prefix.length), field: 'title' };
      return undefined;
    }
    if (section.startsWith(syntax.driverSection)) {
      return { driver: section.slice(syntax.driverSection.length), field: name === 'link' ? 'link' : 'title' };
    }
    return undefined;
  };
  const at = (section: string, name: string | null) => {
    const ref = refOf(section, name);
    return ref ? positionOf(positions.get(ref)) : undefined;
  };
  return { section: (s) => at(s, null), option: (s, n) => at(s, n), value: (s, n) => at(s, n) };
}

/**
 * The errors of `fmx validate` that `result` has and `base` has not, placed
 * in the edited `file` where the reader said where the value came from (an
 * edited INI: its own syntax tree).
 */
export function validateEdit(result: Matrix, base: Matrix, file: string, where?: Positions | { ini: IniSourceText }): Diagnostic[] {
  const known = new Set(validateMatrix(base, file).map((d) => `${d.ruleId}\u0000${d.message}`));
  const empty: Positions = { get: () => undefined };
  const locator = where && 'ini' in where ? iniLocator(sourceTree(where.ini)) : positionsLocator(result, where ?? empty);
  return validateMatrix(result, file, locator).filter(
    (d) => d.severity === 'error' && !known.has(`${d.ruleId}\u0000${d.message}`),
  );
}
