/**
 * Python's notion of white space (`str.isspace`, `str.strip`, regex `\s` on
 * str patterns), which configparser uses and which differs from JavaScript's
 * `trim` (Python strips U+001C..U+001F and U+0085, JavaScript strips U+FEFF).
 */

export function isPySpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f);
  if (c < 0x85) return false;
  return (
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

/** Index of the first non-space character of `s[from, to)`, or `to`. */
export function skipSpace(s: string, from: number, to: number): number {
  let i = from;
  while (i < to && isPySpace(s.charCodeAt(i))) i++;
  return i;
}

/** One past the last non-space character of `s[from, to)`, or `from`. */
export function trimEnd(s: string, from: number, to: number): number {
  let j = to;
  while (j > from && isPySpace(s.charCodeAt(j - 1))) j--;
  return j;
}

export function pyStrip(s: string): string {
  const a = skipSpace(s, 0, s.length);
  return s.slice(a, trimEnd(s, a, s.length));
}

export function pyRstrip(s: string): string {
  return s.slice(0, trimEnd(s, 0, s.length));
}
