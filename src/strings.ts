/**
 * String operations that regular expressions would do in quadratic time on
 * a long run of white space: a pattern such as `(.+?)\s*:` or `\s*¶$`
 * backtracks over the run from every position in it. Each here is linear.
 */

/** `s` without a final `mark` and the white space before it (`Title ¶` -> `Title`); else `s`. */
export function stripEndMark(s: string, mark: string): string {
  return s.endsWith(mark) ? s.slice(0, s.length - mark.length).trimEnd() : s;
}

/** Line breaks, with the white space around them, as one space each (`a \n\n b` -> `a b`). */
export function joinLines(s: string): string {
  if (!/[\r\n]/.test(s)) return s;
  const parts = s.split(/[\r\n]+/);
  const last = parts.length - 1;
  let out = '';
  parts.forEach((p, i) => {
    let q = p;
    if (i > 0) q = q.trimStart();
    if (i < last) q = q.trimEnd();
    if (i > 0) {
      if (q === '' && i < last) return; // a line of only white space joins into the same space
      out += ' ';
    }
    out += q;
  });
  return out;
}

/**
 * `Title: word` (a driver entry) as its title and word: the word is what
 * follows the last colon, lower-case letters with an optional full stop;
 * the title is the text before it, on one line, without the space before the
 * colon (but never empty). Null when the text is not of that shape.
 */
export function splitEntry(text: string): { title: string; word: string } | null {
  const colon = text.lastIndexOf(':');
  if (colon < 1) return null;
  const word = /^\s*([a-z]+)\.?$/.exec(text.slice(colon + 1));
  const title = titleBefore(text.slice(0, colon));
  return word && title !== null ? { title, word: word[1]! } : null;
}

/** `Title:` (a driver entry whose status is on the next line) as its title, or null. */
export function splitBareEntry(text: string): string | null {
  return text.endsWith(':') ? titleBefore(text.slice(0, -1)) : null;
}

/** The text before an entry's colon: one line, trailing space off, at least one character. */
function titleBefore(s: string): string | null {
  const title = s.trimEnd() || s.charAt(0);
  return title === '' || /[\n\r\u2028\u2029]/.test(title) ? null : title;
}
