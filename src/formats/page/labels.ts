/**
 * The fixed words of a rendered matrix page, shared by the text and HTML
 * readers: the labels the renderers print and the section subtitles.
 */

/** Subtitles the renderers put around the matrix (they are not prose). */
export const SUBTITLES = new Set(['summary', 'details']);

/**
 * A feature's status line as the renderers print it: `Status: X.` (a word,
 * an optional `(group)`, a full stop). Notes that happen to wrap onto a line
 * starting "Status:" do not look like this.
 */
export function isStatusLine(text: string): boolean {
  return /^Status\s*:\s*[A-Za-z][\w-]*(?:\([^)]*\))?\s*\.(?:\s|$)/i.test(text);
}

/** `Status: choice(console). notes…` -> status and the rest (nova's old renderer put the notes there). */
export function parseStatusLine(text: string): { status: string | null; rest: string } {
  const m = /^Status\s*:\s*([A-Za-z][\w-]*(?:\([^)]*\))?)?\s*\.?\s*([\s\S]*)$/i.exec(text.trim());
  if (!m) return { status: null, rest: text.trim() };
  return { status: m[1] ?? null, rest: (m[2] ?? '').trim() };
}

export type Label = 'status' | 'api' | 'cli' | 'notes' | 'drivers-new' | 'drivers-old';

const LABELS: [RegExp, Label][] = [
  [/^Status\s*:/i, 'status'],
  [/^API Alias\s*:/i, 'api'],
  [/^CLI commands\s*:/i, 'cli'],
  [/^Notes\s*:/i, 'notes'],
  [/^Driver Support\s*:/i, 'drivers-new'],
  [/^drivers\s*:\s*$/i, 'drivers-old'],
];

/** Which renderer label a line starts with, and the text after it. */
export function matchLabel(text: string): { label: Label; rest: string } | null {
  for (const [re, label] of LABELS) {
    const m = re.exec(text);
    if (m) return { label, rest: text.slice(m[0].length).trim() };
  }
  return null;
}
