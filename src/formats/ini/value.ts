/**
 * Writing values so that configparser reads them back unchanged: `%` doubled
 * for BasicInterpolation, multi-line values as indented continuation lines.
 */

import { isPySpace } from './pyspace.js';

export class UnwritableValueError extends Error {}

/** `%` becomes `%%`, so that interpolation gives the value back. */
export function escapePercent(v: string): string {
  return v.indexOf('%') === -1 ? v : v.replace(/%/g, '%%');
}

/**
 * The lines of `name<delim>value` with continuation lines indented by
 * `indent`. Throws UnwritableValueError for values configparser cannot give
 * back: leading or trailing white space, a line that would read as a comment,
 * a line with surrounding white space.
 */
export function valueLines(value: string, indent: string): string[] {
  const lines = escapePercent(value).split('\n');
  if (value !== '' && (isPySpace(value.charCodeAt(0)) || isPySpace(value.charCodeAt(value.length - 1)))) {
    throw new UnwritableValueError('an INI value cannot begin or end with white space');
  }
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l === '') continue;
    if (/[\r]/.test(l)) throw new UnwritableValueError('an INI value cannot contain a carriage return');
    if (isPySpace(l.charCodeAt(0)) || isPySpace(l.charCodeAt(l.length - 1))) {
      throw new UnwritableValueError('a line of an INI value cannot begin or end with white space');
    }
    if (i > 0 && (l[0] === '#' || l[0] === ';')) {
      throw new UnwritableValueError(`a continuation line beginning with '${l[0]}' would be read as a comment`);
    }
    if (i > 0) lines[i] = indent + l;
  }
  return lines;
}
