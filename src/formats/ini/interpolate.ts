/**
 * configparser's BasicInterpolation, applied when a value is read:
 * `%%` is a literal `%`, `%(name)s` is the (interpolated) value of option
 * `name` of the same section or of `[DEFAULT]`, and any other `%` is an error.
 * References nest at most 10 deep (MAX_INTERPOLATION_DEPTH).
 */

import { error, quote, type FmxError } from '../../diagnostics.js';
import { optionLayout, type IniDocument, type IniOption, type IniSection } from './cst.js';
import { skipSpace, trimEnd } from './pyspace.js';

const MAX_DEPTH = 10;

/** The value of `option` as `ConfigParser.get(section, name)` returns it. */
export function interpolate(doc: IniDocument, section: IniSection | null, option: IniOption): string {
  const raw = option.raw;
  if (raw.indexOf('%') === -1) return raw;
  const out: string[] = [];
  expand(doc, section, option, raw, out, 1, true);
  return out.join('');
}

function expand(
  doc: IniDocument,
  section: IniSection | null,
  option: IniOption,
  value: string,
  out: string[],
  depth: number,
  own: boolean,
): void {
  if (depth > MAX_DEPTH) {
    throw fail(doc, option, own ? 0 : -1, `value of '${option.name}' nests %(...)s references more than ${MAX_DEPTH} deep (a reference loop?)`, 'ini-interpolation-depth');
  }
  let i = 0;
  const n = value.length;
  while (i < n) {
    const p = value.indexOf('%', i);
    if (p === -1) {
      out.push(value.slice(i));
      return;
    }
    if (p > i) out.push(value.slice(i, p));
    const c = value[p + 1];
    if (c === '%') {
      out.push('%');
      i = p + 2;
    } else if (c === '(') {
      const close = value.indexOf(')', p + 2);
      if (close === -1 || close === p + 2 || value[close + 1] !== 's') {
        throw fail(doc, option, own ? p : -1, `bad interpolation reference ${quote(value.slice(p, p + 30))}: expected %(name)s (write %% for a literal %)`, 'ini-interpolation-syntax');
      }
      const ref = value.slice(p + 2, close).toLowerCase();
      const target = section?.byName.get(ref) ?? doc.defaults.get(ref);
      if (!target) {
        throw fail(
          doc,
          option,
          own ? p : -1,
          `%(${ref})s refers to an option that section [${section ? section.name : 'DEFAULT'}] and [DEFAULT] do not have`,
          'ini-interpolation-missing',
        );
      }
      const v = target.raw;
      if (v.indexOf('%') !== -1) expand(doc, section, option, v, out, depth + 1, false);
      else out.push(v);
      i = close + 2;
    } else {
      throw fail(doc, option, own ? p : -1, `'%' must be followed by '%' or '(' in the value of '${option.name}' (write %% for a literal %)`, 'ini-interpolation-syntax');
    }
  }
}

function fail(doc: IniDocument, option: IniOption, offset: number, message: string, ruleId: string): FmxError {
  const pos = offset >= 0 ? positionInValue(doc, option, offset) : { line: option.line, column: optionLayout(doc.source, option).valueColumn };
  return error(doc.file, message, pos.line + 1, pos.column + 1, ruleId);
}

/** Map an offset in an option's raw value back to a 0-based line and column. */
export function positionInValue(doc: IniDocument, option: IniOption, offset: number): { line: number; column: number } {
  const src = doc.source;
  const valueColumn = optionLayout(src, option).valueColumn;
  const nl = option.raw.indexOf('\n');
  const firstLen = nl === -1 ? option.raw.length : nl;
  if (offset <= firstLen) return { line: option.line, column: valueColumn + offset };
  let rest = offset - firstLen - 1;
  for (let ln = option.line + 1; ln < option.endLine; ln++) {
    const ls = src.lineStart[ln]!;
    const le = src.contentEnd[ln]!;
    const a = skipSpace(src.text, ls, le);
    if (a === le) {
      rest -= 1; // an empty line contributes '' plus its joining '\n'
      continue;
    }
    const c = src.text.charCodeAt(a);
    if (c === 35 || c === 59) continue;
    const len = trimEnd(src.text, a, le) - a;
    if (rest <= len) return { line: ln, column: a - ls + rest };
    rest -= len + 1;
  }
  return { line: option.line, column: valueColumn };
}
