/**
 * Validating an input in any format: an INI is checked line by line
 * (validate.ts, on its syntax tree); any other format is read to the model
 * first, its reader's warnings kept, and the model checked with positions
 * found again in the text.
 */

import { diagnosticsOf, FmxError, type Diagnostic } from '../diagnostics.js';
import { getFormat, loadReader } from '../formats/registry.js';
import type { FormatName, Loaded } from '../formats/types.js';
import { positionsLocator, repeatedWarnings } from './edited.js';
import { decodeUtf8 } from '../io/decode.js';
import type { Matrix } from '../model/matrix.js';
import { Findings, validateIniText, validateMatrix, type Locator, type Position } from './validate.js';

/** Validate bytes in a known format. */
export async function validateBytes(bytes: Uint8Array, file: string, format: FormatName, maxSize?: number): Promise<Diagnostic[]> {
  if (format === 'ini') {
    try {
      const { text, bom } = decodeUtf8(bytes, file);
      return validateIniText(text, file, bom);
    } catch (e) {
      return failureFindings(file, e);
    }
  }
  const reader = await loadReader(format);
  const readerWarnings: Diagnostic[] = [];
  let loaded: Loaded;
  try {
    loaded = await reader.read(bytes, { file, maxSize, warn: (d) => readerWarnings.push({ ...d, severity: 'warning', ruleId: d.ruleId ?? 'reader-warning' }) });
  } catch (e) {
    return [...readerWarnings, ...failureFindings(file, e)];
  }
  // A value shown twice, differently (a long table's rows, a Markdown Summary and its Details): the first copy is the model's.
  readerWarnings.push(...repeatedWarnings(loaded.repeated, file));
  const matrix = loaded.matrix;
  let locator: Locator | undefined;
  // A workbook has no lines: its reader says at which cell each value is (`Summary!D7`).
  if (getFormat(format).binary) locator = loaded.positions ? positionsLocator(matrix, loaded.positions) : undefined;
  else {
    try {
      locator = textLocator(decodeUtf8(bytes, file).text, matrix);
    } catch {
      locator = undefined;
    }
  }
  return [...readerWarnings, ...validateMatrix(matrix, file, locator)];
}

/** A failure to read as findings (positions and rule ids as the validator gives them). */
export function failureFindings(file: string, e: unknown): Diagnostic[] {
  const out = new Findings(file);
  out.addError(new FmxError(diagnosticsOf(e, file)));
  return out.done();
}

/**
 * Positions in a page or table: the first line that shows a feature's or a
 * driver's title. Options have no place of their own there, so they point at
 * their feature.
 */
export function textLocator(text: string, m: Matrix): Locator {
  const titles = new Map<string, string>();
  for (const f of m.features) if (f.title) titles.set(f.key, f.title);
  for (const d of m.drivers) if (d.title) titles.set('driver.' + d.key, d.title).set('target.' + d.key, d.title);
  const cache = new Map<string, Position | undefined>();
  const section = (name: string): Position | undefined => {
    if (cache.has(name)) return cache.get(name);
    const title = titles.get(name);
    let pos: Position | undefined;
    const at = title ? text.indexOf(title) : -1;
    if (at !== -1) {
      let line = 1;
      let lineStart = 0;
      for (let i = text.indexOf('\n'); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) {
        line++;
        lineStart = i + 1;
      }
      pos = { line, column: at - lineStart + 1 };
    }
    cache.set(name, pos);
    return pos;
  };
  return { section, option: (s) => section(s), value: (s) => section(s) };
}

