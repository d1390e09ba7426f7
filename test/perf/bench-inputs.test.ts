/**
 * The bench's repeated text page (bench/generate.mjs `repeatTextPage`) is a
 * text copy fmx reads as the published page's features repeated under new
 * titles, and the very text pandoc makes of the repeated HTML page (where
 * pandoc is installed): the bench's text-page row measures a real copy.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBytes } from '../../src/formats/registry.js';
import { ROOT } from '../helpers/samples.js';

interface Generate {
  repeatPage(html: string, repeat: number, opts?: { titles?: boolean }): string;
  repeatTextPage(text: string, repeat: number): string;
}
const gen = (await import(join(ROOT, 'bench', 'generate.mjs'))) as Generate;
const page = readFileSync(join(ROOT, 'samples', 'rendered', 'nova-33.0.0-support-matrix.html'), 'utf8');
const text = readFileSync(join(ROOT, 'samples', 'rendered', 'nova-33.0.0-support-matrix.pandoc.txt'), 'utf8');
const pandoc = spawnSync('pandoc', ['--version'], { stdio: 'ignore' }).status === 0;

async function read(copy: string) {
  const { loaded } = await readBytes(Buffer.from(copy), { file: 'page.txt', from: 'txt', warn: () => {} });
  return loaded.matrix;
}

describe('the bench text page', () => {
  it('at x1 is the copy itself', () => {
    expect(gen.repeatTextPage(text, 1)).toBe(text);
  });

  it('at x3 reads as the features three times, copies titled `Title r2`, `Title r3`, with the same cells', async () => {
    const one = await read(text);
    const three = await read(gen.repeatTextPage(text, 3));
    const n = one.features.length;
    expect(n).toBeGreaterThan(40);
    expect(three.drivers).toEqual(one.drivers);
    expect(three.features).toHaveLength(3 * n);
    for (let k = 1; k <= 3; k++) {
      one.features.forEach((f, i) => {
        const copy = three.features[(k - 1) * n + i]!;
        expect(copy.title).toBe(k === 1 ? f.title : `${f.title} r${k}`);
        expect(copy.implementations.map((c) => [c.driver, c.status, c.notes])).toEqual(f.implementations.map((c) => [c.driver, c.status, c.notes]));
        expect(copy.notes).toBe(f.notes);
      });
    }
  });

  it.skipIf(!pandoc)('at x3 is what pandoc -t plain --wrap=none makes of the page repeated with those titles', () => {
    const html = gen.repeatPage(page, 3, { titles: true });
    const r = spawnSync('pandoc', ['-f', 'html', '-t', 'plain', '--wrap=none'], { input: html, encoding: 'utf8', maxBuffer: 1 << 26 });
    expect(r.status).toBe(0);
    expect(gen.repeatTextPage(text, 3)).toBe(r.stdout);
  });
});
if (!pandoc) console.log('test/perf/bench-inputs.test.ts: pandoc is not installed: the comparison with its plain copy is skipped');
