/**
 * INI writer.
 *
 * With a base document (the INI the model was read from, or the one given
 * with `--base`), the base is printed unchanged where the model did not
 * change and patched line by line where it did (`../ini/patch.ts`). Without
 * one, a fresh file is written in the model's dialect, in upstream's style.
 */

import { error } from '../../diagnostics.js';
import type { IniDocument } from './cst.js';
import { UnwritableValueError, valueLines } from './value.js';
import type { Feature, Matrix } from '../../model/matrix.js';
import { cellName, DIALECT_SYNTAX, FEATURE_FIELDS, LABEL_OPTION, notesName } from './dialects.js';
import type { Loaded, WriteOptions } from '../types.js';

export const CONTINUATION_INDENT = '  ';

/** Print a document exactly as it was read. */
export function printIni(doc: IniDocument): string {
  return (doc.source.bom ? '\ufeff' : '') + doc.source.text;
}

/** One `name=value` option as lines, or a positioned error naming what cannot be written. */
export function optionLines(name: string, value: string, where: string, indent = CONTINUATION_INDENT, delimiter = '='): string[] {
  checkName(name, where);
  try {
    const lines = valueLines(value, indent);
    lines[0] = name + delimiter + lines[0];
    return lines;
  } catch (e) {
    if (e instanceof UnwritableValueError) throw error(where, `cannot write option '${name}': ${e.message}`, undefined, undefined, 'ini-unwritable');
    throw e;
  }
}

function checkName(name: string, where: string): void {
  if (name === '' || /[=:\n\r]/.test(name) || /^[\s#;[]/.test(name) || /\s$/.test(name) || name !== name.toLowerCase()) {
    throw error(where, `cannot write option name '${name}': configparser would read it differently`, undefined, undefined, 'ini-unwritable');
  }
}

export function sectionHeader(name: string, where: string): string {
  if (name === '' || /[\n\r]/.test(name) || name === 'DEFAULT') {
    throw error(where, `cannot write section name '${name}'`, undefined, undefined, 'ini-unwritable');
  }
  return `[${name}]`;
}

/** The option lines of a feature section (without its header), in upstream's order. */
export function featureBody(m: Matrix, f: Feature, where: string): string[] {
  const out: string[] = [];
  const add = (name: string, value: string | null) => {
    if (value !== null) out.push(...optionLines(name, value, where));
  };
  for (const field of FEATURE_FIELDS) add(field.option, field.get(f));
  const drivers = new Map(m.drivers.map((d) => [d.key, d]));
  for (const impl of f.implementations) {
    const value = impl.release === null ? impl.status : `${impl.status}:${impl.release}`;
    add(cellName(m.dialect, drivers.get(impl.driver) ?? { key: impl.driver }), value);
    add(notesName(m.dialect, impl.driver), impl.notes);
  }
  for (const e of f.extras ?? []) add(e.name, e.value);
  return out;
}

/** Write a fresh INI for a model, in the model's dialect. */
export function emitFreshIni(m: Matrix, where = 'output'): string {
  const blocks: string[][] = [];
  const syntax = DIALECT_SYNTAX[m.dialect];
  if (syntax.declarationPrefix !== null) {
    const lines = ['[targets]'];
    for (const d of m.drivers) lines.push(...optionLines(syntax.declarationPrefix + d.key, d.title ?? '', where));
    for (const e of m.extras ?? []) if (e.section === 'targets') lines.push(...optionLines(e.name, e.value, where));
    blocks.push(lines);
  } else {
    const prefix = syntax.driverSection!;
    for (const d of m.drivers) {
      const lines = [sectionHeader(prefix + d.key, where)];
      // networking-labels: the label (the name of the driver's cells) first, as upstream writes it.
      if (syntax.cellsByLabel) lines.push(...optionLines(LABEL_OPTION, cellName(m.dialect, d), where));
      if (d.title !== null) lines.push(...optionLines('title', d.title, where));
      if (d.link !== null) lines.push(...optionLines('link', d.link, where));
      for (const e of d.extras ?? []) if (!syntax.cellsByLabel || e.name !== LABEL_OPTION) lines.push(...optionLines(e.name, e.value, where));
      blocks.push(lines);
    }
  }
  for (const f of m.features) blocks.push([sectionHeader(f.key, where), ...featureBody(m, f, where)]);
  return blocks.map((b) => b.join('\n') + '\n').join('\n');
}

/** The INI for a loaded model: its base document patched, or a fresh file. */
export async function write(loaded: Loaded, opts: WriteOptions): Promise<string> {
  const base = opts.base ?? loaded.ini;
  if (!base) return emitFreshIni(loaded.matrix, opts.file);
  const [{ patchIni }, { sourceTree }] = await Promise.all([import('./patch.js'), import('./read.js')]);
  return patchIni(sourceTree(base), loaded.matrix, { where: opts.file, omits: loaded.omits });
}
