/**
 * Bounded cost: every reader and writer takes time linear in its input, on
 * the inputs that make naive parsers slow (a long line of `[`, of spaces, of
 * `|`, ..., and real documents with a long run of white space put inside).
 * Each case reads an input of size n and one of 8n and compares the two
 * times: linear gives about 8, quadratic about 64; the bound is a generous
 * 24 so that a busy machine does not fail it. No absolute time limit.
 */

import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics.js';
import { getFormat, sniffFormat } from '../../src/formats/registry.js';
import { type FormatName } from '../../src/formats/types.js';
import { validateBytes } from '../../src/validate/input.js';
import { readFileSync } from 'node:fs';
import { ROOT, sampleBytes } from '../helpers/samples.js';
import { toPlain, type Matrix } from '../../src/model/matrix.js';

const noWarn = (_d: Diagnostic) => {};
const FACTOR = 8;
const MAX_RATIO = 24;
const BASE = 24 * 1024;
/** Below this many milliseconds the timer says nothing about growth. */
const FLOOR_MS = 5;
/**
 * A busy machine (a GC pause, another process) can spoil one measurement:
 * a case is measured again, up to this many times, before it fails. A
 * quadratic reader gives about 64x every time and still fails.
 */
const ATTEMPTS = 3;

/** The ratio of the time for 8n to the time for n, measured until it is under the bound or the attempts run out. */
async function growth(time: (n: number) => Promise<number>, base: number): Promise<{ ratio: number; said: string }> {
  await time(base >> 3); // warm up the module and the JIT
  let worst = { ratio: Infinity, said: '' };
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const small = await time(base);
    const big = await time(base * FACTOR);
    const ratio = big / Math.max(small, FLOOR_MS);
    worst = { ratio, said: `${small.toFixed(1)} ms -> ${big.toFixed(1)} ms` };
    if (ratio < MAX_RATIO) break;
  }
  return worst;
}

interface Case {
  /** The reader, or `sniff` for guessing the format of standard input. */
  format: FormatName | 'sniff';
  name: string;
  /** Input size n (default BASE). */
  base?: number;
  /** Text of about `n` characters. */
  make: (n: number) => string;
  /** Also time `validate` (INI: the rules run on the syntax tree). */
  validate?: boolean;
}

const rep = (s: string, n: number) => s.repeat(Math.max(1, Math.floor(n / s.length)));
const HEAD = '[driver.a]\ntitle=A\n\n[operation.x]\ntitle=X\ndriver.a=complete\n';

const CASES: Case[] = [
  { format: 'ini', name: 'a line of [', make: (n) => rep('[', n) },
  { format: 'ini', name: 'a line of spaces then x', make: (n) => rep(' ', n) + 'x' },
  { format: 'ini', name: 'a line of = after a header', make: (n) => HEAD + rep('=', n) },
  { format: 'ini', name: 'a value of %%', make: (n) => HEAD + 'notes=' + rep('%%', n), validate: true },
  { format: 'ini', name: 'a value of " ;" (inline comments)', make: (n) => HEAD + 'notes=' + rep('a ; ', n), validate: true },
  { format: 'ini', name: 'continuation lines', make: (n) => HEAD + 'notes=a\n' + rep('  b\n', n), validate: true },
  { format: 'ini', name: 'CR line endings', make: (n) => HEAD + rep('\r', n) },
  { format: 'ini', name: 'many sections', base: 32 * 1024, make: (n) => '[driver.a]\ntitle=A\n' + rep('[operation.x]\ntitle=X\ndriver.a=partial\n', n).replace(/operation\.x/g, () => 'operation.' + Math.random().toString(36).slice(2)), validate: true },
  { format: 'ini', name: 'many unknown options (did you mean)', make: (n) => HEAD + rep('x', n).replace(/x{12}/g, () => 'tittle' + Math.random().toString(36).slice(2, 8) + '=1\n'), validate: true },
  { format: 'json', name: 'nested [', make: (n) => rep('[', n) },
  { format: 'txt', name: 'a line of spaces', make: (n) => rep(' ', n) + 'x' },
  { format: 'txt', name: 'a line of spaces in the middle', make: (n) => 'a' + rep(' ', n) + 'x' },
  { format: 'txt', name: 'blank lines', make: (n) => rep('\n', n) },
  { format: 'txt', name: 'lines of "- "', make: (n) => rep('- \n', n) },
  { format: 'txt', name: 'Status: lines', make: (n) => rep('Status: optional.\n', n) },
  { format: 'txt', name: 'a command with a bracket left open, over many lines', make: (n) => '- X\nStatus: optional.\nCLI commands:\nnova boot [\n' + rep('a=\n', n) + 'Driver Support:\n- D: complete\n' },
  { format: 'txt', name: 'a note over many paragraphs', make: (n) => '- X\nStatus: optional.\nNotes: a\n\n' + rep('b-\n\n', n) + 'Driver Support:\n- D: complete\n' },
  { format: 'txt', name: 'Markdown copy: unclosed <a tags and escapes', make: (n) => '- **X**\n**Status: optional.**\n' + rep('<a \\` ', n) },
  { format: 'txt', name: 'lynx page: a long word then a short one, then a line', make: (n) => '- X\nStatus: optional.\n' + rep('a', n) + ' b\nc\n\nReferences\n\n   1. https://example.org/x\n' },
  { format: 'txt', name: 'lynx page: a long URL cut at every line', make: (n) => '- X\nStatus: optional.\n' + rep('https://e.org/a\n', n) + '\nReferences\n\n   1. https://e.org/ahttps://e.org/b\n' },
  { format: 'html', name: 'a run of <', make: (n) => '<html>' + rep('<', n) },
  { format: 'html', name: 'table cells', make: (n) => '<html><body><table>' + rep('<td>x', n), base: 8192 },
  { format: 'md', name: 'a line of |', make: (n) => rep('|', n), base: 8192 },
  { format: 'md', name: 'a line of *', make: (n) => rep('*', n) },
  { format: 'md', name: 'a line of [', make: (n) => rep('[', n), base: 4096 },
  { format: 'csv', name: 'a line of "', make: (n) => rep('"', n) },
  { format: 'csv', name: 'a line of ,', make: (n) => 'key,title\n' + rep(',', n), base: 8192 },
  { format: 'csv', name: 'many rows', base: 32 * 1024, make: (n) => 'key,title,status,group\n' + rep('operation.x,X,optional,\n', n).replace(/operation\.x/g, () => 'operation.' + Math.random().toString(36).slice(2)) },
  { format: 'sniff', name: 'blank lines on standard input', make: (n) => rep('\n', n), base: 4096 },
  { format: 'sniff', name: 'lines of punctuation on standard input', make: (n) => rep('-\n', n), base: 4096 },
  { format: 'sniff', name: 'lines of | on standard input', make: (n) => rep('|\n', n), base: 4096 },

  // Real documents with a long run of white space put where a reader looks
  // for a suffix or a separator (`Title:`, `¶`, `·`, `a, b`).
  { format: 'txt', name: 'nova 15 page: spaces inside a driver title', make: (n) => inject(page('nova-15.0.0-support-matrix.txt'), '- Libvirt KVM (x86):', '- Libvirt KVM' + rep(' ', n) + '(x86):') },
  { format: 'txt', name: 'nova 15 page: spaces before the title\'s ¶', make: (n) => inject(page('nova-15.0.0-support-matrix.txt'), 'Feature Support Matrix¶', 'Feature Support Matrix x' + rep(' ', n) + '¶') },
  { format: 'txt', name: 'w3m page: spaces inside a driver entry', make: (n) => inject(page('nova-33.0.0-support-matrix.w3m.txt'), '□ Libvirt KVM (x86): complete', '□ Libvirt KVM (x86)' + rep(' ', n) + 'x: complete') },
  { format: 'txt', name: 'pandoc page: spaces after a driver entry', make: (n) => inject(page('nova-33.0.0-support-matrix.pandoc.txt'), '-   Libvirt KVM (x86): complete', '-   Libvirt KVM (x86): complete' + rep(' ', n) + 'x') },
  { format: 'html', name: 'nova 33 page: spaces inside a driver title', make: (n) => inject(page('nova-33.0.0-support-matrix.html'), '<li><strong>Libvirt KVM (x86): </strong>', '<li><strong>Libvirt KVM (x86) x' + rep(' ', n) + 'y: </strong>') },
  { format: 'html', name: 'nova 33 page: spaces before the title\'s ¶', make: (n) => inject(page('nova-33.0.0-support-matrix.html'), 'Feature Support Matrix<a', 'Feature Support Matrix x' + rep(' ', n) + '<a') },
  { format: 'md', name: 'nova 33 Markdown: spaces after a cell status', make: (n) => inject(golden('nova-33.0.0-support-matrix.md'), '- **Libvirt KVM (x86)**: ✔ complete', '- **Libvirt KVM (x86)**: ✔ complete x' + rep(' ', n) + 'y') },
  { format: 'md', name: 'nova 33 Markdown: spaces in plain CLI commands', make: (n) => inject(golden('nova-33.0.0-support-matrix.md'), '`nova volume-attach <server> <volume>`', 'nova' + rep(' ', n) + 'x') },
];

const page = (name: string): string => sampleBytes('rendered/' + name).toString('utf8');
const golden = (name: string): string => readFileSync(ROOT + 'test/golden/md/' + name, 'utf8');

/** `text` with the first `needle` replaced (the needle must be there). */
function inject(text: string, needle: string, replacement: string): string {
  const i = text.indexOf(needle);
  if (i === -1) throw new Error(`not in the document: ${needle}`);
  return text.slice(0, i) + replacement + text.slice(i + needle.length);
}

async function timeRead(c: Case, n: number): Promise<number> {
  const bytes = new TextEncoder().encode(c.make(n));
  const format = c.format;
  const read =
    format === 'sniff' ? async (b: Uint8Array) => sniffFormat(b) : async (b: Uint8Array) => (await getFormat(format).reader!()).read(b, { file: 'x', warn: noWarn });
  let best = Infinity;
  for (let k = 0; k < 2; k++) {
    const t0 = performance.now();
    try {
      await read(bytes);
    } catch {
      /* a refusal is fine: only the time counts here */
    }
    if (c.validate && format !== 'sniff') await validateBytes(bytes, 'x', format);
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

describe.each(CASES)('$format reader: $name', (c) => {
  const title = `time grows linearly (8x input: under ${MAX_RATIO}x time)`;
  const check = async () => {
    const { ratio, said } = await growth((n) => timeRead(c, n), c.base ?? BASE);
    expect(ratio, said).toBeLessThan(MAX_RATIO);
  };
  it(title, check, 60_000);
});

/**
 * Writers: a model whose titles and notes hold a long run of white space
 * (inside the text, so that an INI can carry it too).
 */
describe('writers on long runs of white space', () => {
  const base = JSON.parse(readFileSync(ROOT + 'test/golden/json/cinder-master-support-matrix.json', 'utf8')) as Matrix;
  const spaced = (n: number): Matrix => {
    const m = structuredClone(toPlain(base)) as Matrix;
    const run = rep(' ', n);
    const f = m.features[0]!;
    f.title = 'T' + run + 'x';
    f.notes = 'a' + run + 'x\n\n' + 'b' + run + 'y';
    f.implementations[0]!.notes = 'c' + run + 'z';
    m.drivers[0]!.title = 'D' + run + 'x';
    return m;
  };
  const WRITERS: { name: string; format: FormatName; layout?: 'wide' | 'long' }[] = [
    { name: 'JSON', format: 'json' },
    { name: 'INI', format: 'ini' },
    { name: 'Markdown', format: 'md' },
    { name: 'wide CSV', format: 'csv', layout: 'wide' },
    { name: 'long CSV', format: 'csv', layout: 'long' },
    { name: 'XLSX', format: 'xlsx' },
  ];
  const timeWrite = async (w: (typeof WRITERS)[number], n: number): Promise<number> => {
    const matrix = spaced(n);
    const emitter = await getFormat(w.format).writer!();
    let best = Infinity;
    for (let k = 0; k < 2; k++) {
      const t0 = performance.now();
      await emitter.write({ matrix }, { file: 'x.' + w.format, warn: noWarn, layout: w.layout });
      best = Math.min(best, performance.now() - t0);
    }
    return best;
  };
  it.each(WRITERS)(`$name: time grows linearly (8x input: under ${MAX_RATIO}x time)`, async (w) => {
    const { ratio, said } = await growth((n) => timeWrite(w, n), BASE);
    expect(ratio, said).toBeLessThan(MAX_RATIO);
  }, 60_000);
});
