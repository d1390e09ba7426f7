/**
 * Validate an edited model before it is written back over its base
 * (`convert --base`): the rules and messages of `fmx validate`, applied to
 * the result, reporting only what the edit brought in (what the base already
 * had is not the edit's doing), positioned in the edited file.
 */

import type { Diagnostic } from '../diagnostics.js';
import type { Positions, SourcePlace, ValueRef } from '../formats/types.js';
import { DIALECT_SYNTAX } from '../formats/ini/read.js';
import type { Matrix } from '../model/matrix.js';
import type { IniDocument } from '../formats/ini/cst.js';
import { iniLocator, validateMatrix, type Locator, type Position } from './validate.js';

/** INI option names of feature fields, and the model fields they hold. */
const OPTION_FIELD: Record<string, string> = {
  title: 'title',
  status: 'status',
  notes: 'notes',
  cli: 'cli',
  api: 'api',
  maturity: 'maturity',
  api_doc_link: 'apiDocLink',
  admin_doc_link: 'adminDocLink',
  tempest_test_uuids: 'tempestTestUuids',
};

/** A place in the edited file as a validator position. */
export function positionOf(place: SourcePlace | undefined): Position | undefined {
  if (!place) return undefined;
  return 'cell' in place ? { cell: place.cell } : { line: place.line, column: place.column };
}

/** The validator's INI-shaped questions (section, option) answered from a reader's position map. */
export function positionsLocator(m: Matrix, positions: Positions): Locator {
  const syntax = DIALECT_SYNTAX[m.dialect];
  const drivers = new Set(m.drivers.map((d) => d.key));
  const features = new Set(m.features.map((f) => f.key));
  const refOf = (section: string, name: string | null): ValueRef | undefined => {
    if (features.has(section)) {
      if (name === null) return { feature: section, field: 'row' };
      if (OPTION_FIELD[name]) return { feature: section, field: OPTION_FIELD[name]! };
      if (name.startsWith(syntax.notesPrefix) && drivers.has(name.slice(syntax.notesPrefix.length))) {
        return { feature: section, driver: name.slice(syntax.notesPrefix.length), field: 'notes' };
      }
      if (name.startsWith(syntax.cellPrefix) && drivers.has(name.slice(syntax.cellPrefix.length))) {
        return { feature: section, driver: name.slice(syntax.cellPrefix.length), field: 'status' };
      }
      return { feature: section, field: 'row' };
    }
    if (syntax.driverSection === null) {
      if (section === 'targets' && name?.startsWith('driver-impl-')) return { driver: name.slice(12), field: 'title' };
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
export function validateEdit(result: Matrix, base: Matrix, file: string, where?: Positions | { ini: IniDocument }): Diagnostic[] {
  const known = new Set(validateMatrix(base, file).map((d) => `${d.ruleId}\u0000${d.message}`));
  const empty: Positions = { get: () => undefined };
  const locator = where && 'ini' in where ? iniLocator(where.ini) : positionsLocator(result, where ?? empty);
  return validateMatrix(result, file, locator).filter(
    (d) => d.severity === 'error' && !known.has(`${d.ruleId}\u0000${d.message}`),
  );
}
