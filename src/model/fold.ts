/**
 * Folding for comparisons between sources that carry the same words
 * differently: a rendered page loses line breaks and shows Sphinx's smart
 * punctuation where the INI has plain ASCII.
 */

const TYPOGRAPHY: [RegExp, string][] = [
  [/[\u201c\u201d\u201e\u201f\u2033]/g, '"'],
  [/[\u2018\u2019\u201a\u201b\u2032]/g, "'"],
  [/\u2014/g, '---'],
  [/\u2013/g, '--'],
  [/\u2026/g, '...'],
];

const ANY_TYPOGRAPHY = /[\u2013-\u2033]/;

/** Runs of white space become one space; leading and trailing space go. */
export function foldSpace(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** Smart quotes, dashes and ellipses in their plain ASCII form. */
export function foldTypography(s: string): string {
  // Every character folded lies in U+2013..U+2033: most titles have none.
  if (!ANY_TYPOGRAPHY.test(s)) return s;
  let out = s;
  for (const [re, plain] of TYPOGRAPHY) out = out.replace(re, plain);
  return out;
}

/** Both foldings: the form in which a page and its INI agree. */
export function foldText(s: string): string {
  return foldTypography(foldSpace(s));
}

/** Fold a nullable string. */
export function foldNullable(s: string | null): string | null {
  return s === null ? null : foldText(s);
}
