/**
 * Variations of a page copied as text, made from the real inputs: what other
 * tools and people do to the same document. Each keeps the document's words
 * and structure and changes only its typography.
 */

const BULLET = /^(\s*)([-*+\u2022\u25e6\u25a1o])(\s+)(?=\S)/;
const LABEL = /^\s*(?:[-*+\u2022\u25e6\u25a1o]\s+)?(?:Status|API Alias|CLI commands|Notes|Driver Support|drivers)\s*:/i;

function lines(text: string): string[] {
  return text.split(/\r\n|\n/);
}

/** Lines of the summary table (between "Summary" and "Details"): tools lay tables out their own way; left alone. */
function tableMask(ls: string[]): boolean[] {
  const mask = ls.map(() => false);
  const s = ls.findIndex((l) => l.trim() === 'Summary');
  const d = ls.findIndex((l) => l.trim() === 'Details');
  if (s !== -1 && d > s) for (let i = s + 1; i < d; i++) mask[i] = true;
  return mask;
}

function textColumn(l: string): number {
  const m = BULLET.exec(l);
  return m ? m[0].length : l.length - l.trimStart().length;
}

/**
 * Join the lines a tool wrapped at `oldWidth` (a line that came within 20
 * columns of it and is followed, at its text's column, by a line that is no
 * item and no label), then fill every line again greedily at `width`, with
 * continuation lines hanging at the text's column.
 */
export function rewrap(text: string, width: number, oldWidth = Infinity): string {
  const ls = lines(text);
  const mask = tableMask(ls);
  const joined: { text: string; table: boolean }[] = [];
  for (let i = 0; i < ls.length; i++) {
    let l = ls[i]!;
    if (!mask[i]) {
      while (
        i + 1 < ls.length &&
        !mask[i + 1] &&
        Number.isFinite(oldWidth) &&
        [...ls[i]!].length >= oldWidth - 20 &&
        ls[i + 1]!.trim() !== '' &&
        !BULLET.test(ls[i + 1]!) &&
        !LABEL.test(ls[i + 1]!) &&
        ls[i + 1]!.length - ls[i + 1]!.trimStart().length === textColumn(ls[i]!)
      ) {
        i++;
        l += ' ' + ls[i]!.trim();
      }
    }
    joined.push({ text: l, table: mask[i]! });
  }
  const out: string[] = [];
  for (const { text: l, table } of joined) {
    if (table || [...l].length <= width) {
      out.push(l);
      continue;
    }
    const hang = ' '.repeat(textColumn(l));
    const words = l.slice(textColumn(l)).split(/\s+/).filter(Boolean);
    let cur = l.slice(0, textColumn(l));
    let fresh = true;
    for (const w of words) {
      if (!fresh && [...cur].length + 1 + [...w].length > width) {
        out.push(cur);
        cur = hang + w;
      } else cur += (fresh ? '' : ' ') + w;
      fresh = false;
    }
    out.push(cur);
  }
  return out.join('\n');
}

/** Every bullet replaced: by one character, or removed (`''`, indentation kept). */
export function swapBullets(text: string, bullet: string): string {
  return lines(text)
    .map((l) => l.replace(BULLET, (_m, ind: string, _b: string, sp: string) => (bullet === '' ? ind + ' '.repeat(1 + sp.length) : ind + bullet + sp)))
    .join('\n');
}

/** Bullets by nesting level, as lynx prints them (`*`, `+`, `o`). */
export function lynxBullets(text: string): string {
  const levels: number[] = [];
  return lines(text)
    .map((l) =>
      l.replace(BULLET, (_m, ind: string, _b: string, sp: string) => {
        while (levels.length && levels[levels.length - 1]! > ind.length) levels.pop();
        if (!levels.length || levels[levels.length - 1]! < ind.length) levels.push(ind.length);
        return ind + ['*', '+', 'o'][Math.min(levels.length - 1, 2)]! + sp;
      }),
    )
    .join('\n');
}

export function removeBlankLines(text: string): string {
  return lines(text)
    .filter((l) => l.trim() !== '')
    .join('\n');
}

export function stripIndentation(text: string): string {
  return lines(text)
    .map((l) => l.trimStart())
    .join('\n');
}

export function crlf(text: string): string {
  return lines(text).join('\r\n');
}

export interface Variation {
  name: string;
  make: (text: string) => string;
}

/** The variations every text input is read in; `oldWidth` is the width its tool wrapped at. */
export function variations(oldWidth: number): Variation[] {
  return [
    { name: 'rewrapped at 60 columns', make: (t) => rewrap(t, 60, oldWidth) },
    { name: 'rewrapped at 200 columns', make: (t) => rewrap(t, 200, oldWidth) },
    { name: 'bullets as *', make: (t) => swapBullets(t, '*') },
    { name: 'bullets as o', make: (t) => swapBullets(t, 'o') },
    { name: 'bullets as lynx prints them', make: lynxBullets },
    { name: 'bullets removed', make: (t) => swapBullets(t, '') },
    { name: 'blank lines removed', make: removeBlankLines },
    { name: 'indentation stripped', make: stripIndentation },
    { name: 'CRLF line ends', make: crlf },
    { name: 'as a browser copies: no bullets, no indentation', make: (t) => stripIndentation(swapBullets(t, '')) },
    { name: 'blank lines and indentation removed', make: (t) => stripIndentation(removeBlankLines(t)) },
    { name: 'rewrapped at 60, blank lines removed', make: (t) => removeBlankLines(rewrap(t, 60, oldWidth)) },
    { name: 'rewrapped at 72, bullets removed', make: (t) => swapBullets(rewrap(t, 72, oldWidth), '') },
    { name: 'rewrapped at 60, bullets and blank lines removed', make: (t) => removeBlankLines(swapBullets(rewrap(t, 60, oldWidth), '')) },
    { name: 'rewrapped at 80, indentation stripped', make: (t) => stripIndentation(rewrap(t, 80, oldWidth)) },
    { name: 'rewrapped at 100; bullets, blank lines and indentation removed', make: (t) => stripIndentation(removeBlankLines(swapBullets(rewrap(t, 100, oldWidth), ''))) },
    { name: 'rewrapped at 60; bullets, blank lines and indentation removed', make: (t) => stripIndentation(removeBlankLines(swapBullets(rewrap(t, 60, oldWidth), ''))) },
    { name: 'rewrapped at 60, bullets as -, CRLF', make: (t) => crlf(swapBullets(rewrap(t, 60, oldWidth), '-')) },
  ];
}
