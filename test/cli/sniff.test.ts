/** Choosing the reader by content (standard input, unknown extensions). */

import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sniffFormat } from '../../src/formats/registry.js';
import { SAMPLES_DIR } from '../helpers/samples.js';

const b = (s: string) => Buffer.from(s);

describe('sniffFormat', () => {
  it.each(readdirSync(SAMPLES_DIR + 'rendered'))('rendered/%s by its content', (name) => {
    expect(sniffFormat(readFileSync(SAMPLES_DIR + 'rendered/' + name))).toBe(name.endsWith('.html') ? 'html' : 'txt');
  });

  it('every INI sample is INI', () => {
    for (const f of readdirSync(SAMPLES_DIR).filter((x) => x.endsWith('.ini'))) expect(sniffFormat(readFileSync(SAMPLES_DIR + f)), f).toBe('ini');
  });

  it.each([
    ['{"format": "fmx/matrix"}', 'json'],
    ['<ul><li><strong>Attach</strong></li></ul>', 'html'],
    ['<h2>Summary</h2>', 'html'],
    ['\ufeff[driver.a]\ntitle=A\n', 'ini'],
    ['[Go]\n- Attach block volume\n  Status: optional.\n  Driver Support:\n  - KVM: complete\n', 'txt'],
    ['| Feature | Status |\n| --- | --- |\n| a | b |\n', 'md'],
    ['feature_key,feature_title,feature_status\n', 'csv'],
    ['PK\u0003\u0004rest', 'xlsx'],
  ])('%j is %s', (text, format) => {
    expect(sniffFormat(b(text))).toBe(format);
  });
});
