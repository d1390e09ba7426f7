/**
 * The linear-time string helpers (src/strings.ts) give what the regular
 * expressions they replace gave, on random text made of the characters that
 * matter (white space of every kind, colons, the marks, letters).
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { joinLines, splitBareEntry, splitEntry, stripEndMark } from '../../src/strings.js';

const text = fc.string({ unit: fc.constantFrom(' ', '\t', '\n', '\r', '\u00a0', '\u2028', ':', '.', '¶', '·', 'a', 'b', 'Z', '-'), maxLength: 24 });
const RUNS = { numRuns: 5000 };

describe('linear string helpers equal the regular expressions they replace', () => {
  it('stripEndMark = replace(/\\s*MARK$/, "")', () => {
    fc.assert(fc.property(text, fc.constantFrom('¶', '·', ':'), (s, mark) => {
      expect(stripEndMark(s, mark)).toBe(s.replace(new RegExp(`\\s*${mark}$`), ''));
    }), RUNS);
  });

  it('joinLines = replace(/\\s*[\\r\\n]+\\s*/g, " ")', () => {
    fc.assert(fc.property(text, (s) => {
      expect(joinLines(s)).toBe(s.replace(/\s*[\r\n]+\s*/g, ' '));
    }), RUNS);
  });

  it('splitEntry = /^(.+?)\\s*:\\s*([a-z]+)\\.?$/', () => {
    fc.assert(fc.property(text, (s) => {
      const m = /^(.+?)\s*:\s*([a-z]+)\.?$/.exec(s);
      expect(splitEntry(s)).toEqual(m ? { title: m[1], word: m[2] } : null);
    }), RUNS);
  });

  it('splitBareEntry = /^(.+?)\\s*:$/', () => {
    fc.assert(fc.property(text, (s) => {
      const m = /^(.+?)\s*:$/.exec(s);
      expect(splitBareEntry(s)).toBe(m ? m[1] : null);
    }), RUNS);
  });

  it('a run of a million spaces takes no time to look at', () => {
    const run = ' '.repeat(1_000_000);
    expect(splitEntry('a' + run + 'b')).toBeNull();
    expect(splitBareEntry('a' + run + 'b')).toBeNull();
    expect(stripEndMark('a' + run + 'b', '¶')).toBe('a' + run + 'b');
    expect(joinLines('a' + run + 'b')).toBe('a' + run + 'b');
  });
});
