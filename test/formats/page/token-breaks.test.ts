/**
 * A break inside a token that a wrapping tool made, told from a break at a
 * space by the page's wrap width: html2text at 120 columns breaks nova's
 * `0000:00:02.0` after `0000:00:` (test/fixtures/renders/*.h2t120.txt).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toPageLines, wrapSeparator, type PageLine } from '../../../src/formats/page/lines.js';
import { ROOT } from '../../helpers/samples.js';
import { readPage } from './inputs.js';

/** Two lines as a tool printed them (indented by `indent`). */
function pair(a: string, b: string, indent = 6): [PageLine, PageLine] {
  const pad = ' '.repeat(indent);
  const [x, y] = toPageLines([pad + a, pad + b]);
  return [x!, y!];
}

describe('wrapSeparator with the page’s wrap width', () => {
  const head = 'x'.repeat(80) + ' bus address (ex: 0000:00:';

  it('joins a colon-separated address the tool broke because it did not fit', () => {
    const [a, b] = pair(head, '02.0), MAC address');
    // 6 + 106 columns; `02.0),` needs 6 more: 118 > 112, the whole token did not fit.
    expect(a.width).toBe(112);
    expect(wrapSeparator(a, b, 112)).toBe('');
    expect(wrapSeparator(a, b, 115)).toBe('');
  });

  it('keeps the space where the whole token would have fitted (the break was at a space)', () => {
    const [a, b] = pair(head, '02.0), MAC address');
    expect(wrapSeparator(a, b, 118)).toBe(' ');
    expect(wrapSeparator(a, b, 200)).toBe(' ');
  });

  it('keeps the space without a wrap width, and after a colon that ends a word of prose', () => {
    const [a, b] = pair(head, '02.0), MAC address');
    expect(wrapSeparator(a, b, Infinity)).toBe(' ');
    const [c, d] = pair('x'.repeat(100) + ' (ex:', 'PCI), bus address');
    expect(wrapSeparator(c, d, 112)).toBe(' ');
    const [e, f] = pair('x'.repeat(100) + ' Notes:', '2 things');
    expect(wrapSeparator(e, f, 112)).toBe(' ');
  });

  it('for every tool: a hyphen break where the word would have fitted whole was at a space', () => {
    const [a, b] = pair('x'.repeat(60) + ' admin-', 'configured');
    expect(wrapSeparator(a, b, 72)).toBe('');
    expect(wrapSeparator(a, b, Infinity)).toBe('');
    expect(wrapSeparator(a, b, 90)).toBe(' ');
  });
});

describe.each(['nova-21.0.0', 'nova-33.0.0'])('%s through html2text at 120 columns', (v) => {
  it('reads back the unbroken note', () => {
    const file = `${v}-support-matrix.h2t120.txt`;
    const text = readFileSync(ROOT + 'test/fixtures/renders/' + file, 'utf8');
    expect(text).toMatch(/\(ex: 0000:00:\n\s+02\.0\), MAC/);
    const { loaded } = readPage(Buffer.from(text), 'txt', file);
    const notes = loaded.matrix.features.find((f) => f.title === 'Device tags')!.notes!;
    expect(notes).toContain('bus address (ex: 0000:00:02.0), MAC address');
  });
});
