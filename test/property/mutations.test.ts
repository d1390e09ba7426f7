/**
 * Property: random mutations of real files and pages, in every format fmx
 * reads, give a model or a positioned error (an FmxError naming the file),
 * never another exception or a hang; `validate` on them never throws.
 */

import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateBytes } from '../../src/validate/input.js';
import { FmxError, type Diagnostic } from '../../src/diagnostics.js';
import { getFormat } from '../../src/formats/registry.js';
import { type FormatName, type WriteOptions } from '../../src/formats/types.js';
import { readIniBytes } from '../../src/formats/ini/read.js';
import { ROOT, sampleBytes } from '../helpers/samples.js';
import { guard, params } from './arbitraries.js';

const noWarn = (_d: Diagnostic) => {};

async function written(format: FormatName, sample: string, wopts: Partial<WriteOptions> = {}): Promise<Uint8Array> {
  const matrix = readIniBytes(sampleBytes(sample), sample).matrix;
  const out = await (await getFormat(format).writer!()).write({ matrix }, { file: 'x', warn: noWarn, ...wopts });
  return typeof out === 'string' ? new TextEncoder().encode(out) : out;
}

const SNIPPETS = [
  '[', ']', '[driver.x]', '[operation.', '=', ':', '%', '%(', '%(x)s', ';', '#', '\n', '\r', '\r\n', '\n  ', '\t', ' ', '|', '||', '\n|---|\n',
  '"', '""', ',', '<', '>', '</table>', '<table>', '<td>', '<!--', '<script>', '&', '&#0;', '`', '```', '>', '* ', '1. ', '\ufeff', '\u2028',
  '{', '}', '[]', 'null', '"__proto__"', '__proto__', 'constructor', 'Status:', 'Notes:', 'complete', 'partial', 'driver.', 'driver-impl-',
  '中', '😀', 'e\u0301',
].map((s) => new TextEncoder().encode(s));

type Mutation = (b: Uint8Array) => Uint8Array;

const cat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 400 })).map(([at, len]): Mutation => (b) => {
    const i = Math.floor(at * b.length);
    return cat(b.subarray(0, i), b.subarray(Math.min(b.length, i + len)));
  }),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 400 })).map(([at, len]): Mutation => (b) => {
    const i = Math.floor(at * b.length);
    return cat(b.subarray(0, i + len), b.subarray(i));
  }),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(...SNIPPETS)).map(([at, s]): Mutation => (b) => {
    const i = Math.floor(at * b.length);
    return cat(b.subarray(0, i), s, b.subarray(i));
  }),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 255 })).map(([at, v]): Mutation => (b) => {
    const c = b.slice();
    if (c.length) c[Math.min(c.length - 1, Math.floor(at * c.length))] = v;
    return c;
  }),
  fc.double({ min: 0, max: 1, noNaN: true }).map((at): Mutation => (b) => b.subarray(0, Math.floor(at * b.length))),
);

interface Seed {
  name: string;
  format: FormatName;
  bytes: () => Promise<Uint8Array> | Uint8Array;
  n: number;
}

const rendered = (name: string) => new Uint8Array(readFileSync(ROOT + 'samples/rendered/' + name));

const SEEDS: Seed[] = [
  { name: 'INI support-matrix', format: 'ini', bytes: () => sampleBytes('octavia-master-feature-matrix-lb.ini'), n: 300 },
  { name: 'INI feature-classification', format: 'ini', bytes: () => sampleBytes('nova-master-feature-matrix-hpc.ini'), n: 200 },
  { name: 'INI targets', format: 'ini', bytes: () => sampleBytes('nova-2015.1.0-support-matrix.ini'), n: 40 },
  { name: 'JSON', format: 'json', bytes: () => written('json', 'sphinx-feature-classification-fake-support-matrix.ini', { withSource: true }), n: 150 },
  { name: 'text page (Ocata)', format: 'txt', bytes: () => rendered('nova-15.0.0-support-matrix.txt'), n: 12 },
  { name: 'text page (w3m)', format: 'txt', bytes: () => rendered('cinder-master-support-matrix.w3m.txt'), n: 10 },
  { name: 'HTML page', format: 'html', bytes: () => rendered('nova-33.0.0-support-matrix.html'), n: 6 },
  { name: 'Markdown', format: 'md', bytes: () => written('md', 'octavia-master-feature-matrix-lb.ini'), n: 15 },
  { name: 'CSV long', format: 'csv', bytes: () => written('csv', 'octavia-master-feature-matrix-lb.ini', { layout: 'long' }), n: 100 },
  { name: 'CSV wide', format: 'csv', bytes: () => written('csv', 'octavia-master-feature-matrix-lb.ini', { layout: 'wide' }), n: 100 },
  { name: 'XLSX', format: 'xlsx', bytes: () => written('xlsx', 'sphinx-feature-classification-fake-support-matrix.ini'), n: 30 },
];

describe.each(SEEDS)('mutated $name', (seed) => {
  it('reads to a model or a positioned error; validate never throws', async () => {
    const original = await seed.bytes();
    const parser = await getFormat(seed.format).reader!();
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 4 }), async (ms) => {
        const bytes = ms.reduce((b, m) => m(b), original);
        const file = `mutated.${seed.format}`;
        try {
          const loaded = await parser.read(bytes, { file, warn: noWarn });
          expect(Array.isArray(loaded.matrix.features)).toBe(true);
        } catch (e) {
          if (!(e instanceof FmxError)) throw new Error(`not an FmxError: ${(e as Error)?.stack ?? e}`);
          for (const d of e.diagnostics) {
            expect(d.file.startsWith(file)).toBe(true);
            if (seed.format === 'ini' || seed.format === 'json') expect(d.line, d.message).toBeTypeOf('number');
          }
        }
        const found = await validateBytes(bytes, file, seed.format);
        expect(found.filter((d) => d.ruleId === 'internal-error')).toEqual([]);
      }),
      params(seed.n),
    );
  }, guard(120_000));
});
