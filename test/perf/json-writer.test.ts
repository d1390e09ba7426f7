/**
 * The JSON writer prints large models in batches into one buffer, or streams
 * them a megabyte at a time through one reused buffer (for speed and memory,
 * see BENCHMARKS.md); its output must stay exactly
 * `JSON.stringify(toPlain(m), null, 2) + "\n"`, the public contract.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emitJson, emitJsonBytes, stream, streamJson, write } from '../../src/formats/json/write.js';
import type { JsonSource } from '../../src/formats/json/layout.js';
import { newFeature, newMatrix, toPlain, type Matrix } from '../../src/model/matrix.js';
import { readIniBytes, sourceText } from '../../src/formats/ini/read.js';
import { INI_SAMPLES, sampleBytes } from '../helpers/samples.js';

const reference = (m: Matrix, source?: JsonSource) => {
  const plain: Matrix & { source?: JsonSource } = toPlain(m);
  if (source) plain.source = source;
  return JSON.stringify(plain, null, 2) + '\n';
};
const utf8 = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8');

/** Collect a stream's chunks, copying each (the writer lends its buffer only until the sink resolves). */
async function collect(run: (sink: (chunk: Uint8Array) => Promise<void>) => Promise<void>): Promise<{ text: string; chunks: number }> {
  const parts: Buffer[] = [];
  await run(async (chunk) => {
    await new Promise((r) => setImmediate(r));
    parts.push(Buffer.from(chunk)); // after a turn of the event loop: a writer that did not wait would have overwritten it
  });
  return { text: Buffer.concat(parts).toString('utf8'), chunks: parts.length };
}

describe('JSON writer output equals JSON.stringify of the plain model', () => {
  it('for every sample, with and without the embedded source, as text and as bytes', () => {
    for (const name of INI_SAMPLES) {
      const { matrix, doc } = readIniBytes(sampleBytes(name), name);
      const source: JsonSource = { type: 'ini', text: (doc.source.bom ? '\ufeff' : '') + doc.source.text };
      expect(emitJson(matrix), name).toBe(reference(matrix));
      expect(emitJson(matrix, source), name).toBe(reference(matrix, source));
      expect(utf8(write({ matrix, ini: sourceText(doc) }, { file: '-', warn: () => {} })), name).toBe(reference(matrix));
      expect(utf8(write({ matrix, ini: sourceText(doc) }, { file: '-', withSource: true, warn: () => {} })), name).toBe(reference(matrix, source));
    }
  });

  it('for edge cases: no features, many batches, extras, document, text that looks like JSON structure', () => {
    const empty = newMatrix('targets');
    expect(emitJson(empty)).toBe(reference(empty));

    const m = newMatrix('support-matrix');
    m.drivers.push({ key: 'k\u00e9', title: '\n  "features": []', link: null, extras: [{ name: 'x', value: '😀' }] });
    for (let i = 0; i < 300; i++) {
      const f = newFeature(`f${i}`, i % 7 ? `Title ${i} \u2028 "q"` : null);
      f.implementations.push({ driver: 'k\u00e9', status: 'complete', notes: i % 3 ? null : 'n\n  "features": []', release: null });
      if (i % 5 === 0) f.extras = [{ name: '__proto__', value: 'v' }];
      if (i % 11 === 0) f.extras = [];
      m.features.push(f);
    }
    m.document = { title: 'T', preamble: ['a'], postscript: [] };
    m.extras = [{ section: 'targets', name: 'n', value: '\n  ]\n}' }];
    const ref = reference(m);
    expect(emitJson(m)).toBe(ref);
    // A size hint far too small: the buffer has to grow several times.
    expect(utf8(emitJsonBytes(m, undefined, 1))).toBe(ref);
    expect(emitJson(m, { type: 'ini', text: 'x' })).toBe(reference(m, { type: 'ini', text: 'x' }));
  });

  it('for features built by hand with members a matrix read from a file never has (undefined, numbers), mixed with plain ones', () => {
    const m = newMatrix('support-matrix');
    m.drivers.push({ key: 'd', title: 'D', link: null });
    for (let i = 0; i < 200; i++) {
      const f = newFeature(`f${i}`, `T${i}`);
      f.implementations.push({ driver: 'd', status: i % 2 ? 'complete' : 'missing', notes: null, release: null });
      const odd = f as unknown as Record<string, unknown>;
      if (i % 13 === 1) odd.title = undefined;
      if (i % 13 === 2) odd.status = 3;
      if (i % 13 === 3) odd.cli = ['a', 7];
      if (i % 13 === 4) (f.implementations[0] as unknown as Record<string, unknown>).notes = undefined;
      if (i % 13 === 5) odd.unknownMember = 'dropped';
      if (i % 13 === 6) f.extras = [{ name: 'n', value: 'v', more: 1 } as never];
      m.features.push(f);
    }
    const ref = reference(m);
    expect(emitJson(m)).toBe(ref);
    expect(utf8(emitJsonBytes(m))).toBe(ref);
    expect(ref).not.toContain('unknownMember');
  });

  it('for random text in every member: quotes, backslashes, control characters, lone and paired surrogates, U+2028', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 12 }),
      fc.string({ unit: fc.constantFrom('"', '\\', '\n', '\u0000', '\u001f', '\u007f', '\u2028', '\ud800', '\udfff', '😀', 'a', ' '), maxLength: 8 }),
    );
    const nullable = fc.option(text, { nil: null });
    fc.assert(
      fc.property(fc.array(fc.tuple(text, nullable, nullable, fc.array(text, { maxLength: 2 }), text, nullable), { minLength: 1, maxLength: 8 }), (rows) => {
        const m = newMatrix('support-matrix');
        m.drivers.push({ key: 'd', title: null, link: null });
        for (const [key, title, notes, cli, status, cellNotes] of rows) {
          const f = newFeature(key, title);
          f.notes = notes;
          f.cli = cli;
          f.implementations.push({ driver: 'd', status, notes: cellNotes, release: null }, { driver: key, status, notes: null, release: null });
          f.extras = [{ name: status, value: key }];
          m.features.push(f);
        }
        expect(emitJson(m)).toBe(reference(m));
      }),
      { numRuns: 300 },
    );
  });

  it('streamed, for every sample and for a model of many megabytes (several chunks, one reused buffer)', async () => {
    for (const name of INI_SAMPLES) {
      const { matrix, doc } = readIniBytes(sampleBytes(name), name);
      const source: JsonSource = { type: 'ini', text: (doc.source.bom ? '\ufeff' : '') + doc.source.text };
      expect((await collect(stream({ matrix, ini: sourceText(doc) }, { file: '-', warn: () => {} }))).text, name).toBe(reference(matrix));
      expect((await collect(stream({ matrix, ini: sourceText(doc) }, { file: '-', withSource: true, warn: () => {} }))).text, name).toBe(reference(matrix, source));
    }
    const big = newMatrix('support-matrix');
    big.drivers.push({ key: 'd', title: 'D', link: null, extras: [] });
    for (let i = 0; i < 4000; i++) {
      const f = newFeature(`operation.f${i}`, `Feature ${i} ${'é😀'.repeat(i % 50)}`);
      f.notes = 'n'.repeat(i % 997);
      f.implementations.push({ driver: 'd', status: 'partial', notes: 'x'.repeat(i % 313), release: null });
      big.features.push(f);
    }
    // One piece larger than a chunk: the embedded source.
    const source: JsonSource = { type: 'ini', text: 'y'.repeat(3 << 20) };
    const out = await collect((sink) => streamJson(big, source, sink));
    expect(out.chunks).toBeGreaterThan(3);
    expect(out.text).toBe(reference(big, source));
  });
});
