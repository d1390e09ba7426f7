/**
 * The Markdown reader loads remark-parse only when a piece of the document
 * needs it: a document the fast path reads whole comes back synchronously,
 * one that needs remark comes back as a promise, with the same model as
 * once remark is loaded. (Each test file runs in its own module context, so
 * remark is not loaded when this file starts.)
 */

import { describe, expect, it } from 'vitest';
import { read } from '../../../src/formats/markdown/read.js';
import { emitMarkdown } from '../../../src/formats/markdown/write.js';
import { newFeature, newMatrix } from '../../../src/model/matrix.js';

function model(notes: string) {
  const m = newMatrix('support-matrix');
  m.drivers.push({ key: 'd', title: 'D', link: null });
  const f = newFeature('operation.x', 'X');
  f.status = 'optional';
  f.notes = notes;
  f.implementations.push({ driver: 'd', status: 'complete', notes: null, release: null });
  m.features.push(f);
  return m;
}

const opts = { file: 'x.md', warn: () => {} };

describe('remark is loaded on first need', () => {
  it('a plain document is read without it, synchronously', () => {
    const m = model('Plain notes.');
    const got = read(Buffer.from(emitMarkdown(m)), opts);
    expect(got).not.toBeInstanceOf(Promise);
    expect((got as { matrix: unknown }).matrix).toEqual(m);
  });

  it('a document with text the fast path leaves to remark loads it and reads the same model', async () => {
    // A tab: the fast path leaves the piece to remark.
    const m = model('Plain\tnotes.');
    const md = emitMarkdown(model('Plain notes.')).replace('Plain notes.', 'Plain\tnotes.');
    const got = read(Buffer.from(md), opts);
    expect(got).toBeInstanceOf(Promise);
    const loaded = await got;
    expect(loaded.matrix).toEqual(m);
    // Loaded now: the next read is synchronous.
    expect(read(Buffer.from(md), opts)).not.toBeInstanceOf(Promise);
  });
});
