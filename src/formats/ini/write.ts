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
import { joinList, joinStatus, type Feature, type Matrix } from '../../model/matrix.js';
import { DIALECT_SYNTAX } from './read.js';
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
  add('title', f.title);
  add('status', joinStatus(f.status, f.group));
  add('notes', f.notes);
  if (f.cli.length) add('cli', joinList(f.cli));
  add('api', f.api);
  add('maturity', f.maturity);
  add('api_doc_link', f.apiDocLink);
  add('admin_doc_link', f.adminDocLink);
  if (f.tempestTestUuids.length) add('tempest_test_uuids', joinList(f.tempestTestUuids));
  for (const impl of f.implementations) out.push(...cellLines(m, impl.driver, impl.status, impl.release, impl.notes, where));
  for (const e of f.extras ?? []) add(e.name, e.value);
  return out;
}

/** A cell and its notes. */
export function cellLines(m: Matrix, driver: string, status: string, release: string | null, notes: string | null, where: string): string[] {
  const syntax = DIALECT_SYNTAX[m.dialect];
  const value = release === null ? status : `${status}:${release}`;
  const out = optionLines(syntax.cellPrefix + driver, value, where);
  if (notes !== null) out.push(...optionLines(syntax.notesPrefix + driver, notes, where));
  return out;
}

/** Write a fresh INI for a model, in the model's dialect. */
export function emitFreshIni(m: Matrix, where = 'output'): string {
  const blocks: string[][] = [];
  if (m.dialect === 'targets') {
    const lines = ['[targets]'];
    for (const d of m.drivers) lines.push(...optionLines('driver-impl-' + d.key, d.title ?? '', where));
    for (const e of m.extras ?? []) if (e.section === 'targets') lines.push(...optionLines(e.name, e.value, where));
    blocks.push(lines);
  } else {
    const prefix = DIALECT_SYNTAX[m.dialect].driverSection!;
    for (const d of m.drivers) {
      const lines = [sectionHeader(prefix + d.key, where)];
      if (d.title !== null) lines.push(...optionLines('title', d.title, where));
      if (d.link !== null) lines.push(...optionLines('link', d.link, where));
      for (const e of d.extras ?? []) lines.push(...optionLines(e.name, e.value, where));
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
  const { patchIni } = await import('./patch.js');
  return patchIni(base, loaded.matrix, { where: opts.file, omits: loaded.omits });
}
